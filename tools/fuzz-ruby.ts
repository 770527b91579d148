/**
 * The large differential run against CRuby 4.0 (see test/differential/gen.ts).
 *
 *   tsx tools/fuzz-ruby.ts [--runs N] [--seed S] [--show K] [--methods]
 *
 * Prints the covered method list (one per line with --methods), then `fuzz:ruby: N cases, D disagreements`
 * and the first K disagreements grouped by method. Always exits 0.
 */
import { rubyEvalMany } from "../test/oracle/ruby.js";
import { rubyInspect } from "../test/helpers/ruby.js";
import { coveredMethods, runDifferential, sampleCases } from "../test/differential/gen.js";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : dflt;
}

const runs = arg("--runs", 10_000);
const seed = arg("--seed", Date.now() % 1_000_000);
const show = arg("--show", 25);
const methods = coveredMethods();
console.log(`fuzz:ruby: ${methods.length} core methods covered:`);
console.log(process.argv.includes("--methods") ? methods.join("\n") : methods.join(", "));

const started = Date.now();
const cases = sampleCases(runs, seed);
const result = await runDifferential(cases, rubyEvalMany, rubyInspect);
const byMethod = new Map<string, number>();
for (const d of result.disagreements) byMethod.set(d.method, (byMethod.get(d.method) ?? 0) + 1);

console.log(`fuzz:ruby: ${result.cases} cases, ${result.disagreements.length} disagreements (seed ${seed}, ${result.unsupported.length} unsupported, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (byMethod.size) {
  console.log("by method: " + [...byMethod.entries()].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(", "));
}
// A case our side refused as unsupported is not an agreement: list them so they get implemented or dropped.
if (result.unsupported.length) {
  const un = new Map<string, number>();
  for (const c of result.unsupported) un.set(c.method, (un.get(c.method) ?? 0) + 1);
  console.log("unsupported by method: " + [...un.entries()].map(([m, n]) => `${m} ${n}`).join(", "));
  for (const c of result.unsupported.slice(0, show)) console.log(`  [${c.method}] ${c.code.slice(0, 200)}`);
}
const seen = new Set<string>();
let shown = 0;
for (const d of result.disagreements) {
  if (shown >= show) break;
  if (seen.has(d.method) && shown >= Math.min(show, byMethod.size)) continue;
  seen.add(d.method);
  shown++;
  console.log(`\n[${d.method}] ${d.code}\n  ruby: ${d.ruby}\n  ours: ${d.ours}`);
}
process.exit(0);
