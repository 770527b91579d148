/**
 * Reading director facts (director settings, cloud config, instances, DNS tables) from Ruby
 * values, in the layout the link scenarios use (link-scenarios/README.md).
 */
import { InputError } from "../diagnostics/errors.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";
import type { DnsTables } from "./dns.js";
import { get, getA, getH, getS, has, isStr } from "./rb.js";
import type { CloudFacts, DirectorFacts, InstanceFact, InstanceFacts, NetworkType, ReleaseInput } from "./types.js";

export function directorFromValue(v: Value | undefined): Partial<DirectorFacts> {
  const out: Partial<DirectorFacts> = {};
  if (!(v instanceof RHash)) return out;
  if (getS(v, "root_domain") !== undefined) out.rootDomain = getS(v, "root_domain");
  if (has(v, "local_dns_enabled")) out.localDnsEnabled = get(v, "local_dns_enabled") === true;
  if (has(v, "local_dns_use_dns_addresses")) out.localDnsUseDnsAddresses = get(v, "local_dns_use_dns_addresses") === true;
  return out;
}

export function cloudFromValue(v: Value | undefined): CloudFacts | undefined {
  if (!(v instanceof RHash)) return undefined;
  const out: CloudFacts = {};
  if (has(v, "azs")) out.azs = getA(v, "azs").map((a) => (isStr(a) ? a.s : String(a)));
  if (has(v, "networks")) {
    out.networks = getA(v, "networks").map((n) => {
      const type = getS(n, "type") ?? "manual";
      if (type !== "manual" && type !== "dynamic" && type !== "vip") throw new InputError(`unknown network type '${type}'`);
      const out: NonNullable<CloudFacts["networks"]>[number] = { name: getS(n, "name") ?? "", type: type as NetworkType };
      if (has(n, "netmask")) out.netmask = getS(n, "netmask") ?? null;
      if (has(n, "gateway")) out.gateway = getS(n, "gateway") ?? null;
      return out;
    });
  }
  return out;
}

export function instancesFromValue(v: Value | undefined): InstanceFacts | undefined {
  if (!(v instanceof RHash)) return undefined;
  const out: InstanceFacts = new Map();
  for (const [dep, groups] of v.entries()) {
    const m = new Map<string, InstanceFact[]>();
    if (groups instanceof RHash) {
      for (const [ig, list] of groups.entries()) {
        m.set(
          (ig as RString).s,
          (list instanceof RArray ? list.a : []).map((i, pos) => ({
            id: getS(i, "id") ?? "",
            index: typeof get(i, "index") === "number" ? (get(i, "index") as number) : pos,
            az: getS(i, "az") ?? null,
            bootstrap: get(i, "bootstrap") === true,
            num: typeof get(i, "num") === "number" ? (get(i, "num") as number) : null,
            ips: new Map([...(getH(i, "ips")?.entries() ?? [])].map(([k, x]) => [(k as RString).s, isStr(x) ? x.s : String(x)])),
          })),
        );
      }
    }
    out.set((dep as RString).s, m);
  }
  return out;
}

export function dnsFromValue(v: Value | undefined): DnsTables | undefined {
  if (!(v instanceof RHash)) return undefined;
  const idx = (h: RHash | undefined) => new Map([...(h?.entries() ?? [])].map(([k, x]) => [(k as RString).s, x as number]));
  return {
    azIndices: idx(getH(v, "az_indices")),
    networkIndices: idx(getH(v, "network_indices")),
    groups: getA(v, "groups").map((g) => ({ type: getS(g, "type") as "instance-group" | "link", name: getS(g, "name") ?? "", deployment: getS(g, "deployment") ?? "", id: get(g, "id") as number })),
  };
}

/** Releases as listed in a scenario (`releases: [{name, jobs: [spec...]}]`). */
export function releasesFromValue(v: Value | undefined): ReleaseInput[] {
  return (v instanceof RArray ? v.a : []).map((r) => ({ name: getS(r, "name") ?? "", jobs: getA(r, "jobs").map((spec) => ({ spec })) }));
}

