/**
 * The corpus render loop alone, for `node --cpu-prof --import tsx tools/profile-render.ts [ROUNDS]`:
 * the 1,105 deterministic no-DNS output cases of ../shared/corpus, compiled once, rendered ROUNDS times.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createEngine, type Template } from "../src/engine.js";
import { parseJson } from "../src/ruby/data/json.js";
import { RHash, type Value } from "../src/ruby/runtime/values.js";

const corpus = resolve("../shared/corpus");
const engine = await createEngine();
const cases: { t: Template; ctx: Value }[] = [];
const compiled = new Map<string, Template>();
for (const rel of readdirSync(corpus).sort()) {
  const f = join(corpus, rel, "cases.jsonl");
  if (!existsSync(f)) continue;
  for (const line of readFileSync(f, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { job: string; template: string; dns?: unknown; nondeterministic?: boolean; expected: { output?: string } };
    if (typeof c.expected.output !== "string" || c.nondeterministic || (c.dns ?? null) !== null) continue;
    const file = join(corpus, rel, c.template);
    let t = compiled.get(file);
    if (!t) compiled.set(file, (t = engine.compile(readFileSync(file, "utf8"), { filename: `${c.job}/x` })));
    const r = parseJson(line, f);
    cases.push({ t, ctx: r instanceof RHash ? (r.getStr("context") ?? null) : null });
  }
}
const rounds = Number(process.argv[2] ?? 3);
// Untimed round: JIT and caches warm, as in the bench.
for (const c of cases) c.t.render(c.ctx);
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const c of cases) c.t.render(c.ctx);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
console.log(`${cases.length * rounds} renders in ${ms.toFixed(0)} ms wall (${((cases.length * rounds * 1000) / ms).toFixed(0)} renders/s), ${cpuMs.toFixed(0)} ms CPU (${((cases.length * rounds * 1000) / cpuMs).toFixed(0)} renders/CPU-s)`);
