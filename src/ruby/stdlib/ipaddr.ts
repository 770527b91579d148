/** Ruby's `ipaddr` (IPAddr 1.2): parsing, masks, to_s/inspect, include?, ranges, comparisons. */
import { Buffer } from "buffer";
import {
  type Interp,
  type Value,
  RClass,
  RException,
  RObject,
  RRange,
  RString,
  cArgumentError,
  cStandardError,
  cObject,
  mComparable,
  defineBuiltinClass,
  str,
} from "../runtime/values.js";
import { toInt } from "../runtime/coerce.js";
import { binaryString } from "./bytes.js";

const AF_INET = 2;
const AF_INET6 = 10;
const IN4MASK = 0xffffffffn;
const IN6MASK = (1n << 128n) - 1n;

export class RIPAddr extends RObject {
  addr = 0n;
  family = AF_INET;
  mask = IN4MASK;
  zone: string | null = null;
  /** `eql?`/`hash` (ipaddr.rb): same class, family, address, mask and zone. */
  override valueKey(): string {
    return `${this.family}:${this.addr}:${this.mask}:${this.zone ?? ""}`;
  }
}

let cIPAddr: RClass;
let cInvalidAddress: RClass;
let cInvalidPrefix: RClass;
let cFamilyError: RClass;

function raiseIn(it: Interp, cls: RClass, msg: string): never {
  return it.raiseExc(new RException(cls, str(msg)));
}

const RE_IPV4ADDRLIKE = /^\d+\.\d+\.\d+\.\d+$/;
const H = "[0-9a-fA-F]{1,4}";
const RE_IPV6_FULL = new RegExp(`^(?:(?:${H}:){7}${H}|((?:${H}:){6})(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+))$`);
const RE_IPV6_COMPRESSED = new RegExp(`^((?:(?:${H}:)*${H})?)::((?:((?:${H}:)*)(?:${H}|(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)))?)$`);

function rubyArrayText(a: string[]): string {
  return `[${a.map((x) => JSON.stringify(x)).join(", ")}]`;
}

