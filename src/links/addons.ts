/**
 * Addons placed as the director places them (bosh-director `Addon::Addon` and `Addon::Filter`):
 * an addon's jobs are appended to every instance group its `include` filter accepts and its
 * `exclude` filter does not. Within one filter every criterion given must hold (lifecycle, azs,
 * teams, stemcell, networks, deployments, jobs, instance_groups); an `include` with no criteria
 * accepts everything, an `exclude` with none rejects nothing. Deployment-level addons (the
 * manifest's own `addons:`) may not filter on deployments and ignore teams.
 *
 * Addon jobs take their properties from the addon job, else from the addon's `properties`, never
 * from the manifest's global or instance-group properties. Manifest addons are placed first, then
 * runtime configs in the order given.
 */
import { InputError, type SourcePosition } from "../diagnostics/errors.js";
import { RArray, RHash, str, type Value } from "../ruby/runtime/values.js";
import { deepCopy, get, getA, getS, has, isHash, isStr, rubyClassName, setK } from "./rb.js";

export type AddonLevel = "deployment" | "runtime";

export interface AddonSource {
  /** The `addons:` list (a manifest's or a runtime config's). */
  addons: Value | undefined;
  level: AddonLevel;
  filename?: string;
  positionOf?: (container: RHash | RArray, key?: Value | number) => SourcePosition | null;
}

interface Filter {
  jobs: Array<{ name: string; release: string }>;
  instanceGroups: string[];
  deployments: string[];
  stemcells: string[];
  networks: string[];
  teams: string[];
  azs: string[];
  lifecycle: string;
  type: "include" | "exclude";
}

const strings = (v: Value[]): string[] => v.map((x) => (isStr(x) ? x.s : String(x)));

function parseFilter(v: Value | undefined, type: "include" | "exclude", src: AddonSource, err: (m: string, c?: Value, k?: Value) => InputError): Filter {
  const f: Filter = { jobs: [], instanceGroups: [], deployments: [], stemcells: [], networks: [], teams: [], azs: [], lifecycle: "", type };
  if (v === undefined || v === null) return f;
  if (!isHash(v)) throw err(`Addon '${type}' must be a Hash, got ${rubyClassName(v)}`);
  const list = (key: string): Value[] => {
    const x = get(v, key);
    if (x === undefined || x === null) return [];
    if (!(x instanceof RArray)) throw err(`Property '${key}' value (${JSON.stringify(String(x))}) did not match the required type 'Array'`, v, str(key));
    return x.a;
  };
  f.deployments = strings(list("deployments"));
  if (src.level === "deployment" && f.deployments.length) throw err("Deployment filter is not allowed for deployment level addons.", v, str("deployments"));
  for (const j of list("jobs")) {
    const name = getS(j, "name") ?? "";
    const release = getS(j, "release") ?? "";
    if (!name || !release) throw err(`Job ${isHash(j) ? `{"name" => "${name}", "release" => "${release}"}` : String(j)} in ${src.level} config's ${type} section must have both name and release.`, v, str("jobs"));
    f.jobs.push({ name, release });
  }
  f.instanceGroups = strings(list("instance_groups"));
  for (const s of list("stemcell")) {
    const os = getS(s, "os") ?? "";
    if (!os) throw err(`Stemcell ${String(s)} in ${src.level} config's ${type} section must have an os name.`, v, str("stemcell"));
    f.stemcells.push(os);
  }
  f.networks = strings(list("networks"));
  f.teams = src.level === "deployment" ? [] : strings(list("teams"));
  f.azs = strings(list("azs"));
  const lc = get(v, "lifecycle");
  if (lc !== undefined && lc !== null && !isStr(lc)) throw err(`Property 'lifecycle' value did not match the required type 'String'`, v, str("lifecycle"));
  f.lifecycle = isStr(lc) ? lc.s : "";
  return f;
}

/** What a filter needs to know about an instance group. */
interface GroupView {
  name: string;
  jobs: Array<{ name: string; release: string }>;
  networks: string[];
  azs: string[];
  os: string | null;
  lifecycle: string;
}

