/**
 * Benchmark (not a test): `npm run bench [-- --rounds N] [--no-ruby]`. It compiles the project
 * with tsc (into node_modules/.cache/linkplate-bench) and runs this file as plain JS, as users run
 * the built package: under tsx the same render loop is about 2.4x slower. Prints, in one run:
 *
 *   renders/s over every deterministic output case of ../shared/corpus without DNS tables
 *     (compiled once, warmed up, N rounds), and BOSH's own renderer on native Ruby over exactly
 *     the same case ids (../shared/bench/ruby-render.rb with an IDS_FILE, one Ruby round after
 *     each linkplate round), side by side;
 *   compile ms per template (median, p95) and a per-phase table (compile: ERB, Prism, closure
 *     compile; render: context setup, evaluation, output);
 *   cold start (createEngine, including Prism's WASM) in fresh child processes;
 *   memory per compiled template and retained heap after 10,000 renders (a child with --expose-gc);
 *   the ERB path against ejs on equivalent templates written in both dialects;
 *   the link resolver figures (tools/bench-links.ts);
 *   renders/s of the same cases in a worker engine (`isolate: "worker"`) against in-process.
 *
 * The child modes (`--child cold|memory`) are this same file run again in a fresh process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { createEvaluationContext } from "../src/bosh/evaluation-context.js";
import { Engine, type Template, createEngine } from "../src/engine.js";
import { compileErb } from "../src/erb/compiler.js";
import { execute, loadRuby } from "../src/ruby/index.js";
import type { RubyProgram } from "../src/ruby/interp/program.js";
import type { Limits } from "../src/ruby/interp/runtime.js";
import type { PrismParse } from "../src/ruby/parse/prism.js";
import { parseJson } from "../src/ruby/data/json.js";
import { RHash, RString, type Value } from "../src/ruby/runtime/values.js";

const SELF = fileURLToPath(import.meta.url);
const CORPUS = resolve("../shared/corpus");
const RUBY_SCRIPT = resolve("../shared/bench/ruby-render.rb");
const BOSH_LIB = resolve("../shared/reference/bosh-common-lib");

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
}
const ROUNDS = arg("rounds", 5);
const now = () => performance.now();
const fmt = (n: number, d = 1) => n.toFixed(d);
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

// ---------------------------------------------------------------------------------------------
// The cases: those ruby-render.rb times (an expected output, deterministic), minus the ones with
// DNS tables, which it cannot render (no encoder). Contexts go through the faithful JSON loader.

interface Case {
  id: string;
  file: string;
  filename: string;
  context: Value;
  /** The same context as plain JSON data, for the worker engine (which takes plain data only). */
  json: unknown;
  expected: string;
}

function readCases(): Case[] {
  const out: Case[] = [];
  if (!existsSync(CORPUS)) return out;
  const rels = readdirSync(CORPUS)
    .map((n) => join(CORPUS, n))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, "cases.jsonl")))
    .sort();
  for (const rel of rels) {
    for (const line of readFileSync(join(rel, "cases.jsonl"), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const plain = JSON.parse(line) as { id: string; job: string; template: string; dns?: unknown; nondeterministic?: boolean; context?: unknown; expected: { output?: string } };
      if (typeof plain.expected.output !== "string" || plain.nondeterministic === true || (plain.dns ?? null) !== null) continue;
      const ruby = parseJson(line, rel);
      const prefix = `jobs/${plain.job}/templates/`;
      const filename = plain.template.startsWith(prefix) ? `${plain.job}/${plain.template.slice(prefix.length)}` : `${plain.job}/monit`;
      out.push({ id: plain.id, file: join(rel, plain.template), filename, context: ruby instanceof RHash ? (ruby.getStr("context") ?? null) : null, json: plain.context ?? null, expected: plain.expected.output });
    }
  }
  return out;
}

/** A template's internals, reached for the per-phase split only. */
interface TemplateInternals {
  program: RubyProgram;
  limits: Limits;
}

