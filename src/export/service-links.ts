/**
 * Docker/Tutum-style service links from a resolved link graph (link-resolution.md §13,
 * docs/service-links.md): the environment variables and host names one consuming instance gets
 * for the links its jobs consume.
 */
import type { GraphGroup, GraphJob, LinkGraph } from "../links/graph.js";
import { isIpAddress } from "../links/dns.js";
import { dataEqual, get, getA, getS, isHash } from "../links/rb.js";
import { type RHash, RString } from "../ruby/runtime/values.js";
import { ServiceLinkError, listOrNone } from "./errors.js";
import { envPart, envPrefix, hostLabel } from "./names.js";
import { type Port, type PortInput, parsePort, portVariables, portsFromLeaves, sortPorts } from "./ports.js";
import { type Leaf, leafText, leaves } from "./values.js";

/** `standard`: §13.3 as written; `tutum`: also Tutum's API variables (a compatibility mode). */
export type ServiceLinkFlavor = "standard" | "tutum";

export interface ServiceLinkOptions {
  /** The consuming instance group. */
  group: string;
  /** The consuming instance's index. */
  index: number;
  /** Only this job's consumed links (default: every job of the group). */
  job?: string;
  /** Ports per consumer link name; a link listed here ignores the ports found in its properties. */
  ports?: ReadonlyMap<string, readonly PortInput[]> | Readonly<Record<string, readonly PortInput[]>>;
  flavor?: ServiceLinkFlavor;
  /** The flavour `tutum` needs the API base URL (e.g. `https://dashboard.tutum.co/api/v1`). */
  tutumApiUrl?: string;
}

export interface ServiceLinkVariable {
  name: string;
  value: string;
  /** The consumer link name it comes from; null for the Tutum variables about the instance itself. */
  link: string | null;
}

export interface ServiceLinkHost {
  /** The host name (`web`, `web-1`, `web-az-z1`). */
  name: string;
  link: string;
  /** `all` instances of the link, one `instance`, or the instances of one `az`. */
  kind: "all" | "instance" | "az";
  /** IP addresses it resolves to (A/AAAA records), in container order. */
  addresses: string[];
  /** DNS names it stands for (CNAME-style), in container order: instance addresses that are not IPs. */
  aliases: string[];
}

/** One provider instance as a container: its number N, address and AZ. */
interface Container {
  n: number;
  address: string;
  az: string | null;
}

/** One consumed link, ready to export. */
interface ExportedLink {
  name: string;
  hash: RHash;
  prefix: string;
  containers: Container[];
  ports: Port[];
  leaves: Leaf[];
}

interface Selection {
  group: GraphGroup;
  index: number;
  links: ExportedLink[];
}

const FLAVORS: ReadonlySet<string> = new Set(["standard", "tutum"]);

function select(graph: LinkGraph, opts: ServiceLinkOptions): Selection {
  const groups = graph.data.instanceGroups;
  const group = groups.find((g) => g.name === opts.group);
  if (!group) {
    const names = groups.map((g) => g.name);
    throw new ServiceLinkError("unknown-group", `deployment '${graph.deployment}' has no instance group '${opts.group}'; instance groups: ${listOrNone(names)}`, names);
  }
  if (!group.instances.some((i) => i.index === opts.index)) {
    const indexes = group.instances.map((i) => String(i.index));
    throw new ServiceLinkError("unknown-index", `instance group '${group.name}' has no instance with index ${String(opts.index)}; indexes: ${listOrNone(indexes)}`, indexes);
  }
  let jobs: GraphJob[] = group.jobs;
  if (opts.job !== undefined) {
    const job = group.jobs.find((j) => j.name === opts.job);
    if (!job) {
      const names = group.jobs.map((j) => j.name);
      throw new ServiceLinkError("unknown-job", `instance group '${group.name}' has no job '${opts.job}'; jobs: ${listOrNone(names)}`, names);
    }
    jobs = [job];
  }

  // One entry per consumer link name; two jobs may consume the same name only from the same provider.
  const byName = new Map<string, { hash: RHash; job: string }>();
  for (const job of jobs)
    for (const [k, v] of job.links.entries()) {
      if (!(k instanceof RString) || !isHash(v)) continue;
      const prev = byName.get(k.s);
      if (!prev) byName.set(k.s, { hash: v, job: job.name });
      else if (!dataEqual(prev.hash, v))
        throw new ServiceLinkError(
          "conflict",
          `jobs '${prev.job}' and '${job.name}' of instance group '${group.name}' both consume a link named '${k.s}', with different contents; export one job at a time (job: '${prev.job}', or --job ${prev.job})`,
          [prev.job, job.name],
        );
    }

  const portMap = portsByLink(opts.ports);
  const consumed = [...byName.keys()].sort();
  for (const name of portMap.keys())
    if (!byName.has(name)) throw new ServiceLinkError("unknown-link", `ports given for link '${name}', which ${group.name}/${opts.index}${opts.job !== undefined ? ` (job '${opts.job}')` : ""} does not consume; consumed links: ${listOrNone(consumed)}`, consumed);

  const links = consumed.map((name) => {
    const hash = byName.get(name)!.hash;
    const ls = leaves(get(hash, "properties") ?? null, `link '${name}' properties`);
    const given = portMap.get(name);
    if (given !== undefined && !Array.isArray(given)) throw new ServiceLinkError("bad-port", `ports for link '${name}' must be a list`);
    const ports = sortPorts(given ? given.map((p) => parsePort(p, name)) : portsFromLeaves(ls));
    return { name, hash, prefix: envPrefix(name), containers: containersOf(hash), ports, leaves: ls };
  });
  return { group, index: opts.index, links };
}

