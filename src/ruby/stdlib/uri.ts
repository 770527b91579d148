/**
 * A minimal `URI` (Ruby 4.0's RFC 3986 parser): `URI.parse`/`URI()`, the scheme classes
 * (`URI::Generic`, `URI::HTTP`, `URI::HTTPS`, ...), component readers and writers, `to_s`,
 * `URI::InvalidURIError`, and the www-form component encoders.
 */
import { Buffer } from "buffer";
import {
  type Interp,
  type Value,
  RArray,
  RClass,
  RException,
  RHash,
  RObject,
  RString,
  cObject,
  cStandardError,
  defineBuiltinClass,
  defineBuiltinModule,
  mKernel,
  str,
} from "../runtime/values.js";
import { toInt, toStr, toAry } from "../runtime/coerce.js";
import { bytesOf, utf8String } from "./bytes.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";

const PCT = "%[0-9A-Fa-f]{2}";
const SEG_CH = "[!$&-.0-9:;=@-Z_a-z~]";
const SEGMENT = `(?:${PCT}|${SEG_CH})*`;
const SEGMENT_NZ = `(?:${PCT}|${SEG_CH})+`;
const SEGMENT_NZ_NC = `(?:${PCT}|[!$&-.0-9;=@-Z_a-z~])+`;
const USERINFO = `(?<userinfo>(?:${PCT}|[!$&-.0-9:;=A-Z_a-z~])*)`;
const DEC_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = `${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}`;
const HOST = `(?<host>\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[!$&-.0-9:;=A-Z_a-z~]+)\\]|${IPV4}|(?:${PCT}|[!$&-.0-9;=A-Z_a-z~])*)`;
const AUTHORITY = `(?:${USERINFO}@)?${HOST}(?::(?<port>\\d*))?`;
const ABEMPTY = `(?<abempty>(?:/${SEGMENT})*)`;
const ABSOLUTE = `(?<absolute>/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?)`;
const TAIL = `(?:\\?(?<query>[^#]*))?(?:#(?<fragment>(?:${PCT}|[!$&-.0-9:;=@-Z_a-z~/?])*))?`;
const RFC3986_URI = new RegExp(
  `^(?<scheme>[A-Za-z][+\\-.0-9A-Za-z]*):(?://${AUTHORITY}${ABEMPTY}|${ABSOLUTE}|(?<rootless>${SEGMENT_NZ}(?:/${SEGMENT})*)|(?<empty>))${TAIL}$`,
);
const RFC3986_RELATIVE = new RegExp(
  `^(?://${AUTHORITY}${ABEMPTY}|${ABSOLUTE}|(?<noscheme>${SEGMENT_NZ_NC}(?:/${SEGMENT})*)|(?<empty>))${TAIL}$`,
);

export class RURI extends RObject {
  scheme: string | null = null;
  userinfo: string | null = null;
  host: string | null = null;
  port: number | null = null;
  path: string | null = null;
  opaque: string | null = null;
  query: string | null = null;
  fragment: string | null = null;
  /**
   * `eql?`/`hash` (uri/generic.rb): same class and the same `component_ary`, i.e. the values of
   * the class's COMPONENT readers (case-sensitive; HTTP leaves out opaque, WS the fragment, ...).
   */
  override valueKey(): string {
    return JSON.stringify(componentAry(this));
  }
}

/** `component_ary`: the values of the class's COMPONENT readers. */
function componentAry(u: RURI): (string | number | null)[] {
  let fields: readonly UriField[] = GENERIC_COMPONENT;
  for (let c: RClass | null = u.cls; c; c = c.superclass) {
    const f = COMPONENTS.get(c);
    if (f) {
      fields = f;
      break;
    }
  }
  return fields.map((f) => u[f]);
}

/** `normalize.component_ary` (Generic#normalize!: empty path becomes "/", scheme and host lowercased). */
function normalizedComponentAry(u: RURI): (string | number | null)[] {
  const c = Object.assign(new RURI(u.cls), u);
  if (c.path === "") c.path = "/";
  c.host = u.host?.toLowerCase() ?? null;
  return componentAry(c);
}

type UriField = "scheme" | "userinfo" | "host" | "port" | "path" | "opaque" | "query" | "fragment";
const GENERIC_COMPONENT: readonly UriField[] = ["scheme", "userinfo", "host", "port", "path", "opaque", "query", "fragment"];
/**
 * COMPONENT of the scheme classes, in terms of the fields kept here: FTP's typecode stays in its
 * path, LDAP's dn/attributes/scope/filter/extensions are its path and query, MailTo's to/headers
 * its opaque part.
 */