/** An engine whose Prism calls are timed, so compile splits into ERB / Prism / closure compile. */
async function timedEngine(): Promise<{ engine: Engine; prismMs: () => number }> {
  const parse = await loadRuby();
  await createEngine(); // installs the BOSH classes
  let ms = 0;
  const timed: PrismParse = (src, opts) => {
    const t0 = now();
    try {
      return parse(src, opts);
    } finally {
      ms += now() - t0;
    }
  };
  return { engine: new Engine(timed, {}), prismMs: () => ms };
}

function compileAll(engine: Engine, cases: Case[]): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const c of cases) if (!templates.has(c.file)) templates.set(c.file, engine.compile(readFileSync(c.file, "utf8"), { filename: c.filename }));
  return templates;
}

function renderRound(cases: Case[], templates: Map<string, Template>): void {
  for (const c of cases) templates.get(c.file)!.render(c.context);
}

// ---------------------------------------------------------------------------------------------
// Child processes: a fresh process for cold start, --expose-gc for heap figures.

function child(mode: string, extraNodeFlags: string[] = []): string {
  const r = spawnSync(process.execPath, [...extraNodeFlags, ...process.execArgv, SELF, "--child", mode], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr.slice(0, 500)}`);
  return r.stdout.trim();
}

async function childCold(): Promise<void> {
  const t0 = now();
  const mod = await import("../src/engine.js");
  const t1 = now();
  const engine = await mod.createEngine();
  const t2 = now();
  engine.compile("<%= 1 %>").render({});
  const t3 = now();
  process.stdout.write(JSON.stringify({ importMs: t1 - t0, createEngineMs: t2 - t1, firstRenderMs: t3 - t2 }));
}

async function childMemory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const cases = readCases();
  const engine = await createEngine();
  engine.compile("<%= 1 %>").render({});
  const h0 = heap();
  const templates = compileAll(engine, cases);
  const h1 = heap();
  // Warm up (JIT, inline caches, lazily built tables), then sample the heap every 2,500 renders.
  for (let i = 0; i < 2_000; i++) templates.get(cases[i % cases.length].file)!.render(cases[i % cases.length].context);
  const samples = [heap()];
  for (let i = 0; i < 10_000; i++) {
    const c = cases[i % cases.length];
    templates.get(c.file)!.render(c.context);
    if ((i + 1) % 2_500 === 0) samples.push(heap());
  }
  process.stdout.write(JSON.stringify({ templates: templates.size, perTemplate: (h1 - h0) / templates.size, samples }));
}

// ---------------------------------------------------------------------------------------------
// ejs twins: the same output from an ERB template (BOSH context, `p(...)`) and an ejs template
// (a plain object and a `p` that reads dotted names), both compiled once.

interface Twin {
  label: string;
  erb: string;
  ejs: string;
}

const TWIN_PROPERTIES = {
  port: 8443,
  tls: { enabled: true, protocols: ["TLSv1.2", "TLSv1.3"] },
  upstreams: Array.from({ length: 12 }, (_, i) => ({ name: `backend-${i}`, host: `10.0.${i >> 2}.${10 + i}`, weight: 1 + (i % 3) })),
  labels: { env: "production", team: "platform", tier: "edge", region: "eu-west-1" },
};

const TWINS: Twin[] = [
  {
    label: "properties + conditionals",
    erb: "---\nname: <%= name %>\nindex: <%= index %>\nport: <%= p('port') %>\n<% if p('tls.enabled') -%>\ntls:\n  protocols: <%= p('tls.protocols').join(',') %>\n<% end -%>\nmissing: <%= p('nope', 'default') %>\n",
    ejs: "---\nname: <%- name %>\nindex: <%- index %>\nport: <%- p('port') %>\n<% if (p('tls.enabled')) { -%>\ntls:\n  protocols: <%- p('tls.protocols').join(',') %>\n<% } -%>\nmissing: <%- p('nope', 'default') %>\n",
  },
  {
    label: "loop over 12 upstreams",
    erb: "<% p('upstreams').each_with_index do |u, i| -%>\nserver <%= u['name'].upcase %> <%= u['host'] %>:<%= p('port') + i %> weight=<%= u['weight'] %>\n<% end -%>\n",
    ejs: "<% p('upstreams').forEach((u, i) => { -%>\nserver <%- u.name.toUpperCase() %> <%- u.host %>:<%- p('port') + i %> weight=<%- u.weight %>\n<% }) -%>\n",
  },
  {
    label: "hash loop + JSON",
    erb: "<% p('labels').each do |k, v| -%>\n<%= k %>=<%= v %>\n<% end -%>\n<%= JSON.dump(p('labels')) %>\n",
    ejs: "<% for (const [k, v] of Object.entries(p('labels'))) { -%>\n<%- k %>=<%- v %>\n<% } -%>\n<%- JSON.stringify(p('labels')) %>\n",
  },
];

interface EjsModule {
  compile(src: string, opts: Record<string, unknown>): (data: Record<string, unknown>) => string;
}

async function ejsRows(engine: Engine): Promise<string[][]> {
  let ejs: EjsModule;
  try {
    const name = "ejs";
    const mod = (await import(name)) as { default?: EjsModule } & EjsModule;
    ejs = mod.default ?? mod;
  } catch {
    return [["ejs twins", "ejs not installed (npm ci installs it as a devDependency)", "", ""]];
  }
  const context = { name: "web", index: 0, properties: TWIN_PROPERTIES };
  const rubyContext = engine.parseContext(JSON.stringify(context), "json");
  const lookup = (name: string, dflt?: unknown): unknown => {
    let v: unknown = TWIN_PROPERTIES;
    for (const k of name.split(".")) {
      if (v === null || typeof v !== "object" || !Object.hasOwn(v, k)) return dflt;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
  const rows: string[][] = [];
  const iterations = 20_000;
  for (const t of TWINS) {
    const erbT = engine.compile(t.erb, { filename: "twin.erb" });
    const ejsT = ejs.compile(t.ejs, {});
    const data = { name: context.name, index: context.index, p: lookup };
    const a = erbT.render(rubyContext);
    const b = ejsT(data);
    const time = (f: () => unknown, n: number) => {
      const t0 = now();
      for (let i = 0; i < n; i++) f();
      return now() - t0;
    };
    const erb = () => erbT.render(rubyContext);
    const twin = () => ejsT(data);
    time(erb, 2_000);
    time(twin, 2_000);
    // Alternating slices, so that a burst of load on a shared machine hits both sides alike; the
    // ratio reported is the median of the slices' ratios.
    const slices = 10;
    const per = iterations / slices;
    let erbMs = 0;
    let ejsMs = 0;
    const ratios: number[] = [];
    for (let k = 0; k < slices; k++) {
      const e = time(erb, per);
      const j = time(twin, per);
      erbMs += e;
      ejsMs += j;
      ratios.push(e / j);
    }
    rows.push([`ejs twin: ${t.label}`, `${fmt((iterations / erbMs) * 1000, 0)} vs ${fmt((iterations / ejsMs) * 1000, 0)} renders/s`, `ERB/ejs ${fmt(median(ratios), 2)}x time (median of ${slices} alternating slices; range ${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)})`, a === b ? "same output" : "OUTPUT DIFFERS"]);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

interface RubyRound {
  ruby: string;
  fresh: number;
  compiledOnce: number;
}

/**
 * BOSH's renderer on native Ruby over exactly these case ids, one round per call, so that the
 * bench can interleave it with linkplate's rounds (a shared machine's load drifts: interleaving
 * gives both sides the same conditions). Null with a reason when it cannot run.
 */
function rubyAnchor(cases: Case[]): { round: () => RubyRound; cleanup: () => void } | string {
  if (!existsSync(RUBY_SCRIPT)) return `ruby anchor: ${RUBY_SCRIPT} not found`;
  const probe = spawnSync("ruby", ["-v"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return "ruby anchor: `ruby` not on PATH, ratio against BOSH's renderer not measured (install Debian's `ruby` to get it)";
  // BOSH's EvaluationContext needs ActiveSupport, which Debian's `ruby` does not bring: say so
  // in one line rather than failing the run on the first round.
  const loads = spawnSync("ruby", ["-I", BOSH_LIB, "-e", "module Bosh; module Common; end; end; require 'bosh/common/template/evaluation_context'"], { encoding: "utf8" });
  if (loads.error || loads.status !== 0) {
    const err = loads.stderr ?? "";
    const why = /cannot load such file -- \S+/.exec(err)?.[0] ?? err.split("\n").find((l) => /Error/.test(l))?.trim() ?? `exit ${loads.status}`;
    return `ruby anchor: BOSH's renderer does not load on this ruby (${why.slice(0, 200)}); ratio not measured (Debian: apt-get install ruby-activesupport)`;
  }
  const dir = mkdtempSync(join(tmpdir(), "linkplate-bench-"));
  const ids = join(dir, "ids.txt");
  writeFileSync(ids, `${cases.map((c) => c.id).join("\n")}\n`);
  return {
    round: () => {
      const r = spawnSync("ruby", ["-I", BOSH_LIB, RUBY_SCRIPT, CORPUS, "1", ids], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`ruby anchor failed: ${r.stderr.slice(0, 300)}`);
      const j = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ruby: string; cases: number; renders_per_s_fresh: number; renders_per_s_compiled_once: number };
      if (j.cases !== cases.length) throw new Error(`ruby anchor timed ${j.cases} cases, linkplate ${cases.length}`);
      return { ruby: j.ruby, fresh: j.renders_per_s_fresh, compiledOnce: j.renders_per_s_compiled_once };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Process-level containment's price: the first cases through a worker engine and in-process. */
async function workerRow(engine: Engine, cases: Case[]): Promise<string> {
  const some = cases.slice(0, 50);
  const worker = await createEngine({ isolate: "worker" });
  try {
    const inProc = some.map((c) => engine.compile(readFileSync(c.file, "utf8"), { filename: c.filename }));
    const inWorker = await Promise.all(some.map((c) => worker.compile(readFileSync(c.file, "utf8"), { filename: c.filename })));
    for (let k = 0; k < some.length; k++) await inWorker[k].render(some[k].json);
    const rounds = 10;
    let t0 = now();
    for (let i = 0; i < rounds; i++) for (let k = 0; k < some.length; k++) inProc[k].render(some[k].context);
    const msIn = now() - t0;
    t0 = now();
    for (let i = 0; i < rounds; i++) for (let k = 0; k < some.length; k++) await inWorker[k].render(some[k].json);
    const msWorker = now() - t0;
    const total = rounds * some.length;
    return `isolate "worker": ${fmt((total * 1000) / msWorker, 0)} renders/s against ${fmt((total * 1000) / msIn, 0)} in-process (${some.length} cases x ${rounds} rounds; ${fmt(msWorker / msIn, 1)}x the time)`;
  } finally {
    await worker.close();
  }
}

/** The browser bundle a user's bundler makes of the portable entry (esbuild, minified), and prism.wasm, gzipped. */
async function browserBundleRow(): Promise<string> {
  try {
    const entry = fileURLToPath(new URL("../src/portable.js", import.meta.url));
    const r = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "browser", minify: true, write: false, logLevel: "silent", outdir: "out" });
    const js = r.outputFiles[0].contents;
    const wasm = readFileSync(fileURLToPath(new URL("../../../@ruby/prism/src/prism.wasm", import.meta.url)));
    const kib = (b: number) => `${fmt(b / 1024, 0)} KiB`;
    return `browser bundle (esbuild --minify of the portable entry): ${kib(js.length)} JS, ${kib(gzipSync(js, { level: 9 }).length)} gzip; prism.wasm ${kib(wasm.length)}, ${kib(gzipSync(wasm, { level: 9 }).length)} gzip`;
  } catch (e) {
    return `browser bundle: not measured (${(e as Error).message})`;
  }
}

