/**
 * The BOSH director's DNS query encoder (`Bosh::Director::DnsEncoder` and `Canonicalizer`), used
 * by `link('x').address(...)` and for instance DNS names. Plain TypeScript, no Ruby values.
 *
 * Query form (link-resolution.md §9.3):
 * - first label: `q-<slug>`, or the instance uuid in the long form when one is given;
 *   the slug is `a<az id>` per requested AZ, short form only `m<instance num>` (with a uuid) and
 *   `n<network id>`, `y1`/`y0` for `initial_health_check` synchronous/asynchronous, and
 *   `s<status>` (healthy 3, unhealthy 1, all 4, anything else 0), sorted as strings and joined;
 * - long form: `.<canon group>.<canon network>.<canon deployment>.<root domain>`;
 * - short form: `.q-g<group id>.<root domain>` (an unknown group gives `q-g`).
 *
 * Failures are {@link DnsEncoderError}s carrying the Ruby exception the director raises.
 */
import { InputError } from "../diagnostics/errors.js";

/** Numeric ids a director keeps (link-resolution.md §9.4). */
export interface DnsIndexTables {
  azIndices: Map<string, number>;
  /** The director-wide short-DNS default (a link's own `use_short_dns_addresses` is passed per query). */
  shortDns: boolean;
  serviceGroups: { type: string; name: string; deployment: string; id: number }[];
  instanceIndices: Map<string, number>;
  networkIndices: Map<string, number>;
  rootDomain?: string;
}

/** The `dns` field of a corpus case (all keys optional except as the corpus writes them). */
export interface CorpusDns {
  az_indices?: Record<string, number>;
  short_dns?: boolean;
  service_groups?: [string, string, string, number][];
  instance_indices?: Record<string, number>;
  network_indices?: Record<string, number>;
  root_domain?: string;
  domain_name?: string;
}

/** A failure the director reports as a Ruby exception (`rubyClass`, `rubyMessage`). */
export class DnsEncoderError extends Error {
  override name = "DnsEncoderError";
  constructor(
    readonly rubyClass: string,
    readonly rubyMessage: string,
  ) {
    super(rubyMessage);
    this.name = "DnsEncoderError";
  }
}

export interface DnsQueryCriteria {
  /** `instance-group` or `link`. */
  groupType: string;
  /** null only when the link hash has none (long form then fails as Ruby does; short form finds no group). */
  groupName: string | null;
  deploymentName: string | null;
  /** The link network; null/undefined only for callers that have none (long form then fails as Ruby does). */
  defaultNetwork: string | null;
  /** null joins as an empty label, as Ruby's `Array#join` does with nil. */
  rootDomain: string | null;
  /** AZ names; a null entry yields a bare `a` token, as in Ruby. */
  azs?: (string | null)[] | null;
  /** Only a String `status` is matched; pass null for any non-String value. */
  status?: string | null;
  initialHealthCheck?: string | null;
  instanceUuid?: string | null;
}

/** Structurally the `DnsQuery` of src/bosh/evaluation-link.ts. */
export interface LinkDnsQuery {
  azs: Array<string | null> | null;
  status: string | null;
  initialHealthCheck: string | null;
  uuid: string | null;
  groupName: string | null;
  groupType: string;
  defaultNetwork: string | null;
  deploymentName: string | null;
  rootDomain: string | null;
}

const HEALTH: ReadonlyMap<string, number> = new Map([
  ["healthy", 3],
  ["unhealthy", 1],
  ["all", 4],
  ["default", 0],
]);

export function dnsTablesFromCorpus(dns: CorpusDns | Record<string, unknown>): DnsIndexTables {
  const d = dns as CorpusDns;
  const toMap = (o: Record<string, number> | undefined): Map<string, number> => new Map(Object.entries(o ?? {}).map(([k, v]) => [k, Number(v)]));
  const tables: DnsIndexTables = {
    azIndices: toMap(d.az_indices),
    shortDns: d.short_dns === true,
    serviceGroups: (d.service_groups ?? []).map(([type, name, deployment, id]) => ({ type: String(type), name: String(name), deployment: String(deployment), id: Number(id) })),
    instanceIndices: toMap(d.instance_indices),
    networkIndices: toMap(d.network_indices),
  };
  const root = d.root_domain ?? d.domain_name;
  if (typeof root === "string") tables.rootDomain = root;
  return tables;
}

/**
 * `Canonicalizer.canonicalize`: lower-case, `_` → `-`, drop everything outside `a-z0-9-`
 * (with `allowDots`, also keep `.`); a leading or trailing hyphen is an error.
 */
export function canonicalize(label: string, opts: { allowDots?: boolean } = {}): string {
  let s = label.toLowerCase().replace(/_/g, "-");
  s = opts.allowDots ? s.replace(/[^a-z0-9\-.]/g, "") : s.replace(/[^a-z0-9-]/g, "");
  if (s.startsWith("-")) {
    throw new DnsEncoderError("Bosh::Director::DnsInvalidCanonicalName", `Invalid DNS canonical name '${s}', cannot start with a hyphen`);
  }
  if (s.endsWith("-")) {
    throw new DnsEncoderError("Bosh::Director::DnsInvalidCanonicalName", `Invalid DNS canonical name '${s}', cannot end with a hyphen`);
  }
  return s;
}

