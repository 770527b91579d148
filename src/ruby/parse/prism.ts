/**
 * Loads Prism (Ruby's parser, compiled to WebAssembly) once. We instantiate prism.wasm ourselves
 * with a stub WASI instead of `loadPrism()`, which uses node:wasi and prints Node's
 * "WASI is an experimental feature" warning. Prism only ever calls `random_get`.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parsePrism } from "@ruby/prism/src/parsePrism.js";
import type { ParseResult } from "@ruby/prism/src/deserialize.js";

export type { ParseResult };
export type PrismParse = (source: string, options?: PrismOptions) => ParseResult;
export interface PrismOptions {
  filepath?: string;
  line?: number;
  frozen_string_literal?: boolean;
  version?: string;
  partial_script?: boolean;
  scopes?: string[][];
}

let loading: Promise<PrismParse> | null = null;

export function loadPrismParser(): Promise<PrismParse> {
  return (loading ??= instantiate());
}

async function instantiate(): Promise<PrismParse> {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@ruby/prism/src/prism.wasm");
  const module = await WebAssembly.compile(await readFile(wasmPath));
  let memory: WebAssembly.Memory | null = null;
  const wasi: Record<string, (...args: number[]) => number> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === "wasi_snapshot_preview1") wasi[imp.name] = () => 0;
  }
  // Prism seeds hashes with random bytes; deterministic bytes keep parses reproducible.
  wasi.random_get = (ptr: number, len: number) => {
    new Uint8Array(memory!.buffer, ptr, len).fill(7);
    return 0;
  };
  wasi.proc_exit = (code: number) => {
    throw new Error(`prism.wasm exited with code ${code}`);
  };
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory as WebAssembly.Memory;
  (instance.exports._initialize as () => number)();
  const exports = instance.exports;
  return (source, options = {}) => parsePrism(exports as never, source, options as never);
}
