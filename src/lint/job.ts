/**
 * Lints one job folder: every template the spec lists (and the monit file) is compiled as a render
 * would compile it, and what it reads is checked against the spec's properties and consumed links.
 */
import { readFile, readdir, realpath } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { LinkplateError, TemplateSyntaxError, UnsupportedRubyError } from "../diagnostics/errors.js";
import { SourceText } from "../diagnostics/source.js";
import type { Engine } from "../engine.js";
import { isEjsFilename } from "../ejs/index.js";
import { compileErb } from "../erb/compiler.js";
import type { PrismParse } from "../ruby/parse/prism.js";
import { RArray, RFloat, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { type JobSpec, parseJobSpec } from "../render/job.js";
import { isInside } from "../render/paths.js";
import { type Finding, finding } from "./findings.js";
import { type PropertyRead, type TemplateReads, collectReads } from "./reads.js";

/** Link type → the property lists of every job known to provide a link of that type. */
export type ProviderIndex = Map<string, string[][]>;

export interface LintJobOptions {
  engine: Engine;
  parse: PrismParse;
  /** Providers of link types (from the other jobs of the release); link properties are checked only where known. */
  providers?: ProviderIndex;
  /**
   * Lint only the templates present: a listed template that is missing is not reported. For partial
   * copies of a release (a review extract, a corpus that keeps only some templates).
   */
  presentTemplatesOnly?: boolean;
}

interface Consumed {
  name: string;
  type: string;
  optional: boolean;
}

/** `a` and `b` name the same property or one lies inside the other (`p('a')` reads the hash holding `a.b`). */
export function relatedNames(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function consumedLinks(spec: JobSpec): Consumed[] {
  const out: Consumed[] = [];
  const list = spec.raw.getStr("consumes");
  if (!(list instanceof RArray)) return out;
  for (const e of list.a) {
    if (!(e instanceof RHash)) continue;
    const name = e.getStr("name");
    const type = e.getStr("type");
    if (name instanceof RString) out.push({ name: name.s, type: type instanceof RString ? type.s : "", optional: e.getStr("optional") === true });
  }
  return out;
}

/** The link types a spec provides, with the properties each exposes. */
export function providedLinks(spec: JobSpec): { type: string; properties: string[] }[] {
  const list = spec.raw.getStr("provides");
  if (!(list instanceof RArray)) return [];
  return list.a.flatMap((e) => {
    if (!(e instanceof RHash)) return [];
    const type = e.getStr("type");
    const props = e.getStr("properties");
    if (!(type instanceof RString)) return [];
    return [{ type: type.s, properties: props instanceof RArray ? props.a.flatMap((p) => (p instanceof RString ? [p.s] : [])) : [] }];
  });
}

/** A spec default as plain data comparable with a literal default; undefined when not comparable. */
function plainDefault(v: Value | undefined): unknown {
  if (v === undefined) return undefined;
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof RString) return v.s;
  if (v instanceof RFloat) return { float: v.v };
  if (v instanceof RArray) {
    const items = v.a.map(plainDefault);
    return items.some((i) => i === undefined) ? undefined : items;
  }
  return undefined;
}

/** The line of a property's declaration in the spec text (first key line naming it after `properties:`). */
function declarationLine(specText: string, name: string): number | null {
  const lines = specText.split("\n");
  const start = lines.findIndex((l) => /^properties\s*:/.test(l));
  for (let i = Math.max(start, 0); i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === `${name}:` || t.startsWith(`${name}:`) || t.startsWith(`"${name}":`) || t.startsWith(`'${name}':`)) return i + 1;
  }
  return null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean '${best}'?)` : "";
}

export interface ReadTemplate {
  /** Key in the spec's templates map, or "monit". */
  key: string;
  filename: string;
  source: string;
}

/** Compiles one template the way a render would and collects its reads; syntax and unsupported Ruby become findings. */
function analyseTemplate(t: ReadTemplate, options: LintJobOptions, findings: Finding[]): { reads: TemplateReads; position: (at: number) => { line: number; column: number }; text: SourceText } | null {
  const text = new SourceText(t.source, t.filename);
  if (isEjsFilename(t.key)) return analyseEjs(t, options, findings, text);
  try {
    const compiled = options.engine.compile(t.source, { filename: t.filename });
    for (const u of compiled.unsupportedRuby) {
      findings.push(finding("unsupported-ruby", `unsupported Ruby: ${u.construct} (a render that reaches it raises UnsupportedRubyError)`, t.filename, u, text.codeFrame(u.line, u.column)));
    }
  } catch (e) {
    if (e instanceof TemplateSyntaxError) {
      findings.push(finding("syntax-error", e.parserMessages[0] ?? e.message.split("\n")[0], t.filename, e.line !== null ? { line: e.line, column: e.column ?? 1 } : null, e.frame));
      return null;
    }
    if (e instanceof UnsupportedRubyError) {
      findings.push(finding("unsupported-ruby", `unsupported Ruby: ${e.construct}`, t.filename, e.line !== null ? { line: e.line, column: e.column ?? 1 } : null, e.frame));
      return null;
    }
    if (e instanceof LinkplateError) {
      findings.push(finding("syntax-error", e.message.split("\n")[0], t.filename, e.line !== null ? { line: e.line, column: e.column ?? 1 } : null, e.frame));
      return null;
    }
    throw e;
  }
  const erb = compileErb(t.source, { filename: t.filename });
  const result = options.parse(erb.code, { partial_script: true, version: "4.0", frozen_string_literal: erb.frozenStringLiteral });
  return { reads: collectReads(result.value), position: (at) => erb.templatePositionOfByte(at), text };
}

/**
 * An ejs template is checked for JavaScript syntax only: linkplate has no JavaScript parser, so its
 * reads are unknown and it counts as possibly reading any property (no unused-property warnings).
 */
function analyseEjs(t: ReadTemplate, options: LintJobOptions, findings: Finding[], text: SourceText): ReturnType<typeof analyseTemplate> {
  try {
    options.engine.compileAny(t.source, { filename: t.filename });
  } catch (e) {
    if (!(e instanceof LinkplateError)) throw e;
    findings.push(finding("syntax-error", e.message.split("\n")[0], t.filename, e.line !== null ? { line: e.line, column: e.column ?? 1 } : null, e.frame));
    return null;
  }
  return { reads: { properties: [{ kind: "any", at: 0 }], links: [], linkProperties: [] }, position: () => ({ line: 1, column: 1 }), text };
}

/** Lints a job folder; `display` is how file names are shown (relative to where the user pointed). */
export async function lintJob(dir: string, options: LintJobOptions, display: (path: string) => string = (p) => p): Promise<Finding[]> {
  const findings: Finding[] = [];
  const specPath = join(dir, "spec");
  const specName = display(specPath);
  let specText: string;
  let spec: JobSpec;
  try {
    specText = await readFile(specPath, "utf8");
    spec = parseJobSpec(specText, specName);
  } catch (e) {
    const err = e instanceof LinkplateError ? e : null;
    findings.push(finding("bad-spec", err ? err.message : `${specName}: cannot read the job spec`, specName, err?.line != null ? { line: err.line, column: err.column ?? 1 } : null, err?.frame ?? ""));
    return findings;
  }

  const templates: ReadTemplate[] = [];
  const templatesDir = resolve(dir, "templates");
  for (const src of spec.templates.keys()) {
    const path = join(dir, "templates", src);
    const read = await readInside(templatesDir, path);
    if (read === "outside") findings.push(finding("bad-spec", `template '${src}' is outside the job's templates folder (after resolving '..' and links)`, specName, lineOf(specText, src)));
    else if (read === null) {
      if (!options.presentTemplatesOnly) findings.push(finding("missing-template", `template '${src}' is listed in the job spec but ${display(path)} does not exist`, specName, lineOf(specText, src)));
    } else templates.push({ key: src, filename: display(path), source: read });
  }
  for (const file of await listFiles(join(dir, "templates"))) {
    if (!spec.templates.has(file)) findings.push(finding("unlisted-template", `templates/${file} is not listed in the job spec's templates (BOSH never renders it)`, display(join(dir, "templates", file))));
  }
  const monit = await readInside(resolve(dir), join(dir, "monit"));
  if (monit === "outside") findings.push(finding("bad-spec", "the monit file is a link to a file outside the job folder", display(join(dir, "monit"))));
  else if (monit !== null) templates.push({ key: "monit", filename: display(join(dir, "monit")), source: monit });
  findings.push(...checkTemplates({ spec, specText, specName }, templates, options));
  return findings;
}

