/**
 * The manifest pipeline shared by `resolve` and `render-deployment` (and `env`): each manifest is
 * read as `bosh deploy` reads it — ops files applied, then `((variables))` interpolated
 * (src/manifest) — then releases are matched (final_name, then name, then folder), addons placed
 * (manifest, then runtime configs), and the facts, cloud config and DNS tables read into the
 * resolver's input.
 */
import { InputError } from "../diagnostics/errors.js";
import { placeAddons, type AddonSource } from "../links/addons.js";
import { cloudFromCloudConfig } from "../links/cloud-config.js";
import { checkFacts, cloudFromValue, directorFromValue, dnsFromValue, instancesFromValue, teamsFromValue } from "../links/facts.js";
import { get, getA, getS, isHash, setK } from "../links/rb.js";
import type { CloudFacts, ManifestInput, ResolveInput } from "../links/types.js";
import { MultiVars, StaticVars, VarsStore, interpolate, parseOps, parseVarFlag, parseYaml, toYaml, varsFromEnv, type YamlValue } from "../manifest/index.js";
import { loadReleases, type LoadedReleases, type ReleaseFs } from "../render/releases.js";
import { loadYamlWithPositions } from "../ruby/data/yaml.js";
import { RArray, RHash, type Value } from "../ruby/runtime/values.js";
import { type CommandSpec, type Io, type Parsed, readDataWithPositions, readText, str, strs } from "./shared.js";

/** Options every manifest command takes, named as the bosh CLI names them. */
export const MANIFEST_OPTIONS: CommandSpec["options"] = {
  release: { type: "string", short: "r", multiple: true, arg: "[NAME=]DIR", help: "a release folder (jobs/<job>/spec ...); its name is NAME, else final_name or name in config/final.yml, else the folder name" },
  "skip-release": { type: "string", multiple: true, arg: "NAME", help: "leave out the jobs of a release the manifest names but no --release provides" },
  "ops-file": { type: "string", short: "o", multiple: true, arg: "PATH", help: "apply a go-patch ops file to the manifest, as bosh deploy -o does" },
  var: { type: "string", short: "v", multiple: true, arg: "NAME=VALUE", help: "set a ((variable)) (value read as YAML)" },
  "vars-file": { type: "string", short: "l", multiple: true, arg: "PATH", help: "load ((variables)) from a YAML file" },
  "var-file": { type: "string", multiple: true, arg: "NAME=PATH", help: "set a ((variable)) to a file's content" },
  "vars-env": { type: "string", multiple: true, arg: "PREFIX", help: "load ((variables)) from environment variables PREFIX_name" },
  "vars-store": { type: "string", arg: "PATH", help: "load ((variables)) from, and generate missing ones into, a vars store" },
  "var-errs": { type: "boolean", help: "fail when a ((variable)) is not found (default for rendering; see --allow-unresolved)" },
  "var-errs-unused": { type: "boolean", help: "fail when a given variable is not used" },
  "allow-unresolved": { type: "boolean", help: "render even when ((variables)) remain unresolved (they stay as text)" },
  "cloud-config": { type: "string", arg: "PATH", help: "a cloud config (azs, networks with subnets): network types and IPs as the director assigns them" },
  "runtime-config": { type: "string", multiple: true, arg: "PATH", help: "a runtime config whose addons are placed as the director places them" },
  facts: { type: "string", arg: "PATH", help: "director facts: director, cloud, instances, dns, teams (docs/cli.md)" },
};

export interface DeploymentInput {
  resolve: ResolveInput;
  releases: LoadedReleases;
  /** Every file read (the output folder may not contain any of them). */
  inputs: string[];
  /** Warnings to print (skipped releases...). */
  warnings: string[];
}

/**
 * Reads a manifest as `bosh deploy` sends it to the director: decoded as yaml.v2 decodes it, ops
 * files applied, variables interpolated, and marshalled again (so keys are sorted and scalars
 * normalised exactly as the director receives them). Positions: without ops files every node is
 * mapped back to its line and column in the file as written; with ops files they point into the
 * interpolated manifest, whose name says so.
 */