export class DnsEncoder {
  private readonly groups = new Map<string, number>();

  constructor(readonly tables: DnsIndexTables) {
    for (const g of tables.serviceGroups) this.groups.set(groupKey(g.type, g.name, g.deployment), g.id);
  }

  /** `encode_query(criteria, use_short_dns)`. */
  encodeQuery(criteria: DnsQueryCriteria, useShortDns: boolean): string {
    const octets: string[] = [];
    const uuid = criteria.instanceUuid ?? null;
    if (uuid === null || useShortDns) octets.push(`q-${this.querySlug(criteria, useShortDns)}`);
    else octets.push(uuid);
    if (useShortDns) {
      octets.push(`q-g${this.idForGroupTuple(criteria.groupType, criteria.groupName ?? "", criteria.deploymentName ?? "")}`);
    } else {
      octets.push(canonicalizeValue(criteria.groupName), canonicalizeValue(criteria.defaultNetwork), canonicalizeValue(criteria.deploymentName));
    }
    octets.push(criteria.rootDomain ?? "");
    return octets.join(".");
  }

  /**
   * The shape `src/bosh/evaluation-link.ts` expects (`LinkDnsEncoder`): a criteria record read
   * from the template's hash, and the link's `use_short_dns_addresses` (null: this director's
   * default, {@link DnsIndexTables.shortDns}).
   */
  encode(query: LinkDnsQuery, useShortDns: boolean | null): string {
    return this.encodeQuery(
      {
        groupType: query.groupType,
        groupName: query.groupName,
        deploymentName: query.deploymentName,
        defaultNetwork: query.defaultNetwork,
        rootDomain: query.rootDomain,
        azs: query.azs,
        status: query.status,
        initialHealthCheck: query.initialHealthCheck,
        instanceUuid: query.uuid,
      },
      useShortDns ?? this.tables.shortDns,
    );
  }

  /** The AZ id as a string; "Unknown AZ: '<az>'" when the AZ has none. */
  idForAz(az: string | null): string {
    if (az === null) return "";
    const id = this.tables.azIndices.get(az);
    if (id === undefined) throw new DnsEncoderError("RuntimeError", `Unknown AZ: '${az}'`);
    return String(id);
  }

  numForUuid(uuid: string): string {
    const n = this.tables.instanceIndices.get(uuid);
    if (n === undefined) throw new DnsEncoderError("RuntimeError", `Unknown instance UUID: '${uuid}'`);
    return String(n);
  }

  idForNetwork(network: string): string {
    const n = this.tables.networkIndices.get(network);
    if (n === undefined) throw new DnsEncoderError("RuntimeError", `Unknown Network: '${network}'`);
    return String(n);
  }

  /** The group id, or "" for an unknown (type, name, deployment) triple. */
  idForGroupTuple(type: string, name: string, deployment: string): string {
    const id = this.groups.get(groupKey(type, name, deployment));
    return id === undefined ? "" : String(id);
  }

  private querySlug(c: DnsQueryCriteria, useShortDns: boolean): string {
    const tokens: string[] = [];
    for (const az of c.azs ?? []) tokens.push(`a${this.idForAz(az)}`);
    if (useShortDns) {
      if (c.instanceUuid != null) tokens.push(`m${this.numForUuid(c.instanceUuid)}`);
      if (c.defaultNetwork != null) tokens.push(`n${this.idForNetwork(c.defaultNetwork)}`);
    }
    if (c.initialHealthCheck === "synchronous") tokens.push("y1");
    else if (c.initialHealthCheck === "asynchronous") tokens.push("y0");
    tokens.push(`s${(c.status != null ? HEALTH.get(c.status) : undefined) ?? 0}`);
    tokens.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return tokens.join("");
  }
}

function groupKey(type: string, name: string, deployment: string): string {
  return `${type}\u0000${name}\u0000${deployment}`;
}

function canonicalizeValue(v: string | null | undefined): string {
  if (v == null) throw new DnsEncoderError("NoMethodError", "undefined method 'downcase' for nil");
  return canonicalize(v);
}

/**
 * DNS tables as a render option gives them: built tables as they are, the corpus `dns` shape
 * converted, null for none; anything malformed is an InputError.
 */
export function dnsTablesOption(dns: DnsIndexTables | Record<string, unknown> | null | undefined): DnsIndexTables | null {
  if (dns === null || dns === undefined) return null;
  if (dns instanceof Object && "azIndices" in dns && (dns as DnsIndexTables).azIndices instanceof Map) return dns as DnsIndexTables;
  try {
    return dnsTablesFromCorpus(dns as never);
  } catch (e) {
    throw new InputError(`invalid dns tables: ${(e as Error).message}`);
  }
}
