/**
 * Rendering a whole job the way the director does: the job spec decides which templates are
 * rendered (its `templates:` map plus `monit`) and which properties exist (with defaults);
 * every template is rendered, and failures are aggregated into BOSH's message.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { checkDestination, containedRealPath } from "./paths.js";
import { InputError, LinkplateError, TemplateRenderError, TemplateSyntaxError } from "../diagnostics/errors.js";
import type { Engine, RenderOptions, Template } from "../engine.js";
import type { EjsTemplate } from "../ejs/index.js";
import { loadYaml } from "../ruby/data/yaml.js";
import { RArray, RHash, RString, type Value, str } from "../ruby/runtime/values.js";
import { type PlainJson, rubyFromPlainJson } from "../bosh/evaluation-context.js";

export interface JobSpec {
  name: string;
  /** Template source path (under templates/) → destination path, in spec order. */
  templates: Map<string, string>;
  /** Declared properties (dotted names) → default (undefined when none). */
  properties: Map<string, Value | undefined>;
  /** The spec as loaded, for tools that need more (provides, consumes). */
  raw: RHash;
}

export interface JobDir {
  dir: string;
  spec: JobSpec;
  /** Template source path → template text (monit under the key "monit"). */
  sources: Map<string, string>;
}

function specError(filename: string, message: string): InputError {
  return new InputError(`${filename}: ${message}`, { filename });
}

/**
 * Parses a job spec (YAML with Psych's rules). Destinations are checked for writing (inside the
 * output folder, no two templates on one file) unless `checkDestinations` is false: the testing kit
 * renders to strings, as Ruby's Bosh::Template::Test does, and accepts what Ruby accepts.
 */
export function parseJobSpec(text: string, filename: string, { checkDestinations = true }: { checkDestinations?: boolean } = {}): JobSpec {
  const raw = loadYaml(text, filename);
  if (!(raw instanceof RHash)) throw specError(filename, "a job spec must be a YAML mapping");
  const name = raw.getStr("name");
  if (!(name instanceof RString)) throw specError(filename, "the job spec has no 'name'");
  const templates = new Map<string, string>();
  const t = raw.getStr("templates");
  if (t instanceof RHash) {
    for (const [k, v] of t.entries()) {
      if (!(k instanceof RString) || !(v instanceof RString)) throw specError(filename, "'templates' must map template paths to destination paths");
      templates.set(k.s, checkDestinations ? checkDestination(v.s, filename, k.s) : v.s);
    }
    if (checkDestinations) checkDestinationConflicts(templates, filename);
  } else if (t !== undefined && t !== null) {
    throw specError(filename, "'templates' must be a mapping");
  }
  const properties = new Map<string, Value | undefined>();
  const p = raw.getStr("properties");
  if (p instanceof RHash) {
    for (const [k, v] of p.entries()) {
      if (!(k instanceof RString)) throw specError(filename, "property names must be strings");
      properties.set(k.s, v instanceof RHash ? v.getStr("default") : undefined);
    }
  } else if (p !== undefined && p !== null) {
    throw specError(filename, "'properties' must be a mapping");
  }
  return { name: name.s, templates, properties, raw };
}

/**
 * Two templates may not write the same file, and one destination may not be the folder of
 * another (`a` and `a/b`); `monit` is the job's own file.
 */
function checkDestinationConflicts(templates: Map<string, string>, filename: string): void {
  const owner = new Map<string, string>([["monit", "the job's monit file"]]);
  for (const [src, dst] of templates) {
    const prev = owner.get(dst);
    if (prev !== undefined) throw specError(filename, `template '${src}' and ${prev.startsWith("the job") ? prev : `template '${prev}'`} both write '${dst}'`);
    owner.set(dst, src);
  }
  for (const [src, dst] of templates) {
    const parts = dst.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const other = owner.get(dir);
      if (other !== undefined) throw specError(filename, `template '${src}' writes '${dst}' inside '${dir}', which ${other.startsWith("the job") ? other : `template '${other}'`} writes as a file`);
    }
  }
}

