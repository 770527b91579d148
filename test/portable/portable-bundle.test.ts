/**
 * The portable entry (the package's `browser` condition) bundles for browsers: esbuild with
 * platform "browser" must resolve every import without a Node built-in, and the bundle, minified
 * as a user's bundler would, must still compile and render (no reliance on class or function names).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";

const ROOT = resolve(import.meta.dirname, "../..");

describe("src/portable.ts as a browser bundle", () => {
  it("imports no Node built-in module", async () => {
    const result = await build({ entryPoints: [join(ROOT, "src/portable.ts")], bundle: true, format: "esm", platform: "browser", write: false, metafile: true, logLevel: "silent", outdir: "out" });
    const imported = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imported.filter((p) => p.startsWith("node:") || ["fs", "path", "os", "crypto", "zlib", "vm", "worker_threads", "module", "url", "child_process"].includes(p))).toEqual([]);
    // node-builtins.ts reaches Node through process.getBuiltinModule; nothing else may name Node.
    const sources = Object.keys(result.metafile.inputs).filter((p) => p.startsWith("src/"));
    expect(sources).toContain("src/ruby/host/node-builtins.ts");
    // The file system stays behind the Node entry (worker isolation is reached only through createEngine).
    expect(sources.filter((p) => /^src\/(cli|render|manifest|lint|testing)\//.test(p))).toEqual([]);
  });

  it("minified, compiles and renders as the sources do, errors keeping their names", async () => {
    const outDir = join(ROOT, "node_modules", ".cache", "linkplate-portable");
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, "portable.min.mjs");
    await build({ entryPoints: [join(ROOT, "src/portable.ts")], bundle: true, format: "esm", platform: "browser", minify: true, outfile, logLevel: "silent" });
    const bundle = (await import(pathToFileURL(outfile).href)) as typeof import("../../src/portable.js");
    const prismWasm = readFileSync(createRequire(import.meta.url).resolve("@ruby/prism/src/prism.wasm"));
    const minified = await bundle.createEngine({ prismWasm });
    const sources = await createEngine();
    const template = [
      "<% db = link('db') -%>",
      "<% db.instances.each_with_index do |i, n| -%>",
      "<%= n %>: <%= i.address %> <%= i.bootstrap ? 'first' : '' %>",
      "<% end -%>",
      "<%= { 'port' => p('port'), 'tags' => p('tags').map(&:upcase), 'ratio' => 1.0 / 3 }.to_yaml %>",
      "<%= require 'digest'; Digest::SHA256.hexdigest(p('port').to_s) %> <%= format('%05.1f|%-4s|%x', 3.14159, 'ab', 255) %>",
      "<% if_p('missing') do |m| %><%= m %><% end.else do %>no missing<% end %>",
    ].join("\n");
    const context = { properties: { port: 8080, tags: ["a", "b"] }, links: { db: { instances: [{ name: "db", index: 0, id: "x", az: "z1", address: "10.0.0.1", bootstrap: true }] } } };
    const expected = sources.render(template, context);
    expect(expected).toContain("port: 8080");
    expect(minified.render(template, context)).toBe(expected);
    let error: unknown = null;
    try {
      minified.render("<%= p('nope') %>", { properties: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(bundle.TemplateRenderError);
    expect((error as Error).name).toBe("TemplateRenderError");
    expect([new bundle.LinkplateError("x").name, new bundle.InputError("x").name]).toEqual(["LinkplateError", "InputError"]);
  });
});