function applies(f: Filter, deployment: string, teams: string[], g: GroupView): boolean {
  if (f.lifecycle && f.lifecycle !== g.lifecycle) return false;
  if (f.azs.length && !f.azs.some((a) => g.azs.includes(a))) return false;
  if (f.teams.length && !f.teams.some((t) => teams.includes(t))) return false;
  if (f.stemcells.length && !f.stemcells.some((os) => g.os === os)) return false;
  if (f.networks.length && !f.networks.some((n) => g.networks.includes(n))) return false;
  const d = f.deployments.length > 0;
  const j = f.jobs.length > 0;
  const i = f.instanceGroups.length > 0;
  if (!d && !j && !i) return f.type === "include" || !!(f.stemcells.length || f.networks.length || f.teams.length || f.azs.length || f.lifecycle);
  return (!d || f.deployments.includes(deployment)) && (!j || f.jobs.some((x) => g.jobs.some((y) => y.name === x.name && y.release === x.release))) && (!i || f.instanceGroups.includes(g.name));
}

function groupView(manifest: RHash, ig: RHash): GroupView {
  const alias = getS(ig, "stemcell");
  const stemcell = getA(manifest, "stemcells").find((s) => getS(s, "alias") === alias);
  return {
    name: getS(ig, "name") ?? "",
    jobs: getA(ig, "jobs").map((j) => ({ name: getS(j, "name") ?? "", release: getS(j, "release") ?? "" })),
    networks: getA(ig, "networks").map((n) => getS(n, "name") ?? ""),
    azs: strings(getA(ig, "azs")),
    os: getS(stemcell, "os") ?? null,
    lifecycle: getS(ig, "lifecycle") ?? "service",
  };
}

/**
 * Places the addons of every source into the instance groups of `manifest`, in place (so a
 * manifest's node positions stay valid), and returns it. `teams` are the deployment's teams (a
 * director fact). The manifest's own `addons:` key is removed (its jobs are now in the groups).
 */
export function placeAddons(manifest: Value, sources: AddonSource[], teams: string[] = []): Value {
  if (!isHash(manifest)) return manifest;
  if (!sources.some((s) => s.addons instanceof RArray && s.addons.a.length)) return manifest;
  const out = manifest;
  const deployment = getS(out, "name") ?? "";
  const igs = getA(out, "instance_groups").filter(isHash);
  for (const src of sources) {
    const err = (m: string, c?: Value, k?: Value) => new InputError(m, (isHash(c) || c instanceof RArray ? src.positionOf?.(c, k) : null) ?? { filename: src.filename });
    if (src.addons === undefined || src.addons === null) continue;
    if (!(src.addons instanceof RArray)) throw err(`'addons' must be a list, got ${rubyClassName(src.addons)}`);
    for (const addon of src.addons.a) {
      if (!isHash(addon)) throw err(`an addon must be a Hash, got ${rubyClassName(addon)}`, src.addons);
      const name = getS(addon, "name");
      if (name === undefined) throw err("Required property 'name' was not specified in object", addon);
      const include = parseFilter(get(addon, "include"), "include", src, err);
      const exclude = parseFilter(get(addon, "exclude"), "exclude", src, err);
      const addonProps = get(addon, "properties");
      const jobs = getA(addon, "jobs").map((j) => {
        if (!isHash(j) || getS(j, "name") === undefined || getS(j, "release") === undefined) throw err(`addon '${name}': every job needs a string 'name' and 'release'`, addon, str("jobs"));
        const copy = deepCopy(j) as RHash;
        if (!has(copy, "properties") || get(copy, "properties") === null) setK(copy, "properties", isHash(addonProps) ? deepCopy(addonProps) : new RHash());
        return copy;
      });
      for (const ig of igs) {
        const view = groupView(out, ig);
        if (!applies(include, deployment, teams, view) || applies(exclude, deployment, teams, view)) continue;
        let list = get(ig, "jobs");
        if (!(list instanceof RArray)) setK(ig, "jobs", (list = new RArray()));
        for (const j of jobs) (list as RArray).a.push(deepCopy(j));
      }
    }
  }
  if (has(out, "addons")) out.delete(str("addons"));
  return out;
}
