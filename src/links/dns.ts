/**
 * DNS naming used by link resolution (link-resolution.md §9): canonical labels, instance DNS
 * names (long, short, link-group short) and the index tables a director keeps.
 */
import { DnsEncoder, canonicalize, type DnsIndexTables } from "../bosh/dns-encoder.js";

export { canonicalize, DnsEncoder };

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

/** The DNS encoder's tables for our index tables plus instance numbers. */
export function encoderTables(t: DnsTables, instanceIndices: Map<string, number>, shortDns = false): DnsIndexTables {
  return { azIndices: t.azIndices, shortDns, serviceGroups: t.groups, instanceIndices, networkIndices: t.networkIndices };
}

export interface InstanceDnsInput {
  uuid: string;
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

/**
 * An instance's DNS name on one network (§9.2): `uuid.group.network.deployment.root`, or the short
 * `q-m<num>n<net>s0.q-g<group>.root` (the group being the link's DNS group with link DNS names).
 * Throws {@link DnsEncoderError} (unknown instance/network in the short form, bad canonical names).
 */
export function instanceDnsName(i: InstanceDnsInput, encoder: DnsEncoder): string {
  const link = i.useLinkDnsNames;
  return encoder.encodeQuery(
    {
      groupType: link ? "link" : "instance-group",
      groupName: link ? i.linkGroupName : i.group,
      deploymentName: i.deployment,
      defaultNetwork: i.network,
      rootDomain: i.rootDomain,
      instanceUuid: i.uuid,
    },
    link || i.useShortDns,
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Whether an address is an IP literal (v4 or v6) rather than a DNS name. */
export function isIpAddress(a: string | null): boolean {
  if (a === null) return false;
  if (IPV4.test(a)) return true;
  return a.includes(":") && /^[0-9a-fA-F:.]+$/.test(a);
}
