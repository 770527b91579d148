/**
 * The slice of Ruby's `openssl` templates use: `OpenSSL::X509::Certificate.new(pem)` with
 * `not_before`/`not_after` (UTC Times), `subject`/`issuer` (`OpenSSL::X509::Name`), `extensions`
 * (`OpenSSL::X509::Extension`: oid, value for the common extensions, critical?), and
 * `OpenSSL::X509::Name.new(entries)`. Certificates are read with a small DER reader; nothing is
 * verified. Anything else (keys, signatures, digests) is left undefined.
 */
import { Buffer } from "buffer";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import {
  type Interp,
  type Value,
  RArray,
  RProc,
  RClass,
  RException,
  RHash,
  RObject,
  RString,
  cObject,
  cStandardError,
  defineBuiltinClass,
  defineBuiltinModule,
  str,
} from "../runtime/values.js";
import { toAry, toInt, toStr } from "../runtime/coerce.js";
import { binaryString, bytesOf } from "./bytes.js";
import { makeTime } from "./time.js";
import { StringMemo } from "../runtime/string-memo.js";
import { trimRubySpace } from "../runtime/trim.js";

// ---------------------------------------------------------------------------------------------
// DER

interface Tlv {
  tag: number;
  start: number; // content start
  end: number; // content end
  raw: Buffer; // whole TLV
}

class DerError extends Error {}

function readTlv(b: Buffer, p: number): Tlv {
  if (p + 2 > b.length) throw new DerError("truncated");
  const tag = b[p];
  let len = b[p + 1];
  let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || q + n > b.length) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[q + i];
    q += n;
  }
  if (q + len > b.length) throw new DerError("truncated");
  return { tag, start: q, end: q + len, raw: b.subarray(p, q + len) };
}

function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

function oidText(b: Buffer, t: Tlv): string {
  const v = b.subarray(t.start, t.end);
  const parts: number[] = [];
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    acc = acc * 128 + (v[i] & 0x7f);
    if (!(v[i] & 0x80)) {
      if (parts.length === 0) {
        const first = acc < 80 ? Math.floor(acc / 40) : 2;
        parts.push(first, acc - first * 40);
      } else parts.push(acc);
      acc = 0;
    }
  }
  return parts.join(".");
}

function derTime(b: Buffer, t: Tlv) {
  const s = b.subarray(t.start, t.end).toString("latin1");
  const m = t.tag === 0x17 ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s) : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
  if (!m) throw new DerError("bad time");
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return ms / 1000;
}

// ---------------------------------------------------------------------------------------------
// Object identifiers OpenSSL knows by short name

