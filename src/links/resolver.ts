/**
 * The link resolver: release job specs + deployment manifests (+ director facts) → one link graph
 * per deployment, or the exact error the BOSH director reports. Every rule cited here is in
 * the director's link resolution rules (the section numbers in comments follow the design notes the
 * project was built from; the rules themselves are restated where they are applied).
 */
import { InputError, LinkplateError, type SourcePosition } from "../diagnostics/errors.js";
import { RArray, RHash, RObject, RString, str, type Value } from "../ruby/runtime/values.js";
import { DnsEncoder, DnsEncoderError } from "../bosh/dns-encoder.js";
import { GroupIndex, canonicalize, emptyDnsTables, encoderTables, instanceDnsName, isIpAddress, type DnsGroup, type DnsTables } from "./dns.js";
import { sortInstances, stableUuid } from "./order.js";
import { IpAllocator } from "./cloud-config.js";
import { LinkGraph, type GraphData, type GraphGroup, type GraphJob } from "./graph.js";
import { K, deepCopy, get, getA, getH, getS, has, isHash, isStr, rhash, rubyClassName, scalarText, setK } from "./rb.js";
import {
  LinkResolutionError,
  type CloudFacts,
  type DirectorFacts,
  type InstanceFact,
  type LinkErrorKind,
  type ManifestInput,
  type NetworkType,
  type ReleaseInput,
  type ResolveInput,
} from "./types.js";

// ---------------------------------------------------------------------------------------------
// Internal model

type PosFn = NonNullable<ManifestInput["positionOf"]>;

interface JobSpec {
  name: string;
  release: string;
  provides: Array<{ name: string; type: string; properties: string[] }>;
  consumes: Array<{ name: string; type: string; optional: boolean }>;
  /** Dotted property name → declaration (Hash or null). */
  properties: RHash;
}

interface Features {
  useDnsAddresses: boolean;
  useShortDnsAddresses: boolean;
  useLinkDnsNames: boolean | null;
}

interface Network {
  name: string;
  type: NetworkType;
  defaults: string[];
}

interface Group {
  name: string;
  instances: InstanceFact[];
  networks: Network[];
  /** Default link network (§6.3), null without networks. */
  linkNetwork: string | null;
  /** Default gateway network (the instance's `ip`/`address` in its own spec). */
  gatewayNetwork: string | null;
  jobs: GraphJob[];
}

interface Provided {
  kind: "job" | "disk";
  deployment: Deployment;
  group: Group;
  job: string;
  name: string;
  type: string;
  alias: string;
  shared: boolean;
  consumable: boolean;
  properties: RHash;
  content?: Content;
}

interface ContentInstance {
  fact: InstanceFact;
  name: string;
  id: string;
  index: number;
  bootstrap: boolean;
  az: string | null;
}

interface Content {
  hasDefaultNetwork: boolean;
  defaultNetwork: string | null;
  networks: string[];
  instances: ContentInstance[];
}

interface Consumer {
  group: Group;
  job: GraphJob;
  jobName: string;
  name: string;
  type: string;
  alias: string;
  explicit: boolean;
  blocked: boolean;
  optional: boolean;
  manual: RHash | null;
  network: Value | undefined;
  ipAddresses: boolean | undefined;
  /** Target deployment when cross-deployment, else null. */
  target: string | null;
  pos: SourcePosition | null;
}

interface Deployment {
  name: string;
  features: Features;
  providers: Provided[];
  byType: Map<string, Provided[]>;
  /** `type \0 alias` → providers, for explicit consumers. */
  byAlias: Map<string, Provided[]>;
}

/** Per-deployment outcome. */
export interface DeploymentOutcome {
  name: string;
  graph: LinkGraph | null;
  error: LinkResolutionError | null;
  warnings: string[];
}

export interface ResolveResult {
  /** True when every deployment resolved. */
  ok: boolean;
  /** One outcome per manifest, in order. */
  deployments: DeploymentOutcome[];
  /** The graph of the last manifest (null when it failed). */
  graph: LinkGraph | null;
  /** The first failure, if any. */
  error: LinkResolutionError | null;
}

class Abort extends Error {
  override name = "Abort";
  constructor(
    readonly text: string,
    readonly entries: LinkplateError[],
    readonly kind: LinkErrorKind,
  ) {
    super(text);
  }
}

const DEFAULT_DIRECTOR: DirectorFacts = { rootDomain: "bosh", localDnsEnabled: false, localDnsUseDnsAddresses: false };

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Resolves every manifest in order (later manifests may consume links shared by earlier ones).
 * Never throws for bad input: failures come back as {@link LinkResolutionError}s.
 */
export function resolveDeployment(input: ResolveInput): ResolveResult {
  const r = new Resolver(input);
  const deployments = r.run();
  const last = deployments[deployments.length - 1];
  const error = deployments.find((d) => d.error)?.error ?? null;
  return { ok: error === null, deployments, graph: last?.graph ?? null, error };
}

/** Like {@link resolveDeployment} but returns the last graph or throws the first error. */
export function resolveOrThrow(input: ResolveInput): LinkGraph {
  const r = resolveDeployment(input);
  if (r.error) throw r.error;
  if (!r.graph) throw new InputError("no manifests given");
  return r.graph;
}

// ---------------------------------------------------------------------------------------------

