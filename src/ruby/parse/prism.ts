/**
 * Loads Prism (Ruby's parser, compiled to WebAssembly) and runs it in isolation from the sources
 * it parses. We instantiate prism.wasm ourselves with a stub WASI instead of `loadPrism()`, which
 * uses node:wasi and prints Node's "WASI is an experimental feature" warning; Prism only ever calls
 * `random_get`.
 *
 * Untrusted source reaches this parser, so it is treated as a resource that can fail:
 * - its stack is 16 MiB in memory nothing else uses (see wasm-stack.ts) instead of 64 KiB above
 *   its static data, and the lowest 64 KiB of it is a red zone checked after every parse;
 * - a trap, an exception or a touched red zone discards the instance (its memory may be
 *   corrupt) and the next parse gets a fresh one, so no source can poison later parses;
 * - the failure itself is reported as a typed {@link LimitExceededError} ("parser stack").
 */
import { parsePrism } from "@ruby/prism/src/parsePrism.js";
import type { ParseResult } from "@ruby/prism/src/deserialize.js";
import { InputError, LimitExceededError } from "../../diagnostics/errors.js";
import { nodeBuiltin } from "../host/node-builtins.js";
import { relocateStack } from "./wasm-stack.js";

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

const STACK_BYTES = 16 * 1024 * 1024;
const RED_ZONE_BYTES = 64 * 1024;

/** Raised (as a LimitExceededError) when Prism trapped or ran into its stack's red zone. */
export const PARSER_STACK_LIMIT = "parser stack";

/**
 * Where prism.wasm comes from: its bytes, or a URL to fetch. Under Node the default is the file
 * in the installed @ruby/prism; in a browser it is the copy beside this module in dist/
 * (`new URL("./prism.wasm", import.meta.url)`, which bundlers such as Vite and webpack emit as an asset).
 */
export type PrismWasmSource = Uint8Array | ArrayBuffer | URL | string;

let loading: Promise<PrismParse> | null = null;

/** Loads the parser once per process (or page); `wasm` only matters on the first call. */
export function loadPrismParser(wasm?: PrismWasmSource): Promise<PrismParse> {
  return (loading ??= load(wasm).catch((e: unknown) => {
    loading = null;
    throw e;
  }));
}

async function load(source: PrismWasmSource | undefined): Promise<PrismParse> {
  const bytes = await wasmBytes(source);
  let parser: IsolatedPrism;
  try {
    const { wasm, stackBottom } = relocateStack(bytes, STACK_BYTES);
    parser = new IsolatedPrism(await WebAssembly.compile(wasm), stackBottom);
  } catch (e) {
    // Only a prismWasm the caller gave can be something else.
    throw new InputError(`prism.wasm is not the WebAssembly of @ruby/prism: ${(e as Error)?.message ?? String(e)}`);
  }
  return (source, options) => parser.parse(source, options);
}

async function wasmBytes(source: PrismWasmSource | undefined): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source === undefined) {
    const fs = nodeBuiltin("node:fs");
    const mod = nodeBuiltin("node:module");
    if (fs !== null && mod !== null) return new Uint8Array(await fs.promises.readFile(mod.createRequire(import.meta.url).resolve("@ruby/prism/src/prism.wasm")));
  }
  const url = source ?? new URL("./prism.wasm", import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new InputError(`cannot load prism.wasm from ${String(url)}: ${(e as Error)?.message ?? String(e)} (give its bytes or URL as createEngine({ prismWasm }))`);
  }
  if (!response.ok) throw new InputError(`cannot load prism.wasm from ${String(url)}: HTTP ${response.status} (give its bytes or URL as createEngine({ prismWasm }))`);
  return new Uint8Array(await response.arrayBuffer());
}

class IsolatedPrism {
  private instance: WebAssembly.Instance | null = null;
  /** How many instances were discarded after a failure (observable in tests). */
  static discarded = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly stackBottom: number,
  ) {}

  parse(source: string, options: PrismOptions = {}): ParseResult {
    const instance = (this.instance ??= instantiate(this.module));
    let result: ParseResult;
    try {
      result = parsePrism(instance.exports as never, source, options as never);
    } catch (e) {
      this.discard();
      throw parserFailure(e);
    }
    if (this.redZoneTouched(instance)) {
      // The parse finished inside its stack, so its result is sound, but the next one might not be.
      this.discard();
      throw parserFailure(null);
    }
    return result;
  }

  private discard(): void {
    this.instance = null;
    IsolatedPrism.discarded++;
  }

  private redZoneTouched(instance: WebAssembly.Instance): boolean {
    const memory = instance.exports.memory as WebAssembly.Memory;
    const words = new BigUint64Array(memory.buffer, this.stackBottom, RED_ZONE_BYTES / 8);
    for (let i = words.length - 1; i >= 0; i--) if (words[i] !== 0n) return true;
    return false;
  }
}

/** Number of parser instances thrown away after a failure so far (for tests). */
export function discardedParserInstances(): number {
  return IsolatedPrism.discarded;
}

function parserFailure(cause: unknown): LimitExceededError {
  const err = new LimitExceededError(PARSER_STACK_LIMIT, STACK_BYTES, {});
  if (cause instanceof Error) err.message += ` (${cause.constructor.name}: ${cause.message})`;
  return err;
}

/** `WebAssembly.Instance` (Node has it; the es2022 lib typings do not declare it). */
const SyncWebAssembly = WebAssembly as unknown as { Instance: new (module: WebAssembly.Module, imports: object) => WebAssembly.Instance };

function instantiate(module: WebAssembly.Module): WebAssembly.Instance {
  let memory: WebAssembly.Memory | null = null;
  const wasi: Record<string, (...args: number[]) => number> = Object.create(null);
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
  // Synchronous instantiation: a poisoned parser is replaced inside a synchronous compile().
  const instance = new SyncWebAssembly.Instance(module, { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory as WebAssembly.Memory;
  (instance.exports._initialize as () => number)();
  return instance;
}
