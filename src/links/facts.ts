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