const COMPONENTS = new Map<RClass, readonly UriField[]>();

const DEFAULT_PORTS = new Map<string, number | null>();
const SCHEME_CLASSES = new Map<string, RClass>();
let cGeneric: RClass;
let cInvalidURIError: RClass;
let cInvalidComponentError: RClass;

function defaultPort(cls: RClass): number | null {
  for (let c: RClass | null = cls; c; c = c.superclass) {
    if (DEFAULT_PORTS.has(c.name)) return DEFAULT_PORTS.get(c.name)!;
  }
  return null;
}

function raiseIn(it: Interp, cls: RClass, msg: string): never {
  return it.raiseExc(new RException(cls, str(msg)));
}

export function parseUri(it: Interp, v: Value): RURI {
  if (!(v instanceof RString)) return raiseIn(it, cInvalidURIError, `bad URI (is not URI?): ${it.inspect(v)}`);
  const s = v.s;
  let g: Record<string, string | undefined>;
  let m = RFC3986_URI.exec(s);
  let scheme: string | null = null;
  if (m) {
    g = m.groups!;
    scheme = g.scheme!;
  } else {
    m = RFC3986_RELATIVE.exec(s);
    if (!m) return raiseIn(it, cInvalidURIError, `bad URI (is not URI?): ${it.inspect(v)}`);
    g = m.groups!;
  }
  const cls = (scheme && SCHEME_CLASSES.get(scheme.toUpperCase())) || cGeneric;
  const u = new RURI(cls);
  u.scheme = scheme ? scheme.toLowerCase() : null;
  if (g.rootless !== undefined) {
    u.opaque = g.query !== undefined ? `${g.rootless}?${g.query}` : g.rootless;
  } else {
    u.userinfo = g.userinfo ?? null;
    u.host = g.host ?? null;
    u.port = g.port === undefined || g.port === "" ? null : Number(g.port);
    u.path = g.abempty ?? g.absolute ?? g.noscheme ?? g.empty ?? "";
    u.query = normQuery(it, g.query ?? null);
  }
  u.fragment = normFragment(g.fragment ?? null);
  if (u.path === null && u.opaque === null) u.path = "";
  if (u.port === null) u.port = defaultPort(cls);
  return u;
}

export function uriToS(u: RURI): string {
  let out = "";
  if (u.scheme !== null) out += `${u.scheme}:`;
  if (u.opaque !== null) out += u.opaque;
  else {
    if (u.host !== null || u.scheme === "file" || u.scheme === "postgres") out += "//";
    if (u.userinfo !== null) out += `${u.userinfo}@`;
    if (u.host !== null) out += u.host;
    if (u.port !== null && u.port !== defaultPort(u.cls)) out += `:${u.port}`;
    const path = u.path ?? "";
    if ((u.host !== null || u.port !== null) && path !== "" && !path.startsWith("/")) out += "/";
    out += path;
    if (u.query !== null) out += `?${u.query}`;
  }
  if (u.fragment !== null) out += `#${u.fragment}`;
  return out;
}

function escapeBytes(v: string, keep: RegExp): string {
  let out = "";
  for (const b of Buffer.from(v.replace(/[\t\r\n]/g, ""), "utf8")) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && keep.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Generic#query= normalisation (raises on `%` followed by two non-hex characters). */
function normQuery(it: Interp, v: string | null): string | null {
  if (v === null) return null;
  const bad = /(%[^0-9a-fA-F][^0-9a-fA-F])/.exec(v);
  if (bad) return raiseIn(it, cInvalidURIError, `invalid percent escape: ${bad[1]}`);
  return escapeBytes(v, /[!$-&(-;=?-_a-~]/);
}

/** Generic#fragment= normalisation. */
function normFragment(v: string | null): string | null {
  return v === null ? null : escapeBytes(v, /[!-~]/);
}

const opt = (s: string | null): Value => (s === null ? null : str(s));

function optStr(it: Interp, v: Value): string | null {
  return v === null ? null : toStr(it, v);
}

export function wwwFormComponent(s: RString, space: string): string {
  let out = "";
  for (const b of bytesOf(s)) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && /[*\-.0-9A-Z_a-z]/.test(ch)) out += ch;
    else if (b === 0x20) out += space;
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function decodeComponent(it: Interp, s: string, plus: boolean): RString {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return it.raise("ArgumentError", `invalid %-encoding (${s})`);
  const raw = Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      out.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16));
      i += 2;
    } else if (plus && raw[i] === 0x2b) out.push(0x20);
    else out.push(raw[i]);
  }
  const r = utf8String(Uint8Array.from(out));
  if (!r) throw new UnsupportedRubyError("URI decoding to invalid UTF-8", {});
  return r;
}

