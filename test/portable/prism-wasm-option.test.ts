/**
 * createEngine({ prismWasm }): what a caller gives is checked, and a bad one is an InputError, never a
 * raw WebAssembly or fetch error. This file's first createEngine is the process's first parser load
 * (vitest runs each file with its own modules), so the option is really read.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";

describe("createEngine({ prismWasm })", () => {
  it("bytes that are not WebAssembly are an InputError", async () => {
    await expect(createEngine({ prismWasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) })).rejects.toThrow(InputError);
    await expect(createEngine({ prismWasm: new TextEncoder().encode("<html>not found</html>") })).rejects.toThrow(/prism\.wasm is not the WebAssembly of @ruby\/prism/);
  });

  it("a URL that cannot be fetched is an InputError naming it", async () => {
    await expect(createEngine({ prismWasm: new URL("http://127.0.0.1:9/prism.wasm") })).rejects.toThrow(/cannot load prism\.wasm from http:\/\/127\.0\.0\.1:9\/prism\.wasm/);
  });

  it("after a failed load, the real bytes load and render", async () => {
    const bytes = readFileSync(createRequire(import.meta.url).resolve("@ruby/prism/src/prism.wasm"));
    const engine = await createEngine({ prismWasm: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
    expect(engine.render("<%= 6 * 7 %>", {})).toBe("42");
  });
});
