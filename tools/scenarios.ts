/**
 * Link scenario runner: `npm run scenarios [-- DIR...]` runs every `*.yml` scenario (format in
 * ../shared/design/link-scenarios/README.md), prints one line per failing scenario with its first
 * difference and ends with `scenarios: X/Y passed`. Exit status 0 whenever it ran.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadYaml } from "../src/ruby/data/yaml.js";
import { RArray, RHash, RString, str, type Value } from "../src/ruby/runtime/values.js";
import { linkAddress } from "../src/links/address.js";
import { cloudFromValue, dnsFromValue, directorFromValue, instancesFromValue, releasesFromValue } from "../src/links/facts.js";
import { get, getA, getH, getS, has, show } from "../src/links/rb.js";
import { resolveDeployment } from "../src/links/resolver.js";
import { templateView } from "../src/links/graph.js";
import { emptyDnsTables } from "../src/links/dns.js";

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCENARIO_DIR = resolve(here, "..", "..", "shared", "design", "link-scenarios");

export interface ScenarioResult {
  file: string;
  name: string;
  ok: boolean;
  /** First difference (empty when ok). */
  diff: string;
}

/** First difference between two plain data values (map key order ignored, list order kept). */
export function firstDiff(expected: Value | undefined, actual: Value | undefined, path = ""): string | null {
  const at = path || "/";
  if (expected === undefined && actual === undefined) return null;
  if (expected === undefined) return `${at}: unexpected ${show(actual)}`;
  if (actual === undefined) return `${at}: missing, expected ${show(expected)}`;
  if (expected instanceof RHash && actual instanceof RHash) {
    for (const [k, v] of expected.entries()) {
      const d = firstDiff(v, actual.lookup(k), `${path}/${k instanceof RString ? k.s : show(k)}`);
      if (d) return d;
    }
    for (const [k, v] of actual.entries()) if (!expected.has(k)) return `${path}/${k instanceof RString ? k.s : show(k)}: unexpected ${show(v)}`;
    return null;
  }
  if (expected instanceof RArray && actual instanceof RArray) {
    for (let i = 0; i < Math.max(expected.a.length, actual.a.length); i++) {
      const d = firstDiff(expected.a[i], actual.a[i], `${path}/${i}`);
      if (d) return d;
    }
    return null;
  }
  const same =
    (expected instanceof RString && actual instanceof RString && expected.s === actual.s) ||
    (!(expected instanceof RString) && !(expected instanceof RHash) && !(expected instanceof RArray) && show(expected) === show(actual) && typeof expected === typeof actual) ||
    expected === actual;
  return same ? null : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

function textDiff(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split("\n").length;
  return `error text differs at line ${line}: expected ${JSON.stringify(expected.split("\n")[line - 1] ?? "")}, got ${JSON.stringify(actual.split("\n")[line - 1] ?? "")}`;
}

export function runScenarioFile(file: string): ScenarioResult {
  const text = readFileSync(file, "utf8");
  const sc = loadYaml(text, file);
  const name = getS(sc, "name") ?? file;
  const fail = (diff: string): ScenarioResult => ({ file, name, ok: false, diff });
  const dns = dnsFromValue(get(sc, "dns"));
  const res = resolveDeployment({
    manifests: getA(sc, "manifests"),
    releases: releasesFromValue(get(sc, "releases")),
    director: directorFromValue(get(sc, "director")),
    cloud: cloudFromValue(get(sc, "cloud")),
    instances: instancesFromValue(get(sc, "instances")),
    dns,
  });
  const expect = getH(sc, "expect");
  const expDeps = getH(expect, "deployments") ?? new RHash();
  for (const [k, exp] of expDeps.entries()) {
    const depName = (k as RString).s;
    const out = res.deployments.find((d) => d.name === depName);
    if (!out) return fail(`deployment '${depName}': not resolved`);
    if (has(exp, "error")) {
      const want = getS(exp, "error") ?? "";
      if (!out.error) return fail(`deployment '${depName}': expected error ${JSON.stringify(want.split("\n")[0])}, got links`);
      if (out.error.message !== want) return fail(`deployment '${depName}': ${textDiff(want, out.error.message)}`);
    } else {
      if (out.error) return fail(`deployment '${depName}': unexpected error ${JSON.stringify(out.error.message.split("\n").slice(0, 3).join("\\n"))}`);
      const d = firstDiff(get(exp, "links"), out.graph!.links(), "");
      if (d) return fail(`deployment '${depName}': links${d}`);
      // The template view: what contextFor hands the renderer for each consuming job.
      for (const [ig, jobs] of (getH(exp, "links") ?? new RHash()).entries()) {
        const group = out.graph!.data.instanceGroups.find((g) => g.name === (ig as RString).s);
        if (!group?.instances.length) continue;
        for (const [job, links] of (jobs as RHash).entries()) {
          const ctx = out.graph!.contextFor(group.name, group.instances[0].index, (job as RString).s);
          const want = new RHash();
          for (const [k, l] of (links as RHash).entries()) want.set(k, templateView(l));
          const dv = firstDiff(want, ctx.lookup(str("links")), "");
          if (dv) return fail(`deployment '${depName}': contextFor(${group.name}, ${(job as RString).s}).links${dv}`);
        }
      }
    }
    const wantWarnings = has(exp, "warnings") ? get(exp, "warnings")! : new RArray();
    const d = firstDiff(wantWarnings, new RArray(out.warnings.map((w) => str(w))), "");
    if (d) return fail(`deployment '${depName}': warnings${d}`);
  }
  const queries = getA(expect, "address_queries");
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i];
    const depName = getS(q, "deployment") ?? "";
    const graph = res.deployments.find((d) => d.name === depName)?.graph;
    const link = getH(getH(getH(graph?.links(), getS(q, "instance_group") ?? ""), getS(q, "job") ?? ""), getS(q, "link") ?? "");
    if (!link) return fail(`address_queries[${i}]: link not resolved`);
    let result: Value;
    let error: string | null = null;
    try {
      result = linkAddress(templateView(link) as RHash, getH(q, "criteria") ?? new RHash(), dns ?? emptyDnsTables());
    } catch (e) {
      error = (e as Error).message;
      result = null;
    }
    if (has(q, "error")) {
      if (error !== getS(q, "error")) return fail(`address_queries[${i}]: expected error ${JSON.stringify(getS(q, "error"))}, got ${error === null ? show(result) : JSON.stringify(error)}`);
    } else {
      if (error !== null) return fail(`address_queries[${i}]: unexpected error ${JSON.stringify(error)}`);
      const d = firstDiff(get(q, "result") ?? null, result, "");
      if (d) return fail(`address_queries[${i}]: ${d}`);
    }
  }
  return { file, name, ok: true, diff: "" };
}

function scenarioFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`no such directory: ${dir}`);
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));
}

export function runScenarios(dirs: string[]): { lines: string[]; passed: number; total: number } {
  const files = (dirs.length ? dirs : [DEFAULT_SCENARIO_DIR]).flatMap(scenarioFiles);
  const lines: string[] = [];
  let passed = 0;
  for (const f of files) {
    let r: ScenarioResult;
    try {
      r = runScenarioFile(f);
    } catch (e) {
      r = { file: f, name: f, ok: false, diff: `crashed: ${(e as Error).message.split("\n")[0]}` };
    }
    if (r.ok) passed++;
    else lines.push(`FAIL ${r.name}: ${r.diff}`);
  }
  lines.push(`scenarios: ${passed}/${files.length} passed`);
  return { lines, passed, total: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { lines } = runScenarios(process.argv.slice(2).filter((a) => a !== "--"));
    for (const l of lines) console.log(l);
  } catch (e) {
    console.error(`scenarios: ${(e as Error).message}`);
    process.exit(2);
  }
}
