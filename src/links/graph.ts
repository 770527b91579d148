/**
 * The link graph: one deployment with its instances, jobs, job properties and every consumer's
 * resolved link hash, in a versioned YAML/JSON format (`linkplate_graph: 1`, docs/link-graph.md,
 * schema/link-graph.schema.json). {@link LinkGraph.contextFor} gives the exact context Hash a
 * template renderer gets for one job on one instance.
 */
import { InputError, type SourcePosition } from "../diagnostics/errors.js";
import { loadYamlWithPositions } from "../ruby/data/yaml.js";
import { RArray, RHash, RString, str, type Value } from "../ruby/runtime/values.js";
import { DnsEncoder, DnsEncoderError, type DnsIndexTables } from "../bosh/dns-encoder.js";
import { canonicalize, instanceDnsName, type DnsGroup } from "./dns.js";
import { K, deepCopy, get, getA, getH, getS, has, isHash, isStr, rhash } from "./rb.js";
import { LINK_GRAPH_SCHEMA } from "./schema.js";
import type { InstanceFact, NetworkType } from "./types.js";
import { sortInstances, stableUuid } from "./order.js";
import { validateSchema } from "./validate.js";
import { dumpYaml } from "./yaml-out.js";

export interface GraphFeatures {
  useDnsAddresses: boolean;
  useShortDnsAddresses: boolean;
  useLinkDnsNames: boolean | null;
}

export interface GraphNetwork {
  name: string;
  type: NetworkType;
  index: number | null;
  netmask?: string | null;
  gateway?: string | null;
}

export interface GraphJob {
  name: string;
  release: string | null;
  releaseVersion?: string | null;
  /** Properties as templates see them (release defaults merged). */
  properties: RHash;
  /** Consumer link name → resolved link hash (link-resolution.md §8). */
  links: RHash;
}

export interface GraphGroup {
  name: string;
  networks: Array<{ name: string; default: string[] }>;
  instances: Array<InstanceFact & { address?: string }>;
  jobs: GraphJob[];
  persistentDisk?: number;
}

export interface GraphData {
  deployment: string;
  rootDomain: string;
  localDnsEnabled: boolean;
  features: GraphFeatures;
  azs: Array<{ name: string; index: number | null }>;
  networks: GraphNetwork[];
  instanceGroups: GraphGroup[];
  dnsGroups: DnsGroup[];
  warnings: string[];
}

/** DNS tables for `link(...).address`: the DNS encoder's tables (src/bosh/dns-encoder.ts). */
export type GraphDnsTables = DnsIndexTables;

/** Keys of a link hash that templates see (link-resolution.md §8.5). */
const TEMPLATE_LINK_KEYS = new Set(["address", "default_network", "deployment_name", "domain", "group_name", "instance_group", "instances", "properties", "use_link_dns_names", "use_short_dns_addresses"]);

/** The template view of a resolved link hash: drops `networks` and `use_dns_addresses`. */
export function templateView(link: Value): Value {
  if (!(link instanceof RHash)) return deepCopy(link);
  const out = new RHash();
  for (const [k, v] of link.entries()) if (k instanceof RString && TEMPLATE_LINK_KEYS.has(k.s)) out.set(k, deepCopy(v));
  return out;
}

export class LinkGraph {
  private encoder: DnsEncoder | null = null;
  constructor(readonly data: GraphData) {}

  get deployment(): string {
    return this.data.deployment;
  }
  get warnings(): readonly string[] {
    return this.data.warnings;
  }

  group(name: string): GraphGroup {
    const g = this.data.instanceGroups.find((x) => x.name === name);
    if (!g) throw new InputError(`link graph has no instance group '${name}'`);
    return g;
  }

  job(groupName: string, jobName: string): GraphJob {
    const j = this.group(groupName).jobs.find((x) => x.name === jobName);
    if (!j) throw new InputError(`instance group '${groupName}' has no job '${jobName}'`);
    return j;
  }