function octetsToInt(it: Interp, octets: string[], shown: string): bigint {
  let v = 0n;
  for (const s of octets) {
    const n = Number(s);
    if (!(n < 256)) raiseIn(it, cInvalidAddress, `invalid address: ${shown}`);
    if (s !== "0" && s.startsWith("0")) raiseIn(it, cInvalidAddress, `zero-filled number in IPv4 address is ambiguous: ${shown}`);
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function inAddr(it: Interp, s: string): bigint | null {
  if (!RE_IPV4ADDRLIKE.test(s)) return null;
  return octetsToInt(it, s.split("."), s);
}

function in6Addr(it: Interp, s: string): bigint | null {
  let left: string;
  let right: string;
  let addr: bigint;
  let m = RE_IPV6_FULL.exec(s);
  if (m) {
    if (m[2] !== undefined) {
      const oct = [m[2], m[3], m[4], m[5]];
      addr = octetsToInt(it, oct, rubyArrayText(oct));
      left = `${m[1]}:`;
    } else {
      addr = 0n;
      left = s;
    }
    right = "";
  } else if ((m = RE_IPV6_COMPRESSED.exec(s))) {
    const colons = (s.match(/:/g) ?? []).length;
    if (m[4] !== undefined) {
      if (colons > 6) raiseIn(it, cInvalidAddress, "invalid address: ");
      const oct = [m[4], m[5], m[6], m[7]];
      addr = octetsToInt(it, oct, rubyArrayText(oct));
      left = m[1];
      right = `${m[3]}0:0`;
    } else {
      if (colons > (m[1] === "" || m[2] === "" ? 8 : 7)) raiseIn(it, cInvalidAddress, "invalid address: ");
      left = m[1];
      right = m[2];
      addr = 0n;
    }
  } else {
    return raiseIn(it, cInvalidAddress, "invalid address: ");
  }
  const l = left === "" ? [] : left.split(":").filter((x, i, a) => !(x === "" && i === a.length - 1));
  const r = right === "" ? [] : right.split(":").filter((x, i, a) => !(x === "" && i === a.length - 1));
  const rest = 8 - l.length - r.length;
  if (rest < 0) return null;
  let v = 0n;
  for (const g of [...l, ...Array<string>(rest).fill("0"), ...r]) v = (v << 16n) | BigInt(parseInt(g || "0", 16));
  return v | addr;
}

function maxMask(a: RIPAddr): bigint {
  return a.family === AF_INET ? IN4MASK : IN6MASK;
}

function maskBang(it: Interp, a: RIPAddr, mask: Value): RIPAddr {
  let prefixlen: number;
  if (mask instanceof RString) {
    const m = mask.s;
    if (/^(0|[1-9]\d*)$/.test(m)) prefixlen = Number(m);
    else if (/^\d+$/.test(m)) return raiseIn(it, cInvalidPrefix, "leading zeros in prefix");
    else {
      const mm = newIPAddr(it, m, 0);
      if (mm.family !== a.family) raiseIn(it, cInvalidPrefix, "address family is not same");
      const bits = a.family === AF_INET ? 32 : 128;
      const bin = mm.addr.toString(2).padStart(bits, "0");
      if (!/^1*0*$/.test(bin)) raiseIn(it, cInvalidPrefix, `invalid mask ${m}`);
      prefixlen = bin.replace(/0+$/, "").length;
    }
  } else prefixlen = toInt(it, mask);
  const bits = a.family === AF_INET ? 32 : 128;
  if (prefixlen < 0 || prefixlen > bits) raiseIn(it, cInvalidPrefix, "invalid length");
  const masklen = BigInt(bits - prefixlen);
  a.mask = (maxMask(a) >> masklen) << masklen;
  a.addr = (a.addr >> masklen) << masklen;
  return a;
}

function make(addr: bigint, family: number, mask?: bigint, zone: string | null = null): RIPAddr {
  const a = new RIPAddr(cIPAddr);
  a.addr = addr;
  a.family = family;
  a.mask = mask ?? (family === AF_INET ? IN4MASK : IN6MASK);
  a.zone = zone;
  return a;
}

export function newIPAddr(it: Interp, addrV: Value | string, family: number): RIPAddr {
  if (typeof addrV !== "string" && !(addrV instanceof RString)) {
    if (family === AF_INET || family === AF_INET6) {
      const n =
        addrV === null ? 0n : typeof addrV === "bigint" ? addrV : typeof addrV === "number" ? BigInt(addrV) : BigInt(toInt(it, it.send(addrV, "to_i")));
      const max = family === AF_INET ? IN4MASK : IN6MASK;
      if (n < 0n || n > max) raiseIn(it, cInvalidAddress, "invalid address");
      return make(n, family);
    }
    if (family === 0) return raiseIn(it, cFamilyError, "address family must be specified");
    return raiseIn(it, cFamilyError, `unsupported address family: ${family}`);
  }
  const s = typeof addrV === "string" ? addrV : addrV.s;
  const slash = s.indexOf("/");
  let prefix = slash < 0 ? s : s.slice(0, slash);
  const prefixlen = slash < 0 ? null : s.slice(slash + 1);
  let zone: string | null = null;
  let m = /^\[(.*)\]$/i.exec(prefix);
  if (m) {
    prefix = m[1];
    family = AF_INET6;
  }
  m = /^(.*)(%\w+)$/.exec(prefix);
  if (m) {
    prefix = m[1];
    zone = m[2];
    family = AF_INET6;
  }
  let addr: bigint | null = null;
  let fam: number | null = null;
  if (family === 0 || family === AF_INET) {
    addr = inAddr(it, prefix);
    if (addr !== null) fam = AF_INET;
  }
  if (addr === null && (family === 0 || family === AF_INET6)) {
    addr = in6Addr(it, prefix);
    fam = AF_INET6;
  }
  if (addr === null) raiseIn(it, cInvalidAddress, "invalid address: ");
  if (family !== 0 && fam !== family) raiseIn(it, cFamilyError, "address family mismatch");
  const a = make(addr, fam!, undefined, zone);
  if (prefixlen !== null) maskBang(it, a, str(prefixlen));
  return a;
}

function hex4(n: bigint): string {
  return n.toString(16).padStart(4, "0");
}

function rawString(a: RIPAddr, v: bigint): string {
  if (a.family === AF_INET) return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 255n)).join(".");
  const groups: string[] = [];
  for (let sh = 112n; sh >= 0n; sh -= 16n) groups.push(hex4((v >> sh) & 0xffffn));
  return groups.join(":");
}

export function ipToString(a: RIPAddr): string {
  const s = rawString(a, a.addr);
  return a.family === AF_INET6 ? s + (a.zone ?? "") : s;
}

export function ipToS(a: RIPAddr): string {
  let s = ipToString(a);
  if (a.family === AF_INET) return s;
  s = s.replace(/\b0{1,3}([\da-f]+)\b/gi, "$1");
  for (const re of [/^0:0:0:0:0:0:0:0$/, /\b0:0:0:0:0:0:0\b/, /\b0:0:0:0:0:0\b/, /\b0:0:0:0:0\b/, /\b0:0:0:0\b/, /\b0:0:0\b/, /\b0:0\b/]) {
    if (re.test(s)) {
      s = s.replace(re, re.source.startsWith("^") ? "::" : ":");
      break;
    }
  }
  s = s.replace(/:{3,}/, "::");
  const m = /^::(ffff:)?([\da-f]{1,4}):([\da-f]{1,4})$/i.exec(s);
  if (m) {
    const x = parseInt(m[2], 16);
    const y = parseInt(m[3], 16);
    s = `::${m[1] ?? ""}${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`;
  }
  return s;
}