function jobSpecFromValue(release: string, spec: Value, filename: string | undefined, posOf: PosFn | undefined): JobSpec {
  const where = (c: RHash | RArray, k?: Value | number): Partial<SourcePosition> => (posOf?.(c, k) ?? { filename });
  if (!isHash(spec)) throw new InputError(`job spec must be a Hash, got ${rubyClassName(spec)}`, { filename });
  const name = getS(spec, "name");
  if (name === undefined) throw new InputError("job spec has no 'name'", where(spec));
  const links = (kind: "provides" | "consumes") => {
    const Cap = kind === "provides" ? "Provides" : "Consumes";
    const raw = get(spec, kind);
    if (raw === undefined || raw === null) return [];
    if (!(raw instanceof RArray)) throw new InputError(`Job '${name}' has invalid spec format: '${kind}' must be an array of hashes with name and type`, where(spec, str(kind)));
    const seen = new Set<string>();
    const out: Array<{ name: string; type: string; properties: string[]; optional: boolean }> = [];
    raw.a.forEach((e, i) => {
      if (!isHash(e)) throw new InputError(`${Cap} section in the release spec must be a list of hashes`, where(raw, i));
      const n = get(e, "name");
      const t = get(e, "type");
      if (n === undefined || n === null || t === undefined || t === null) throw new InputError(`Each ${kind} item in the ${kind} section of the release spec must contain 'name' and 'type'`, where(raw, i));
      const ns = isStr(n) ? n.s : String(n);
      const ts = isStr(t) ? t.s : String(t);
      if (kind === "provides" && has(e, "optional")) throw new InputError(`Link '${ns}' of type '${ts}' is a provides link, not allowed to have 'optional' key`, where(e, str("optional")));
      if (seen.has(ns)) throw new InputError(`Job '${name}' specifies duplicate ${kind} link with name '${ns}'`, where(raw, i));
      seen.add(ns);
      out.push({ name: ns, type: ts, properties: getA(e, "properties").map((p) => (isStr(p) ? p.s : String(p))), optional: get(e, "optional") === true });
    });
    return out;
  };
  const props = getH(spec, "properties") ?? new RHash();
  return { name, release, provides: links("provides"), consumes: links("consumes"), properties: props };
}

/** Deep merge of plain Hashes (right wins), as the director merges global and group properties. */
function deepMerge(a: RHash, b: RHash): RHash {
  const out = deepCopy(a) as RHash;
  for (const [k, v] of b.entries()) {
    const cur = out.lookup(k);
    if (cur instanceof RHash && v instanceof RHash) out.set(k, deepMerge(cur, v));
    else out.set(k, deepCopy(v));
  }
  return out;
}

/** bosh-common `copy_property`: release defaults + manifest values for one declared property. */
function copyProperty(dst: RHash, src: RHash, name: string, dflt: Value): void {
  const keys = name.split(".");
  let s: Value | undefined = src;
  for (const k of keys) {
    s = s instanceof RHash ? s.lookup(K(k)) : undefined;
    if (s === undefined || s === null) break;
  }
  let d = dst;
  for (const k of keys.slice(0, -1)) {
    let next = d.lookup(K(k));
    if (!(next instanceof RHash)) {
      if (next === undefined || next === null || next === false) {
        next = new RHash();
        d.set(K(k), next);
      } else return; // a scalar already sits on the path; Ruby would fail here too
    }
    d = next as RHash;
  }
  d.set(K(keys[keys.length - 1]), s === undefined || s === null ? deepCopy(dflt) : deepCopy(s));
}

/** The properties a job's templates see: every declared property, manifest value or default. */
export function bindJobProperties(specProps: RHash, jobProps: RHash): RHash {
  const out = new RHash();
  for (const [k, decl] of specProps.entries()) {
    if (!(k instanceof RString)) continue;
    copyProperty(out, jobProps, k.s, get(decl, "default") ?? null);
  }
  return out;
}


/** A job of a resolved graph; its template properties are bound on first use (resolution does not need them). */
class ResolvedJob implements GraphJob {
  readonly links = new RHash();
  private bound: RHash | null = null;
  constructor(
    readonly name: string,
    readonly release: string | null,
    private readonly specProps: RHash,
    private readonly jobProps: RHash,
  ) {}
  get properties(): RHash {
    return (this.bound ??= bindJobProperties(this.specProps, this.jobProps));
  }
}

class Resolver {
  private readonly director: DirectorFacts;
  private readonly specs = new Map<string, JobSpec>();
  private readonly specErrors: InputError[] = [];
  private readonly deployments = new Map<string, Deployment>();
  private readonly attempted = new Set<string>();
  private readonly dns: DnsTables;
  private readonly generateDns: boolean;
  private groupIndex: GroupIndex;
  /** uuid → numeric id of every instance seen (short DNS names). */
  private readonly instanceNums = new Map<string, number>();
  private encoder: DnsEncoder | null = null;
  private nextGroupId = 1;
  private nextInstanceNum = 1;
  private readonly ipCounters = new Map<string, number>();
  private readonly ipam = new IpAllocator();
  private readonly netTypes = new Map<string, NetworkType>();

  constructor(private readonly input: ResolveInput) {
    this.director = { ...DEFAULT_DIRECTOR, ...stripUndefined(input.director ?? {}) };
    for (const n of input.cloud?.networks ?? []) this.netTypes.set(n.name, n.type);
    this.generateDns = !input.dns;
    this.dns = input.dns ?? emptyDnsTables();
    if (this.generateDns) {
      (input.cloud?.azs ?? []).forEach((az, i) => this.dns.azIndices.set(az, i + 1));
      (input.cloud?.networks ?? []).forEach((n, i) => this.dns.networkIndices.set(n.name, i + 1));
    }
    this.groupIndex = new GroupIndex(this.dns.groups);
    for (const rel of input.releases) {
      for (const j of rel.jobs) {
        try {
          const s = jobSpecFromValue(rel.name, j.spec, j.filename, j.positionOf);
          this.specs.set(`${rel.name}\u0000${s.name}`, s);
        } catch (e) {
          if (e instanceof InputError) this.specErrors.push(e);
          else throw e;
        }
      }
    }
    let n = 0;
    for (const d of input.instances?.values() ?? []) for (const g of d.values()) for (const i of g) n = Math.max(n, i.num ?? 0);
    this.nextInstanceNum = n + 1;
  }