  /** The resolved links of every consumer: instance group → job → link name → link hash (jobs without links omitted). */
  links(): RHash {
    const out = new RHash();
    for (const g of this.data.instanceGroups) {
      const jobs = new RHash();
      for (const j of g.jobs) if (j.links.size) jobs.set(K(j.name), j.links);
      if (jobs.size) out.set(K(g.name), jobs);
    }
    return out;
  }

  /** The network whose `default` holds `gateway` (the instance's own `ip`/`address`). */
  private gatewayNetwork(g: GraphGroup): string | null {
    if (g.networks.length === 1) return g.networks[0].name;
    return g.networks.find((n) => n.default.includes("gateway"))?.name ?? g.networks[0]?.name ?? null;
  }

  private network(name: string): GraphNetwork {
    return this.data.networks.find((n) => n.name === name) ?? { name, type: "manual", index: null };
  }

  /** An instance's address on a network: a DNS name when dynamic or (preferDns and local DNS), else its IP. */
  instanceAddress(g: GraphGroup, i: InstanceFact, network: string, preferDns: boolean, linkGroupName = ""): string | null {
    const n = this.network(network);
    if (n.type === "dynamic" || (preferDns && this.data.localDnsEnabled)) {
      return instanceDnsName(
        {
          uuid: i.id,
          group: g.name,
          network,
          deployment: this.data.deployment,
          rootDomain: this.data.rootDomain,
          useShortDns: this.data.features.useShortDnsAddresses,
          useLinkDnsNames: this.data.features.useLinkDnsNames === true && linkGroupName !== "",
          linkGroupName,
        },
        (this.encoder ??= new DnsEncoder(this.dnsFor())),
      );
    }
    return i.ips.get(network) ?? null;
  }

  /**
   * The context Hash BOSH hands the template evaluation context for job `jobName` on instance
   * `index` of `instanceGroup` (keys as in the conformance corpus: name, index, id, az, address,
   * ip, bootstrap, deployment, networks, job, release, properties_need_filtering,
   * dns_domain_name, persistent_disk, properties, links).
   */
  contextFor(instanceGroup: string, index: number, jobName: string): RHash {
    const g = this.group(instanceGroup);
    const job = this.job(instanceGroup, jobName);
    const inst = g.instances.find((i) => i.index === index);
    if (!inst) throw new InputError(`instance group '${instanceGroup}' has no instance with index ${index}`);
    const gw = this.gatewayNetwork(g);
    const ip = gw === null ? null : (inst.ips.get(gw) ?? null);
    const address = inst.address ?? (gw === null ? null : this.instanceAddress(g, inst, gw, this.data.features.useDnsAddresses));
    const networks = new RHash();
    for (const n of g.networks) {
      const net = this.network(n.name);
      const dflt = g.networks.length === 1 ? ["dns", "gateway", ...n.default.filter((d) => d !== "dns" && d !== "gateway")] : n.default;
      const e = new RHash();
      const nip = inst.ips.get(n.name);
      if (nip !== undefined) e.set(K("ip"), str(nip));
      if (net.netmask !== undefined) e.set(K("netmask"), net.netmask === null ? null : str(net.netmask));
      if (net.gateway !== undefined) e.set(K("gateway"), net.gateway === null ? null : str(net.gateway));
      if (dflt.length) e.set(K("default"), new RArray(dflt.map((d) => str(d))));
      e.set(K("dns_record_name"), str(`${index}.${canonicalize(g.name)}.${canonicalize(n.name)}.${canonicalize(this.data.deployment)}.${this.data.rootDomain}`));
      networks.set(K(n.name), e);
    }
    const links = new RHash();
    for (const [k, v] of job.links.entries()) links.set(k, templateView(v));
    const ctx = rhash([
      ["name", str(g.name)],
      ["index", inst.index],
      ["id", str(inst.id)],
      ["az", inst.az === null ? null : str(inst.az)],
      ["address", address === null ? null : str(address)],
      ["ip", ip === null ? null : str(ip)],
      ["bootstrap", inst.bootstrap],
      ["deployment", str(this.data.deployment)],
      ["networks", networks],
      ["job", rhash([["name", str(job.name)]])],
    ]);
    if (job.release !== null) ctx.set(K("release"), rhash([["name", str(job.release)], ["version", job.releaseVersion ? str(job.releaseVersion) : null]]));
    ctx.set(K("properties_need_filtering"), true);
    ctx.set(K("dns_domain_name"), str(this.data.rootDomain));
    ctx.set(K("persistent_disk"), g.persistentDisk ?? 0);
    ctx.set(K("properties"), deepCopy(job.properties));
    ctx.set(K("links"), links);
    return ctx;
  }