async function main(): Promise<void> {
  const out: string[] = [];
  const say = (s = "") => out.push(s);
  say(`command: npm run bench -- ${process.argv.slice(2).join(" ")}`.trimEnd());
  say(`machine: node ${process.version} ${platform()}/${arch()}, ${cpus()[0]?.model ?? "?"} x${cpus().length}`);
  const cases = readCases();
  if (cases.length === 0) {
    process.stdout.write(`${out.join("\n")}\ncorpus not found at ${CORPUS}: nothing to measure\n`);
    return;
  }

  // Compile, split into phases.
  const { engine, prismMs } = await timedEngine();
  const sources = new Map<string, Case>();
  for (const c of cases) if (!sources.has(c.file)) sources.set(c.file, c);
  const compileMs: number[] = [];
  let erbMs = 0;
  for (const c of sources.values()) {
    const src = readFileSync(c.file, "utf8");
    const e0 = now();
    compileErb(src, { filename: c.filename });
    erbMs += now() - e0;
  }
  const templates = new Map<string, Template>();
  const p0 = prismMs();
  for (const c of sources.values()) {
    const src = readFileSync(c.file, "utf8");
    const t0 = now();
    templates.set(c.file, engine.compile(src, { filename: c.filename }));
    compileMs.push(now() - t0);
  }
  const totalCompile = compileMs.reduce((a, b) => a + b, 0);
  const prism = prismMs() - p0;

  // Renders/s: check every output once (warm-up), then ROUNDS timed rounds.
  let identical = 0;
  for (const c of cases) if (templates.get(c.file)!.render(c.context) === c.expected) identical++;
  renderRound(cases, templates);
  const anchor = process.argv.includes("--no-ruby") ? "ruby anchor: skipped (--no-ruby)" : rubyAnchor(cases);
  const rubyRounds: RubyRound[] = [];
  let renderMs = 0;
  const lpRounds: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // While a Ruby round runs, this machine's memory reclaim pages out what node left idle: an
      // untimed pass first, as Ruby's compiled-once round follows its own ERB-per-render round.
      if (r > 0 && typeof anchor !== "string") renderRound(cases, templates);
      const r0 = now();
      renderRound(cases, templates);
      lpRounds.push(now() - r0);
      renderMs += lpRounds[r];
      if (typeof anchor !== "string") rubyRounds.push(anchor.round());
    }
  } finally {
    if (typeof anchor !== "string") anchor.cleanup();
  }
  const rendersPerS = (cases.length * ROUNDS * 1000) / renderMs;
  // Rates over the same total work: total renders / total time of the rounds.
  const rate = (xs: number[]) => xs.length / xs.reduce((a, x) => a + 1 / x, 0);

  // Render phases, one more round through the pieces Template#render is made of.
  let setupMs = 0;
  let evalMs = 0;
  let outputMs = 0;
  for (const c of cases) {
    const t = templates.get(c.file)! as unknown as TemplateInternals;
    const t0 = now();
    const self = createEvaluationContext(c.context, { dns: null });
    const t1 = now();
    const { value } = execute(t.program, self, t.limits);
    const t2 = now();
    const s = value instanceof RString ? value.s : String(value);
    if (s.length > t.limits.output) throw new Error("output limit");
    outputMs += now() - t2;
    setupMs += t1 - t0;
    evalMs += t2 - t1;
  }

  const cold = [0, 1, 2, 3, 4].map(() => JSON.parse(child("cold")) as { importMs: number; createEngineMs: number; firstRenderMs: number });
  const mem = JSON.parse(child("memory", ["--expose-gc"])) as { templates: number; perTemplate: number; samples: number[] };
  const twins = await ejsRows(engine);
  const isolateRow = await workerRow(engine, cases);
  const bundleRow = await browserBundleRow();
  let links: string[];
  try {
    const mod = (await import("./bench-links.js")) as { benchLinks: () => Promise<string[]> };
    links = await mod.benchLinks();
  } catch (e) {
    links = [`links: benchLinks failed: ${(e as Error).message}`];
  }

  const n = cases.length;
  say();
  say(`corpus: ${n} deterministic output cases without DNS tables (${templates.size} templates) from ${CORPUS}; outputs identical to BOSH's: ${identical}/${n}`);
  say(`linkplate: ${n} cases x ${ROUNDS} rounds, compiled once: ${fmt(rendersPerS, 0)} renders/s (${fmt(renderMs / (n * ROUNDS), 3)} ms/render); per round: ${lpRounds.map((ms) => fmt((n * 1000) / ms, 0)).join(", ")}`);
  if (typeof anchor === "string") {
    say(anchor);
    say("ratio vs BOSH: not measured");
  } else {
    const once = rate(rubyRounds.map((r) => r.compiledOnce));
    const fresh = rate(rubyRounds.map((r) => r.fresh));
    say(`BOSH renderer, native Ruby ${rubyRounds[0].ruby}: ${n} cases x ${ROUNDS} rounds interleaved with linkplate's (linkplate's timed round follows an untimed pass, as Ruby's compiled-once round follows its ERB-per-render round in the same process), ${fmt(once)} renders/s ERB compiled once (${fmt(fresh)}/s ERB built per render)`);
    say(`ratio vs BOSH (compiled once, same ${n} case ids, same run): ${fmt(rendersPerS / once, 1)}x  (target >= 20x); per round: ${rubyRounds.map((r) => fmt(r.compiledOnce, 0)).join(", ")} renders/s for Ruby`);
  }
  say();
  say(`compile per template: median ${fmt(median(compileMs), 2)} ms, p95 ${fmt(quantile(compileMs, 0.95), 2)} ms, max ${fmt(Math.max(...compileMs), 1)} ms  (target median < 2 ms)`);
  const coldMed = median(cold.map((c) => c.createEngineMs));
  say(`cold start, fresh process x${cold.length}: createEngine (Prism WASM + core) median ${fmt(coldMed)} ms [${cold.map((c) => fmt(c.createEngineMs, 0)).join(", ")}]  (target < 150 ms); importing the modules ${fmt(median(cold.map((c) => c.importMs)))} ms (compiled JS); first compile+render ${fmt(median(cold.map((c) => c.firstRenderMs)))} ms`);
  say(`memory: ${fmt(mem.perTemplate / 1024)} KiB heap per compiled template (${mem.templates} templates)`);
  const base = mem.samples[0];
  say(`retained heap after GC, every 2,500 of 10,000 renders: ${mem.samples.map((h) => `${fmt(h / 2 ** 20)}`).join(" / ")} MiB (growth ${fmt((mem.samples[mem.samples.length - 1] - base) / 1024)} KiB = ${fmt((mem.samples[mem.samples.length - 1] - base) / 10_000, 1)} B/render)`);
  say();
  const pct = (x: number, of: number) => `${fmt((100 * x) / of)}%`;
  const closure = totalCompile - erbMs - prism;
  const renderTotal = setupMs + evalMs + outputMs;
  say("phase                         total ms   per item ms   share");
  const ph = (name: string, ms: number, per: number, of: number) => say(`${name.padEnd(28)}${fmt(ms).padStart(10)}${fmt(ms / per, 3).padStart(14)}${pct(ms, of).padStart(8)}`);
  ph(`compile: ERB (${templates.size})`, erbMs, templates.size, totalCompile);
  ph("compile: Prism parse", prism, templates.size, totalCompile);
  ph("compile: closure compile", closure, templates.size, totalCompile);
  ph(`render: context setup (${n})`, setupMs, n, renderTotal);
  ph("render: evaluation", evalMs, n, renderTotal);
  ph("render: output", outputMs, n, renderTotal);
  say("(output is built by the program's own buffer appends, inside evaluation; the last row is the final String and size check)");
  say();
  for (const r of twins) say(r.join("  "));
  say("(target: ERB path within 3x of its ejs twin)");
  say();
  say(isolateRow);
  say(bundleRow);
  say();
  for (const l of links) say(l);
  process.stdout.write(`${out.join("\n")}\n`);
}

const mode = process.argv.indexOf("--child");
if (mode >= 0) {
  const m = process.argv[mode + 1];
  await (m === "cold" ? childCold() : childMemory());
} else await main();
