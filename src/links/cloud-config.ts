/**
 * A real cloud config (`bosh update-cloud-config` format: `azs`, `networks` with `subnets`) read
 * into resolver facts, and IPs assigned as the director's IP provider assigns them to a fresh
 * deployment: a manual network's instance takes its `static_ips` entry when the instance group
 * lists static IPs (which must lie in a subnet's `static` ranges), else the lowest address of the
 * subnet serving its AZ that is not the network or broadcast address, the gateway, `reserved`,
 * `static`, or already taken (by an earlier instance, in manifest order). `vip` networks take
 * `static_ips` only; `dynamic` networks get no IP (their address is a DNS name). IPv4 only.
 */
import { InputError, type SourcePosition } from "../diagnostics/errors.js";
import { RArray, RHash, str, type Value } from "../ruby/runtime/values.js";
import { get, getA, getS, isHash, isStr, rubyClassName } from "./rb.js";
import type { CloudFacts, NetworkType } from "./types.js";

export interface CloudSubnet {
  /** First and last address of the range, as 32-bit integers. */
  first: number;
  last: number;
  netmask: string;
  gateway: string | null;
  /** Addresses the director never hands out dynamically (reserved, static, gateway, network, broadcast). */
  restricted: Set<number>;
  /** Addresses usable as static IPs. */
  statics: Set<number>;
  /** AZs this subnet serves; null when it names none. */
  azs: string[] | null;
}

/** Where a value of the cloud-config sits in its file (for error positions). */
export type PositionOf = (container: RHash | RArray, key?: Value | number) => SourcePosition | null;

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * Reads a cloud config. Errors name the file and position. Keys linkplate does not need
 * (vm_types, disk_types, compilation, cloud_properties, dns) are accepted and ignored, as the
 * director ignores what rendering does not use.
 */
export function cloudFromCloudConfig(v: Value, filename: string, positionOf?: PositionOf): CloudFacts {
  const err = (msg: string, c?: Value, k?: Value | number) => new InputError(`${msg}`, ((isHash(c) || c instanceof RArray) && positionOf?.(c, k)) || { filename });
  if (!isHash(v)) throw err(`a cloud config must be a mapping, got ${rubyClassName(v)}`);
  const out: CloudFacts = { azs: [], networks: [] };
  for (const az of getA(v, "azs")) {
    const n = getS(az, "name");
    if (n === undefined) throw err("every entry of 'azs' needs a string 'name'", get(v, "azs"));
    out.azs!.push(n);
  }
  const nets = get(v, "networks");
  if (nets !== undefined && nets !== null && !(nets instanceof RArray)) throw err("'networks' must be a list", v, str("networks"));
  for (const n of getA(v, "networks")) {
    const name = getS(n, "name");
    if (name === undefined) throw err("every network needs a string 'name'", nets);
    const type = (getS(n, "type") ?? "manual") as NetworkType;
    if (type !== "manual" && type !== "dynamic" && type !== "vip") throw err(`network '${name}' has unknown type '${type}' (manual, dynamic or vip)`, n, str("type"));
    const net: NonNullable<CloudFacts["networks"]>[number] = { name, type };
    if (type === "manual") {
      net.subnets = getA(n, "subnets").map((s, i) => parseSubnet(s, name, i, (m, k) => err(m, s, k === undefined ? undefined : str(k)), out.azs!));
      if (net.subnets.length) {
        net.netmask = net.subnets[0].netmask;
        net.gateway = net.subnets[0].gateway;
      }
    } else if (type === "dynamic") {
      const s = getA(n, "subnets")[0];
      if (s !== undefined) {
        if (getS(s, "netmask") !== undefined) net.netmask = getS(s, "netmask")!;
        if (getS(s, "gateway") !== undefined) net.gateway = getS(s, "gateway")!;
      }
    }
    out.networks!.push(net);
  }
  return out;
}

function parseRanges(list: Value[], what: string, err: (m: string) => InputError): number[][] {
  const out: number[][] = [];
  for (const r of list) {
    if (!isStr(r)) throw err(`${what} entries must be strings ('10.0.0.5' or '10.0.0.5 - 10.0.0.9')`);
    const [a, b] = r.s.split("-").map((x) => x.trim());
    const lo = ipToInt(a);
    const hi = b === undefined ? lo : ipToInt(b);
    if (lo === null || hi === null || hi < lo) throw err(`${what} entry '${r.s}' is not an IPv4 address or range`);
    out.push([lo, hi]);
  }
  return out;
}