  /** The director DNS tables `link(...).address` needs (the same for every job of the deployment). */
  dnsFor(): GraphDnsTables {
    const instanceIndices = new Map<string, number>();
    for (const g of this.data.instanceGroups) for (const i of g.instances) if (i.num !== null) instanceIndices.set(i.id, i.num);
    return {
      azIndices: new Map(this.data.azs.filter((a) => a.index !== null).map((a) => [a.name, a.index!])),
      shortDns: this.data.features.useShortDnsAddresses,
      serviceGroups: this.data.dnsGroups.map((g) => ({ type: g.type, name: g.name, deployment: g.deployment, id: g.id })),
      instanceIndices,
      networkIndices: new Map(this.data.networks.filter((n) => n.index !== null).map((n) => [n.name, n.index!])),
      rootDomain: this.data.rootDomain,
    };
  }

  /** The graph in its file format (every default written out). */
  toValue(): RHash {
    const d = this.data;
    return rhash([
      ["linkplate_graph", 1],
      ["deployment", str(d.deployment)],
      ["root_domain", str(d.rootDomain)],
      ["local_dns", d.localDnsEnabled],
      [
        "features",
        rhash([
          ["use_dns_addresses", d.features.useDnsAddresses],
          ["use_short_dns_addresses", d.features.useShortDnsAddresses],
          ["use_link_dns_names", d.features.useLinkDnsNames],
        ]),
      ],
      ["azs", new RArray(d.azs.map((a) => rhash(a.index === null ? [["name", str(a.name)]] : [["name", str(a.name)], ["index", a.index]])))],
      [
        "networks",
        new RArray(
          d.networks.map((n) => {
            const h = rhash([["name", str(n.name)], ["type", str(n.type)]]);
            if (n.index !== null) h.set(K("index"), n.index);
            if (n.netmask !== undefined) h.set(K("netmask"), n.netmask === null ? null : str(n.netmask));
            if (n.gateway !== undefined) h.set(K("gateway"), n.gateway === null ? null : str(n.gateway));
            return h;
          }),
        ),
      ],
      [
        "instance_groups",
        new RArray(
          d.instanceGroups.map((g) => {
            const h = rhash([
              ["name", str(g.name)],
              ["networks", new RArray(g.networks.map((n) => rhash([["name", str(n.name)], ["default", new RArray(n.default.map((x) => str(x)))]])))],
            ]);
            if (g.persistentDisk !== undefined) h.set(K("persistent_disk"), g.persistentDisk);
            h.set(
              K("instances"),
              new RArray(
                g.instances.map((i) => {
                  const ih = rhash([
                    ["index", i.index],
                    ["id", str(i.id)],
                    ["az", i.az === null ? null : str(i.az)],
                    ["bootstrap", i.bootstrap],
                    ["num", i.num],
                    ["ips", rhash([...i.ips].map(([k, v]) => [k, str(v)]))],
                  ]);
                  if (i.address !== undefined) ih.set(K("address"), str(i.address));
                  return ih;
                }),
              ),
            );
            h.set(
              K("jobs"),
              new RArray(
                g.jobs.map((j) => {
                  const jh = rhash([["name", str(j.name)]]);
                  if (j.release !== null) jh.set(K("release"), j.releaseVersion ? rhash([["name", str(j.release)], ["version", str(j.releaseVersion)]]) : str(j.release));
                  jh.set(K("properties"), j.properties);
                  jh.set(K("links"), j.links);
                  return jh;
                }),
              ),
            );
            return h;
          }),
        ),
      ],
      ["dns", rhash([["groups", new RArray(d.dnsGroups.map((g) => rhash([["type", str(g.type)], ["name", str(g.name)], ["deployment", str(g.deployment)], ["id", g.id]])))]])],
      ["warnings", new RArray(d.warnings.map((w) => str(w)))],
    ]);
  }

