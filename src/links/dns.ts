/**
 * DNS naming used by link resolution (link-resolution.md §9): canonical labels, instance DNS
 * names (long, short, link-group short) and the index tables a director keeps.
 */
import { InputError } from "../diagnostics/errors.js";

/** A director DNS group: `instance-group` (name = group) or `link` (name = `<alias>-<type>`). */
export interface DnsGroup {
  type: "instance-group" | "link";
  name: string;
  deployment: string;
  id: number;
}

/** The director's DNS index tables (link-resolution.md §9.4). */
export interface DnsTables {
  azIndices: Map<string, number>;
  networkIndices: Map<string, number>;
  groups: DnsGroup[];
}

export function emptyDnsTables(): DnsTables {
  return { azIndices: new Map(), networkIndices: new Map(), groups: [] };
}

/** BOSH's canonical DNS label (§9.1): lower-case, `_` → `-`, drop everything outside [a-z0-9-]. */
export function canonicalize(label: string): string {
  const out = label.toLowerCase().replace(/_/g, "-").replace(/[^a-z0-9-]/g, "");
  if (out.startsWith("-")) throw new InputError(`Invalid DNS canonical name '${out}', cannot start with a hyphen`);
  if (out.endsWith("-")) throw new InputError(`Invalid DNS canonical name '${out}', cannot end with a hyphen`);
  return out;
}

/** Fast lookup of group ids by (type, name, deployment). */
export class GroupIndex {
  private readonly map = new Map<string, number>();
  constructor(groups: readonly DnsGroup[]) {
    for (const g of groups) this.add(g);
  }
  add(g: DnsGroup): void {
    this.map.set(`${g.type}\u0000${g.name}\u0000${g.deployment}`, g.id);
  }
  /** The group id as text, or "" when unknown (the director's behaviour, §9.3). */
  idOf(type: DnsGroup["type"], name: string, deployment: string): string {
    const id = this.map.get(`${type}\u0000${name}\u0000${deployment}`);
    return id === undefined ? "" : String(id);
  }
}

export interface InstanceDnsInput {
  uuid: string;
  num: number | null;
  group: string;
  network: string;
  deployment: string;
  rootDomain: string;
  /** Effective flags of the provider deployment. */
  useShortDns: boolean;
  useLinkDnsNames: boolean;
  /** `<alias>-<type>` of the provided link (only used with link DNS names). */
  linkGroupName: string;
}

/** An instance's DNS name on one network (§9.2). */
export function instanceDnsName(i: InstanceDnsInput, tables: DnsTables, groups: GroupIndex): string {
  if (i.useLinkDnsNames || i.useShortDns) {
    const net = tables.networkIndices.get(i.network);
    const gid = i.useLinkDnsNames ? groups.idOf("link", i.linkGroupName, i.deployment) : groups.idOf("instance-group", i.group, i.deployment);
    return `q-m${i.num ?? ""}n${net ?? ""}s0.q-g${gid}.${i.rootDomain}`;
  }
  return `${i.uuid}.${canonicalize(i.group)}.${canonicalize(i.network)}.${canonicalize(i.deployment)}.${i.rootDomain}`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Whether an address is an IP literal (v4 or v6) rather than a DNS name. */
export function isIpAddress(a: string | null): boolean {
  if (a === null) return false;
  if (IPV4.test(a)) return true;
  return a.includes(":") && /^[0-9a-fA-F:.]+$/.test(a);
}