const OIDS: [string, string, string][] = [
  // [oid, short name, long name]
  ["2.5.4.3", "CN", "commonName"],
  ["2.5.4.4", "SN", "surname"],
  ["2.5.4.5", "serialNumber", "serialNumber"],
  ["2.5.4.6", "C", "countryName"],
  ["2.5.4.7", "L", "localityName"],
  ["2.5.4.8", "ST", "stateOrProvinceName"],
  ["2.5.4.9", "street", "streetAddress"],
  ["2.5.4.10", "O", "organizationName"],
  ["2.5.4.11", "OU", "organizationalUnitName"],
  ["2.5.4.12", "title", "title"],
  ["2.5.4.42", "GN", "givenName"],
  ["2.5.4.43", "initials", "initials"],
  ["2.5.4.46", "dnQualifier", "dnQualifier"],
  ["2.5.4.17", "postalCode", "postalCode"],
  ["1.2.840.113549.1.9.1", "emailAddress", "emailAddress"],
  ["0.9.2342.19200300.100.1.25", "DC", "domainComponent"],
  ["0.9.2342.19200300.100.1.1", "UID", "userId"],
  ["2.5.29.14", "subjectKeyIdentifier", "X509v3 Subject Key Identifier"],
  ["2.5.29.15", "keyUsage", "X509v3 Key Usage"],
  ["2.5.29.17", "subjectAltName", "X509v3 Subject Alternative Name"],
  ["2.5.29.18", "issuerAltName", "X509v3 Issuer Alternative Name"],
  ["2.5.29.19", "basicConstraints", "X509v3 Basic Constraints"],
  ["2.5.29.30", "nameConstraints", "X509v3 Name Constraints"],
  ["2.5.29.31", "crlDistributionPoints", "X509v3 CRL Distribution Points"],
  ["2.5.29.32", "certificatePolicies", "X509v3 Certificate Policies"],
  ["2.5.29.35", "authorityKeyIdentifier", "X509v3 Authority Key Identifier"],
  ["2.5.29.37", "extendedKeyUsage", "X509v3 Extended Key Usage"],
  ["1.3.6.1.5.5.7.1.1", "authorityInfoAccess", "Authority Information Access"],
  ["1.3.6.1.4.1.11129.2.4.2", "ct_precert_scts", "CT Precertificate SCTs"],
  ["2.16.840.1.113730.1.1", "nsCertType", "Netscape Cert Type"],
  ["2.16.840.1.113730.1.13", "nsComment", "Netscape Comment"],
];
const BY_OID = new Map(OIDS.map((o) => [o[0], o]));
const BY_NAME = new Map<string, [string, string, string]>();
for (const o of OIDS) {
  BY_NAME.set(o[1], o);
  BY_NAME.set(o[2], o);
}
const EKU: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "TLS Web Server Authentication",
  "1.3.6.1.5.5.7.3.2": "TLS Web Client Authentication",
  "1.3.6.1.5.5.7.3.3": "Code Signing",
  "1.3.6.1.5.5.7.3.4": "E-mail Protection",
  "1.3.6.1.5.5.7.3.8": "Time Stamping",
  "1.3.6.1.5.5.7.3.9": "OCSP Signing",
  "2.5.29.37.0": "Any Extended Key Usage",
};
const KEY_USAGE = [
  "Digital Signature",
  "Non Repudiation",
  "Key Encipherment",
  "Data Encipherment",
  "Key Agreement",
  "Certificate Sign",
  "CRL Sign",
  "Encipher Only",
  "Decipher Only",
];

const shortName = (oid: string) => BY_OID.get(oid)?.[1] ?? oid;

// ---------------------------------------------------------------------------------------------
// Ruby classes

export class RX509Name extends RObject {
  /** [short name or dotted oid, value, ASN.1 string type] */
  entries: [string, string, number][] = [];
  /** `eql?` is `cmp == 0` and `hash` hashes the same canonical form (X509_NAME_cmp/hash_ex). */
  override valueKey(): string {
    return canonicalName(this);
  }
}
export class RX509Extension extends RObject {
  oid = "";
  /** OpenSSL's text for the value, or null when we cannot render it. */
  value: string | null = null;
  critical = false;
}
export class RX509Certificate extends RObject {
  der: Buffer = Buffer.alloc(0);
  notBefore: Value = null;
  notAfter: Value = null;
  subject: RX509Name | null = null;
  issuer: RX509Name | null = null;
  extensions: RX509Extension[] = [];
  version = 0;
}

let cName: RClass;
let cExtension: RClass;
let cCertError: RClass;
let cNameError: RClass;

function raiseIn(it: Interp, cls: RClass, msg: string): never {
  return it.raiseExc(new RException(cls, str(msg)));
}

function makeName(entries: [string, string, number][]): RX509Name {
  const n = new RX509Name(cName);
  n.entries = entries;
  return n;
}

function decodeString(b: Buffer, t: Tlv): string {
  const v = b.subarray(t.start, t.end);
  if (t.tag === 0x1e) {
    let s = "";
    for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode(v.readUInt16BE(i));
    return s;
  }
  if (t.tag === 0x0c) return v.toString("utf8");
  return v.toString("latin1");
}

function parseName(b: Buffer, t: Tlv): RX509Name {
  const entries: [string, string, number][] = [];
  for (const set of children(b, t)) {
    for (const atv of children(b, set)) {
      const [oid, val] = children(b, atv);
      entries.push([shortName(oidText(b, oid)), decodeString(b, val), val.tag]);
    }
  }
  return makeName(entries);
}

/** X509_NAME_oneline: `/CN=x/O=y`, bytes outside printable ASCII as `\xHH`, `/` escaped. */
function nameOneline(n: RX509Name): string {
  return n.entries
    .map(([k, v, type]) => {
      const bytes = type === 0x0c ? Buffer.from(v, "utf8") : Buffer.from(v, "latin1");
      let out = "";
      for (const c of bytes) {
        if (c < 0x20 || c > 0x7e) out += `\\x${c.toString(16).toUpperCase().padStart(2, "0")}`;
        else if (c === 0x2f) out += "\\/";
        else out += String.fromCharCode(c);
      }
      return `/${k}=${out}`;
    })
    .join("");
}