  toYaml(): string {
    return dumpYaml(this.toValue());
  }
}

// ---------------------------------------------------------------------------------------------
// Loading


/**
 * Loads a link graph (YAML or JSON), validates it against the schema (every problem reported,
 * each with file:line:col) and fills in the defaults documented in docs/link-graph.md.
 */
export function loadLinkGraph(text: string, filename: string): LinkGraph {
  const src = loadYamlWithPositions(text, filename);
  const v = src.value;
  const errs = validateSchema(LINK_GRAPH_SCHEMA, v);
  const posOf = (c: RHash | RArray | null, k?: Value | number): Partial<SourcePosition> => (c ? (src.positionOf(c, k) ?? { filename }) : { filename, line: 1, column: 1 });
  if (errs.length) {
    const lines = errs.map((e) => {
      const p = posOf(e.container, e.key);
      return `${[p.filename ?? filename, p.line, p.column].filter((x) => x !== null && x !== undefined).join(":")}: ${e.path}: ${e.message}`;
    });
    const p0 = posOf(errs[0].container, errs[0].key);
    throw new InputError(`invalid link graph:\n${lines.join("\n")}`, p0);
  }
  return new LinkGraph(normalize(v as RHash, filename, posOf));
}

function normalize(v: RHash, filename: string, posOf: (c: RHash | RArray | null, k?: Value | number) => Partial<SourcePosition>): GraphData {
  const deployment = getS(v, "deployment")!;
  const rootDomain = getS(v, "root_domain") ?? "bosh";
  const f = getH(v, "features");
  const features: GraphFeatures = {
    useDnsAddresses: get(f, "use_dns_addresses") === true,
    useShortDnsAddresses: get(f, "use_short_dns_addresses") === true,
    useLinkDnsNames: (get(f, "use_link_dns_names") ?? null) as boolean | null,
  };
  const fail = (msg: string, c: RHash | RArray, k?: Value | number): never => {
    throw new InputError(`${filename}: ${msg}`, posOf(c, k));
  };

  const igsV = get(v, "instance_groups") as RArray;
  // AZs and networks: given, else collected from the instance groups.
  const azs: GraphData["azs"] = [];
  const addAz = (name: string, index: number | null) => {
    if (!azs.some((a) => a.name === name)) azs.push({ name, index });
  };
  getA(v, "azs").forEach((a, i) => (isStr(a) ? addAz(a.s, i + 1) : addAz(getS(a, "name")!, (get(a, "index") as number | undefined) ?? i + 1)));
  const networks: GraphNetwork[] = [];
  getA(v, "networks").forEach((n, i) => {
    if (isStr(n)) networks.push({ name: n.s, type: "manual", index: i + 1 });
    else {
      const e: GraphNetwork = { name: getS(n, "name")!, type: (getS(n, "type") ?? "manual") as NetworkType, index: (get(n, "index") as number | undefined) ?? i + 1 };
      if (has(n, "netmask")) e.netmask = getS(n, "netmask") ?? null;
      if (has(n, "gateway")) e.gateway = getS(n, "gateway") ?? null;
      networks.push(e);
    }
  });
  const netOf = (name: string) => networks.find((n) => n.name === name);

  let num = 1;
  for (const ig of igsV.a) for (const i of getA(ig, "instances")) if (typeof get(i, "num") === "number") num = Math.max(num, (get(i, "num") as number) + 1);
  const ipCounters = new Map<string, number>();
  const seenGroups = new Set<string>();
  const groups: GraphGroup[] = igsV.a.map((igV) => {
    const ig = igV as RHash;
    const name = getS(ig, "name")!;
    if (seenGroups.has(name)) fail(`duplicate instance group '${name}'`, ig, str("name"));
    seenGroups.add(name);
    const nets = has(ig, "networks") ? getA(ig, "networks").map((n) => (isStr(n) ? { name: n.s, default: [] as string[] } : { name: getS(n, "name")!, default: getA(n, "default").map((d) => (d as RString).s) })) : [{ name: "default", default: [] as string[] }];
    for (const n of nets) if (!netOf(n.name)) networks.push({ name: n.name, type: "manual", index: networks.length + 1 });
    const groupAzs = getA(ig, "azs").map((a) => (a as RString).s);
    for (const a of groupAzs) addAz(a, azs.length + 1);
    const ipFor = (net: string): string => {
      const c = (ipCounters.get(net) ?? 0) + 1;
      ipCounters.set(net, c);
      const idx = netOf(net)?.index ?? 0;
      return `10.${idx % 256}.${Math.floor((c + 1) / 256) % 256}.${(c + 1) % 256}`;
    };
    const autoIps = () => {
      const m = new Map<string, string>();
      for (const n of nets) if (netOf(n.name)?.type !== "dynamic") m.set(n.name, ipFor(n.name));
      return m;
    };
    const instV = get(ig, "instances");
    let instances: GraphGroup["instances"];
    if (instV instanceof RArray) {
      instances = instV.a.map((iv, pos) => {
        const index = (get(iv, "index") as number | undefined) ?? pos;
        const ipsH = getH(iv, "ips");
        const ips = ipsH ? new Map([...ipsH.entries()].map(([k, x]) => [(k as RString).s, (x as RString).s])) : autoIps();
        const az = has(iv, "az") ? (getS(iv, "az") ?? null) : groupAzs.length ? groupAzs[index % groupAzs.length] : null;
        if (az !== null) addAz(az, azs.length + 1);
        const i: InstanceFact & { address?: string } = {
          id: getS(iv, "id") ?? stableUuid(deployment, name, String(index)),
          index,
          az,
          bootstrap: get(iv, "bootstrap") === true,
          num: has(iv, "num") ? ((get(iv, "num") as number | null) ?? null) : num++,
          ips,
        };
        const a = getS(iv, "address");
        if (a !== undefined) i.address = a;
        return i;
      });
      const seen = new Set<number>();
      instV.a.forEach((iv, k) => {
        if (seen.has(instances[k].index)) fail(`instance group '${name}' has two instances with index ${instances[k].index}`, instV, k);
        seen.add(instances[k].index);
        void iv;
      });
      if (instances.length && !instances.some((i) => i.bootstrap) && !instV.a.some((iv) => has(iv, "bootstrap"))) instances[0].bootstrap = true;
    } else {
      const count = typeof instV === "number" ? instV : 1;
      instances = [];
      for (let k = 0; k < count; k++) instances.push({ id: stableUuid(deployment, name, String(k)), index: k, az: groupAzs.length ? groupAzs[k % groupAzs.length] : null, bootstrap: k === 0, num: num++, ips: autoIps() });
    }
    const jobs: GraphJob[] = getA(ig, "jobs").map((jv) => {
      const rel = get(jv, "release");
      return {
        name: getS(jv, "name")!,
        release: isStr(rel) ? rel.s : (getS(rel, "name") ?? null),
        releaseVersion: isHash(rel) ? (getS(rel, "version") ?? null) : null,
        properties: getH(jv, "properties") ?? new RHash(),
        links: getH(jv, "links") ?? new RHash(),
      };
    });
    const g: GraphGroup = { name, networks: nets, instances, jobs };
    const pd = get(ig, "persistent_disk");
    if (typeof pd === "number") g.persistentDisk = pd;
    return g;
  });

  const data: GraphData = {
    deployment,
    rootDomain,
    localDnsEnabled: get(v, "local_dns") === true,
    features,
    azs,
    networks,
    instanceGroups: groups,
    dnsGroups: [],
    warnings: getA(v, "warnings").map((w) => (w as RString).s),
  };
  const dnsG = getH(v, "dns");
  if (dnsG && has(dnsG, "groups")) {
    data.dnsGroups = getA(dnsG, "groups").map((g) => ({ type: getS(g, "type") as DnsGroup["type"], name: getS(g, "name")!, deployment: getS(g, "deployment")!, id: get(g, "id") as number }));
  } else {
    let id = 1;
    for (const g of groups) data.dnsGroups.push({ type: "instance-group", name: g.name, deployment, id: id++ });
    const seen = new Set<string>();
    for (const g of groups)
      for (const j of g.jobs)
        for (const [k, l] of j.links.entries()) {
          const gn = getS(l, "group_name") ?? `${(k as RString).s}-${(k as RString).s}`;
          const dep = getS(l, "deployment_name") ?? deployment;
          if (seen.has(`${gn}\u0000${dep}`)) continue;
          seen.add(`${gn}\u0000${dep}`);
          data.dnsGroups.push({ type: "link", name: gn, deployment: dep, id: id++ });
        }
  }
  // Fill in shorthand job links (those naming an instance_group of this graph).
  const graph = new LinkGraph(data);
  for (const g of groups)
    for (const j of g.jobs)
      for (const [k, l] of [...j.links.entries()]) {
        if (!(l instanceof RHash)) continue;
        j.links.set(k, completeLink(graph, (k as RString).s, l, (c, key) => fail(`link '${(k as RString).s}' of job '${j.name}' in instance group '${g.name}': ${c}`, l, key)));
      }
  return data;
}