type PosFn = (container: RHash | RArray, key?: Value | number) => import("../diagnostics/errors.js").SourcePosition | null;

/** The keys a facts file may hold, nested as they appear (docs/cli.md, "Facts"). */
const FACT_KEYS = {
  director: ["root_domain", "local_dns_enabled", "local_dns_use_dns_addresses"],
  cloud: ["azs", "networks"],
  network: ["name", "type", "netmask", "gateway"],
  instance: ["id", "index", "az", "bootstrap", "num", "ips"],
  dns: ["az_indices", "network_indices", "groups"],
  group: ["type", "name", "deployment", "id"],
} as const;
const TOP_KEYS = ["director", "cloud", "instances", "dns", "teams"];

/**
 * Checks a facts file: every key must be one linkplate reads (a misspelt key would otherwise be
 * ignored silently and change nothing). Errors name the file, line and column of the key.
 */
export function checkFacts(v: Value, filename: string, positionOf?: PosFn): void {
  const fail = (msg: string, c: RHash | RArray, k?: Value | number): never => {
    throw new InputError(msg, positionOf?.(c, k) ?? { filename });
  };
  if (v === null) return;
  if (!(v instanceof RHash)) throw new InputError(`${filename}: facts must be a mapping with keys ${TOP_KEYS.join(", ")}`, { filename });
  const keys = (h: Value | undefined, allowed: readonly string[], where: string) => {
    if (h === undefined || h === null) return;
    if (!(h instanceof RHash)) return void fail(`${where} must be a mapping`, v);
    for (const [k] of h.entries()) {
      const name = k instanceof RString ? k.s : String(k);
      if (!allowed.includes(name)) fail(`unknown key '${name}' in ${where} (known: ${allowed.join(", ")})`, h, k);
    }
  };
  const list = (h: Value | undefined, key: string, where: string): Value[] => {
    const x = get(h, key);
    if (x === undefined || x === null) return [];
    if (!(x instanceof RArray)) return fail(`${where}.${key} must be a list`, h as RHash, new RString(key));
    return x.a;
  };
  keys(v, TOP_KEYS, "the facts file");
  keys(get(v, "director"), FACT_KEYS.director, "director");
  keys(get(v, "cloud"), FACT_KEYS.cloud, "cloud");
  for (const n of list(get(v, "cloud"), "networks", "cloud")) keys(n, FACT_KEYS.network, "a cloud network");
  keys(get(v, "dns"), FACT_KEYS.dns, "dns");
  for (const g of list(get(v, "dns"), "groups", "dns")) keys(g, FACT_KEYS.group, "a dns group");
  const inst = get(v, "instances");
  if (inst !== undefined && inst !== null) {
    if (!(inst instanceof RHash)) fail("instances must be a mapping: deployment → instance group → list of instances", v);
    for (const [, groups] of (inst as RHash).entries()) {
      if (!(groups instanceof RHash)) fail("instances.<deployment> must be a mapping of instance group → list of instances", inst as RHash);
      for (const [, l] of (groups as RHash).entries()) {
        if (!(l instanceof RArray)) fail("instances.<deployment>.<group> must be a list of instances", groups as RHash);
        for (const i of (l as RArray).a) keys(i, FACT_KEYS.instance, "an instance");
      }
    }
  }
  const teams = get(v, "teams");
  if (teams !== undefined && teams !== null && !(teams instanceof RArray && teams.a.every((t) => t instanceof RString))) fail("teams must be a list of team names", v);
}

/** The deployment's teams (`teams:` in a facts file), for addon filters. */
export function teamsFromValue(v: Value | undefined): string[] {
  return v instanceof RArray ? v.a.filter((t): t is RString => t instanceof RString).map((t) => t.s) : [];
}