/** RFC 2253 form (what Name#inspect shows): reversed, comma-separated, specials escaped. */
function nameRfc2253(n: RX509Name): string {
  return [...n.entries]
    .reverse()
    .map(([k, v]) => {
      let e = v.replace(/([,+"\\<>;])/g, "\\$1").replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
      if (e.startsWith(" ") || e.startsWith("#")) e = `\\${e}`;
      if (e.endsWith(" ")) e = `${e.slice(0, -1)}\\ `;
      return `${k}=${e}`;
    })
    .join(",");
}

/**
 * OpenSSL's canonical form of a Name (x509_name_canon): per entry the OID and the value with
 * ASCII whitespace trimmed and runs of it collapsed to one space, ASCII letters lowercased.
 */
function canonicalName(n: RX509Name): string {
  const canon = (v: string) => trimRubySpace(v).replace(/[ \t\n\v\f\r]+/g, " ").replace(/[A-Z]+/g, (c) => c.toLowerCase());
  return JSON.stringify(n.entries.map(([k, v]) => [BY_NAME.get(k)?.[0] ?? k, canon(v)]));
}

function hexColon(v: Buffer): string {
  return [...v].map((x) => x.toString(16).toUpperCase().padStart(2, "0")).join(":");
}

function generalNames(b: Buffer, t: Tlv): string {
  return children(b, t)
    .map((g) => {
      const v = b.subarray(g.start, g.end);
      switch (g.tag) {
        case 0x82:
          return `DNS:${v.toString("latin1")}`;
        case 0x81:
          return `email:${v.toString("latin1")}`;
        case 0x86:
          return `URI:${v.toString("latin1")}`;
        case 0x87:
          if (v.length === 4) return `IP Address:${[...v].join(".")}`;
          if (v.length === 16) {
            const groups: string[] = [];
            for (let i = 0; i < 16; i += 2) groups.push(v.readUInt16BE(i).toString(16).toUpperCase());
            return `IP Address:${groups.join(":")}`;
          }
          return "IP Address:<invalid>";
        case 0xa4:
          return `DirName:${nameOneline(parseName(b, readTlv(b, g.start)))}`;
        case 0xa0:
          return "othername:<unsupported>";
        default:
          throw new DerError("unsupported general name");
      }
    })
    .join(", ");
}

/** OpenSSL's printable value of a known extension; null when we do not render it. */
function extensionValue(oid: string, b: Buffer, octets: Tlv): string | null {
  try {
    const inner = readTlv(b, octets.start);
    switch (oid) {
      case "2.5.29.17":
      case "2.5.29.18":
        return generalNames(b, inner);
      case "2.5.29.19": {
        const parts = children(b, inner);
        let ca = false;
        let pathlen: number | null = null;
        for (const p of parts) {
          if (p.tag === 0x01) ca = b[p.start] !== 0;
          else if (p.tag === 0x02) pathlen = b.subarray(p.start, p.end).reduce((acc, x) => acc * 256 + x, 0);
        }
        return `CA:${ca ? "TRUE" : "FALSE"}${pathlen !== null ? `, pathlen:${pathlen}` : ""}`;
      }
      case "2.5.29.15": {
        const v = b.subarray(inner.start + 1, inner.end);
        const names: string[] = [];
        KEY_USAGE.forEach((n, i) => {
          const byte = v[i >> 3] ?? 0;
          if (byte & (0x80 >> (i & 7))) names.push(n);
        });
        return names.join(", ");
      }
      case "2.5.29.37":
        return children(b, inner)
          .map((o) => {
            const id = oidText(b, o);
            return EKU[id] ?? id;
          })
          .join(", ");
      case "2.5.29.14":
        return hexColon(b.subarray(inner.start, inner.end));
      case "2.5.29.35": {
        // keyid only (OpenSSL 3 prints the bare hex); issuer/serial forms are not rendered.
        const parts = children(b, inner);
        if (parts.length !== 1 || parts[0].tag !== 0x80) return null;
        return hexColon(b.subarray(parts[0].start, parts[0].end));
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
const PEM_END = "-----END CERTIFICATE-----";

/**
 * The body of the first PEM certificate block, as /BEGIN([\s\S]*?)END/ would find it, in linear
 * time: that regexp rescans to the end of the input from every BEGIN when there is no END.
 */
function pemBody(text: string): string | null {
  const begin = text.indexOf(PEM_BEGIN);
  if (begin < 0) return null;
  const from = begin + PEM_BEGIN.length;
  const end = text.indexOf(PEM_END, from);
  return end < 0 ? null : text.slice(from, end);
}

/** What a certificate's DER holds, parsed once per input text (the objects are made per `new`). */
interface ParsedCertificate {
  der: Buffer;
  version: number;
  notBefore: number;
  notAfter: number;
  issuer: [string, string, number][];
  subject: [string, string, number][];
  extensions: { oid: string; critical: boolean; value: string | null }[];
}

/** Templates read the same certificates render after render (a deployment's CA, a router's cert). */
const parsedCertificates = new StringMemo<ParsedCertificate>(1_000, 8 << 20, 64 << 10);

function parseCertificate(it: Interp, input: RString): RX509Certificate {
  const key = `${input.binary ? "b" : "t"}${input.s}`;
  let parsed = parsedCertificates.get(key);
  if (parsed === undefined) {
    parsed = parseCertificateDer(it, input);
    parsedCertificates.set(key, parsed);
  }
  const cert = new RX509Certificate(cCertificate);
  cert.der = parsed.der;
  cert.version = parsed.version;
  cert.notBefore = makeTime(parsed.notBefore, 0);
  cert.notAfter = makeTime(parsed.notAfter, 0);
  cert.issuer = makeName(parsed.issuer);
  cert.subject = makeName(parsed.subject);
  for (const e of parsed.extensions) {
    const x = new RX509Extension(cExtension);
    x.oid = e.oid;
    x.critical = e.critical;
    x.value = e.value;
    cert.extensions.push(x);
  }
  return cert;
}

function parseCertificateDer(it: Interp, input: RString): ParsedCertificate {
  const bytes = bytesOf(input);
  let der: Buffer;
  if (bytes[0] === 0x30 && input.binary) der = bytes;
  else {
    const pem = pemBody(bytes.toString("latin1"));
    if (pem === null) return raiseIn(it, cCertError, "PEM_read_bio_X509: no start line (Expecting: CERTIFICATE)");
    const body = pem.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return raiseIn(it, cCertError, "PEM_read_bio_X509: bad base64 decode");
    der = Buffer.from(body, "base64");
  }
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30) throw new DerError("not a sequence");
    const [tbs] = children(der, top);
    let fields = children(der, tbs);
    let version = 0;
    if (fields[0].tag === 0xa0) {
      const v = readTlv(der, fields[0].start);
      version = der[v.start];
      fields = fields.slice(1);
    }
    const [, , issuer, validity, subject, , ...rest] = fields;
    const [nb, na] = children(der, validity);
    const parsed: ParsedCertificate = {
      der: Buffer.from(top.raw),
      version,
      notBefore: derTime(der, nb),
      notAfter: derTime(der, na),
      issuer: parseName(der, issuer).entries,
      subject: parseName(der, subject).entries,
      extensions: [],
    };
    const extWrap = rest.find((f) => f.tag === 0xa3);
    if (extWrap) {
      const seq = readTlv(der, extWrap.start);
      for (const e of children(der, seq)) {
        const parts = children(der, e);
        const oid = oidText(der, parts[0]);
        let octets = parts[1];
        let critical = false;
        if (parts[1].tag === 0x01) {
          critical = der[parts[1].start] !== 0;
          octets = parts[2];
        }
        parsed.extensions.push({ oid: shortName(oid), critical, value: extensionValue(oid, der, octets) });
      }
    }
    return parsed;
  } catch (e) {
    if (e instanceof DerError || e instanceof TypeError || e instanceof RangeError) {
      return raiseIn(it, cCertError, "PEM_read_bio_X509: ASN1 lib");
    }
    throw e;
  }
}

let cCertificate: RClass;

function extValue(x: RX509Extension): string {
  if (x.value === null) throw new UnsupportedRubyError(`OpenSSL::X509::Extension#value for ${x.oid}`, {});
  return x.value;
}

/** Default ASN.1 string type OpenSSL uses for a Name entry added by text. */
function defaultType(k: string): number {
  const o = BY_NAME.get(k)?.[0];
  if (o === "2.5.4.6" || o === "2.5.4.5" || o === "2.5.4.46") return 19;
  if (o === "1.2.840.113549.1.9.1" || o === "0.9.2342.19200300.100.1.25") return 22;
  return 12;
}

export function installOpenssl(): void {
  const mOpenSSL = defineBuiltinModule("OpenSSL");
  const cOpenSSLError = defineBuiltinClass("OpenSSLError", cStandardError, mOpenSSL);
  const mX509 = defineBuiltinModule("X509", mOpenSSL);
  cCertError = defineBuiltinClass("CertificateError", cOpenSSLError, mX509);
  cNameError = defineBuiltinClass("NameError", cOpenSSLError, mX509);
  const cExtError = defineBuiltinClass("ExtensionError", cOpenSSLError, mX509);
  cCertificate = defineBuiltinClass("Certificate", cObject, mX509);
  cName = defineBuiltinClass("Name", cObject, mX509);
  cExtension = defineBuiltinClass("Extension", cObject, mX509);
  cName.consts.set("COMPAT", 0);
  cName.consts.set("RFC2253", 17892119);
  cName.consts.set("ONELINE", 8520479);
  cName.consts.set("MULTILINE", 44045584);

  // Certificate
  cCertificate.defineS("new", (_s, args, _b, it) => {
    if (args.length === 0) return raiseIn(it, cCertError, "no certificate given");
    const a = args[0];
    return parseCertificate(it, a instanceof RString ? a : str(toStr(it, a)));
  }, [0, 1]);
  const C = cCertificate;
  C.define("not_after", (self: RX509Certificate) => self.notAfter, 0);
  C.define("not_before", (self: RX509Certificate) => self.notBefore, 0);
  // A new Name on each call, as Ruby's (X509_NAME_dup).
  C.define("subject", (self: RX509Certificate) => self.subject && makeName([...self.subject.entries]), 0);
  C.define("issuer", (self: RX509Certificate) => self.issuer && makeName([...self.issuer.entries]), 0);
  C.define("version", (self: RX509Certificate) => self.version, 0);
  C.define("extensions", (self: RX509Certificate) => new RArray([...self.extensions]), 0);
  C.define("to_der", (self: RX509Certificate) => binaryString(self.der), 0);
  const toPem = (self: RX509Certificate) => {
    const b64 = self.der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
    return str(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
  };
  C.define("to_pem", toPem, 0);
  C.define("to_s", toPem, 0);

  // Name
  cName.defineS("new", (_s, args, _b, it) => {
    if (args.length === 0) return makeName([]);
    if (args[0] === null) return it.raise("TypeError", "no implicit conversion of nil into String");
    const a = args[0];
    if (a instanceof RX509Name) return a;
    const entries: [string, string, number][] = [];
    for (const e of toAry(it, a)) {
      const parts = toAry(it, e);
      // ossl_x509name_init_i reads entries 0..2 with rb_ary_entry: a missing value is nil.
      const k = toStr(it, parts[0] ?? null);
      const v = toStr(it, parts[1] ?? null);
      if (!BY_NAME.has(k) && !/^\d+(\.\d+)+$/.test(k)) {
        return raiseIn(it, cNameError, `X509_NAME_add_entry_by_txt: invalid field name (name=${k})`);
      }
      const t = parts.length > 2 && parts[2] !== null ? toInt(it, parts[2]) : defaultType(k);
      entries.push([BY_NAME.get(k)?.[1] ?? k, v, t]);
    }
    return makeName(entries);
  }, [0, 2]);
  // openssl/x509.rb's parse_openssl (Name.parse): "/A=B/C=D" or "A=B, C=D", split with String#split
  // semantics, each entry split at its first "=", then Name.new(entries).
  const parseOpenssl = (self: RClass, args: Value[], it: Interp): Value => {
    // parse_openssl calls str.start_with?("/") first: a non-String fails there, as in Ruby.
    if (!(args[0] instanceof RString)) it.send(args[0], "start_with?", [str("/")]);
    const text = toStr(it, args[0]);
    const items = text.startsWith("/")
      ? it.send(str(text.slice(1)), "split", [str("/")])
      : it.send(it.send(str(text), "split", [str(",")]), "map", [], new RProc(([x]: Value[]) => it.send(x, "strip"), 1));
    const pairs = (items as RArray).a.map((x) => it.send(x, "split", [str("="), 2]));
    return it.send(self, "new", args.length > 1 ? [new RArray(pairs), args[1]] : [new RArray(pairs)]);
  };
  cName.defineS("parse", (self: RClass, args, _b, it) => parseOpenssl(self, args, it), [1, 2]);
  cName.defineS("parse_openssl", (self: RClass, args, _b, it) => parseOpenssl(self, args, it), [1, 2]);
  cName.define("to_s", (self: RX509Name, args, _b, it) => {
    if (args.length === 0) return str(nameOneline(self));
    const flags = toInt(it, args[0]);
    if (flags === 17892119) return str(nameRfc2253(self));
    if (flags === 0) return str(nameOneline(self));
    throw new UnsupportedRubyError("OpenSSL::X509::Name#to_s with these flags", {});
  }, [0, 1]);
  cName.define("to_a", (self: RX509Name) => new RArray(self.entries.map(([k, v, t]) => {
    const bytes = t === 0x0c ? Buffer.from(v, "utf8") : Buffer.from(v, "latin1");
    return new RArray([str(k), binaryString(bytes), t]);
  })), 0);
  cName.define("inspect", (self: RX509Name) => str(`#<OpenSSL::X509::Name ${nameRfc2253(self)}>`), 0);
  const cmp = (a: RX509Name, b: RX509Name) => {
    const x = canonicalName(a);
    const y = canonicalName(b);
    return x === y ? 0 : x < y ? -1 : 1;
  };
  cName.define("cmp", (self: RX509Name, args, _b, it) => (args[0] instanceof RX509Name ? cmp(self, args[0]) : it.raise("TypeError", `wrong argument type ${it.inspect(args[0])} (expected OpenSSL/X509/NAME)`)), 1);
  cName.define("<=>", (self: RX509Name, args) => (args[0] instanceof RX509Name ? cmp(self, args[0]) : null), 1);
  cName.define("==", (self: RX509Name, args) => args[0] instanceof RX509Name && cmp(self, args[0]) === 0, 1);
  cName.define("eql?", (self: RX509Name, args) => args[0] instanceof RX509Name && cmp(self, args[0]) === 0, 1);

  // Extension
  cExtension.defineS("new", (_s, args, _b, it) => {
    const x = new RX509Extension(cExtension);
    if (args.length === 1 && args[0] instanceof RX509Extension) {
      Object.assign(x, { oid: args[0].oid, value: args[0].value, critical: args[0].critical });
      return x;
    }
    if (args.length < 2) throw new UnsupportedRubyError("OpenSSL::X509::Extension.new from DER", {});
    const oid = toStr(it, args[0]);
    const o = BY_NAME.get(oid) ?? BY_OID.get(oid);
    if (!o && !/^\d+(\.\d+)+$/.test(oid)) return raiseIn(it, cExtError, `unknown OID \`${oid}'`);
    x.oid = o ? o[1] : oid;
    x.value = toStr(it, args[1]);
    x.critical = args.length > 2 && args[2] !== null && args[2] !== false;
    return x;
  }, [1, 3]);
  const E = cExtension;
  E.define("oid", (self: RX509Extension) => str(self.oid), 0);
  E.define("value", (self: RX509Extension) => str(extValue(self)), 0);
  E.define("critical?", (self: RX509Extension) => self.critical, 0);
  E.define("to_s", (self: RX509Extension) => str(`${self.oid} = ${self.critical ? "critical, " : ""}${extValue(self)}`), 0);
  E.define("to_a", (self: RX509Extension) => new RArray([str(self.oid), str(extValue(self)), self.critical]), 0);
  E.define("to_h", (self: RX509Extension) => {
    const h = new RHash();
    h.setStr("oid", str(self.oid));
    h.setStr("value", str(extValue(self)));
    h.setStr("critical", self.critical);
    return h;
  }, 0);
}