/** Reads a job folder: `spec`, `monit` (optional) and the templates the spec lists. */
export async function loadJobDir(dir: string): Promise<JobDir> {
  const specPath = join(dir, "spec");
  let specText: string;
  const specReal = await containedRealPath(dir, "spec", "the job spec");
  try {
    specText = await readFile(specReal, "utf8");
  } catch {
    throw new InputError(`${specPath}: no job spec (is ${dir} a job folder?)`, { filename: specPath });
  }
  const spec = parseJobSpec(specText, specPath);
  const sources = new Map<string, string>();
  await containedRealPath(dir, "templates", "the templates folder", specPath);
  for (const src of spec.templates.keys()) {
    const path = join(dir, "templates", src);
    const real = await containedRealPath(join(dir, "templates"), src, "template", specPath);
    try {
      sources.set(src, await readFile(real, "utf8"));
    } catch {
      throw new InputError(`${path}: template '${src}' listed in the job spec does not exist`, { filename: path });
    }
  }
  const monit = await containedRealPath(dir, "monit", "the monit file");
  try {
    sources.set("monit", await readFile(monit, "utf8"));
  } catch {
    // A job without a monit file renders none.
  }
  return { dir, spec, sources };
}

/** Lists job folders of a release (`<release>/jobs/*`). */
export async function listJobs(releaseDir: string): Promise<string[]> {
  try {
    return (await readdir(join(releaseDir, "jobs"), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    throw new InputError(`${releaseDir}: not a release folder (no jobs/)`, { filename: releaseDir });
  }
}

function lookupDotted(h: RHash, name: string): Value | undefined {
  let cur: Value | undefined = h;
  for (const part of name.split(".")) {
    if (!(cur instanceof RHash)) return undefined;
    cur = cur.getStr(part);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function setDotted(h: RHash, name: string, v: Value): void {
  const parts = name.split(".");
  let cur = h;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur.getStr(parts[i]);
    if (next instanceof RHash) {
      cur = next;
    } else {
      const fresh = new RHash();
      cur.set(str(parts[i]), fresh);
      cur = fresh;
    }
  }
  cur.set(str(parts[parts.length - 1]), v);
}

/**
 * The properties a job's templates see: every property the spec declares, taken from the
 * manifest's properties or else the spec default (nil when neither); undeclared ones dropped.
 */
export function jobProperties(spec: JobSpec, given: RHash | null): RHash {
  const out = new RHash();
  for (const [name, def] of spec.properties) {
    const v = given ? lookupDotted(given, name) : undefined;
    setDotted(out, name, v !== undefined && v !== null ? v : def === undefined ? null : def);
  }
  return out;
}

/** One failed template, with the line BOSH prints. */
export interface TemplateFailure {
  template: string;
  error: LinkplateError;
  /** `Error filling in template 'x' (line N: message)`. */
  boshMessage: string;
}

/** All templates of a job failed to render together, with the director's aggregated text. */
export class JobRenderError extends LinkplateError {
  override name = "JobRenderError";
  constructor(
    readonly job: string,
    readonly failures: TemplateFailure[],
  ) {
    super(`Unable to render templates for job '${job}'. Errors are:\n${failures.map((f) => `  - ${f.boshMessage}`).join("\n")}`, failures[0]?.error ?? {});
  }
}

/** bosh-cli's create-env renderer: `... for <name>/<index> (line N: #<Class: message>)`. */
function createEnvLine(template: string, e: LinkplateError, context: RHash): string {
  const job = context.getStr("job");
  const name = job instanceof RHash ? job.getStr("name") : null;
  const index = context.getStr("index");
  const who = `${name instanceof RString ? name.s : ""}/${typeof index === "number" ? index : ""}`;
  const line = e instanceof TemplateRenderError ? (e.rubyLine ?? e.line ?? "unknown") : (e.line ?? "unknown");
  const what = e instanceof TemplateRenderError ? `#<${e.rubyClass}: ${e.rubyMessage}>` : `#<${e.name}: ${e.message.split("\n")[0]}>`;
  return `Error filling in template '${template}' for ${who} (line ${line}: ${what})`;
}

function boshLine(template: string, e: LinkplateError): string {
  if (e instanceof TemplateRenderError) return `Error filling in template '${template}' (line ${e.rubyLine ?? e.line ?? "(unknown)"}: ${e.rubyMessage})`;
  if (e instanceof TemplateSyntaxError) return `Error filling in template '${template}' (line (unknown): ${e.message.split("\n")[0]})`;
  return `Error filling in template '${template}' (line ${e.line ?? "(unknown)"}: ${e.message})`;
}

export interface RenderedJob {
  job: string;
  /** Destination path → content (monit as "monit"). */
  files: Map<string, string>;
}

const compiledCache = new WeakMap<Engine, Map<string, Template | EjsTemplate>>();

/** Compiles once per engine; `.ejs` templates take the ejs dialect. */
function compileCached(engine: Engine, key: string, source: string, filename: string): Template | EjsTemplate {
  let cache = compiledCache.get(engine);
  if (!cache) compiledCache.set(engine, (cache = new Map()));
  const k = `${filename}\0${source}`;
  let t = cache.get(k);
  if (!t) cache.set(k, (t = engine.compileAny(source, { filename })));
  void key;
  return t;
}

/** Options of {@link renderJob}. */
export interface RenderJobOptions extends RenderOptions {
  /**
   * Bind `properties` to the job spec as the director does (declared properties only, spec
   * defaults for the missing ones). Default true; a link graph's contexts are already bound.
   */
  applySpecDefaults?: boolean;
}

/**
 * The context a job's templates see: `properties` bound to the spec, `name` defaulting to the
 * job's name, and only links the job consumes (anything else is refused with the text of
 * bosh-template's test helper).
 */
function asHash(job: JobDir, context: RHash | PlainJson | null | undefined): RHash {
  const given = context instanceof RHash ? context : context === null || context === undefined ? new RHash() : rubyFromPlainJson(context as PlainJson);
  if (!(given instanceof RHash)) throw new InputError(`the context of job '${job.spec.name}' must be a Hash`);
  return given;
}

export function jobContext(job: JobDir, context: RHash | PlainJson | null | undefined, applySpecDefaults = true): RHash {
  const given = asHash(job, context);
  const ctx = new RHash();
  for (const [k, v] of given.entries()) ctx.set(k, v);
  if (applySpecDefaults) {
    const props = ctx.getStr("properties");
    if (props !== undefined && props !== null && !(props instanceof RHash)) throw new InputError(`the properties of job '${job.spec.name}' must be a Hash`);
    ctx.setStr("properties", jobProperties(job.spec, (props as RHash | undefined) ?? null));
  }
  const name = ctx.getStr("name");
  if (name === undefined || name === null) ctx.setStr("name", str(job.spec.name));
  const links = ctx.getStr("links");
  if (links instanceof RHash) {
    const consumed = new Set(getConsumed(job.spec.raw));
    for (const [k] of links.entries()) {
      const ln = k instanceof RString ? k.s : String(k);
      if (!consumed.has(ln)) throw new InputError(`Link '${ln}' is not declared as a consumed link in this job.`, { filename: join(job.dir, "spec") });
    }
  }
  return ctx;
}

function getConsumed(spec: RHash): string[] {
  const c = spec.getStr("consumes");
  if (!(c instanceof RArray)) return [];
  return c.a.map((e) => (e instanceof RHash ? e.getStr("name") : undefined)).filter((n): n is RString => n instanceof RString).map((n) => n.s);
}

/**
 * Renders every template of a job against one instance context (a Ruby Hash or plain data);
 * throws JobRenderError listing all failures. Errors name the template's real path
 * (`<job dir>/templates/<file>:line:col`).
 */
export function renderJob(engine: Engine, job: JobDir, context: RHash | PlainJson | null = null, options: RenderJobOptions = {}): RenderedJob {
  const createEnv = (options.profile ?? engine.profile) === "create-env";
  // create-env's context is bosh-cli's RootContext (createEnvContext), already bound to the spec.
  const ctx = createEnv ? asHash(job, context) : jobContext(job, context, options.applySpecDefaults !== false);
  const files = new Map<string, string>();
  const failures: TemplateFailure[] = [];
  const order: [string, string][] = [];
  if (job.sources.has("monit")) order.push(["monit", "monit"]);
  for (const [src, dst] of job.spec.templates) order.push([src, dst]);
  for (const [src, dst] of order) {
    const text = job.sources.get(src);
    if (text === undefined) continue;
    const filename = src === "monit" && dst === "monit" ? join(job.dir, "monit") : join(job.dir, "templates", src);
    try {
      files.set(dst, compileCached(engine, src, text, filename).render(ctx, options));
    } catch (e) {
      if (!(e instanceof LinkplateError)) throw e;
      failures.push({ template: src, error: e, boshMessage: createEnv ? createEnvLine(src, e, ctx) : boshLine(src, e) });
    }
  }
  if (failures.length > 0) throw new JobRenderError(job.spec.name, failures);
  return { job: job.spec.name, files };
}
