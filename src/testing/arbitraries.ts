/**
 * fast-check arbitraries derived from a job's spec: manifest properties shaped by each declared
 * property's default (or example, `type`, or name), instance specs, link instances, consumed links
 * and small deployments. Every generator puts Ruby's test defaults (or the spec default) first, so
 * fast-check shrinks toward them and counterexamples stay short and readable.
 */
import type { Arbitrary } from "fast-check";
import { InputError } from "../diagnostics/errors.js";
import { RArray, RFloat, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { fc } from "./fast-check.js";
import { INSTANCE_SPEC_DEFAULTS, InstanceSpec, LINK_INSTANCE_DEFAULTS, Link, LinkInstance } from "./instance-spec.js";
import { type PlainJson, type PropertyTree, getDotted, plainFromRuby, setDotted } from "./plain.js";
import type { Job, PropertyDecl, ReleaseDir } from "./release.js";

/** Per property (dotted name): an arbitrary for its value (always present), "required" (always present, derived) or "absent". */
export type PropertyOverrides = Record<string, Arbitrary<PlainJson> | "required" | "absent">;

const AZS = ["z1", "z2", "z3"];

/** One of `arbs`, shrinking toward the first (the default) when that still fails. */
function preferFirst<T>(...arbs: Arbitrary<T>[]): Arbitrary<T> {
  return fc().oneof({ withCrossShrink: true }, ...arbs);
}

/** Short words: readable values that shrink to "a". */
function word(): Arbitrary<string> {
  return fc().stringMatching(/^[a-z][a-z0-9-]{0,9}$/);
}

/** Strings with the characters that break quoting and escaping (quotes, `:`, `#`, `$`, spaces, newlines). */
function awkwardString(): Arbitrary<string> {
  const chars = fc().constantFrom(..."aZ09 -_.:#'\"\\$%{}[],*&!|>@`\n\té");
  return fc().array(chars, { maxLength: 12 }).map((cs) => cs.join(""));
}

function anyString(): Arbitrary<string> {
  return preferFirst(word(), awkwardString());
}

function ipv4(): Arbitrary<string> {
  return fc().tuple(fc().integer({ min: 1, max: 254 }), fc().integer({ min: 0, max: 255 }), fc().integer({ min: 1, max: 254 })).map(([a, b, c]) => `10.${a}.${b}.${c}`);
}

function hostname(): Arbitrary<string> {
  return preferFirst(ipv4(), fc().tuple(word(), word()).map(([a, b]) => `${a}.${b}.internal`));
}

function pem(kind: string): Arbitrary<string> {
  return word().map((w) => `-----BEGIN ${kind}-----\n${w}\n-----END ${kind}-----\n`);
}

/** A scalar of no known type: a word, a small number, or a boolean. */
function anyScalar(): Arbitrary<PlainJson> {
  return preferFirst<PlainJson>(word(), fc().nat(1000), fc().boolean());
}

/** Values shaped like `shape` (a default or example): same kind, with the shape itself first. */
function shapedLike(shape: Value, depth = 0): Arbitrary<PlainJson> {
  const f = fc();
  const plain = plainFromRuby(shape);
  const orShape = (a: Arbitrary<PlainJson>): Arbitrary<PlainJson> => preferFirst(f.constant(plain), a);
  if (typeof shape === "boolean") return f.boolean();
  if (typeof shape === "number" || typeof shape === "bigint") return orShape(preferFirst(f.nat(100), f.integer({ min: -1, max: 70000 })));
  if (shape instanceof RFloat) return orShape(f.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)));
  if (shape instanceof RString) return orShape(anyString());
  if (shape instanceof RArray) {
    const elem = shape.a.length > 0 && depth < 3 ? shapedLike(shape.a[0], depth + 1) : anyScalar();
    return orShape(f.array(elem, { maxLength: 4 }));
  }
  if (shape instanceof RHash) {
    const first = shape.entries().next();
    const value = !first.done && depth < 3 ? shapedLike(first.value[1], depth + 1) : anyScalar();
    return orShape(f.dictionary(word(), value, { maxKeys: 3 }) as Arbitrary<PlainJson>);
  }
  return anyScalar();
}

/** Values for a property with no default, guessed from its spec `type` and name. */
function guessed(decl: PropertyDecl): Arbitrary<PlainJson> {
  const f = fc();
  const last = decl.name.split(".").pop()!.toLowerCase();
  if (decl.type === "certificate") return f.record({ ca: pem("CERTIFICATE"), certificate: pem("CERTIFICATE"), private_key: pem("RSA PRIVATE KEY") });
  if (decl.type === "password") return word();
  if (/port$/.test(last)) return f.integer({ min: 1, max: 65535 });
  if (/(^|_)(enabled?|disabled?)$|^(enable|disable|use|skip|allow)_/.test(last)) return f.boolean();
  if (/(timeout|interval|seconds|_ms|count|max|min|limit|size|workers|threads|retries)/.test(last)) return f.nat(3600);
  if (/(addresses|hosts|ips|machines|servers|members)$/.test(last)) return f.array(hostname(), { maxLength: 3 });
  if (/(address|host|hostname|ip)$/.test(last)) return hostname();
  if (/(cert|certificate|ca|ca_cert)$/.test(last)) return pem("CERTIFICATE");
  if (/(private_key|key)$/.test(last)) return pem("RSA PRIVATE KEY");
  if (/(url|uri|endpoint)$/.test(last)) return hostname().map((h) => `https://${h}`);
  if (/(password|secret|token)$/.test(last)) return word();
  return anyScalar();
}