async function readManifest(io: Io, path: string, v: Parsed["values"], ops: ReturnType<typeof parseOps>, vars: MultiVars): Promise<ManifestInput> {
  const text = await readText(io, path, "manifest");
  const doc = parseYaml(text, path);
  const r = interpolate(doc, { ops, vars, varErrs: false, varErrsUnused: v["var-errs-unused"] === true });
  if (r.missing.length && !v["allow-unresolved"]) {
    throw new InputError(`${path}: ${r.missing.length === 1 ? "variable" : "variables"} not found: ${r.missing.map((m) => `((${m}))`).join(", ")}. Give ${r.missing.length === 1 ? "it" : "them"} with -v NAME=VALUE, -l FILE, --var-file, --vars-env or --vars-store, or pass --allow-unresolved to render them as text`, { filename: path });
  }
  if (ops.length) {
    const filename = `${path} (after ops files)`;
    const src = loadYamlWithPositions(toYaml(r.value), filename);
    return { value: src.value, filename, positionOf: src.positionOf.bind(src) };
  }
  const src = loadYamlWithPositions(toYaml(r.value), path);
  const raw = loadYamlWithPositions(text, path);
  return { value: src.value, filename: path, positionOf: mapPositions(src.value, raw) };
}

/** Positions of `value`'s nodes taken from the same paths in `raw` (the file as written). */
function mapPositions(value: Value, raw: ReturnType<typeof loadYamlWithPositions>): NonNullable<ManifestInput["positionOf"]> {
  const paths = new Map<RHash | RArray, Value[]>();
  const walk = (x: Value, path: Value[]) => {
    if (x instanceof RHash) {
      paths.set(x, path);
      for (const [k, y] of x.entries()) walk(y, [...path, k]);
    } else if (x instanceof RArray) {
      paths.set(x, path);
      x.a.forEach((y, i) => walk(y, [...path, i]));
    }
  };
  walk(value, []);
  return (container, key) => {
    const path = paths.get(container);
    if (!path) return null;
    let cur: Value | undefined = raw.value;
    for (const step of path) {
      if (cur instanceof RHash && typeof step !== "number") cur = cur.lookup(step);
      else if (cur instanceof RArray && typeof step === "number") cur = cur.a[step];
      else return null;
    }
    if (!(cur instanceof RHash || cur instanceof RArray)) return null;
    return raw.positionOf(cur, key);
  };
}

async function varsFromFlags(io: Io, v: Parsed["values"]): Promise<MultiVars> {
  const st = new StaticVars();
  for (const prefix of strs(v["vars-env"])) for (const [k, x] of varsFromEnv(prefix, io.env ?? process.env)) st.values.set(k, x);
  for (const f of strs(v["vars-file"])) {
    const text = await readText(io, f, "vars file");
    const doc = parseYaml(text, f);
    if (doc !== null && !(typeof doc === "object" && "entries" in doc)) throw new InputError(`${f}: a vars file must be a YAML mapping`, { filename: f });
    if (doc) for (const [k, x] of (doc as { entries(): [YamlValue, YamlValue][] }).entries()) st.values.set(String(k), x);
  }
  for (const a of strs(v["var-file"])) {
    const i = a.indexOf("=");
    if (i <= 0) throw new InputError(`--var-file ${a}: expected NAME=PATH`);
    st.values.set(a.slice(0, i), await readText(io, a.slice(i + 1), "variable file"));
  }
  for (const a of strs(v.var)) {
    if (!a.includes("=")) throw new InputError(`-v ${a}: expected NAME=VALUE`);
    const [k, x] = parseVarFlag(a);
    st.values.set(k, x);
  }
  const store = str(v["vars-store"]);
  return new MultiVars(store ? [st, new VarsStore(store)] : [st]);
}

async function opsFromFlags(io: Io, v: Parsed["values"]) {
  const ops: ReturnType<typeof parseOps> = [];
  for (const f of strs(v["ops-file"])) {
    const doc = parseYaml(await readText(io, f, "ops file"), f);
    ops.push(...parseOps(doc, (i) => `operation [${i}] in ${f} failed`));
  }
  return ops;
}

/** Release names a manifest (or runtime config) uses: its `releases:` list and every job's `release`. */
function releasesNamed(value: Value): string[] {
  const names = new Set<string>();
  for (const r of getA(value, "releases")) {
    const n = getS(r, "name");
    if (n !== undefined) names.add(n);
  }
  for (const ig of getA(value, "instance_groups")) for (const j of getA(ig, "jobs")) if (getS(j, "release") !== undefined) names.add(getS(j, "release")!);
  for (const a of getA(value, "addons")) for (const j of getA(a, "jobs")) if (getS(j, "release") !== undefined) names.add(getS(j, "release")!);
  return [...names];
}

/** Drops the jobs (and addon jobs) of skipped releases and their `releases:` entries, in place. */
function withoutReleases(value: Value, skip: Set<string>): Value {
  if (!isHash(value) || skip.size === 0) return value;
  const prune = (list: Value | undefined, key: string) => {
    if (list instanceof RArray) list.a = list.a.filter((x) => !skip.has(getS(x, key) ?? ""));
  };
  prune(get(value, "releases"), "name");
  for (const ig of getA(value, "instance_groups")) prune(get(ig, "jobs"), "release");
  for (const a of getA(value, "addons")) prune(get(a, "jobs"), "release");
  return value;
}