function parseSubnet(s: Value, network: string, index: number, err: (m: string, key?: string) => InputError, knownAzs: string[]): CloudSubnet {
  if (!isHash(s)) throw err(`network '${network}': subnet #${index} must be a mapping`);
  const range = getS(s, "range");
  const m = range === undefined ? null : /^([\d.]+)\/(\d{1,2})$/.exec(range.trim());
  const base = m ? ipToInt(m[1]) : null;
  const prefix = m ? Number(m[2]) : NaN;
  if (base === null || !(prefix >= 0 && prefix <= 32)) throw err(`network '${network}': subnet #${index} needs an IPv4 'range' such as 10.0.0.0/24${range !== undefined ? ` (got '${range}')` : ""}`, "range");
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const first = (base & mask) >>> 0;
  const last = (first + (2 ** (32 - prefix) - 1)) >>> 0;
  const inRange = (ip: number) => ip >= first && ip <= last;
  const gw = getS(s, "gateway") ?? null;
  const gwInt = gw === null ? null : ipToInt(gw);
  if (gw !== null && (gwInt === null || !inRange(gwInt))) throw err(`network '${network}': subnet ${range}: gateway '${gw}' is not an address of the range`, "gateway");
  const restricted = new Set<number>([first, last]);
  if (gwInt !== null) restricted.add(gwInt);
  const rerr = (key: string) => (msg: string) => err(`network '${network}': subnet ${range}: ${msg}`, key);
  for (const [lo, hi] of parseRanges(getA(s, "reserved"), "reserved", rerr("reserved"))) {
    for (let ip = Math.max(lo, first); ip <= Math.min(hi, last); ip++) restricted.add(ip);
  }
  const statics = new Set<number>();
  for (const [lo, hi] of parseRanges(getA(s, "static"), "static", rerr("static"))) {
    if (!inRange(lo) || !inRange(hi)) throw err(`network '${network}': subnet ${range}: static IP range '${intToIp(lo)}-${intToIp(hi)}' is outside the subnet range`, "static");
    for (let ip = lo; ip <= hi; ip++) {
      if (restricted.has(ip) && ip !== first && ip !== last && ip !== gwInt) throw err(`network '${network}': subnet ${range}: static IP '${intToIp(ip)}' is also reserved`, "static");
      statics.add(ip);
    }
  }
  let azs: string[] | null = null;
  if (get(s, "azs") !== undefined) azs = getA(s, "azs").map((a) => (isStr(a) ? a.s : String(a)));
  else if (getS(s, "az") !== undefined) azs = [getS(s, "az")!];
  for (const a of azs ?? []) if (knownAzs.length && !knownAzs.includes(a)) throw err(`network '${network}': subnet ${range} names unknown availability zone '${a}'`, "azs");
  return { first, last, netmask: intToIp(mask), gateway: gw, restricted, statics, azs };
}

/** Hands out IPs across a whole resolve (every deployment and instance group, in order). */
export class IpAllocator {
  private readonly taken = new Map<string, Set<number>>();

  private used(network: string): Set<number> {
    let s = this.taken.get(network);
    if (!s) this.taken.set(network, (s = new Set()));
    return s;
  }

  /** The subnet serving `az` (the first that names it, or names no AZ). */
  subnetFor(subnets: CloudSubnet[], az: string | null): CloudSubnet | undefined {
    return subnets.find((s) => s.azs === null || s.azs.length === 0 || (az !== null && s.azs.includes(az)));
  }

  /** Claims a static IP; returns the subnet holding it or an error text. */
  claimStatic(network: string, subnets: CloudSubnet[], ip: string, group: string): CloudSubnet | string {
    const n = ipToInt(ip);
    const s = n === null ? undefined : subnets.find((x) => x.statics.has(n));
    if (n === null || !s) return `Instance group '${group}' with network '${network}' declares static ip '${ip}', which belongs to no subnet's static range`;
    const used = this.used(network);
    if (used.has(n)) return `Failed to reserve IP '${ip}' for instance group '${group}': already reserved`;
    used.add(n);
    return s;
  }

  /** The lowest free dynamic IP of the subnet serving `az`, or an error text. */
  dynamic(network: string, subnets: CloudSubnet[], az: string | null, group: string): string {
    const s = this.subnetFor(subnets, az);
    if (!s) return `Instance group '${group}' uses availability zone '${az ?? ""}', which no subnet of network '${network}' serves`;
    const used = this.used(network);
    for (let ip = s.first; ip <= s.last; ip++) {
      if (s.restricted.has(ip) || s.statics.has(ip) || used.has(ip)) continue;
      used.add(ip);
      return intToIp(ip);
    }
    return `Failed to reserve IP for instance group '${group}' in network '${network}': no more available`;
  }
}