function arbitraryFor(decl: PropertyDecl): Arbitrary<PlainJson> {
  if (decl.default !== undefined) return shapedLike(decl.default);
  if (decl.example !== undefined && decl.example !== null) return shapedLike(decl.example);
  return guessed(decl);
}

/**
 * Manifest properties for a job: every declared property is sometimes absent (its default, or
 * nil, applies) and otherwise a value shaped by its default, example, `type` or name. `overrides`
 * pins a property's arbitrary, or marks it "required" or "absent".
 */
export function arbProperties(job: Job, overrides: PropertyOverrides = {}): Arbitrary<PropertyTree> {
  const f = fc();
  const decls = job.properties;
  const declared = new Set(decls.map((d) => d.name));
  for (const name of Object.keys(overrides)) {
    if (!declared.has(name)) throw new InputError(`arbProperties: job '${job.name}' declares no property '${name}' (declared: ${[...declared].join(", ") || "none"})`);
  }
  const model: Record<string, Arbitrary<PlainJson>> = {};
  const required: string[] = [];
  for (const d of decls) {
    const o = Object.hasOwn(overrides, d.name) ? overrides[d.name] : undefined;
    if (o === "absent") continue;
    model[d.name] = o === undefined || o === "required" ? arbitraryFor(d) : o;
    if (o !== undefined) required.push(d.name);
  }
  return f.record(model, { requiredKeys: required }).map((flat) => {
    const tree: PropertyTree = {};
    for (const d of decls) if (Object.hasOwn(flat, d.name)) setDotted(tree, d.name, (flat as Record<string, PlainJson>)[d.name]);
    return tree;
  });
}

/** Instance specs: Ruby's InstanceSpec defaults first, then other AZs, indexes, names, addresses. */
export function arbInstanceSpec(): Arbitrary<InstanceSpec> {
  const f = fc();
  const d = INSTANCE_SPEC_DEFAULTS;
  return f
    .record({
      name: f.constantFrom(d.name, "web", "api-worker"),
      index: f.nat(4),
      az: f.constantFrom(d.az, ...AZS),
      bootstrap: f.boolean(),
      id: preferFirst(f.constant(d.id), f.uuid()),
      deployment: f.constantFrom(d.deployment, "cf", "prod-eu"),
      ip: preferFirst(f.constant(d.ip), ipv4()),
      address: preferFirst(f.constant(d.address), hostname()),
    })
    .map((r) => new InstanceSpec({ ...r, networks: r.ip === d.ip ? undefined : { default: { ip: r.ip, netmask: "255.255.255.0", default: ["dns", "gateway"] } } }));
}

/** Link instances: Ruby's LinkInstance defaults first, then other names, AZs, addresses. */
export function arbLinkInstance(): Arbitrary<LinkInstance> {
  const f = fc();
  const d = LINK_INSTANCE_DEFAULTS;
  return f
    .record({
      name: f.constantFrom(d.name, "db", "backend"),
      id: preferFirst(f.constant(d.id), f.uuid()),
      index: preferFirst(f.constant(d.index), f.nat(9)),
      az: f.constantFrom(d.az, ...AZS),
      address: preferFirst(f.constant(d.address), hostname()),
      bootstrap: f.boolean(),
    })
    .map((r) => new LinkInstance(r));
}

/** The release's jobs providing a link of `type` (or, untyped, of that name). */
function providersOf(release: ReleaseDir, type: string | null, name: string): Array<{ job: Job; properties: string[] }> {
  const out: Array<{ job: Job; properties: string[] }> = [];
  for (const jobName of release.jobNames()) {
    const job = release.job(jobName);
    for (const p of job.provides) if (type !== null ? p.type === type : p.name === name) out.push({ job, properties: p.properties });
  }
  return out;
}

/** Link properties as a provider exposes them: its manifest value, else its spec default, else nil. */
function providedProperties(provider: Job, names: string[], manifest: PropertyTree): PropertyTree {
  const decls = new Map(provider.properties.map((d) => [d.name, d]));
  const out: PropertyTree = {};
  for (const n of names) {
    const v = getDotted(manifest, n);
    setDotted(out, n, v !== undefined && v !== null ? v : plainFromRuby(decls.get(n)?.default));
  }
  return out;
}

export interface ArbLinkOptions {
  /** Link properties (default: the properties a job of this release providing the link's type exposes, from its spec; else {}). */
  properties?: Arbitrary<PropertyTree>;
  /** Instance count bounds (default 0..4). */
  minInstances?: number;
  maxInstances?: number;
}