function prefixOf(a: RIPAddr): number {
  const bits = a.family === AF_INET ? 32 : 128;
  return a.mask.toString(2).padStart(bits, "0").replace(/0+$/, "").length;
}

function coerceOther(it: Interp, self: RIPAddr, other: Value): RIPAddr {
  if (other instanceof RIPAddr) return other;
  if (other instanceof RString) return newIPAddr(it, other, 0);
  return newIPAddr(it, other, self.family);
}

/** `coerce_other(other) rescue nil`: a Ruby StandardError while coercing means "not comparable". */
function tryCoerce(it: Interp, self: RIPAddr, other: Value): RIPAddr | null {
  try {
    return coerceOther(it, self, other);
  } catch (e) {
    const exc = e !== null && typeof e === "object" && "exc" in e ? (e as { exc: unknown }).exc : null;
    if (exc instanceof RException && exc.cls.isSubclassOf(cStandardError)) return null;
    throw e;
  }
}

const beginAddr = (a: RIPAddr) => a.addr & a.mask;
const endAddr = (a: RIPAddr) => a.addr | (maxMask(a) ^ a.mask);

export function installIpaddr(): void {
  cIPAddr = defineBuiltinClass("IPAddr", cObject);
  cIPAddr.include(mComparable);
  const cError = defineBuiltinClass("Error", cArgumentError, cIPAddr);
  cInvalidAddress = defineBuiltinClass("InvalidAddressError", cError, cIPAddr);
  cFamilyError = defineBuiltinClass("AddressFamilyError", cError, cIPAddr);
  cInvalidPrefix = defineBuiltinClass("InvalidPrefixError", cInvalidAddress, cIPAddr);
  cIPAddr.consts.set("IN4MASK", Number(IN4MASK));
  cIPAddr.consts.set("IN6MASK", IN6MASK);
  const C = cIPAddr;
  C.defineS("new", (_s, args, _b, it) => {
    const fam = args.length > 1 ? toInt(it, args[1]) : 0;
    return newIPAddr(it, args.length > 0 ? args[0] : str("::"), fam);
  }, [0, 2]);
  C.defineS("ntop", (_s, args, _b, it) => {
    const b = args[0] instanceof RString ? Buffer.from(args[0].s, args[0].binary ? "latin1" : "utf8") : Buffer.alloc(0);
    if (b.length === 4) return str([...b].join("."));
    if (b.length === 16) return str(ipToS(make(BigInt(`0x${b.toString("hex")}`), AF_INET6)));
    return raiseIn(it, cFamilyError, "unsupported address family");
  }, 1);
  C.define("to_s", (self: RIPAddr) => str(ipToS(self)), 0);
  C.define("to_string", (self: RIPAddr) => str(ipToString(self)), 0);
  C.define("inspect", (self: RIPAddr) => {
    const af = self.family === AF_INET ? "IPv4" : "IPv6";
    const zone = self.family === AF_INET6 ? (self.zone ?? "") : "";
    return str(`#<IPAddr: ${af}:${rawString(self, self.addr)}${zone}/${rawString(self, self.mask)}>`);
  }, 0);
  C.define("cidr", (self: RIPAddr) => str(`${ipToS(self)}/${prefixOf(self)}`), 0);
  C.define("prefix", (self: RIPAddr) => prefixOf(self), 0);
  C.define("prefix=", (self: RIPAddr, args, _b, it) => {
    maskBang(it, self, toInt(it, args[0]));
    return args[0];
  }, 1);
  C.define("mask", (self: RIPAddr, args, _b, it) => maskBang(it, make(self.addr, self.family, self.mask, self.zone), args[0]), 1);
  C.define("mask!", (self: RIPAddr, args, _b, it) => maskBang(it, self, args[0]), 1);
  C.define("netmask", (self: RIPAddr) => make(self.mask, self.family), 0);
  C.define("family", (self: RIPAddr) => self.family, 0);
  C.define("to_i", (self: RIPAddr) => (self.addr <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(self.addr) : self.addr), 0);
  C.define("ipv4?", (self: RIPAddr) => self.family === AF_INET, 0);
  C.define("ipv6?", (self: RIPAddr) => self.family === AF_INET6, 0);
  const includeFn = (self: RIPAddr, args: Value[], _b: unknown, it: Interp) => {
    const o = coerceOther(it, self, args[0]);
    if (o.family !== self.family) return false;
    return beginAddr(self) <= beginAddr(o) && endAddr(self) >= endAddr(o);
  };
  C.define("include?", includeFn, 1);
  C.define("===", includeFn, 1);
  C.define("==", (self: RIPAddr, args, _b, it) => {
    const o = tryCoerce(it, self, args[0]);
    return o !== null && o.family === self.family && o.addr === self.addr;
  }, 1);
  C.define("eql?", (self: RIPAddr, args) => {
    const o = args[0];
    return o instanceof RIPAddr && o.family === self.family && o.addr === self.addr && o.mask === self.mask && o.zone === self.zone;
  }, 1);
  C.define("hash", (self: RIPAddr) => Number((self.addr ^ (self.mask << 1n)) % 1000000007n) * 2 + (self.family === AF_INET ? 0 : 1), 0);
  C.define("<=>", (self: RIPAddr, args, _b, it) => {
    const o = tryCoerce(it, self, args[0]);
    if (o === null || o.family !== self.family) return null;
    return self.addr < o.addr ? -1 : self.addr > o.addr ? 1 : 0;
  }, 1);
  C.define("succ", (self: RIPAddr) => make(self.addr + 1n, self.family, self.mask, self.zone), 0);
  C.define("to_range", (self: RIPAddr) => new RRange(make(beginAddr(self), self.family), make(endAddr(self), self.family), false), 0);
  C.define("|", (self: RIPAddr, args, _b, it) => make(self.addr | coerceInt(it, self, args[0]), self.family, self.mask, self.zone), 1);
  C.define("&", (self: RIPAddr, args, _b, it) => make(self.addr & coerceInt(it, self, args[0]), self.family, self.mask, self.zone), 1);
  C.define("~", (self: RIPAddr) => make(~self.addr & maxMask(self), self.family, self.mask, self.zone), 0);
  C.define("private?", (self: RIPAddr) => {
    if (self.family === AF_INET) return inNet(self.addr, 0x0a000000n, 8, 32) || inNet(self.addr, 0xac100000n, 12, 32) || inNet(self.addr, 0xc0a80000n, 16, 32);
    return inNet(self.addr, 0xfcn << 120n, 7, 128);
  }, 0);
  C.define("loopback?", (self: RIPAddr) => (self.family === AF_INET ? inNet(self.addr, 0x7f000000n, 8, 32) : self.addr === 1n), 0);
  C.define("link_local?", (self: RIPAddr) => (self.family === AF_INET ? inNet(self.addr, 0xa9fe0000n, 16, 32) : inNet(self.addr, 0xfe80n << 112n, 10, 128)), 0);
  C.define("ipv4_mapped?", (self: RIPAddr) => self.family === AF_INET6 && self.addr >> 32n === 0xffffn, 0);
  C.define("ipv4_compat?", (self: RIPAddr) => self.family === AF_INET6 && self.addr >> 32n === 0n && self.addr > 1n, 0);
  C.define("ipv4_mapped", (self: RIPAddr, _a, _b, it) => {
    if (self.family !== AF_INET) return raiseIn(it, cInvalidAddress, `not an IPv4 address: ${self.addr}`);
    return make(self.addr | (0xffffn << 32n), AF_INET6, (IN6MASK ^ IN4MASK) | self.mask);
  }, 0);
  C.define("native", (self: RIPAddr) => {
    if (self.family === AF_INET6 && (self.addr >> 32n === 0xffffn)) return make(self.addr & IN4MASK, AF_INET);
    return self;
  }, 0);
  C.define("hton", (self: RIPAddr) => {
    const n = self.family === AF_INET ? 4 : 16;
    return binaryString(Buffer.from(self.addr.toString(16).padStart(n * 2, "0"), "hex"));
  }, 0);
  C.define("reverse", (self: RIPAddr) => {
    if (self.family === AF_INET) return str(`${rawString(self, self.addr).split(".").reverse().join(".")}.in-addr.arpa`);
    return str(`${self.addr.toString(16).padStart(32, "0").split("").reverse().join(".")}.ip6.arpa`);
  }, 0);
}

function coerceInt(it: Interp, self: RIPAddr, v: Value): bigint {
  if (v instanceof RIPAddr) return v.addr;
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "bigint") return v;
  return coerceOther(it, self, v).addr;
}

function inNet(addr: bigint, net: bigint, prefix: number, bits: number): boolean {
  const shift = BigInt(bits - prefix);
  return addr >> shift === net >> shift;
}
