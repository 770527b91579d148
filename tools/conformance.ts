/**
 * Conformance runner: renders every case of the shared corpus and compares with what BOSH's own
 * template code produced on Ruby 4.0.
 *
 *   npm run conformance [-- DIR...] [--verbose] [--filter SUBSTRING]
 *
 * DIR is a corpus root (folders of releases) or one release folder (holding cases.jsonl);
 * default `../shared/corpus` and `../shared/corpus-defaults`. It measures: the exit status is 0
 * even when cases fail, non-zero only when it cannot run. The last line is exactly
 * `conformance: X/Y cases identical (P%)`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { LinkplateError, TemplateRenderError, UnsupportedRubyError } from "../src/diagnostics/errors.js";
import { type Template, createEngine } from "../src/engine.js";
import { parseJson } from "../src/ruby/data/json.js";
import { RHash, type Value } from "../src/ruby/runtime/values.js";

interface Args {
  dirs: string[];
  verbose: boolean;
  filter: string | null;
}

function parseArgs(argv: string[]): Args {
  const dirs: string[] = [];
  let verbose = false;
  let filter: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--filter") filter = argv[++i] ?? null;
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: npm run conformance [-- DIR...] [--verbose] [--filter SUBSTRING]\n");
      process.exit(0);
    } else if (a.startsWith("-")) {
      throw new Error(`unknown option ${a}`);
    } else dirs.push(a);
  }
  return { dirs: dirs.length ? dirs : ["../shared/corpus", "../shared/corpus-defaults"], verbose, filter };
}

interface Case {
  id: string;
  job: string;
  template: string;
  context: Value;
  dns: unknown;
  expected: { output?: string; error?: { class: string; message: string } };
  nondeterministic: boolean;
}

/** Reads one JSONL line: plain fields with JSON.parse, the context with the faithful Ruby loader. */
function readCase(line: string, where: string): Case {
  const plain = JSON.parse(line) as Record<string, unknown>;
  const ruby = parseJson(line, where);
  if (!(ruby instanceof RHash)) throw new Error(`${where}: case is not a JSON object`);
  const context = ruby.getStr("context");
  return {
    id: String(plain.id),
    job: String(plain.job),
    template: String(plain.template),
    context: context === undefined ? null : context,
    dns: plain.dns ?? null,
    expected: plain.expected as Case["expected"],
    nondeterministic: plain.nondeterministic === true,
  };
}

/** The director's template name: `<job>/<path under templates/>`, monit: `<job>/monit`. */
function directorFilename(c: Case): string {
  const prefix = `jobs/${c.job}/templates/`;
  if (c.template.startsWith(prefix)) return `${c.job}/${c.template.slice(prefix.length)}`;
  if (c.template === `jobs/${c.job}/monit`) return `${c.job}/monit`;
  const parts = c.template.split("/");
  return `${c.job}/${parts.slice(3).join("/") || parts[parts.length - 1]}`;
}

type Outcome =
  | { ok: true }
  | { ok: false; kind: "output"; expected: string; actual: string }
  | { ok: false; kind: "error"; reason: string; detail: string };

function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      const show = (s: string | undefined) => (s === undefined ? "<end of output>" : JSON.stringify(s));
      return `line ${i + 1}:\n      expected ${show(e[i])}\n      actual   ${show(a[i])}`;
    }
  }
  return "(identical lines; differs in trailing bytes)";
}

/** A short, groupable description of an error for the summary. */
function reasonOf(e: unknown): string {
  if (e instanceof TemplateRenderError) {
    const cause = embeddedCause(e.rubyMessage);
    return cause ?? `${e.rubyClass}: ${e.rubyMessage.split("\n")[0].slice(0, 140)}`;
  }
  if (e instanceof UnsupportedRubyError) return `Unsupported: ${e.construct}`;
  if (e instanceof LinkplateError) return `${e.name}: ${e.message.split("\n")[0].replace(/^[^:]*:\d+(:\d+)?: /, "").slice(0, 160)}`;
  if (e instanceof Error) return `internal ${e.name}: ${e.message.split("\n")[0].slice(0, 160)}`;
  return `internal: ${String(e).slice(0, 160)}`;
}

