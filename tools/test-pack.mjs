// `npm run test:pack`: the package as a user gets it. Packs the project (prepack builds it), installs
// the tarball into an empty folder, and uses it from there: the API (ESM import and CommonJS
// require), `linkplate/testing`, and the `linkplate` bin. Prints `test:pack: N/N checks passed` and
// exits 1 when any check fails. Plain JS on purpose (no TypeScript loader); esbuild, which the dev
// tools bring, plays the part of a user's bundler.
import { buildSync } from "esbuild";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "linkplate-pack-"));
const results = [];

function check(name, fn) {
  try {
    const detail = fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name}${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n      ${String(e.stderr || e.message || e).trim().replace(/\n/g, "\n      ")}`);
  }
}

/** Runs a command in the consumer folder; throws with its output when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? join(work, "consumer"), encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

try {
  // 1. Pack (runs prepack: the TypeScript build) and list what the tarball holds.
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  check("tarball holds LICENSE, README, docs, schema, dist and the bin", () => {
    for (const f of ["LICENSE", "README.md", "docs/quick-start.md", "schema/link-graph.schema.json", "dist/index.js", "dist/index.d.ts", "dist/portable.js", "dist/ruby/parse/prism.wasm", "dist/testing/index.js", "dist/cli/main.js"]) {
      if (!files.includes(f)) throw new Error(`missing ${f}`);
    }
    return `${files.length} files, ${(packed[0].size / 1024).toFixed(0)} KiB packed`;
  });
  check("tarball holds no source maps, sources or tests", () => {
    const bad = files.filter((f) => f.endsWith(".map") || f.startsWith("src/") || f.startsWith("test/") || f.endsWith(".test.js"));
    if (bad.length) throw new Error(`unexpected: ${bad.slice(0, 5).join(", ")}`);
  });

  // 2. Install into an empty project, as a user would.
  mkdirSync(join(work, "consumer"));
  writeFileSync(join(work, "consumer", "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball]);

  // A small release for the bin and the testing kit.
  const job = join(work, "release", "jobs", "web");
  mkdirSync(join(job, "templates"), { recursive: true });
  writeFileSync(join(job, "spec"), "---\nname: web\ntemplates:\n  config.yml.erb: config/config.yml\nproperties:\n  port:\n    default: 8080\n  name:\n    description: a name\n");
  writeFileSync(join(job, "monit"), "");
  writeFileSync(join(job, "templates", "config.yml.erb"), "port: <%= p('port') %>\nname: <%= p('name', 'none') %>\n");

  check("ESM: import { createEngine } from 'linkplate' renders", () => {
    writeFileSync(join(work, "consumer", "esm.mjs"), `import { createEngine, LinkplateError } from "linkplate";
const engine = await createEngine();
process.stdout.write(engine.render("port: <%= p('port') %>", { properties: { port: 8080 } }));
try { engine.render("<%= p('nope') %>", {}); } catch (e) { process.stdout.write(" " + (e instanceof LinkplateError)); }
`);
    expectEqual(run("node", ["esm.mjs"]), "port: 8080 true", "output");
  });
  check("CommonJS: require('linkplate') (require(esm), Node >= 20.19)", () => {
    writeFileSync(join(work, "consumer", "cjs.cjs"), `const { createEngine } = require("linkplate");
createEngine().then((engine) => process.stdout.write(engine.render("<%= [1, 2].sum %>", {})));
`);
    expectEqual(run("node", ["cjs.cjs"]), "3", "output");
  });
  check("linkplate/testing: ReleaseDir renders a job template with spec defaults", () => {
    writeFileSync(join(work, "consumer", "kit.mjs"), `import { ReleaseDir } from "linkplate/testing";
const release = await ReleaseDir.open(${JSON.stringify(join(work, "release"))});
process.stdout.write(release.job("web").template("config/config.yml").render({ name: "shop" }));
`);
    expectEqual(run("node", ["kit.mjs"]), "port: 8080\nname: shop\n", "output");
  });
  check("types: an ESM TypeScript consumer type-checks against the declarations (tsc, nodenext)", () => {
    writeFileSync(join(work, "consumer", "typed.mts"), `import { createEngine, type RenderOptions, TemplateRenderError } from "linkplate";
import { ReleaseDir } from "linkplate/testing";
const engine = await createEngine();
const options: RenderOptions = { dns: null };
const out: string = engine.compile("x", { filename: "x.erb" }).render({}, options);
const e: unknown = null;
if (e instanceof TemplateRenderError) console.log(e.rubyClass, e.line);
const release: ReleaseDir = await ReleaseDir.open(".");
console.log(out, release.path);
`);
    // linkplate/testing's property helpers take fast-check types: it is an optional peer dependency,
    // installed by the users of those helpers (the other helpers do not need it at run time).
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "fast-check@^4"]);
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    run("node", [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "false", "--types", "node", "--typeRoots", join(root, "node_modules", "@types"), "typed.mts"]);
  });
  check("browser: a bundler resolves 'linkplate' to the portable build, with no Node module", () => {
    writeFileSync(join(work, "consumer", "page.mjs"), `import { createEngine } from "linkplate";\nexport const engine = createEngine();\n`);
    const r = buildSync({ absWorkingDir: join(work, "consumer"), entryPoints: ["page.mjs"], bundle: true, format: "esm", platform: "browser", minify: true, write: false, metafile: true, logLevel: "silent", outdir: "out" });
    const inputs = Object.keys(r.metafile.inputs);
    if (!inputs.includes("node_modules/linkplate/dist/portable.js") || inputs.includes("node_modules/linkplate/dist/index.js")) throw new Error(`bundled ${inputs.filter((i) => i.includes("linkplate/dist/")).slice(0, 3).join(", ")}`);
    const nodeImports = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path)).filter((x) => x.startsWith("node:"));
    if (nodeImports.length) throw new Error(`imports ${nodeImports.join(", ")}`);
    return `${(r.outputFiles[0].contents.length / 1024).toFixed(0)} KiB minified, prism.wasm beside dist/ruby/parse/prism.js`;
  });
  check("bin: npx linkplate --version", () => {
    const v = run("npx", ["--no-install", "linkplate", "--version"]).trim();
    const want = packed[0].version;
    if (!v.includes(want)) throw new Error(`printed ${JSON.stringify(v)}, expected the version ${want}`);
    return v;
  });
  check("bin: npx linkplate render-job writes the job's files", () => {
    const out = join(work, "rendered");
    run("npx", ["--no-install", "linkplate", "render-job", job, "--out", out]);
    const text = spawnSync("cat", [join(out, "config", "config.yml")], { encoding: "utf8" }).stdout;
    expectEqual(text, "port: 8080\nname: none\n", "config/config.yml");
  });
  check("bin: a user error exits 1 with a positioned message, no stack", () => {
    writeFileSync(join(work, "bad.erb"), "<%= p('x') %>\n");
    writeFileSync(join(work, "ctx.json"), "{}");
    const r = spawnSync("npx", ["--no-install", "linkplate", "render", join(work, "bad.erb"), "--context", join(work, "ctx.json")], { cwd: join(work, "consumer"), encoding: "utf8" });
    if (r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
    if (!r.stderr.includes("bad.erb:1:") || /\n\s+at /.test(r.stderr)) throw new Error(`stderr: ${r.stderr}`);
  });
} catch (e) {
  results.push({ name: "pack and install", ok: false });
  console.log(`FAIL  pack and install\n      ${String(e.stderr || e.message || e).trim()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
console.log(`test:pack: ${passed}/${results.length} checks passed`);
process.exit(passed === results.length ? 0 : 1);