/** A job spec as read, with how its file is named in findings. */
export interface LintSpec {
  spec: JobSpec;
  specText: string;
  specName: string;
}

/**
 * Checks templates (already read) against their job's spec; with every template of the job given,
 * also reports declared properties that none reads.
 */
export function checkTemplates({ spec, specText, specName }: LintSpec, templates: ReadTemplate[], options: LintJobOptions, { unused = true } = {}): Finding[] {
  const findings: Finding[] = [];
  const consumed = consumedLinks(spec);
  const declared = [...spec.properties.keys()];
  const isDeclared = (name: string) => declared.some((d) => relatedNames(name, d));
  const allReads: PropertyRead[] = [];
  for (const t of templates) {
    const from = findings.length;
    checkTemplate(t);
    // Findings of one template in reading order.
    findings.splice(from, findings.length - from, ...findings.slice(from).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  }

  function checkTemplate(t: ReadTemplate): void {
    const analysed = analyseTemplate(t, options, findings);
    if (!analysed) return;
    const { reads, position, text } = analysed;
    const at = (offset: number) => {
      const pos = position(offset);
      return [pos, text.codeFrame(pos.line, pos.column)] as const;
    };
    allReads.push(...reads.properties);
    for (const r of reads.properties) {
      if (r.kind !== "literal") continue;
      const [pos, frame] = at(r.at);
      if (r.via !== "properties" && !isDeclared(r.name)) {
        const hint = suggestion(r.name, declared);
        if (r.via === "if_p") {
          findings.push(finding("if-p-never-true", `if_p('${r.name}') never runs: '${r.name}' is not declared in ${specName}, so the director never passes it${hint}`, t.filename, pos, frame));
        } else if (r.alternatives?.some(isDeclared)) {
          findings.push(finding("unknown-alternative", `alternative '${r.name}' is not declared in ${specName} and never matches${hint}`, t.filename, pos, frame));
        } else {
          findings.push(finding("unknown-property", `property '${r.name}' is not declared in ${specName}${hint}`, t.filename, pos, frame));
        }
        continue;
      }
      const specDefault = spec.properties.get(r.name);
      if (r.via === "if_p" && specDefault !== undefined && specDefault !== null) {
        findings.push(finding("if-p-always-true", `if_p('${r.name}') is always true: the spec gives '${r.name}' a default`, t.filename, pos, frame));
      }
      if (r.via === "p" && r.defaultValue?.known && specDefault !== undefined && specDefault !== null) {
        const specPlain = plainDefault(specDefault);
        if (specPlain !== undefined && JSON.stringify(specPlain) !== JSON.stringify(r.defaultValue.value)) {
          findings.push(finding("default-mismatch", `the default given here for '${r.name}' differs from the spec's default, which always wins`, t.filename, pos, frame));
        }
      }
    }
    for (const l of reads.links) {
      const [pos, frame] = at(l.at);
      const c = consumed.find((x) => x.name === l.name);
      if (!c) {
        findings.push(finding("unknown-link", `link '${l.name}' is not consumed by the job (${specName})${suggestion(l.name, consumed.map((x) => x.name))}`, t.filename, pos, frame));
      } else if (c.optional && l.via === "link" && !l.guarded) {
        findings.push(finding("optional-link-unguarded", `link '${l.name}' is optional but read without if_link('${l.name}'): rendering fails when it is not linked`, t.filename, pos, frame));
      }
    }
    for (const lp of reads.linkProperties) {
      const c = consumed.find((x) => x.name === lp.link);
      const lists = c ? options.providers?.get(c.type) : undefined;
      if (!c || !lists || lists.length === 0) continue;
      const known = lists.flat();
      if (!known.some((k) => relatedNames(lp.name, k))) {
        const [pos, frame] = at(lp.at);
        findings.push(finding("unknown-link-property", `link '${lp.link}' (type '${c.type}'): no known provider declares property '${lp.name}'${suggestion(lp.name, known)}`, t.filename, pos, frame));
      }
    }
  }

  const readsAnything = allReads.some((r) => r.kind === "any");
  if (unused && !readsAnything) {
    for (const d of declared) {
      if (allReads.some((r) => isReadOf(r, d))) continue;
      const line = declarationLine(specText, d);
      findings.push(finding("unused-property", `property '${d}' is declared but no template reads it`, specName, line !== null ? { line, column: 1 } : null));
    }
  }
  return findings;
}

function isReadOf(r: PropertyRead, declared: string): boolean {
  if (r.kind === "any") return true;
  if (r.kind === "literal") return relatedNames(r.name, declared);
  if (r.source.startsWith(`${declared}.`)) return true;
  const parts = declared.split(".");
  for (let i = parts.length; i > 0; i--) if (r.pattern.test(parts.slice(0, i).join("."))) return true;
  return false;
}

function lineOf(text: string, needle: string): { line: number; column: number } | null {
  const i = text.indexOf(needle);
  if (i < 0) return null;
  const before = text.slice(0, i);
  const line = before.split("\n").length;
  return { line, column: i - before.lastIndexOf("\n") };
}

/** Every file below a folder, as `/`-separated paths relative to it (empty when it does not exist). */
async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join("/"))
    .sort();
}

/** A file's text when it really lies inside `root` (after `..` and symlinks), "outside" when not, null when absent. */
async function readInside(root: string, path: string): Promise<string | "outside" | null> {
  if (!isInside(root, resolve(path))) return "outside";
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return null;
  }
  if (!isInside(await realpath(root), real)) return "outside";
  try {
    return await readFile(real, "utf8");
  } catch {
    return null;
  }
}