/** A well-known cause inside a message (templates often wrap errors in their own RuntimeError). */
function embeddedCause(message: string): string | null {
  const m =
    /uninitialized constant [\w:]+/.exec(message) ??
    /cannot load such file -- [\w/]+/.exec(message) ??
    /undefined method '[^']+' for (?:an instance of |module |class )?[\w:]+/.exec(message);
  if (!m) return null;
  const text = m[0].replace(/^uninitialized constant Bosh::Common::Template::EvaluationContext::/, "uninitialized constant ");
  const cls = text.startsWith("uninitialized") ? "NameError" : text.startsWith("cannot load") ? "LoadError" : "NoMethodError";
  return `${cls}: ${text}`;
}

function listReleases(dir: string): string[] {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new Error(`no such directory: ${dir}`);
  if (existsSync(join(abs, "cases.jsonl"))) return [abs];
  return readdirSync(abs)
    .map((n) => join(abs, n))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, "cases.jsonl")))
    .sort();
}

interface ReleaseResult {
  label: string;
  cases: number;
  passed: number;
  nondetFailed: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await createEngine();
  const results: ReleaseResult[] = [];
  const failures: Array<{ id: string; text: string; nondet: boolean }> = [];
  const reasons = new Map<string, number>();
  const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  let renderMs = 0;
  let compileMs = 0;
  let renders = 0;

  for (const dir of args.dirs) {
    for (const rel of listReleases(dir)) {
      const label = rel === resolve(dir) ? `${basename(dirname(rel))}/${basename(rel)}` : `${basename(resolve(dir))}/${basename(rel)}`;
      const res: ReleaseResult = { label, cases: 0, passed: 0, nondetFailed: 0 };
      results.push(res);
      const compiled = new Map<string, { template: Template } | { error: unknown }>();
      const lines = readFileSync(join(rel, "cases.jsonl"), "utf8").split("\n");
      for (let ln = 0; ln < lines.length; ln++) {
        const line = lines[ln];
        if (line.trim() === "") continue;
        let c: Case;
        try {
          c = readCase(line, `${join(rel, "cases.jsonl")}:${ln + 1}`);
        } catch (e) {
          res.cases++;
          bump("unreadable case");
          failures.push({ id: `${label}/cases.jsonl:${ln + 1}`, text: errorText(e), nondet: false });
          continue;
        }
        if (args.filter && !c.id.includes(args.filter)) continue;
        res.cases++;
        const outcome = runCase(c, rel);
        if (outcome.ok) {
          res.passed++;
          continue;
        }
        if (c.nondeterministic) res.nondetFailed++;
        let text: string;
        if (outcome.kind === "output") {
          bump("output differs");
          text = firstDifference(outcome.expected, outcome.actual);
        } else {
          bump(outcome.reason);
          text = outcome.detail;
        }
        failures.push({ id: c.id, text, nondet: c.nondeterministic });
      }

      function runCase(c: Case, relDir: string): Outcome {
        const path = join(relDir, c.template);
        let entry = compiled.get(path);
        if (!entry) {
          const t0 = performance.now();
          try {
            const source = readFileSync(path, "utf8");
            entry = { template: engine.compile(source, { filename: directorFilename(c) }) };
          } catch (e) {
            entry = { error: e };
          }
          compileMs += performance.now() - t0;
          compiled.set(path, entry);
        }
        if ("error" in entry) {
          const reason = `compile: ${reasonOf(entry.error)}`;
          return { ok: false, kind: "error", reason, detail: `does not compile: ${errorText(entry.error)}` };
        }
        let output: string;
        const t0 = performance.now();
        try {
          output = entry.template.render(c.context, { dns: (c.dns ?? null) as Record<string, unknown> | null });
        } catch (e) {
          renderMs += performance.now() - t0;
          renders++;
          return judgeError(c, e);
        }
        renderMs += performance.now() - t0;
        renders++;
        if (c.expected.error) {
          const ex = c.expected.error;
          return { ok: false, kind: "error", reason: "rendered, BOSH raised", detail: `expected ${ex.class}: ${ex.message}\n      but rendered ${JSON.stringify(output.slice(0, 200))}` };
        }
        const expected = c.expected.output ?? "";
        if (output === expected) return { ok: true };
        return { ok: false, kind: "output", expected, actual: output };
      }
      // progress on stderr keeps stdout clean for the table
      process.stderr.write(`${label}: ${res.passed}/${res.cases}\n`);
    }
  }

