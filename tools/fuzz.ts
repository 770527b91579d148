/**
 * The big sandbox fuzz: random templates × random contexts (test/fuzz/arbitraries.ts), limits on.
 *
 *   npx tsx tools/fuzz.ts [--runs N] [--seed S] [--show K]
 *
 * Prints `fuzz: N cases, U untyped errors, H hangs` (a hang: one compile+render over 2 s of wall
 * time) and the first few offenders; exits 0 (it measures, it does not judge).
 */
import { cpus } from "node:os";
import fc from "fast-check";
import { createEngine } from "../src/engine.js";
import { context, fuzzOne, prototypeFingerprint, regexpGuarded, template } from "../test/fuzz/arbitraries.js";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

const runs = arg("runs", 100_000);
const seed = arg("seed", 1);
const show = arg("show", 5);
const HANG_MS = 2_000;
const BATCH = 1_000;

const engine = await createEngine();
const before = prototypeFingerprint();
let untyped = 0;
let hangs = 0;
let outputs = 0;
let typed = 0;
let slowest = { ms: 0, src: "" };
const offenders: string[] = [];
const kinds = new Map<string, number>();
const untypedKinds = new Map<string, number>();
const t0 = performance.now();

for (let done = 0, batch = 0; done < runs; batch++) {
  const n = Math.min(BATCH, runs - done);
  const cases = fc.sample(fc.tuple(template, context), { seed: seed * 1_000_003 + batch, numRuns: n });
  for (const [src, ctx] of cases) {
    const r = fuzzOne(engine, src, ctx);
    if (r.kind === "output") outputs++;
    else if (r.kind === "typed") {
      typed++;
      const k = r.detail.split(":")[0];
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    } else {
      untyped++;
      const k = r.detail.split("\n")[0].slice(0, 120);
      untypedKinds.set(k, (untypedKinds.get(k) ?? 0) + 1);
      if (offenders.length < show) offenders.push(`untyped: ${JSON.stringify(src)}\n    context ${JSON.stringify(ctx)?.slice(0, 200)}\n    ${r.detail.replace(/\n/g, "\n    ")}`);
    }
    if (r.ms > HANG_MS) {
      hangs++;
      if (offenders.length < show) offenders.push(`hang (${r.ms.toFixed(0)} ms): ${JSON.stringify(src)}`);
    }
    if (r.ms > slowest.ms) slowest = { ms: r.ms, src };
  }
  done += n;
  if (prototypeFingerprint() !== before) {
    offenders.unshift("a JS prototype changed!");
    break;
  }
  if (batch % 10 === 9) process.stderr.write(`  ${done} cases, ${untyped} untyped, ${hangs} hangs, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

const secs = (performance.now() - t0) / 1000;
process.stdout.write(`command: npx tsx tools/fuzz.ts ${process.argv.slice(2).join(" ")}\n`);
process.stdout.write(`machine: node ${process.version}, ${cpus()[0]?.model ?? "?"} x${cpus().length}; regexp watchdog ${regexpGuarded ? "wired" : "NOT wired (ReDoS snippets left out)"}\n`);
process.stdout.write(`outcomes: ${outputs} rendered, ${typed} typed errors (${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")})\n`);
process.stdout.write(`time: ${secs.toFixed(1)} s (${(runs / secs).toFixed(0)} cases/s), slowest ${slowest.ms.toFixed(0)} ms: ${JSON.stringify(slowest.src).slice(0, 160)}\n`);
if (untypedKinds.size) process.stdout.write(`untyped errors by message:\n${[...untypedKinds].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${String(v).padStart(5)}  ${k}`).join("\n")}\n`);
process.stdout.write(`slowest cases are wall time on a possibly shared machine; a "hang" is one case over ${HANG_MS} ms\n`);
for (const o of offenders) process.stdout.write(`${o}\n`);
process.stdout.write(`fuzz: ${runs} cases, ${untyped} untyped errors, ${hangs} hangs\n`);