  run(): DeploymentOutcome[] {
    const out: DeploymentOutcome[] = [];
    for (const m of this.input.manifests) {
      const mi: ManifestInput = isManifestInput(m) ? m : { value: m };
      const name = getS(mi.value, "name") ?? "";
      const warnings: string[] = [];
      try {
        if (this.specErrors.length) throw new Abort(this.specErrors.map((e) => e.message).join("\n"), this.specErrors, "input");
        const graph = this.deploy(mi, warnings);
        out.push({ name, graph, error: null, warnings });
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        const first = e.entries[0];
        out.push({ name, graph: null, error: new LinkResolutionError(e.text, e.entries, name, e.kind, first ? { filename: first.filename, line: first.line, column: first.column } : { filename: mi.filename }), warnings });
      }
      this.attempted.add(name);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------

  private deploy(mi: ManifestInput, warnings: string[]): LinkGraph {
    const m = mi.value;
    const filename = mi.filename ?? "(manifest)";
    const where = (c: Value | undefined, k?: Value | number): Partial<SourcePosition> => {
      if ((c instanceof RHash || c instanceof RArray) && mi.positionOf) {
        const p = mi.positionOf(c, k);
        if (p) return p;
      }
      return { filename };
    };
    const err = (msg: string, c?: Value, k?: Value | number) => new InputError(msg, where(c, k));

    // --- shape (our own checks, all reported together) -----------------------------------------
    const shape: InputError[] = [];
    if (!isHash(m)) throw new Abort("manifest must be a Hash", [err("manifest must be a Hash")], "input");
    const depName = getS(m, "name");
    if (depName === undefined) shape.push(err("manifest has no string 'name'", m));
    const igsV = get(m, "instance_groups");
    if (igsV !== undefined && igsV !== null && !(igsV instanceof RArray)) shape.push(err("'instance_groups' must be a list", m, str("instance_groups")));
    const igs = igsV instanceof RArray ? igsV : new RArray();
    const seenIg = new Set<string>();
    igs.a.forEach((ig, i) => {
      if (!isHash(ig)) return void shape.push(err(`instance group #${i} must be a Hash`, igs, i));
      const n = getS(ig, "name");
      if (n === undefined) shape.push(err(`instance group #${i} has no string 'name'`, igs, i));
      else if (seenIg.has(n)) shape.push(err(`duplicate instance group name '${n}'`, ig, str("name")));
      else seenIg.add(n);
      const inst = get(ig, "instances");
      if (inst !== undefined && !(typeof inst === "number" && inst >= 0)) shape.push(err(`instance group '${n}': 'instances' must be a non-negative integer`, ig, str("instances")));
      const nets = get(ig, "networks");
      if (nets !== undefined && nets !== null && !(nets instanceof RArray)) shape.push(err(`instance group '${n}': 'networks' must be a list`, ig, str("networks")));
      getA(ig, "networks").forEach((nw, k) => {
        if (getS(nw, "name") === undefined) shape.push(err(`instance group '${n}': network #${k} has no string 'name'`, get(ig, "networks"), k));
        else if (this.input.cloud?.networks && !this.netTypes.has(getS(nw, "name")!)) shape.push(err(`Instance group '${n}' references an unknown network '${getS(nw, "name")}'`, nw, str("name")));
      });
      const jobs = get(ig, "jobs");
      if (jobs !== undefined && jobs !== null && !(jobs instanceof RArray)) shape.push(err(`instance group '${n}': 'jobs' must be a list`, ig, str("jobs")));
      const seenJobs = new Set<string>();
      getA(ig, "jobs").forEach((j, k) => {
        const jn = getS(j, "name");
        if (jn !== undefined && seenJobs.has(jn)) shape.push(err(`Colocated job '${jn}' is already added to the instance group '${n}'.`, get(ig, "jobs"), k));
        if (jn !== undefined) seenJobs.add(jn);
        const rel = getS(j, "release");
        if (!isHash(j) || jn === undefined) return void shape.push(err(`instance group '${n}': job #${k} has no string 'name'`, get(ig, "jobs"), k));
        if (rel === undefined) return void shape.push(err(`job '${jn}' in instance group '${n}' has no string 'release'`, j));
        if (!this.specs.has(`${rel}\u0000${jn}`)) shape.push(err(`Job '${jn}' not found in release '${rel}'`, j, str("name")));
        for (const key of ["provides", "consumes", "properties"]) {
          const v = get(j, key);
          if (v !== undefined && v !== null && !isHash(v)) shape.push(err(`job '${jn}' in instance group '${n}': '${key}' must be a Hash`, j, str(key)));
        }
        const cpd = get(j, "custom_provider_definitions");
        if (cpd !== undefined && cpd !== null && !(cpd instanceof RArray)) shape.push(err(`job '${jn}' in instance group '${n}': 'custom_provider_definitions' must be a list`, j, str("custom_provider_definitions")));
      });
    });
    if (shape.length) throw new Abort(shape.map((e) => e.message).join("\n"), shape, "input");
    const name = depName!;
    if (this.generateDns) this.ensureIndices(igs);

    // --- features (§2.2) -----------------------------------------------------------------------
    const features = this.parseFeatures(m, err);

    const dep: Deployment = { name, features, providers: [], byType: new Map(), byAlias: new Map() };
    const consumers: Consumer[] = [];
    const groups: Group[] = [];
    const newGroupsForDns: Array<{ type: DnsGroup["type"]; name: string }> = [];
    const globalProps = getH(m, "properties") ?? new RHash();
    const instanceFacts = this.input.instances?.get(name);

    for (const igV of igs.a) {
      const ig = igV as RHash;
      const igName = getS(ig, "name")!;
      newGroupsForDns.push({ type: "instance-group", name: igName });
      const networks: Network[] = getA(ig, "networks").map((nw) => ({
        name: getS(nw, "name")!,
        type: this.netTypes.get(getS(nw, "name")!) ?? "manual",
        defaults: getA(nw, "default").map((d) => (isStr(d) ? d.s : String(d))),
      }));
      const group: Group = {
        name: igName,
        instances: instanceFacts?.get(igName) ?? this.generateInstances(name, ig, networks),
        networks,
        linkNetwork: null,
        gatewayNetwork: null,
        jobs: [],
      };
      groups.push(group);
      const igProps = getH(ig, "properties");
      const mergedProps = igProps ? deepMerge(globalProps, igProps) : globalProps;

      getA(ig, "jobs").forEach((jV) => {
        const j = jV as RHash;
        const jobName = getS(j, "name")!;
        const spec = this.specs.get(`${getS(j, "release")}\u0000${jobName}`)!;
        const jobProps = has(j, "properties") ? (getH(j, "properties") ?? new RHash()) : mergedProps;
        const gjob: GraphJob = new ResolvedJob(jobName, spec.release, spec.properties, jobProps);
        group.jobs.push(gjob);

        // providers (§3)
        const provided = this.parseProviders(dep, group, j, spec, jobProps, err);
        for (const p of provided) newGroupsForDns.push({ type: "link", name: `${p.alias}-${p.type}` });
        const provides = getH(j, "provides");
        const unknownP = provides ? [...provides.entries()].filter(([k]) => !provided.some((p) => isStr(k) && p.name === k.s)) : [];
        // consumers (§4)
        const consumesV = getH(j, "consumes");
        const unknownC = consumesV ? [...consumesV.entries()].filter(([k]) => !spec.consumes.some((c) => isStr(k) && c.name === k.s)) : [];
        if (unknownP.length) warnings.push(`Manifest defines unknown providers:${unknownP.map(([k]) => `\n  - Job '${jobName}' does not define link provider '${keyText(k)}' in the release spec`).join("")}`);
        if (unknownC.length) warnings.push(`Manifest defines unknown consumers:${unknownC.map(([k]) => `\n  - Job '${jobName}' does not define link consumer '${keyText(k)}' in the release spec`).join("")}`);
        const cons = this.parseConsumers(name, group, gjob, j, spec, err, where);
        for (const c of cons) {
          consumers.push(c);
          if (c.manual) newGroupsForDns.push({ type: "link", name: `${c.name}-${c.type}` });
        }
        for (const p of provided) this.addProvider(dep, p);
      });

      // disks (§3.7)
      for (const d of getA(ig, "persistent_disks")) {
        const dn = getS(d, "name");
        if (dn === undefined) continue;
        const p: Provided = { kind: "disk", deployment: dep, group, job: "", name: dn, type: "disk", alias: dn, shared: false, consumable: true, properties: rhash([["name", str(dn)]]) };
        newGroupsForDns.push({ type: "link", name: `${dn}-disk` });
        this.addProvider(dep, p);
      }

      // networks (§6.3)
      this.parseNetworkDefaults(group, ig, err);
    }

    if (this.generateDns) {
      for (const g of newGroupsForDns) {
        if (this.groupIndex.idOf(g.type, g.name, name) !== "") continue;
        const row: DnsGroup = { type: g.type, name: g.name, deployment: name, id: this.nextGroupId++ };
        this.dns.groups.push(row);
        this.groupIndex.add(row);
      }
    } else this.groupIndex = new GroupIndex(this.dns.groups);

    for (const g of groups) for (const i of g.instances) if (i.num !== null) this.instanceNums.set(i.id, i.num);
    this.encoder = new DnsEncoder(encoderTables(this.dns, this.instanceNums));

    // The deployment exists from here on (cross-deployment consumers may read its providers).
    this.deployments.set(name, dep);

    // --- dry run (§5.4) -------------------------------------------------------------------------
    const entries: LinkplateError[] = [];
    const matches = new Map<Consumer, Provided | null>();
    for (const c of consumers) {
      if (c.manual) continue;
      const cands = this.candidates(dep, c);
      if (cands.length === 1) matches.set(c, cands[0]);
      else if (cands.length === 0 && c.optional && (!c.explicit || c.blocked)) matches.set(c, null);
      else entries.push(new InputError(this.errorEntry(c, cands.map((p) => this.providerText(p))), c.pos ?? {}));
    }
    if (entries.length) throw new Abort(wrap(name, entries), entries, "resolve");

    // --- real pass (§5.5, §7, §8) ---------------------------------------------------------------
    for (const c of consumers) {
      if (c.manual) {
        const link = rhash([
          ["instances", deepCopy(get(c.manual, "instances") ?? null)],
          ["properties", deepCopy(get(c.manual, "properties") ?? null)],
          ["address", deepCopy(get(c.manual, "address") ?? null)],
          ["deployment_name", str(name)],
          ["group_name", str(`${c.name}-${c.type}`)],
        ]);
        c.job.links.set(K(c.name), link);
        continue;
      }
      const p = matches.get(c);
      if (!p) continue;
      const r = this.buildLink(dep, c, p, warnings);
      if (typeof r === "string") entries.push(new InputError(r, c.pos ?? {}));
      else c.job.links.set(K(c.name), r);
    }
    if (entries.length) throw new Abort(wrap(name, entries), entries, "resolve");

    const data: GraphData = {
      deployment: name,
      rootDomain: this.director.rootDomain,
      localDnsEnabled: this.director.localDnsEnabled,
      features,
      azs: [...this.dns.azIndices.entries()].map(([n, index]) => ({ name: n, index })),
      networks: [...new Set([...this.netTypes.keys(), ...this.dns.networkIndices.keys(), ...groups.flatMap((g) => g.networks.map((n) => n.name))])].map((n) => {
        const net: GraphData["networks"][number] = { name: n, type: this.netTypes.get(n) ?? "manual", index: this.dns.networkIndices.get(n) ?? null };
        const c = this.input.cloud?.networks?.find((x) => x.name === n);
        if (c?.netmask !== undefined) net.netmask = c.netmask;
        if (c?.gateway !== undefined) net.gateway = c.gateway;
        return net;
      }),
      instanceGroups: groups.map(
        (g): GraphGroup => ({
          name: g.name,
          networks: g.networks.map((n) => ({ name: n.name, default: g.networks.length === 1 ? uniq(["dns", "gateway", ...n.defaults]) : n.defaults })),
          instances: g.instances,
          jobs: g.jobs,
          ...(typeof get(igs.a[groups.indexOf(g)], "persistent_disk") === "number" ? { persistentDisk: get(igs.a[groups.indexOf(g)], "persistent_disk") as number } : {}),
        }),
      ),
      dnsGroups: this.dns.groups.map((g) => ({ ...g })),
      warnings: [...warnings],
    };
    return new LinkGraph(data);
  }

  private ensureIndices(igs: RArray): void {
    for (const ig of igs.a) {
      for (const az of getA(ig, "azs")) if (isStr(az) && !this.dns.azIndices.has(az.s)) this.dns.azIndices.set(az.s, this.dns.azIndices.size + 1);
      for (const n of getA(ig, "networks")) {
        const nn = getS(n, "name");
        if (nn !== undefined && !this.dns.networkIndices.has(nn)) this.dns.networkIndices.set(nn, this.dns.networkIndices.size + 1);
      }
    }
  }

  private generateInstances(dep: string, ig: RHash, networks: Network[]): InstanceFact[] {
    const igName = getS(ig, "name")!;
    const count = typeof get(ig, "instances") === "number" ? (get(ig, "instances") as number) : 0;
    const azs = getA(ig, "azs").map((a) => (isStr(a) ? a.s : String(a)));
    const nws = getA(ig, "networks");
    const fail = (msg: string, k: number): never => {
      const e = new InputError(msg, {});
      throw new Abort(msg, [e], "input");
    };
    // Static IPs first (they also decide the AZ of their instance, as the director places them).
    const statics = networks.map((n, k) => {
      const list = getA(nws[k], "static_ips").map((x) => (isStr(x) ? x.s : String(x)));
      const subnets = this.cloudNetwork(n.name)?.subnets;
      if (subnets?.length && list.length && list.length !== count) fail(`Instance group '${igName}' has ${count} instances but was allocated ${list.length} static IPs in network '${n.name}'`, k);
      return list;
    });
    const out: InstanceFact[] = [];
    for (let i = 0; i < count; i++) {
      const ips = new Map<string, string>();
      let az: string | null = azs.length ? azs[i % azs.length] : null;
      networks.forEach((n, k) => {
        if (n.type === "dynamic") return;
        const subnets = this.cloudNetwork(n.name)?.subnets;
        const s = statics[k][i];
        if (subnets?.length && n.type === "manual") {
          if (s !== undefined) {
            const sub = this.ipam.claimStatic(n.name, subnets, s, igName);
            if (typeof sub === "string") fail(sub, k);
            else {
              const subAz = (sub as { azs: string[] | null }).azs?.find((a) => azs.includes(a));
              if (subAz !== undefined) az = subAz;
            }
            ips.set(n.name, s);
          } else {
            const ip = this.ipam.dynamic(n.name, subnets, az, igName);
            if (!/^\d/.test(ip)) fail(ip, k);
            ips.set(n.name, ip);
          }
          return;
        }
        if (s !== undefined) ips.set(n.name, s);
        else {
          const c = (this.ipCounters.get(n.name) ?? 0) + 1;
          this.ipCounters.set(n.name, c);
          const netIdx = this.dns.networkIndices.get(n.name) ?? 0;
          ips.set(n.name, `10.${netIdx % 256}.${Math.floor((c + 1) / 256) % 256}.${(c + 1) % 256}`);
        }
      });
      out.push({ id: stableUuid(dep, igName, String(i)), index: i, az, bootstrap: i === 0, num: this.nextInstanceNum++, ips });
    }
    return out;
  }

  private cloudNetwork(name: string) {
    return this.input.cloud?.networks?.find((n) => n.name === name);
  }

  private parseFeatures(m: RHash, err: (msg: string, c?: Value, k?: Value | number) => InputError): Features {
    const fail = (msg: string, c?: Value, k?: Value | number): never => {
      throw new Abort(msg, [err(msg, c, k)], "features");
    };
    let f = new RHash();
    if (has(m, "features")) {
      const v = get(m, "features");
      if (!isHash(v)) fail(`Key 'features' expects a Hash, but received '${rubyClassName(v)}'`, m, str("features"));
      f = v as RHash;
    }
    const raw = (key: string): boolean | null | undefined => {
      if (!has(f, key)) return undefined;
      const v = get(f, key);
      if (typeof v !== "boolean") fail(`Key '${key}' in 'features' expected to be a boolean, but received '${rubyClassName(v)}'`, f, str(key));
      return v as boolean;
    };
    const dnsRaw = raw("use_dns_addresses");
    const linkRaw = raw("use_link_dns_names");
    const shortRaw = raw("use_short_dns_addresses");
    const link = linkRaw ?? null;
    if (link === true) {
      if (shortRaw === false) fail("cannot enable `use_link_dns_names` when `use_short_dns_addresses` is explicitly disabled", f, str("use_short_dns_addresses"));
      if (dnsRaw === false) fail("cannot enable `use_link_dns_names` when `use_dns_addresses` is explicitly disabled", f, str("use_dns_addresses"));
    }
    const short = shortRaw !== undefined ? shortRaw : link;
    const dns = dnsRaw !== undefined ? dnsRaw : link;
    return { useLinkDnsNames: link, useShortDnsAddresses: short === true, useDnsAddresses: dns ?? this.director.localDnsUseDnsAddresses };
  }

  private parseProviders(dep: Deployment, group: Group, j: RHash, spec: JobSpec, jobProps: RHash, err: (msg: string, c?: Value, k?: Value | number) => InputError): Provided[] {
    const jobName = spec.name;
    const ig = group.name;
    // custom provider definitions (§3.2)
    const defs = getA(j, "custom_provider_definitions");
    const defErrors: InputError[] = [];
    defs.forEach((d, i) => {
      const n = nameOf(d);
      const t = get(d, "type");
      if (n === null) defErrors.push(err(`Name for custom link provider definition in manifest in job '${jobName}' in instance group '${ig}' must be a valid non-empty string.`, get(j, "custom_provider_definitions"), i));
      if (!(isStr(t) && t.s !== "")) defErrors.push(err(`Type for custom link provider definition in manifest in job '${jobName}' in instance group '${ig}' must be a valid non-empty string.`, get(j, "custom_provider_definitions"), i));
      if (n !== null && spec.provides.some((p) => p.name === n)) defErrors.push(err(`Custom provider '${n}' in job '${jobName}' in instance group '${ig}' is already defined in release '${spec.release}'`, get(j, "custom_provider_definitions"), i));
    });
    const counts = new Map<string, number>();
    if (defs.length > 1) {
      for (const d of defs) {
        const n = nameOf(d);
        if (n !== null) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
    for (const [n, c] of counts) if (c > 1) defErrors.push(err(`Custom provider '${n}' in job '${jobName}' in instance group '${ig}' is defined multiple times in manifest.`, j, str("custom_provider_definitions")));
    if (defErrors.length) throw new Abort(defErrors.map((e) => e.message).join("\n"), defErrors, "parse");

    const list: ReadonlyArray<{ name: string; type: string; properties: string[] }> = defs.length
      ? [...defs.map((d) => ({ name: nameOf(d)!, type: getS(d, "type")!, properties: getA(d, "properties").map((p) => (isStr(p) ? p.s : String(p))) })), ...spec.provides]
      : spec.provides;
    const provides = getH(j, "provides");
    const errors: InputError[] = [];
    const out: Provided[] = [];
    for (const pl of list) {
      let alias = pl.name;
      let shared = false;
      let consumable = true;
      if (provides && provides.has(K(pl.name))) {
        const v = provides.lookup(K(pl.name))!;
        if (isStr(v) && v.s === "nil") consumable = false;
        else if (isHash(v)) {
          if (has(v, "name") || has(v, "type")) {
            errors.push(err(`Cannot specify 'name' or 'type' properties in the manifest for link '${pl.name}' in job '${jobName}' in instance group '${ig}'. Please provide these keys in the release only.`, provides, str(pl.name)));
            continue;
          }
          if (has(v, "as")) {
            const a = get(v, "as");
            alias = isStr(a) ? a.s : a === null || a === undefined ? pl.name : String(a);
          }
          shared = get(v, "shared") === true;
        } else {
          errors.push(err(`Provider '${pl.name}' in job '${jobName}' in instance group '${ig}' specified in the manifest should only be a hash or string 'nil'`, provides, str(pl.name)));
          continue;
        }
      }
      // link properties (§3.5)
      const props = new RHash();
      for (const p of pl.properties) {
        const path = p.split(".");
        let cur: Value | undefined = jobProps;
        let found = true;
        for (const k of path) {
          if (cur instanceof RHash && cur.has(K(k))) cur = cur.lookup(K(k));
          else {
            found = false;
            break;
          }
        }
        let value: Value;
        if (found) value = deepCopy(cur as Value);
        else if (spec.properties.has(K(p))) value = deepCopy(get(spec.properties.lookup(K(p)), "default") ?? null);
        else {
          errors.push(err(`Link property ${p} in template ${jobName} is not defined in release spec`, j, str("name")));
          continue;
        }
        let d = props;
        for (const k of path.slice(0, -1)) {
          let next = d.lookup(K(k));
          if (!(next instanceof RHash)) {
            next = new RHash();
            d.set(K(k), next);
          }
          d = next as RHash;
        }
        d.set(K(path[path.length - 1]), value);
      }
      out.push({ kind: "job", deployment: dep, group, job: jobName, name: pl.name, type: pl.type, alias, shared, consumable, properties: props });
    }
    if (errors.length) throw new Abort(errors.map((e) => e.message).join("\n"), errors, "parse");
    return out;
  }

  private parseConsumers(
    depName: string,
    group: Group,
    gjob: GraphJob,
    j: RHash,
    spec: JobSpec,
    err: (msg: string, c?: Value, k?: Value | number) => InputError,
    where: (c: Value | undefined, k?: Value | number) => Partial<SourcePosition>,
  ): Consumer[] {
    const consumes = getH(j, "consumes");
    const jobName = spec.name;
    const ig = group.name;
    const errors: InputError[] = [];
    const out: Consumer[] = [];
    for (const cl of spec.consumes) {
      const base: Consumer = {
        group,
        job: gjob,
        jobName,
        name: cl.name,
        type: cl.type,
        alias: cl.name,
        explicit: false,
        blocked: false,
        optional: cl.optional,
        manual: null,
        network: undefined,
        ipAddresses: undefined,
        target: null,
        pos: null,
      };
      if (!consumes || !consumes.has(K(cl.name))) {
        base.pos = positionOr(where(j, str("name")));
        out.push(base);
        continue;
      }
      const v = consumes.lookup(K(cl.name))!;
      const e = (msg: string) => errors.push(err(msg, consumes!, str(cl.name)));
      base.explicit = true;
      base.pos = positionOr(where(consumes, str(cl.name)));
      if (isStr(v) && v.s === "nil") {
        base.blocked = true;
        out.push(base);
        continue;
      }
      if (!isHash(v)) {
        e(`Consumer '${cl.name}' in job '${jobName}' in instance group '${ig}' specified in the manifest should only be a hash or string 'nil'`);
        continue;
      }
      const before = errors.length;
      if (has(v, "instances") && has(v, "from")) e(`Cannot specify both 'instances' and 'from' keys for link '${cl.name}' in job '${jobName}' in instance group '${ig}'.`);
      if (has(v, "properties") && has(v, "from")) e(`Cannot specify both 'properties' and 'from' keys for link '${cl.name}' in job '${jobName}' in instance group '${ig}'.`);
      if (has(v, "properties") && !has(v, "instances")) e(`Cannot specify 'properties' without 'instances' for link '${cl.name}' in job '${jobName}' in instance group '${ig}'.`);
      if (has(v, "ip_addresses") && typeof get(v, "ip_addresses") !== "boolean") e(`Cannot specify non boolean values for 'ip_addresses' field for link '${cl.name}' in job '${jobName}' in instance group '${ig}'.`);
      if (has(v, "name") || has(v, "type")) e(`Cannot specify 'name' or 'type' properties in the manifest for link '${cl.name}' in job '${jobName}' in instance group '${ig}'. Please provide these keys in the release only.`);
      if (errors.length > before) continue;
      if (has(v, "instances") || has(v, "properties") || has(v, "address")) {
        base.manual = v;
        out.push(base);
        continue;
      }
      const from = get(v, "from");
      const fromText = isStr(from) ? from.s : cl.name;
      base.alias = fromText.includes(".") ? fromText.slice(fromText.lastIndexOf(".") + 1) : fromText;
      if (has(v, "network")) base.network = get(v, "network");
      if (has(v, "ip_addresses")) base.ipAddresses = get(v, "ip_addresses") as boolean;
      if (has(v, "deployment")) {
        const d = get(v, "deployment");
        const dn = isStr(d) ? d.s : String(d);
        if (dn !== depName) {
          if (!this.attempted.has(dn)) {
            errors.push(err(`Link '${fromText}' in job '${jobName}' from instance group '${ig}' consumes from deployment '${dn}', but the deployment does not exist.`, v, str("deployment")));
            continue;
          }
          base.target = dn;
        }
      }
      out.push(base);
    }
    if (errors.length) throw new Abort(errors.map((x) => x.message).join("\n"), errors, "parse");
    return out;
  }

  private parseNetworkDefaults(group: Group, ig: RHash, err: (msg: string, c?: Value, k?: Value | number) => InputError): void {
    const nets = group.networks;
    const igName = group.name;
    const nv = getA(ig, "networks");
    nets.forEach((n, i) => {
      for (const d of n.defaults) {
        if (d !== "dns" && d !== "gateway" && d !== "addressable") {
          const msg = `Instance group '${igName}' specified an invalid default network property '${d}', valid properties are: dns, gateway`;
          throw new Abort(msg, [err(msg, nv[i], str("default"))], "parse");
        }
      }
    });
    if (nets.length === 0) return;
    if (nets.length === 1) {
      group.linkNetwork = nets[0].name;
      group.gatewayNetwork = nets[0].name;
      return;
    }
    const claims = new Map<string, string[]>();
    for (const n of nets) for (const d of n.defaults) {
      const l = claims.get(d) ?? [];
      if (!l.includes(n.name)) l.push(n.name);
      claims.set(d, l);
    }
    const missing = ["dns", "gateway"].filter((p) => !claims.has(p)).sort();
    if (missing.length) {
      const msg = `Instance group '${igName}' must specify which network is default for ${missing.join(", ")}, since it has more than one network configured`;
      throw new Abort(msg, [err(msg, ig, str("networks"))], "parse");
    }
    const multi = [...claims.entries()].filter(([, l]) => l.length > 1);
    if (multi.length) {
      const msg = `Instance group '${igName}' specified more than one network to contain default. ${multi.map(([p, l]) => `'${p}' has default networks: ${l.map((x) => `'${x}'`).join(", ")}.`).join(" ")}`;
      throw new Abort(msg, [err(msg, ig, str("networks"))], "parse");
    }
    group.gatewayNetwork = claims.get("gateway")![0];
    group.linkNetwork = claims.get("addressable")?.[0] ?? group.gatewayNetwork;
  }

  private addProvider(dep: Deployment, p: Provided): void {
    dep.providers.push(p);
    const l = dep.byType.get(p.type);
    if (l) l.push(p);
    else dep.byType.set(p.type, [p]);
    const ak = `${p.type}\u0000${p.alias}`;
    const la = dep.byAlias.get(ak);
    if (la) la.push(p);
    else dep.byAlias.set(ak, [p]);
  }

  // -------------------------------------------------------------------------------------------
  // Matching (§5)

  private candidates(dep: Deployment, c: Consumer): Provided[] {
    if (c.blocked) return [];
    const target = c.target ? this.deployments.get(c.target) : dep;
    if (!target) return [];
    const cross = c.target !== null;
    if (!c.explicit) return (target.byType.get(c.type) ?? []).filter((p) => p.consumable);
    return (target.byAlias.get(`${c.type}\u0000${c.alias}`) ?? []).filter((p) => p.consumable && (!cross || p.shared));
  }

  private providerText(p: Provided): string {
    if (p.kind === "disk") return `Disk link provider '${p.name}' from instance group '${p.group.name}'`;
    return `Link provider '${p.name}' ${p.alias !== p.name ? `with alias '${p.alias}' ` : ""}from job '${p.job}' in instance group '${p.group.name}' in deployment '${p.deployment.name}'`;
  }

  private errorEntry(c: Consumer, details: string[]): string {
    const head = `Failed to resolve link '${c.name}' with ${c.alias !== c.name ? `alias '${c.alias}' and ` : ""}type '${c.type}' from job '${c.jobName}' in instance group '${c.group.name}'.`;
    const lines = details.length ? details : ["No link providers found"];
    return `${head} ${details.length > 1 ? "Multiple link providers found:" : "Details below:"}${lines.map((l) => `\n    - ${l}`).join("")}`;
  }

  // -------------------------------------------------------------------------------------------
  // Provider content (§6) and consumer-side selection (§7, §8)

  private contentOf(p: Provided): Content {
    if (p.content) return p.content;
    if (p.kind === "disk") return (p.content = { hasDefaultNetwork: false, defaultNetwork: null, networks: [], instances: [] });
    const g = p.group;
    const instances = sortInstances(g.name, g.instances).map((i): ContentInstance => ({ fact: i, name: g.name, id: i.id, index: i.index, bootstrap: i.bootstrap, az: i.az }));
    return (p.content = { hasDefaultNetwork: true, defaultNetwork: g.linkNetwork, networks: g.networks.map((n) => n.name), instances });
  }

  /** An instance's address on one of its group's networks (§6.5); undefined for other networks. */
  private instanceAddress(p: Provided, i: InstanceFact, network: string, preferDns: boolean): string | null | undefined {
    const g = p.group;
    let n: Network | undefined;
    for (const x of g.networks) if (x.name === network) n = x;
    if (!n) return undefined;
    if (n.type === "dynamic" || (preferDns && this.director.localDnsEnabled)) {
      const f = p.deployment.features;
      return instanceDnsName(
        {
          uuid: i.id,
          group: g.name,
          network: n.name,
          deployment: p.deployment.name,
          rootDomain: this.director.rootDomain,
          useShortDns: f.useShortDnsAddresses,
          useLinkDnsNames: f.useLinkDnsNames === true,
          linkGroupName: `${p.alias}-${p.type}`,
        },
        this.encoder!,
      );
    }
    return i.ips.get(n.name) ?? null;
  }

  /** Builds the resolved link hash, or returns a single-line/entry error text. */
  private buildLink(consumerDep: Deployment, c: Consumer, p: Provided, warnings: string[]): RHash | string {
    let content: Content;
    try {
      content = this.contentOf(p);
    } catch (e) {
      if (e instanceof InputError || e instanceof DnsEncoderError) return e.message;
      throw e;
    }
    // network check (§5.5)
    if (c.explicit && c.network !== undefined) {
      const net = c.network;
      if (!content.hasDefaultNetwork && p.kind === "disk") return this.errorEntry(c, [`${this.providerText(p)} does not contain any networks`]);
      if (!(isStr(net) && content.networks.includes(net.s))) return this.errorEntry(c, [`${this.providerText(p)} does not belong to network '${isStr(net) ? net.s : net === null ? "" : scalarText(net)}'`]);
    }
    const pd = p.deployment;
    const groupName = K(`${p.alias}-${p.type}`);
    if (!content.hasDefaultNetwork) {
      if (c.ipAddresses !== undefined) return "Unable to retrieve default network from provider. Please redeploy provider deployment";
      // disk link shape (§8.3)
      return rhash([
        ["deployment_name", str(pd.name)],
        ["properties", p.properties],
        ["networks", new RArray()],
        ["instances", new RArray()],
        ["group_name", groupName],
      ]);
    }
    const linkNet = c.network !== undefined && isStr(c.network) ? c.network.s : content.defaultNetwork;
    const table: "addresses" | "dns" = c.ipAddresses === undefined ? (pd.features.useDnsAddresses ? "dns" : "addresses") : c.ipAddresses ? "addresses" : "dns";
    const wanted = c.ipAddresses === undefined ? consumerDep.features.useDnsAddresses : !c.ipAddresses;
    const instances: RHash[] = [];
    const w3: string[] = [];
    for (const i of content.instances) {
      let a: string | null | undefined;
      try {
        a = linkNet === null ? undefined : this.instanceAddress(p, i.fact, linkNet, table === "dns");
      } catch (e) {
        if (e instanceof DnsEncoderError) return e.message;
        throw e;
      }
      if (a === undefined) return `Provider link does not have network: '${linkNet ?? ""}'`;
      if (wanted && isIpAddress(a)) w3.push(`DNS address not available for the link provider instance: ${p.group.name}/${i.id}`);
      const ih = new RHash();
      setK(ih, "name", K(i.name));
      setK(ih, "id", K(i.id));
      setK(ih, "index", i.index);
      setK(ih, "bootstrap", i.bootstrap);
      setK(ih, "az", i.az === null ? null : K(i.az));
      setK(ih, "address", a === null ? null : K(a));
      instances.push(ih);
    }
    if (w3.length) warnings.push(...w3);
    const link = new RHash();
    setK(link, "deployment_name", K(pd.name));
    setK(link, "domain", K(this.director.rootDomain));
    setK(link, "default_network", linkNet === null ? null : K(linkNet));
    setK(link, "networks", new RArray(content.networks.map((n) => K(n))));
    setK(link, "instance_group", K(p.group.name));
    setK(link, "properties", p.properties);
    setK(link, "use_short_dns_addresses", pd.features.useShortDnsAddresses);
    setK(link, "use_dns_addresses", pd.features.useDnsAddresses);
    setK(link, "use_link_dns_names", pd.features.useLinkDnsNames);
    setK(link, "instances", new RArray(instances));
    setK(link, "group_name", groupName);
    return link;
  }
}

function nameOf(d: Value): string | null {
  const n = get(d, "name");
  return isStr(n) && n.s !== "" ? n.s : null;
}

function wrap(dep: string, entries: LinkplateError[]): string {
  return `Failed to resolve links from deployment '${dep}'. See errors below:${entries.map((e) => `\n  - ${e.message}`).join("")}`;
}

function keyText(k: Value): string {
  return isStr(k) ? k.s : String(k);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function positionOr(p: Partial<SourcePosition>): SourcePosition | null {
  return p.filename !== undefined ? { filename: p.filename, line: p.line ?? null, column: p.column ?? null } : null;
}

function isManifestInput(m: ManifestInput | Value): m is ManifestInput {
  return typeof m === "object" && m !== null && !(m instanceof RObject) && "value" in m;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export { canonicalize, type CloudFacts, type ReleaseInput };