/** Caller ports as a Map (a plain object is read through its own entries only). */
function portsByLink(p: ServiceLinkOptions["ports"]): Map<string, readonly PortInput[]> {
  if (p === undefined) return new Map();
  if (p instanceof Map) return new Map(p);
  return new Map(Object.entries(p as Readonly<Record<string, readonly PortInput[]>>));
}

/**
 * The link's instances as containers, in container-number order. N = index + 1 when every
 * instance has a distinct integer index, else the 1-based position (manual links); instances
 * without an address are left out (nothing to connect to).
 */
function containersOf(hash: RHash): Container[] {
  const insts = getA(hash, "instances").filter(isHash);
  const idx = insts.map((i) => get(i, "index"));
  const byIndex = idx.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0) && new Set(idx).size === idx.length;
  const out: Container[] = [];
  insts.forEach((inst, pos) => {
    const address = getS(inst, "address");
    if (address === undefined || address === "") return;
    const az = getS(inst, "az");
    out.push({ n: byIndex ? (idx[pos] as number) + 1 : pos + 1, address, az: az === undefined || az === "" ? null : az });
  });
  return out.sort((a, b) => a.n - b.n);
}

/** The AZs of a link's containers (sorted by name) with their containers in number order. */
function byAz(containers: readonly Container[]): Array<[string, Container[]]> {
  const m = new Map<string, Container[]>();
  for (const c of containers) if (c.az !== null) m.set(c.az, [...(m.get(c.az) ?? []), c]);
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Collects name → value, refusing one name with two different values. */
class VariableSet {
  private readonly vars = new Map<string, ServiceLinkVariable & { origin: string }>();
  add(name: string, value: string, link: string | null, origin: string): void {
    const prev = this.vars.get(name);
    if (!prev) this.vars.set(name, { name, value, link, origin });
    else if (prev.value !== value) throw new ServiceLinkError("conflict", `${name} would be exported twice with different values: from ${prev.origin} (${JSON.stringify(prev.value)}) and from ${origin} (${JSON.stringify(value)})`);
  }
  sorted(): ServiceLinkVariable[] {
    return [...this.vars.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(({ name, value, link }) => ({ name, value, link }));
  }
}

interface TutumUrls {
  service(deployment: string, group: string): string;
  container(id: string): string;
}

function tutumUrls(opts: ServiceLinkOptions): TutumUrls | null {
  const flavor = opts.flavor ?? "standard";
  if (!FLAVORS.has(flavor)) throw new ServiceLinkError("flavor", `unknown flavour '${String(flavor)}'; flavours: standard, tutum`, [...FLAVORS]);
  if (flavor !== "tutum") {
    if (opts.tutumApiUrl !== undefined) throw new ServiceLinkError("flavor", "an API base URL only applies to the 'tutum' flavour");
    return null;
  }
  const url = opts.tutumApiUrl;
  if (url === undefined || url === "") throw new ServiceLinkError("flavor", "the 'tutum' flavour needs the API base URL (tutumApiUrl, --api-url), e.g. https://dashboard.tutum.co/api/v1");
  let ok = false;
  try {
    ok = /^[a-z][a-z0-9+.-]*:$/i.test(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new ServiceLinkError("flavor", `the API base URL '${url}' is not an absolute URL`);
  const base = url.replace(/\/+$/, "");
  const seg = encodeURIComponent;
  return {
    service: (deployment, group) => `${base}/service/${seg(deployment)}/${seg(group)}/`,
    container: (id) => `${base}/container/${seg(id)}/`,
  };
}

/**
 * The environment variables of one consuming instance, sorted by name (code-unit order): per
 * consumed link and per provider instance N, `<ALIAS>_<N>_PORT*` (Docker's port variables) and
 * `<ALIAS>_<N>_ENV_<KEY>` (the link's properties), plus `<ALIAS>_AZ_<AZ>_ADDRS` where instances
 * have AZs; the `tutum` flavour adds `<ALIAS>_TUTUM_API_URL` and the `TUTUM_*` variables of the
 * instance. Throws {@link ServiceLinkError}.
 */
export function serviceLinkEnv(graph: LinkGraph, opts: ServiceLinkOptions): ServiceLinkVariable[] {
  const tutum = tutumUrls(opts);
  const sel = select(graph, opts);
  const vars = new VariableSet();
  for (const l of sel.links) {
    const envs = l.leaves.map((leaf) => ({ key: envPart(leaf.path.join("_")), path: leaf.path.join("."), text: leafText(leaf.value, `link '${l.name}' property ${leaf.path.join(".")}`) }));
    for (const c of l.containers) {
      const p = `${l.prefix}_${c.n}`;
      for (const [name, value] of portVariables(p, c.address, l.ports)) vars.add(name, value, l.name, `link '${l.name}' instance ${c.n}`);
      for (const e of envs) vars.add(`${p}_ENV_${e.key}`, e.text, l.name, `link '${l.name}' property ${e.path}`);
    }
    for (const [az, cs] of byAz(l.containers)) vars.add(`${l.prefix}_AZ_${envPart(az)}_ADDRS`, cs.map((c) => c.address).join(" "), l.name, `link '${l.name}' AZ ${az}`);
    if (tutum) {
      const ig = getS(l.hash, "instance_group");
      if (ig !== undefined) vars.add(`${l.prefix}_TUTUM_API_URL`, tutum.service(getS(l.hash, "deployment_name") ?? graph.deployment, ig), l.name, `link '${l.name}'`);
    }
  }
  if (tutum) {
    const inst = sel.group.instances.find((i) => i.index === sel.index)!;
    const self = `instance ${sel.group.name}/${sel.index}`;
    vars.add("TUTUM_SERVICE_API_URL", tutum.service(graph.deployment, sel.group.name), null, self);
    vars.add("TUTUM_CONTAINER_API_URL", tutum.container(inst.id), null, self);
    vars.add("TUTUM_CONTAINER_HOSTNAME", `${hostLabel(sel.group.name) || "instance"}-${sel.index + 1}`, null, self);
  }
  return vars.sorted();
}

/**
 * The host names of one consuming instance: per consumed link (by name) `<label>` (all
 * instances), `<label>-<N>` (one instance, by N) and `<label>-az-<az>` (the instances of one AZ,
 * by AZ name). Addresses that are DNS names are reported as aliases. Throws {@link ServiceLinkError}.
 */
export function serviceLinkHosts(graph: LinkGraph, opts: ServiceLinkOptions): ServiceLinkHost[] {
  tutumUrls(opts);
  const sel = select(graph, opts);
  const out: ServiceLinkHost[] = [];
  const seen = new Map<string, ServiceLinkHost>();
  const add = (name: string, link: string, kind: ServiceLinkHost["kind"], cs: readonly Container[]): void => {
    const uniq = [...new Set(cs.map((c) => c.address))];
    const h: ServiceLinkHost = { name, link, kind, addresses: uniq.filter((a) => isIpAddress(a)), aliases: uniq.filter((a) => !isIpAddress(a)) };
    const prev = seen.get(name);
    if (!prev) {
      seen.set(name, h);
      out.push(h);
    } else if (!sameTargets(prev, h)) {
      throw new ServiceLinkError("conflict", `host name '${name}' would resolve differently for link '${prev.link}' (${targets(prev)}) and link '${link}' (${targets(h)})`);
    }
  };
  for (const l of sel.links) {
    if (!l.containers.length) continue;
    const label = hostLabel(l.name);
    if (label === "") throw new ServiceLinkError("host-name", `link '${l.name}' has no usable host name: nothing is left of it after keeping letters, digits and hyphens`);
    add(label, l.name, "all", l.containers);
    for (const c of l.containers) add(`${label}-${c.n}`, l.name, "instance", [c]);
    for (const [az, cs] of byAz(l.containers)) {
      const azLabel = hostLabel(az);
      if (azLabel !== "") add(`${label}-az-${azLabel}`, l.name, "az", cs);
    }
  }
  return out;
}

const targets = (h: ServiceLinkHost): string => [...h.addresses, ...h.aliases].join(", ");
const sameTargets = (a: ServiceLinkHost, b: ServiceLinkHost): boolean => targets(a) === targets(b);
