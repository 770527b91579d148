/**
 * Replays ../shared/corpus through linkplate/testing.
 *
 *   npx tsx tools/testing-replay.ts [RELEASE...]
 *
 * Every case whose context has exactly the shape Ruby's `Bosh::Template::Test::Template#render`
 * builds is rebuilt from its parts (manifest properties, an InstanceSpec, Links) and rendered with
 * `template.render(...)`; the rebuilt context must equal the recorded one key for key (same order,
 * same value kinds) and the render must give the recorded output or error (a spec given as a Hash,
 * as several RSpec suites do, counts: Ruby merges `spec.to_h`). Every other case
 * without a DNS encoder (hand-built contexts) is rendered with `template.renderWith(context)`.
 * Exit status 1 when any replay differs.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TemplateRenderError } from "../src/diagnostics/errors.js";
import { RArray, RHash, RString, type Value, hashKeyOf } from "../src/ruby/runtime/values.js";
import { InstanceSpec, Link, LinkInstance, ReleaseDir, type Template } from "../src/testing/index.js";
import { CORPUS, type CorpusCase, casesOf, releases } from "./corpus-cases.js";

const CONTEXT_KEYS = ["properties", "address", "az", "bootstrap", "deployment", "id", "index", "ip", "name", "networks", "job", "links"];
const LINK_KEYS = ["instances", "name", "properties", "address"];
const LINK_INSTANCE_KEYS = ["name", "id", "index", "az", "address", "bootstrap"];

function hasKeys(v: Value | undefined, keys: string[]): v is RHash {
  return v instanceof RHash && [...v.entries()].map(([k]) => (k instanceof RString ? k.s : "\0")).join(",") === keys.join(",");
}
function get(h: RHash, k: string): Value {
  return h.getStr(k) ?? null;
}

interface Inputs {
  properties: RHash;
  spec: InstanceSpec | RHash;
  consumes: Link[];
}

/** The helper inputs a context was built from, or why it is not Template#render's shape. */
export function inputsOf(ctx: Value): Inputs | { notShape: string } {
  if (!(ctx instanceof RHash)) return { notShape: "not a Hash" };
  const keys = [...ctx.entries()].map(([k]) => k);
  if (!(keys[0] instanceof RString) || keys[0].s !== "properties" || !(keys.at(-1) instanceof RString) || (keys.at(-1) as RString).s !== "links") {
    return { notShape: "not properties, <spec>, links" };
  }
  // A spec given as a Hash (Ruby calls to_h on it): its keys sit between properties and links.
  let specHash: RHash | null = null;
  const instanceSpecShape = hasKeys(ctx as Value, CONTEXT_KEYS);
  if (!instanceSpecShape) {
    specHash = new RHash();
    for (const [k, v] of ctx.entries()) if (!(k instanceof RString && (k.s === "properties" || k.s === "links"))) specHash.set(k, v);
  } else {
    const job = get(ctx, "job");
    if (!hasKeys(job, ["name"]) || hashKeyOf(get(job, "name")) !== hashKeyOf(get(ctx, "name"))) return { notShape: "job is not {name: <instance name>}" };
  }
  const links = get(ctx, "links");
  if (!(links instanceof RHash)) return { notShape: "links is not a Hash" };
  const consumes: Link[] = [];
  for (const [k, l] of links.entries()) {
    if (!hasKeys(l, LINK_KEYS)) return { notShape: "other link keys" };
    const name = get(l, "name");
    if (!(name instanceof RString) || !(k instanceof RString) || k.s !== name.s) return { notShape: "link key differs from its name" };
    const instances = get(l, "instances");
    if (!(instances instanceof RArray)) return { notShape: "link instances not an Array" };
    const built: LinkInstance[] = [];
    for (const i of instances.a) {
      if (!hasKeys(i, LINK_INSTANCE_KEYS)) return { notShape: "other link instance keys" };
      built.push(new LinkInstance({ name: get(i, "name"), id: get(i, "id"), index: get(i, "index"), az: get(i, "az"), address: get(i, "address"), bootstrap: get(i, "bootstrap") }));
    }
    consumes.push(new Link({ name: name.s, instances: built, properties: get(l, "properties"), address: get(l, "address") }));
  }
  const properties = get(ctx, "properties");
  if (!(properties instanceof RHash)) return { notShape: "properties is not a Hash" };
  const spec = specHash ?? new InstanceSpec({
    address: get(ctx, "address"),
    az: get(ctx, "az"),
    bootstrap: get(ctx, "bootstrap"),
    deployment: get(ctx, "deployment"),
    id: get(ctx, "id"),
    index: get(ctx, "index"),
    ip: get(ctx, "ip"),
    name: get(ctx, "name"),
    networks: get(ctx, "networks"),
  });
  return { properties, spec, consumes };
}