  // Per-release table.
  const w = Math.max(7, ...results.map((r) => r.label.length));
  const pct = (p: number, n: number) => (n === 0 ? "-" : `${((100 * p) / n).toFixed(1)}%`);
  process.stdout.write(`\n${"release".padEnd(w)}  ${"cases".padStart(6)}  ${"passed".padStart(6)}  ${"%".padStart(6)}\n`);
  process.stdout.write(`${"-".repeat(w)}  ${"-".repeat(6)}  ${"-".repeat(6)}  ${"-".repeat(6)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.label.padEnd(w)}  ${String(r.cases).padStart(6)}  ${String(r.passed).padStart(6)}  ${pct(r.passed, r.cases).padStart(6)}\n`);
  }

  if (args.verbose && failures.length) {
    process.stdout.write(`\nfailures:\n`);
    for (const f of failures) process.stdout.write(`  ${f.id}${f.nondet ? " (nondeterministic)" : ""}\n      ${f.text}\n`);
  }

  const nondet = failures.filter((f) => f.nondet);
  if (nondet.length) {
    process.stdout.write(`\nnondeterministic cases that failed (counted as failures): ${nondet.length}\n`);
    for (const f of nondet) process.stdout.write(`  ${f.id}\n`);
  }

  if (reasons.size) {
    process.stdout.write(`\nfailure reasons (top 40 of ${reasons.size}):\n`);
    const sorted = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [r, n] of sorted.slice(0, 40)) process.stdout.write(`  ${String(n).padStart(5)}  ${r}\n`);
    const groups = new Map<string, number>();
    for (const [r, n] of reasons) {
      const g = r.startsWith("Unsupported") ? "Unsupported Ruby" : r.startsWith("compile:") ? "compile errors" : r.startsWith("internal") ? "internal errors" : r.startsWith("wrong message") ? "wrong error message" : r.startsWith("wrong error class") ? "wrong error class" : r === "output differs" ? "output differs" : r === "rendered, BOSH raised" ? "rendered, BOSH raised" : `raised ${r.split(":")[0]}`;
      groups.set(g, (groups.get(g) ?? 0) + n);
    }
    process.stdout.write(`\nby kind:\n`);
    for (const [g, n] of [...groups.entries()].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(5)}  ${g}\n`);
  }

  const total = results.reduce((s, r) => s + r.cases, 0);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  process.stdout.write(`\ncompile time ${compileMs.toFixed(0)} ms; render time ${renderMs.toFixed(0)} ms for ${renders} renders (${renders ? (renderMs / renders).toFixed(2) : "0"} ms each)\n`);
  process.stdout.write(`conformance: ${passed}/${total} cases identical (${pct(passed, total)})\n`);
}

function errorText(e: unknown): string {
  if (e instanceof TemplateRenderError) return `${e.rubyClass}: ${e.rubyMessage}`;
  if (e instanceof LinkplateError) return `${e.name}: ${e.message.split("\n")[0]}`;
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]}${e.stack ? `\n      ${e.stack.split("\n").slice(1, 4).join("\n      ")}` : ""}`;
  return String(e);
}

function judgeError(c: Case, e: unknown): Outcome {
  const ex = c.expected.error;
  if (e instanceof TemplateRenderError && ex) {
    if (e.rubyMessage === ex.message && e.rubyClass === ex.class) return { ok: true };
    if (e.rubyMessage !== ex.message) {
      // Same class, other words: group as a wording problem; another class: group by what was raised.
      const reason = embeddedCause(e.rubyMessage) ?? (e.rubyClass === ex.class ? `wrong message for ${ex.class}` : reasonOf(e));
      return { ok: false, kind: "error", reason, detail: `expected ${ex.class}: ${JSON.stringify(ex.message)}\n      actual   ${e.rubyClass}: ${JSON.stringify(e.rubyMessage)}` };
    }
    return { ok: false, kind: "error", reason: `wrong error class (${ex.class} vs ${e.rubyClass})`, detail: `expected class ${ex.class}, got ${e.rubyClass} (message ${JSON.stringify(e.rubyMessage)})` };
  }
  const expectation = ex ? `expected ${ex.class}: ${ex.message}` : "expected output";
  return { ok: false, kind: "error", reason: reasonOf(e), detail: `${errorText(e)}\n      (${expectation})` };
}

main().catch((e: unknown) => {
  const known = e instanceof Error && /^(no such directory|unknown option)/.test(e.message);
  process.stderr.write(`conformance: cannot run: ${e instanceof Error ? (known ? e.message : (e.stack ?? e.message)) : String(e)}\n`);
  process.exit(2);
});