/** Reads everything a manifest command needs. `specsOnly`: resolve needs no templates. */
export async function loadDeploymentInput(io: Io, manifests: string[], v: Parsed["values"], specsOnly: boolean): Promise<DeploymentInput> {
  const fs: ReleaseFs | undefined = io.readFile && io.readdir ? { readFile: io.readFile, readdir: io.readdir } : undefined;
  const releaseArgs = strs(v.release);
  const releases = await loadReleases(releaseArgs, { fs, specsOnly });
  const inputs = [...releaseArgs.map((r) => (r.indexOf("=") > 0 ? r.slice(r.indexOf("=") + 1) : r)), ...manifests];
  const warnings: string[] = [];
  const ops = await opsFromFlags(io, v);
  const vars = await varsFromFlags(io, v);
  inputs.push(...strs(v["ops-file"]), ...strs(v["vars-file"]));

  // facts, cloud config, runtime configs
  let facts: Value = null;
  const factsFile = str(v.facts);
  if (factsFile) {
    const f = await readDataWithPositions(io, factsFile, "facts file");
    checkFacts(f.value, factsFile, f.positionOf);
    facts = f.value;
    inputs.push(factsFile);
  }
  let cloud: CloudFacts | undefined = cloudFromValue(get(facts, "cloud"));
  const cc = str(v["cloud-config"]);
  if (cc) {
    const c = await readDataWithPositions(io, cc, "cloud config");
    cloud = cloudFromCloudConfig(c.value, cc, c.positionOf);
    inputs.push(cc);
  }
  const runtime: AddonSource[] = [];
  const runtimeReleases: string[] = [];
  for (const rc of strs(v["runtime-config"])) {
    const r = await readDataWithPositions(io, rc, "runtime config");
    if (r.value !== null && !isHash(r.value)) throw new InputError(`${rc}: a runtime config must be a mapping (releases, addons)`, { filename: rc });
    runtimeReleases.push(...releasesNamed(r.value));
    runtime.push({ addons: get(r.value, "addons"), level: "runtime", filename: rc, positionOf: r.positionOf });
    inputs.push(rc);
  }

  // manifests
  const skip = new Set(strs(v["skip-release"]));
  const given = new Set(releases.inputs.map((r) => r.name));
  for (const s of skip) if (given.has(s)) throw new InputError(`--skip-release ${s}: release '${s}' is also given with --release`);
  const manifestInputs: ManifestInput[] = [];
  for (const m of manifests) {
    const src = await readManifest(io, m, v, ops, vars);
    const filename = src.filename!;
    const named = [...new Set([...releasesNamed(src.value), ...runtimeReleases])];
    const missing = named.filter((n) => !given.has(n) && !skip.has(n));
    if (missing.length) {
      throw new InputError(
        `${m}: the manifest uses release${missing.length > 1 ? "s" : ""} ${missing.map((n) => `'${n}'`).join(", ")} but no --release provides ${missing.length > 1 ? "them" : "it"} (given: ${[...given].map((n) => `'${n}'`).join(", ") || "none"}). Pass --release DIR for ${missing.length > 1 ? "each" : "it"}, or --skip-release NAME to leave its jobs out`,
        { filename: m },
      );
    }
    for (const s of skip) if (named.includes(s)) warnings.push(`${m}: jobs of release '${s}' left out (--skip-release)`);
    const pruned = withoutReleases(src.value, skip);
    const placed = placeAddons(
      pruned,
      [{ addons: get(pruned, "addons"), level: "deployment", filename, positionOf: src.positionOf }, ...runtime.map((r) => ({ ...r, addons: pruneAddonJobs(r.addons, skip) }))],
      teamsFromValue(get(facts, "teams")),
    );
    manifestInputs.push({ value: placed, filename, positionOf: src.positionOf });
  }
  return {
    resolve: {
      manifests: manifestInputs,
      releases: releases.inputs,
      director: directorFromValue(get(facts, "director")),
      cloud,
      instances: instancesFromValue(get(facts, "instances")),
      dns: dnsFromValue(get(facts, "dns")),
    },
    releases,
    inputs,
    warnings,
  };
}

function pruneAddonJobs(addons: Value | undefined, skip: Set<string>): Value | undefined {
  if (!(addons instanceof RArray) || skip.size === 0) return addons;
  const wrapped = new RHash();
  setK(wrapped, "addons", addons);
  return get(withoutReleases(wrapped, skip), "addons");
}