/** The kit's Template for a case's file: by rendered path (as Ruby's Job#template) or the monit file. */
export function templateOf(release: ReleaseDir, c: CorpusCase): Template | null {
  const job = release.job(c.job);
  if (c.template === `jobs/${c.job}/monit`) return job.monit();
  const dst = job.spec.templates.get(c.template.slice(`jobs/${c.job}/templates/`.length));
  if (dst === undefined) return null;
  const t = job.template(dst);
  // Ruby picks the first template with that rendered path; another one is not reachable this way.
  return t.path === join(release.path, c.template) ? t : null;
}

/** Whether a render gave what the case recorded; a description of the difference otherwise. */
export function compare(c: CorpusCase, run: () => string): string | null {
  let output: string;
  try {
    output = run();
  } catch (e) {
    if (c.expected.error && e instanceof TemplateRenderError && e.rubyClass === c.expected.error.class && e.rubyMessage === c.expected.error.message) return null;
    return `${c.id}: ${c.expected.error ? `expected ${c.expected.error.class}: ${c.expected.error.message}, ` : ""}got ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
  if (c.expected.error) return `${c.id}: expected ${c.expected.error.class}: ${c.expected.error.message}, got output`;
  if (!c.nondeterministic && output !== c.expected.output) return `${c.id}: output differs`;
  return null;
}

export interface ReplayResult {
  cases: number;
  /** Rebuilt from (properties, InstanceSpec, Links) and rendered with template.render. */
  rendered: number;
  /** Hand-built contexts rendered with template.renderWith. */
  renderedWith: number;
  /** Not replayable: a DNS encoder (the helpers have none), or a template not reachable by rendered path. */
  other: Map<string, number>;
  failures: string[];
}

export async function replayRelease(name: string): Promise<ReplayResult> {
  const release = await ReleaseDir.open(join(CORPUS, name));
  const res: ReplayResult = { cases: 0, rendered: 0, renderedWith: 0, other: new Map(), failures: [] };
  const other = (why: string) => res.other.set(why, (res.other.get(why) ?? 0) + 1);
  for (const c of casesOf(name)) {
    res.cases++;
    if (c.dns !== null) {
      other("has a DNS encoder");
      continue;
    }
    const template = templateOf(release, c);
    if (!template) {
      other("template not reachable by its rendered path");
      continue;
    }
    const inputs = inputsOf(c.context);
    if ("notShape" in inputs || hashKeyOf(template.context(inputs.properties, inputs)) !== hashKeyOf(c.context)) {
      res.renderedWith++;
      const f = compare(c, () => template.renderWith(c.context));
      if (f) res.failures.push(f);
      continue;
    }
    res.rendered++;
    const f = compare(c, () => template.render(inputs.properties, { spec: inputs.spec, consumes: inputs.consumes }));
    if (f) res.failures.push(f);
  }
  return res;
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  let cases = 0;
  let rendered = 0;
  let renderedWith = 0;
  let failed = 0;
  for (const name of names.length ? names : releases()) {
    const r = await replayRelease(name);
    cases += r.cases;
    rendered += r.rendered;
    renderedWith += r.renderedWith;
    failed += r.failures.length;
    const other = [...r.other].map(([k, v]) => `${v} ${k}`).join(", ");
    console.log(`${name.padEnd(24)} ${String(r.cases).padStart(4)} cases: ${r.rendered} render, ${r.renderedWith} renderWith${other ? `, ${other}` : ""}${r.failures.length ? `, ${r.failures.length} DIFFER` : ""}`);
    for (const f of r.failures) console.log(`  ${f}`);
  }
  console.log(`testing replay: ${rendered} cases of Template#render's shape rebuilt and identical, ${renderedWith} hand-built contexts identical via renderWith, ${failed} differ, of ${cases} cases`);
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