/** A link `name` the job consumes: 0..n instances over several AZs, a manual address, properties. */
export function arbLink(job: Job, name: string, options: ArbLinkOptions = {}): Arbitrary<Link> {
  const f = fc();
  const consume = job.consumes.find((c) => c.name === name);
  if (!consume) throw new InputError(`arbLink: job '${job.name}' consumes no link '${name}' (consumes: ${job.consumes.map((c) => c.name).join(", ") || "none"})`);
  let properties = options.properties;
  if (!properties) {
    const provider = providersOf(job.release, consume.type, consume.name)[0];
    properties = provider ? arbProperties(provider.job).map((m) => providedProperties(provider.job, provider.properties, m)) : f.constant({});
  }
  return f
    .record({
      instances: f.array(arbLinkInstance(), { minLength: options.minInstances ?? 0, maxLength: options.maxInstances ?? 4 }),
      properties,
      address: f.constantFrom(`q-s0.${name}.default.my-deployment.bosh`, `${name}.service.internal`),
    })
    .map((r) => new Link({ name, ...r }));
}

/** Every link the job consumes (optional ones sometimes absent), in the spec's order. */
export function arbConsumes(job: Job, options: Record<string, ArbLinkOptions> = {}): Arbitrary<Link[]> {
  const f = fc();
  const parts = job.consumes.map((c) => {
    const link = arbLink(job, c.name, options[c.name] ?? {});
    return c.optional ? f.option(link, { nil: null }) : link;
  });
  return f.tuple(...parts).map((ls) => ls.filter((l): l is Link => l !== null));
}

/** One instance group of a generated deployment: one job, its instances, properties and links. */
export interface GraphGroup {
  name: string;
  job: string;
  instances: InstanceSpec[];
  properties: PropertyTree;
  consumes: Link[];
}

/** A small generated deployment: links resolved between its groups as a director would. */
export interface LinkGraphSample {
  deployment: string;
  groups: GraphGroup[];
}

export interface ArbLinkGraphOptions {
  /** Jobs to deploy, one instance group each (default: every job of the release). */
  jobs?: string[];
  /** Instances per group (default 1..3). */
  maxInstances?: number;
}

/**
 * A small deployment of a release: one instance group per job with 1..n instances spread over
 * AZs, generated properties, and every consumed link resolved to the group providing its type:
 * link instances are the provider's instances (same ids, AZs, addresses), link properties the
 * provider's properties with its spec defaults. A required link no job provides is an InputError.
 */
export function arbLinkGraph(release: ReleaseDir, options: ArbLinkGraphOptions = {}): Arbitrary<LinkGraphSample> {
  const f = fc();
  const names = options.jobs ?? release.jobNames();
  const jobs = names.map((n) => release.job(n));
  for (const j of jobs) {
    for (const c of j.consumes) {
      const provided = jobs.some((p) => p.provides.some((x) => (c.type !== null ? x.type === c.type : x.name === c.name)));
      if (!provided && !c.optional) throw new InputError(`arbLinkGraph: job '${j.name}' consumes '${c.name}'${c.type ? ` (type ${c.type})` : ""} and no job of the graph provides it`);
    }
  }
  const group = (j: Job) =>
    f.record({
      azs: f.array(f.constantFrom(...AZS), { minLength: 1, maxLength: options.maxInstances ?? 3 }),
      ids: f.array(f.uuid(), { minLength: options.maxInstances ?? 3, maxLength: options.maxInstances ?? 3 }),
      properties: arbProperties(j),
    });
  return f.record({ deployment: f.constantFrom("my-deployment", "cf"), groups: f.tuple(...jobs.map(group)) }).map(({ deployment, groups }) => {
    const built = jobs.map((j, g): GraphGroup => {
      const { azs, ids, properties } = groups[g];
      const instances = azs.map(
        (az, i) =>
          new InstanceSpec({
            name: j.name,
            index: i,
            az,
            id: ids[i],
            bootstrap: i === 0,
            deployment,
            ip: `10.0.${g}.${10 + i}`,
            address: `${ids[i]}.${j.name}.default.${deployment}.bosh`,
            networks: { default: { ip: `10.0.${g}.${10 + i}`, netmask: "255.255.255.0", default: ["dns", "gateway"] } },
          }),
      );
      return { name: j.name, job: j.name, instances, properties, consumes: [] };
    });
    jobs.forEach((j, g) => {
      for (const c of j.consumes) {
        const p = jobs.findIndex((pj) => pj.provides.some((x) => (c.type !== null ? x.type === c.type : x.name === c.name)));
        if (p < 0) continue;
        const provided = jobs[p].provides.find((x) => (c.type !== null ? x.type === c.type : x.name === c.name))!;
        const provider = built[p];
        built[g].consumes.push(
          new Link({
            name: c.name,
            instances: provider.instances.map((s) => new LinkInstance({ name: provider.name, id: s.id, index: s.index, az: s.az, address: s.address, bootstrap: s.bootstrap })),
            properties: providedProperties(jobs[p], provided.properties, provider.properties),
            address: `q-s0.${provider.name}.default.${deployment}.bosh`,
          }),
        );
      }
    });
    return { deployment, groups: built };
  });
}
