/**
 * Lints every job of the shared corpora and runs the misspelling mutation test.
 *
 *   npm run lint:corpus [-- DIR...] [--sample N]
 *
 * 1. Every job of each release is linted with `presentTemplatesOnly` (the corpora keep only the
 *    templates their cases use, so listed-but-absent templates are expected there). Findings are
 *    counted by rule and errors are listed.
 * 2. Mutation: each literal property name read by `p`/`if_p`/`else_if_p` in a corpus template is
 *    misspelled in the template text (its last character doubled), one at a time, and the template
 *    is linted again; the misspelling must be reported as `unknown-property` on its line.
 * Last line: `lint-mutation: X/Y misspellings caught`.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SourceText } from "../src/diagnostics/source.js";
import { createEngine, type Engine } from "../src/engine.js";
import { compileErb } from "../src/erb/compiler.js";
import { lint } from "../src/lint/index.js";
import { type LintSpec, checkTemplates, relatedNames } from "../src/lint/job.js";
import { collectReads } from "../src/lint/reads.js";
import { parseJobSpec } from "../src/render/job.js";
import { loadRuby } from "../src/ruby/index.js";
import type { PrismParse } from "../src/ruby/parse/prism.js";

/** The rules that report a property name the spec does not declare. */
const MISSPELLING_RULES = new Set(["unknown-property", "if-p-never-true", "unknown-alternative"]);

export interface Mutation {
  job: string;
  template: string;
  name: string;
  mutated: string;
  line: number;
  caught: boolean;
}

/** Release folders under the corpus roots. */
export function corpusReleases(roots: string[]): string[] {
  return roots.filter(existsSync).flatMap((root) =>
    readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "jobs")))
      .map((d) => join(root, d.name)),
  );
}

/** Every misspelling of a literal property name in one job's templates, each checked by the linter. */
export function mutateJob(jobDir: string, engine: Engine, parse: PrismParse): Mutation[] {
  const specText = readFileSync(join(jobDir, "spec"), "utf8");
  const spec = parseJobSpec(specText, join(jobDir, "spec"));
  const lintSpec: LintSpec = { spec, specText, specName: join(jobDir, "spec") };
  const declared = [...spec.properties.keys()];
  const out: Mutation[] = [];
  for (const src of spec.templates.keys()) {
    const path = join(jobDir, "templates", src);
    if (!existsSync(path)) continue;
    const source = readFileSync(path, "utf8");
    let erb;
    let reads;
    try {
      erb = compileErb(source, { filename: path });
      reads = collectReads(parse(erb.code, { partial_script: true, version: "4.0", frozen_string_literal: erb.frozenStringLiteral }).value);
    } catch {
      continue;
    }
    const text = new SourceText(source);
    for (const r of reads.properties) {
      if (r.kind !== "literal" || r.via === "properties") continue;
      const mutated = r.name + r.name[r.name.length - 1];
      // A misspelling that lands on a declared name is not a misspelling the spec can reveal.
      if (declared.some((d) => relatedNames(mutated, d))) continue;
      const pos = erb.templatePositionOfByte(r.at);
      const index = text.lineStarts[pos.line - 1] + pos.column - 1;
      const found = source.indexOf(r.name, index);
      if (found < 0 || found - index > 200) continue;
      const changed = source.slice(0, found) + mutated + source.slice(found + r.name.length);
      const findings = checkTemplates(lintSpec, [{ key: src, filename: path, source: changed }], { engine, parse }, { unused: false });
      const caught = findings.some((f) => MISSPELLING_RULES.has(f.rule) && f.line === pos.line && f.message.includes(`'${mutated}'`));
      out.push({ job: spec.name, template: src, name: r.name, mutated, line: pos.line, caught });
    }
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const sampleAt = argv.indexOf("--sample");
  const sample = sampleAt >= 0 ? Number(argv[sampleAt + 1]) : Infinity;
  const dirs = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--sample");
  const roots = dirs.length > 0 ? dirs : ["../shared/corpus", "../shared/corpus-defaults"];
  const releases = corpusReleases(roots.map((r) => resolve(r)));
  if (releases.length === 0) {
    console.log("lint: no corpus found");
    return;
  }
  const engine = await createEngine();
  const parse = await loadRuby();
  const byRule = new Map<string, number>();
  let jobs = 0;
  const errors: string[] = [];
  for (const rel of releases) {
    const report = await lint([rel], { engine, presentTemplatesOnly: true });
    jobs += report.jobs.length;
    for (const f of report.findings) {
      byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      if (f.severity === "error") errors.push(`  ${f.filename}:${f.line ?? ""}: ${f.message} [${f.rule}]`);
    }
  }
  console.log(`lint: ${jobs} jobs in ${releases.length} releases`);
  for (const [rule, n] of [...byRule].sort()) console.log(`  ${rule.padEnd(24)} ${n}`);
  if (errors.length > 0) console.log(`errors:\n${errors.join("\n")}`);

  let total = 0;
  let caught = 0;
  const missed: Mutation[] = [];
  outer: for (const rel of releases) {
    for (const job of readdirSync(join(rel, "jobs"), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const m of mutateJob(join(rel, "jobs", job.name), engine, parse)) {
        total++;
        if (m.caught) caught++;
        else missed.push(m);
        if (total >= sample) break outer;
      }
    }
  }
  for (const m of missed.slice(0, 20)) console.log(`  missed: ${m.job}/${m.template}:${m.line} '${m.name}' -> '${m.mutated}'`);
  console.log(`lint-mutation: ${caught}/${total} misspellings caught`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`lint-corpus: ${(e as Error).message}`);
    process.exit(1);
  });
}