/** Fills missing keys of a job link from the graph (only links with an `instance_group`). */
function completeLink(graph: LinkGraph, linkName: string, l: RHash, fail: (msg: string, key?: Value) => never): RHash {
  const igName = getS(l, "instance_group");
  if (igName === undefined) return l;
  const d = graph.data;
  const foreign = has(l, "deployment_name") && getS(l, "deployment_name") !== d.deployment;
  const g = d.instanceGroups.find((x) => x.name === igName);
  if (!g && !has(l, "instances") && !foreign) fail(`instance group '${igName}' is not in the graph`, str("instance_group"));
  const linkNet = g ? (g.networks.length === 1 ? g.networks[0].name : (g.networks.find((n) => n.default.includes("addressable")) ?? g.networks.find((n) => n.default.includes("gateway")) ?? g.networks[0])?.name ?? null) : null;
  const groupName = getS(l, "group_name") ?? `${linkName}-${linkName}`;
  const net = has(l, "default_network") ? getS(l, "default_network") ?? null : linkNet;
  const pick = (key: string, dflt: () => Value): [string, Value] => [key, has(l, key) ? l.lookup(K(key))! : dflt()];
  const out = rhash([
    pick("deployment_name", () => str(d.deployment)),
    pick("domain", () => str(d.rootDomain)),
    pick("default_network", () => (net === null ? null : str(net))),
    pick("networks", () => new RArray((g?.networks ?? []).map((n) => str(n.name)))),
    pick("instance_group", () => str(igName)),
    pick("properties", () => new RHash()),
    pick("use_short_dns_addresses", () => d.features.useShortDnsAddresses),
    pick("use_dns_addresses", () => d.features.useDnsAddresses),
    pick("use_link_dns_names", () => d.features.useLinkDnsNames),
    pick("instances", () => {
      if (!g) return new RArray();
      if (net !== null && !g.networks.some((n) => n.name === net)) fail(`instance group '${igName}' has no network '${net}'`, str("default_network"));
      return new RArray(
        sortInstances(g.name, g.instances).map((i) => {
          let a: string | null;
          try {
            a = net === null ? null : graph.instanceAddress(g, i, net, d.features.useDnsAddresses, groupName);
          } catch (e) {
            if (e instanceof DnsEncoderError) fail(e.message, str("instance_group"));
            throw e;
          }
          return rhash([
            ["name", str(g.name)],
            ["id", str(i.id)],
            ["index", i.index],
            ["bootstrap", i.bootstrap],
            ["az", i.az === null ? null : str(i.az)],
            ["address", a === null ? null : str(a)],
          ]);
        }),
      );
    }),
    pick("group_name", () => str(groupName)),
  ]);
  for (const [k, x] of l.entries()) if (!out.has(k)) out.set(k, x);
  return out;
}

