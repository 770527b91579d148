/**
 * CRuby 4.0 (ruby.wasm) as a test oracle. devDependency only: never imported from src/.
 * Loading takes a few seconds, so one VM is shared per test process.
 *
 * Test files do not call it directly: they read recorded answers through `recordedOracle`
 * (test/oracle/recorded.ts), which reaches this live VM only in `npm run oracle:record` and
 * `npm run test:oracle`. Under plain `npm test` loading the VM is refused, so a test that calls it
 * fails at once instead of making the default run slow and timing-dependent.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DefaultRubyVM } from "@ruby/wasm-wasi/dist/node";

type VM = Awaited<ReturnType<typeof DefaultRubyVM>>["vm"];
let vmPromise: Promise<VM> | null = null;

/** True when vitest runs without LINKPLATE_ORACLE=record|verify (the default `npm test`). */
function liveOracleForbidden(): boolean {
  return process.env.VITEST !== undefined && !["record", "verify"].includes(process.env.LINKPLATE_ORACLE ?? "");
}

async function loadVm(): Promise<VM> {
  if (liveOracleForbidden()) {
    throw new Error("the live CRuby oracle is not loaded by `npm test`: read recorded answers with recordedOracle(import.meta.url) (test/oracle/recorded.ts) and run `npm run oracle:record`");
  }
  const require = createRequire(import.meta.url);
  // The package's exports map hides package.json; resolve its main entry and walk up to dist/.
  let dir = dirname(require.resolve("@ruby/4.0-wasm-wasi"));
  while (!dir.endsWith("dist")) dir = dirname(dir);
  const module = await WebAssembly.compile(await readFile(join(dir, "ruby+stdlib.wasm")));
  const { vm } = await withoutWasiWarning(async () => (await import("@ruby/wasm-wasi/dist/node")).DefaultRubyVM(module, {}));
  // Ruby's own warnings (regexp duplicated ranges, json deprecations) would only be noise on stderr.
  vm.eval(`$VERBOSE = nil`);
  // ipaddr needs socket, which ruby.wasm lacks: a stand-in with the two constants ipaddr reads.
  vm.eval(`module Socket; AF_UNSPEC = 0; AF_INET = 2; AF_INET6 = 10; end; $LOADED_FEATURES << "socket.rb"`);
  vm.eval(`%w[json yaml ipaddr base64 shellwords erb stringio].each { |l| begin; require l; rescue LoadError; end }`);
  return vm;
}

/** Runs `fn` with Node's "WASI is an experimental feature" warning dropped (all other warnings pass). */
async function withoutWasiWarning<T>(fn: () => Promise<T>): Promise<T> {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/\bWASI\b/.test(text)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await fn();
  } finally {
    process.emitWarning = emit;
  }
}

/** The oracle VM (loaded once). */
export function rubyVm(): Promise<VM> {
  return (vmPromise ??= loadVm());
}

/** Evaluates Ruby code; returns `result.to_s` of its value. Ruby exceptions come back as "!Class: message". */
export async function rubyEval(code: string): Promise<string> {
  const vm = await rubyVm();
  const wrapped = `begin\n(${code}\n).to_s\nrescue Exception => e\n"!#{e.class}: #{e.message}"\nend`;
  return vm.eval(wrapped).toString();
}

/** Evaluates many snippets in one VM round trip; each result as rubyEval would return it. */
export async function rubyEvalMany(snippets: string[]): Promise<string[]> {
  const vm = await rubyVm();
  // The snippets travel as JSON inside a single-quoted heredoc, so nothing in them is interpolated.
  const json = JSON.stringify(snippets);
  const out = vm.eval(
    `JSON.parse(<<'LINKPLATE_SNIPPETS'.chomp).map { |src| begin; eval(src, TOPLEVEL_BINDING.dup).to_s; rescue Exception => e; "!#{e.class}: #{e.message}"; end }.to_json\n${json}\nLINKPLATE_SNIPPETS\n`,
  );
  return JSON.parse(out.toString()) as string[];
}
