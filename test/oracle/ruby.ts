/**
 * CRuby 4.0 (ruby.wasm) as a test oracle. devDependency only: never imported from src/.
 * Loading takes a few seconds, so one VM is shared per test process.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DefaultRubyVM } from "@ruby/wasm-wasi/dist/node";

type VM = Awaited<ReturnType<typeof DefaultRubyVM>>["vm"];
let vmPromise: Promise<VM> | null = null;

async function loadVm(): Promise<VM> {
  const require = createRequire(import.meta.url);
  // The package's exports map hides package.json; resolve its main entry and walk up to dist/.
  let dir = dirname(require.resolve("@ruby/4.0-wasm-wasi"));
  while (!dir.endsWith("dist")) dir = dirname(dir);
  const module = await WebAssembly.compile(await readFile(join(dir, "ruby+stdlib.wasm")));
  const { vm } = await DefaultRubyVM(module, {});
  // ipaddr needs socket, which ruby.wasm lacks: a stand-in with the two constants ipaddr reads.
  vm.eval(`module Socket; AF_UNSPEC = 0; AF_INET = 2; AF_INET6 = 10; end; $LOADED_FEATURES << "socket.rb"`);
  vm.eval(`%w[json yaml ipaddr base64 shellwords erb stringio].each { |l| begin; require l; rescue LoadError; end }`);
  return vm;
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
