/**
 * Benchmark (not a test): `npm run bench` = `tsx tools/bench.ts [--rounds N] [--iterations N] [--no-ruby]`.
 *
 *   (a) the conformance corpus (../shared/corpus + corpus-defaults) rendered with limits on
 *       (defaults) and off (every limit Number.MAX_SAFE_INTEGER), side by side in one process
 *   (b) compile time vs render time per template
 *   (c) linkplate vs CRuby 4.0 (ruby.wasm, the test oracle) on a few templates, equal iterations
 *   (d) heapUsed delta for one render pass over the corpus
 *   (e) benchLinks() from tools/bench-links.ts, when present
 *   (f) renders/s of a few small templates in a worker engine (`isolate: "worker"`) vs in-process
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Engine, type Template, createEngine } from "../src/engine.js";
import { parseJson } from "../src/ruby/data/json.js";
import { NO_LIMITS } from "../src/ruby/interp/runtime.js";
import { RHash, type Value } from "../src/ruby/runtime/values.js";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
}
const ROUNDS = arg("rounds", 3);
const ITER = arg("iterations", 2_000);
const withRuby = !process.argv.includes("--no-ruby");

setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as (() => void) | undefined;

// ---------------------------------------------------------------------------------------------
// The corpus, read as tools/conformance.ts does (JSONL cases; the context through the faithful JSON loader).

interface Case {
  file: string;
  filename: string;
  context: Value;
  dns: Record<string, unknown> | null;
}

function readCorpus(dirs: string[]): Case[] {
  const out: Case[] = [];
  for (const dir of dirs) {
    const abs = resolve(dir);
    if (!existsSync(abs)) continue;
    const rels = existsSync(join(abs, "cases.jsonl")) ? [abs] : readdirSync(abs).map((n) => join(abs, n)).filter((p) => statSync(p).isDirectory() && existsSync(join(p, "cases.jsonl")));
    for (const rel of rels.sort()) {
      for (const line of readFileSync(join(rel, "cases.jsonl"), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const plain = JSON.parse(line) as { job: string; template: string; dns?: Record<string, unknown> | null };
        const ruby = parseJson(line, rel);
        const ctx = ruby instanceof RHash ? (ruby.getStr("context") ?? null) : null;
        out.push({ file: join(rel, plain.template), filename: `${plain.job}/${plain.template.split("/").slice(3).join("/")}`, context: ctx, dns: plain.dns ?? null });
      }
    }
  }
  return out;
}

const now = () => performance.now();
const fmt = (n: number, d = 1) => n.toFixed(d);
const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));

function compileAll(engine: Engine, cases: Case[]): { templates: Map<string, Template | null>; ms: Map<string, number> } {
  const templates = new Map<string, Template | null>();
  const ms = new Map<string, number>();
  for (const c of cases) {
    if (templates.has(c.file)) continue;
    const t0 = now();
    try {
      templates.set(c.file, engine.compile(readFileSync(c.file, "utf8"), { filename: c.filename }));
    } catch {
      templates.set(c.file, null);
    }
    ms.set(c.file, now() - t0);
  }
  return { templates, ms };
}

/** One pass over the corpus; returns total render ms and per-template render ms. */
function renderPass(cases: Case[], templates: Map<string, Template | null>, perTemplate?: Map<string, number[]>): { ms: number; renders: number } {
  let ms = 0;
  let renders = 0;
  for (const c of cases) {
    const t = templates.get(c.file);
    if (!t) continue;
    const t0 = now();
    try {
      t.render(c.context, { dns: c.dns });
    } catch {
      /* errors are outcomes too */
    }
    const d = now() - t0;
    ms += d;
    renders++;
    perTemplate?.get(c.file)?.push(d) ?? perTemplate?.set(c.file, [d]);
  }
  return { ms, renders };
}

