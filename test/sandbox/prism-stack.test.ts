/**
 * Prism's relocated stack (src/ruby/parse/wasm-stack.ts): parses run on a 16 MiB stack in memory
 * of its own, above everything the module placed in memory, so a deep parse cannot overwrite the
 * parser's static data; the lowest 64 KiB stay untouched by ordinary parses (the red zone).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parsePrism } from "@ruby/prism/src/parsePrism.js";
import { describe, expect, it } from "vitest";
import { relocateStack } from "../../src/ruby/parse/wasm-stack.js";

const STACK = 16 * 1024 * 1024;
const original = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve("@ruby/prism/src/prism.wasm")));

/** WebAssembly's synchronous constructors (Node has them; the es2022 lib typings do not declare them). */
const Wasm = WebAssembly as unknown as {
  Module: new (bytes: Uint8Array) => WebAssembly.Module;
  Instance: new (module: WebAssembly.Module, imports: object) => WebAssembly.Instance;
};

function instantiate(wasm: Uint8Array): WebAssembly.Instance {
  const module = new Wasm.Module(wasm);
  let memory: WebAssembly.Memory | null = null;
  const wasi: Record<string, (...a: number[]) => number> = Object.create(null);
  for (const imp of WebAssembly.Module.imports(module)) wasi[imp.name] = () => 0;
  wasi.random_get = (ptr: number, len: number) => (new Uint8Array(memory!.buffer, ptr, len).fill(7), 0);
  const instance = new Wasm.Instance(module, { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory as WebAssembly.Memory;
  (instance.exports._initialize as () => void)();
  return instance;
}

describe("Prism's relocated stack", () => {
  const { wasm, stackBottom } = relocateStack(original, STACK);
  it("sits above the module's own memory, which keeps its layout", () => {
    const before = instantiate(original);
    expect(stackBottom).toBe((before.exports.memory as WebAssembly.Memory).buffer.byteLength);
    expect((before.exports.__stack_high as unknown as { value: number }).value).toBeLessThanOrEqual(stackBottom);
  });

  it("is the stack parses use, and an ordinary deep parse leaves its red zone untouched", () => {
    const instance = instantiate(wasm);
    const mem = () => new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer);
    const source = "(".repeat(400) + "1" + ")".repeat(400);
    const result = parsePrism(instance.exports as never, source, {} as never);
    expect(result.errors.length).toBe(0);
    const top = stackBottom + STACK;
    // Frames were written just below the new top...
    expect(mem().subarray(top - 64 * 1024, top).some((b) => b !== 0)).toBe(true);
    // ...and never reached the red zone at the bottom.
    expect(mem().subarray(stackBottom, stackBottom + 64 * 1024).every((b) => b === 0)).toBe(true);
  });
});
