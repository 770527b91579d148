/**
 * Ports of a link (link-resolution.md §13.3 rule 5) and Docker's port variables (§13.2: tcp
 * before other protocols, then by number; consecutive ports of one protocol form a range).
 */
import type { Value } from "../ruby/runtime/values.js";
import { RString } from "../ruby/runtime/values.js";
import { ServiceLinkError } from "./errors.js";
import type { Leaf } from "./values.js";

export type Protocol = "tcp" | "udp" | "sctp";
export interface Port {
  port: number;
  protocol: Protocol;
}
/** A port as callers give it: `80`, `"80"`, `"53/udp"` or `{port: 53, protocol: "udp"}` (tcp by default). */
export type PortInput = number | string | { port: number; protocol?: string };

const PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "sctp"]);
const validNumber = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;

/** Parses one caller-given port; `link` names the link in the error. */
export function parsePort(p: PortInput, link: string): Port {
  const bad = (): never => {
    throw new ServiceLinkError("bad-port", `invalid port ${JSON.stringify(p)} for link '${link}': expected PORT or PORT/PROTOCOL, PORT in 1-65535 and PROTOCOL tcp, udp or sctp`);
  };
  if (typeof p === "number") return validNumber(p) ? { port: p, protocol: "tcp" } : bad();
  if (typeof p === "string") {
    const m = /^([1-9][0-9]{0,4})(?:\/([A-Za-z]+))?$/.exec(p);
    if (!m) return bad();
    const protocol = (m[2] ?? "tcp").toLowerCase();
    const port = Number(m[1]);
    return validNumber(port) && PROTOCOLS.has(protocol) ? { port, protocol: protocol as Protocol } : bad();
  }
  if (p !== null && typeof p === "object") {
    const protocol = (p.protocol ?? "tcp").toLowerCase();
    return validNumber(p.port) && PROTOCOLS.has(protocol) ? { port: p.port, protocol: protocol as Protocol } : bad();
  }
  return bad();
}

/** A port number from a property value: an Integer, or a String of decimal digits, in 1-65535. */
function portOfValue(v: Value): number | null {
  if (typeof v === "number") return validNumber(v) ? v : null;
  if (v instanceof RString && /^[1-9][0-9]{0,4}$/.test(v.s)) {
    const n = Number(v.s);
    return validNumber(n) ? n : null;
  }
  return null;
}

/** Ports found in a link's properties: leaves named `port` or `*_port` holding a port number (tcp). */
export function portsFromLeaves(leaves: readonly Leaf[]): Port[] {
  const out: Port[] = [];
  for (const l of leaves) {
    const key = l.path[l.path.length - 1];
    if (key !== "port" && !key.endsWith("_port")) continue;
    const n = portOfValue(l.value);
    if (n !== null) out.push({ port: n, protocol: "tcp" });
  }
  return out;
}

/** Docker's order (moby `withTCPPriority`), duplicates removed. */
export function sortPorts(ports: readonly Port[]): Port[] {
  const seen = new Set<string>();
  const unique = ports.filter((p) => {
    const k = `${p.port}/${p.protocol}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return unique.sort((a, b) => {
    if (a.protocol === b.protocol) return a.port - b.port;
    if (a.protocol === "tcp") return -1;
    if (b.protocol === "tcp") return 1;
    return a.protocol < b.protocol ? -1 : 1;
  });
}

/**
 * The port variables of one container (`prefix` = `WEB_1`), as Docker's `Link.ToEnv` writes them:
 * `P_PORT` (first port), per port `P_PORT_<p>_<PROTO>` and its `_ADDR`, `_PORT`, `_PROTO`, and
 * for each run of consecutive ports of one protocol `_START`, `_PORT_START`, `_END`, `_PORT_END`
 * under the name of the run's first port.
 */
export function portVariables(prefix: string, address: string, sorted: readonly Port[]): Array<[string, string]> {
  if (!sorted.length) return [];
  const url = (p: Port) => `${p.protocol}://${address}:${p.port}`;
  const name = (p: Port) => `${prefix}_PORT_${p.port}_${p.protocol.toUpperCase()}`;
  const out: Array<[string, string]> = [[`${prefix}_PORT`, url(sorted[0])]];
  for (const p of sorted) {
    const n = name(p);
    out.push([n, url(p)], [`${n}_ADDR`, address], [`${n}_PORT`, String(p.port)], [`${n}_PROTO`, p.protocol]);
  }
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    const continues = i < sorted.length && sorted[i].protocol === sorted[i - 1].protocol && sorted[i].port === sorted[i - 1].port + 1;
    if (continues) continue;
    if (i - 1 > start) {
      const first = sorted[start];
      const last = sorted[i - 1];
      const n = name(first);
      out.push([`${n}_START`, url(first)], [`${n}_PORT_START`, String(first.port)], [`${n}_END`, url(last)], [`${n}_PORT_END`, String(last.port)]);
    }
    start = i;
  }
  return out;
}