const compStr = (it: Interp, v: Value): RString => (v instanceof RString ? v : str(it.toS(v)));

export function installUri(): void {
  const mURI = defineBuiltinModule("URI");
  const cError = defineBuiltinClass("Error", cStandardError, mURI);
  cInvalidURIError = defineBuiltinClass("InvalidURIError", cError, mURI);
  cInvalidComponentError = defineBuiltinClass("InvalidComponentError", cError, mURI);
  defineBuiltinClass("BadURIError", cError, mURI);
  cGeneric = defineBuiltinClass("Generic", cObject, mURI);
  cGeneric.include(mURI);
  DEFAULT_PORTS.set(cGeneric.name, null);
  const sub = (name: string, sup: RClass, port: number | null): RClass => {
    const c = defineBuiltinClass(name, sup, mURI);
    DEFAULT_PORTS.set(c.name, port);
    SCHEME_CLASSES.set(name.toUpperCase(), c);
    return c;
  };
  const cHTTP = sub("HTTP", cGeneric, 80);
  sub("HTTPS", cHTTP, 443);
  const cWS = sub("WS", cGeneric, 80);
  sub("WSS", cWS, 443);
  const cFTP = sub("FTP", cGeneric, 21);
  const cFile = sub("File", cGeneric, null);
  const cLDAP = sub("LDAP", cGeneric, 389);
  sub("LDAPS", cLDAP, 636);
  const cMailTo = sub("MailTo", cGeneric, null);
  COMPONENTS.set(cGeneric, GENERIC_COMPONENT);
  COMPONENTS.set(cHTTP, ["scheme", "userinfo", "host", "port", "path", "query", "fragment"]);
  COMPONENTS.set(cWS, ["scheme", "userinfo", "host", "port", "path", "query"]);
  COMPONENTS.set(cFTP, ["scheme", "userinfo", "host", "port", "path"]);
  COMPONENTS.set(cFile, ["scheme", "host", "path"]);
  COMPONENTS.set(cLDAP, ["scheme", "host", "port", "path", "query"]);
  COMPONENTS.set(cMailTo, ["scheme", "opaque"]);

  mURI.defineS("parse", (_s, args, _b, it) => parseUri(it, args[0]), 1);
  mKernel.define("URI", (_s, args, _b, it) => (args[0] instanceof RURI ? args[0] : parseUri(it, args[0])), 1, "private");
  mURI.defineS("encode_www_form_component", (_s, args, _b, it) => str(wwwFormComponent(compStr(it, args[0]), "+")), [1, 2]);
  mURI.defineS("encode_uri_component", (_s, args, _b, it) => str(wwwFormComponent(compStr(it, args[0]), "%20")), [1, 2]);
  mURI.defineS("decode_www_form_component", (_s, args, _b, it) => decodeComponent(it, toStr(it, args[0]), true), [1, 2]);
  mURI.defineS("decode_uri_component", (_s, args, _b, it) => decodeComponent(it, toStr(it, args[0]), false), [1, 2]);
  mURI.defineS("encode_www_form", (_s, args, _b, it) => {
    const e = args[0];
    const pairs: [Value, Value][] = e instanceof RHash ? [...e.entries()] : toAry(it, e).map((p) => {
      const a = toAry(it, p);
      return [a[0] ?? null, a[1] ?? null] as [Value, Value];
    });
    const enc = (v: Value) => wwwFormComponent(compStr(it, v), "+");
    return str(
      pairs
        .map(([k, v]) => {
          if (v === null) return enc(k);
          if (v instanceof RArray) return v.a.map((w) => (w === null ? enc(k) : `${enc(k)}=${enc(w)}`)).join("&");
          return `${enc(k)}=${enc(v)}`;
        })
        .join("&"),
    );
  }, [1, 2]);

  const G = cGeneric;
  G.define("scheme", (self: RURI) => opt(self.scheme), 0);
  G.define("userinfo", (self: RURI) => opt(self.userinfo), 0);
  G.define("user", (self: RURI) => (self.userinfo === null ? null : str(self.userinfo.split(":")[0])), 0);
  G.define("password", (self: RURI) => {
    if (self.userinfo === null) return null;
    const i = self.userinfo.indexOf(":");
    return i < 0 ? null : str(self.userinfo.slice(i + 1));
  }, 0);
  G.define("host", (self: RURI) => opt(self.host), 0);
  G.define("hostname", (self: RURI) => (self.host === null ? null : str(self.host.replace(/^\[(.*)\]$/, "$1"))), 0);
  G.define("port", (self: RURI) => self.port, 0);
  G.define("default_port", (self: RURI) => defaultPort(self.cls), 0);
  G.define("path", (self: RURI) => opt(self.path), 0);
  G.define("opaque", (self: RURI) => opt(self.opaque), 0);
  G.define("query", (self: RURI) => opt(self.query), 0);
  G.define("fragment", (self: RURI) => opt(self.fragment), 0);
  G.define("absolute?", (self: RURI) => self.scheme !== null, 0);
  G.define("absolute", (self: RURI) => self.scheme !== null, 0);
  G.define("relative?", (self: RURI) => self.scheme === null, 0);
  G.define("to_s", (self: RURI) => str(uriToS(self)), 0);
  G.define("to_str", (self: RURI) => str(uriToS(self)), 0);
  G.define("inspect", (self: RURI) => str(`#<${self.cls.name} ${uriToS(self)}>`), 0);
  G.define("==", (self: RURI, args) => {
    const o = args[0];
    if (!(o instanceof RURI) || o.cls !== self.cls) return false;
    return JSON.stringify(normalizedComponentAry(o)) === JSON.stringify(normalizedComponentAry(self));
  }, 1);

  G.define("scheme=", (self: RURI, args, _b, it) => {
    const v = optStr(it, args[0]);
    if (v !== null && !/^[A-Za-z][A-Za-z0-9+\-.]*$/.test(v)) {
      return raiseIn(it, cInvalidComponentError, `bad component(expected scheme component): ${v}`);
    }
    self.scheme = v === null ? null : v.toLowerCase();
    return args[0];
  }, 1);
  G.define("host=", (self: RURI, args, _b, it) => {
    const v = optStr(it, args[0]);
    if (v !== null && !new RegExp(`^${HOST}$`).test(v)) return raiseIn(it, cInvalidComponentError, `bad component(expected host component): ${v}`);
    self.host = v;
    return args[0];
  }, 1);
  G.define("port=", (self: RURI, args, _b, it) => {
    const v = args[0];
    if (v === null) self.port = null;
    else if (v instanceof RString) {
      if (!/^\d*$/.test(v.s)) return raiseIn(it, cInvalidComponentError, `bad component(expected port component): ${it.inspect(v)}`);
      self.port = v.s === "" ? null : Number(v.s);
    } else self.port = toInt(it, v);
    return v;
  }, 1);
  G.define("path=", (self: RURI, args, _b, it) => {
    self.path = optStr(it, args[0]) ?? "";
    return args[0];
  }, 1);
  G.define("query=", (self: RURI, args, _b, it) => {
    self.query = normQuery(it, optStr(it, args[0]));
    return args[0];
  }, 1);
  G.define("fragment=", (self: RURI, args, _b, it) => {
    self.fragment = normFragment(optStr(it, args[0]));
    return args[0];
  }, 1);
  G.define("userinfo=", (self: RURI, args, _b, it) => {
    self.userinfo = optStr(it, args[0]);
    return args[0];
  }, 1);
  G.define("user=", (self: RURI, args, _b, it) => {
    const u = optStr(it, args[0]);
    const pw = self.userinfo !== null && self.userinfo.includes(":") ? self.userinfo.slice(self.userinfo.indexOf(":") + 1) : null;
    self.userinfo = u === null ? null : pw === null ? u : `${u}:${pw}`;
    return args[0];
  }, 1);
  G.define("password=", (self: RURI, args, _b, it) => {
    const p = optStr(it, args[0]);
    const u = self.userinfo === null ? "" : self.userinfo.split(":")[0];
    if (self.userinfo === null && p !== null) return raiseIn(it, cInvalidComponentError, "password component depends user component");
    self.userinfo = p === null ? u : `${u}:${p}`;
    return args[0];
  }, 1);
  cHTTP.define("request_uri", (self: RURI) => {
    if (self.path === null) return null;
    const url = self.query !== null ? `${self.path}?${self.query}` : self.path;
    return str(url.startsWith("/") ? url : `/${url}`);
  }, 0);
}