async function main(): Promise<void> {
  const header = [
    `command: npx tsx tools/bench.ts ${process.argv.slice(2).join(" ")}`.trim(),
    `machine: node ${process.version} ${platform()}/${arch()}, ${cpus()[0]?.model ?? "?"} x${cpus().length}, ${fmt(totalmem() / 2 ** 30)} GiB`,
  ];
  const cases = readCorpus(["../shared/corpus", "../shared/corpus-defaults"]);
  const on = await createEngine();
  const off = await createEngine({ limits: NO_LIMITS });

  // (a) + (b)
  if (cases.length > 0) {
    const A = compileAll(on, cases);
    const B = compileAll(off, cases);
    const compiled = [...A.templates.values()].filter((t) => t !== null).length;
    renderPass(cases, A.templates);
    renderPass(cases, B.templates); // warm-up both
    const perTemplate = new Map<string, number[]>();
    let msOn = 0;
    let msOff = 0;
    let n = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so neither side always runs on a warmer JIT.
      const x = r % 2 === 0 ? renderPass(cases, A.templates, perTemplate) : null;
      const y = renderPass(cases, B.templates);
      const x2 = x ?? renderPass(cases, A.templates, perTemplate);
      msOn += x2.ms;
      msOff += y.ms;
      n += x2.renders;
    }
    row("(a) corpus renders, limits on", `${n} renders`, `${fmt(msOn)} ms`, `${fmt((n / msOn) * 1000, 0)} renders/s`);
    row("(a) corpus renders, limits off", `${n} renders`, `${fmt(msOff)} ms`, `${fmt((n / msOff) * 1000, 0)} renders/s`);
    row("(a) ratio on/off", "", `${fmt(msOn / msOff, 3)}x`, "");
    const compileMs = [...A.ms.values()];
    const totalCompile = compileMs.reduce((a, b) => a + b, 0);
    const renderMeans = [...perTemplate.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    const meanRender = renderMeans.reduce((a, b) => a + b, 0) / Math.max(1, renderMeans.length);
    const sorted = [...compileMs].sort((a, b) => a - b);
    row("(b) compile per template", `${compiled}/${A.templates.size} templates`, `mean ${fmt(totalCompile / compileMs.length, 2)} ms`, `median ${fmt(sorted[sorted.length >> 1], 2)} ms, max ${fmt(sorted[sorted.length - 1], 1)} ms`);
    row("(b) render per template", `${renderMeans.length} templates`, `mean ${fmt(meanRender, 3)} ms`, `compile/render ${fmt(totalCompile / compileMs.length / meanRender, 1)}x`);
    // (d)
    gc?.();
    const h0 = process.memoryUsage().heapUsed;
    renderPass(cases, A.templates);
    const h1 = process.memoryUsage().heapUsed;
    gc?.();
    const h2 = process.memoryUsage().heapUsed;
    row("(d) heapUsed delta, one corpus pass", `${cases.length} renders`, `+${fmt((h1 - h0) / 2 ** 20)} MiB`, gc ? `after GC ${h2 - h0 >= 0 ? "+" : ""}${fmt((h2 - h0) / 2 ** 20)} MiB, heap ${fmt(h2 / 2 ** 20)} MiB` : "(no gc)");
  } else {
    row("(a)/(b)/(d) corpus", "not found", "../shared/corpus", "");
  }

  // (c) linkplate vs CRuby 4.0 (ruby.wasm)
  const simple: [string, string, Record<string, unknown>][] = [
    ["text + 1 tag", "port: <%= port %>\n", { port: 8080 }],
    ["loop over hosts", "<% hosts.each_with_index do |h, i| -%>\nhost<%= i %>: <%= h.upcase %>:<%= port + i %>\n<% end -%>\n", { hosts: ["a.example", "b.example", "c.example", "d.example"], port: 80 }],
    ["hash/json work", "<%= conf.map { |k, v| [k.to_s, v * 2] }.to_h.to_json %>\n<%= conf.keys.sort.join(',') %>\n", { conf: { a: 1, b: 2, c: 3, d: 4, e: 5 } }],
    ["string formatting", "<% 20.times do |i| -%>\n<%= format('%-8s %05.1f', 'row' + i.to_s, i * 1.5) %>\n<% end -%>\n", {}],
  ];
  if (withRuby) {
    let vm: { eval(code: string): { toString(): string } } | null = null;
    try {
      const oracle = (await import("../test/oracle/ruby.js")) as { rubyVm(): Promise<{ eval(code: string): { toString(): string } }> };
      vm = await oracle.rubyVm();
      vm.eval("require 'erb'; require 'json'");
    } catch (e) {
      row("(c) CRuby 4.0", "skipped", (e as Error).message.slice(0, 60), "");
    }
    if (vm) {
      for (const [label, src, locals] of simple) {
        const t = on.compile(src, { locals: Object.keys(locals) });
        const out = t.render({}, { locals: locals as never });
        // Warm up both sides equally (JIT), so the first row is not charged with it.
        for (let i = 0; i < 200; i++) t.render({}, { locals: locals as never });
        const t0 = now();
        for (let i = 0; i < ITER; i++) t.render({}, { locals: locals as never });
        const lp = now() - t0;
        const rubyHash = `JSON.parse(${JSON.stringify(JSON.stringify(locals))}, symbolize_names: true)`;
        const code = `erb = ERB.new(${JSON.stringify(src)}, trim_mode: '-'); h = ${rubyHash}; out = erb.result_with_hash(h); 200.times { erb.result_with_hash(h) }; t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC); ${ITER}.times { erb.result_with_hash(h) }; [((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).to_s, out].to_json`;
        const [rbMs, rbOut] = JSON.parse(vm.eval(code).toString()) as [string, string];
        const rb = Number(rbMs);
        row(`(c) ${label}`, `${ITER} renders`, `linkplate ${fmt(lp)} ms / CRuby ${fmt(rb)} ms`, `${fmt(lp / rb, 2)}x${out === rbOut ? "" : " (OUTPUT DIFFERS)"}`);
      }
    }
  }

  // (f) process-level containment: the same small templates in a worker engine vs in-process
  {
    const worker = await createEngine({ isolate: "worker" });
    const n = Math.max(50, Math.floor(ITER / 10));
    const inProc = simple.map(([, src, locals]) => on.compile(src, { locals: Object.keys(locals) }));
    const inWorker = await Promise.all(simple.map(([, src, locals]) => worker.compile(src, { locals: Object.keys(locals) })));
    for (let i = 0; i < 20; i++) for (let k = 0; k < simple.length; k++) await inWorker[k].render({}, { locals: simple[k][2] as never });
    let t0 = now();
    for (let i = 0; i < n; i++) for (let k = 0; k < simple.length; k++) inProc[k].render({}, { locals: simple[k][2] as never });
    const msIn = now() - t0;
    t0 = now();
    for (let i = 0; i < n; i++) for (let k = 0; k < simple.length; k++) await inWorker[k].render({}, { locals: simple[k][2] as never });
    const msWorker = now() - t0;
    const total = n * simple.length;
    row("(f) isolate: \"worker\" vs in-process", `${total} renders`, `worker ${fmt((total / msWorker) * 1000, 0)} renders/s / in-process ${fmt((total / msIn) * 1000, 0)} renders/s`, `${fmt(msWorker / msIn, 1)}x`);
    await worker.close();
  }

  // (e)
  let links: string[] = [];
  const linksPath = new URL("./bench-links.ts", import.meta.url);
  if (existsSync(linksPath)) {
    try {
      const mod = (await import("./bench-links.js")) as { benchLinks?: () => Promise<string[]> };
      links = mod.benchLinks ? await mod.benchLinks() : ["(e) tools/bench-links.ts exports no benchLinks()"];
    } catch (e) {
      links = [`(e) benchLinks failed: ${(e as Error).message}`];
    }
  } else links = ["(e) tools/bench-links.ts not present: skipped"];

  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  process.stdout.write(`${header.join("\n")}\n\n`);
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()}\n`);
  process.stdout.write(`\n${links.join("\n")}\n`);
}

await main();
