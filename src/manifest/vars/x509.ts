/**
 * X.509 v3 certificates as Go's `x509.CreateCertificate` writes them for config-server's
 * certificate generator: subject C, O, CN (one attribute per RDN, in that order), SHA-256 with
 * RSA, extensions in Go's order (key usage, extended key usage, basic constraints, subject key
 * id, authority key id, subject alternative names). Built with der.ts, signed with node:crypto.
 */
import { createHash, createPublicKey, sign, type KeyObject } from "node:crypto";
import { isIP } from "node:net";
import { bitString, boolean, children, explicit, goString, implicit, integer, nullValue, octetString, oid, readItem, sequence, set, time, type Der } from "./der.js";

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

export interface CertTemplate {
  serial: bigint;
  commonName: string;
  organization: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Go KeyUsage bits (DigitalSignature = 1, KeyEncipherment = 4, CertSign = 32, CRLSign = 64). */
  keyUsage: number;
  extKeyUsage: ("server_auth" | "client_auth")[];
  dnsNames: string[];
  ipAddresses: Buffer[];
  subjectKeyId: Buffer;
  authorityKeyId: Buffer;
}

/** The signer: a CA certificate's subject (as encoded) and key, or the template itself. */
export interface Issuer {
  subjectDer: Der;
  privateKey: KeyObject;
}

export function subjectName(t: Pick<CertTemplate, "commonName" | "organization">): Der {
  const rdn = (type: string, value: string): Der => set(sequence(oid(type), goString(value)));
  const rdns = [rdn("2.5.4.6", "US"), rdn("2.5.4.10", t.organization)];
  if (t.commonName.length > 0) rdns.push(rdn("2.5.4.3", t.commonName));
  return sequence(...rdns);
}

/** Go's KeyUsage as a BIT STRING: bits reversed per byte, trailing zero bits unused. */
function keyUsageBits(ku: number): Der {
  const rev = (b: number): number => {
    let r = 0;
    for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
    return r;
  };
  const a = [rev(ku & 0xff), rev((ku >> 8) & 0xff)];
  const bytes = Buffer.from(a[1] !== 0 ? a : [a[0]]);
  let bitLength = bytes.length * 8;
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i];
    if (b === 0) {
      bitLength -= 8;
      continue;
    }
    let trailing = 0;
    while (!(b & (1 << trailing))) trailing++;
    bitLength -= trailing;
    break;
  }
  return bitString(bytes, bytes.length * 8 - bitLength);
}

const extension = (id: string, critical: boolean, value: Der): Der => sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function extensions(t: CertTemplate): Der {
  const exts: Der[] = [];
  if (t.keyUsage) exts.push(extension("2.5.29.15", true, keyUsageBits(t.keyUsage)));
  if (t.extKeyUsage.length) exts.push(extension("2.5.29.37", false, sequence(...t.extKeyUsage.map((u) => oid(u === "server_auth" ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")))));
  exts.push(extension("2.5.29.19", true, sequence(...(t.isCA ? [boolean(true)] : []))));
  if (t.subjectKeyId.length) exts.push(extension("2.5.29.14", false, octetString(t.subjectKeyId)));
  if (t.authorityKeyId.length) exts.push(extension("2.5.29.35", false, sequence(implicit(0, t.authorityKeyId))));
  if (t.dnsNames.length || t.ipAddresses.length) {
    exts.push(extension("2.5.29.17", false, sequence(...t.dnsNames.map((n) => implicit(2, Buffer.from(n, "ascii"))), ...t.ipAddresses.map((ip) => implicit(7, ip)))));
  }
  return explicit(3, sequence(...exts));
}

/** A DER certificate for `t` with public key `publicKey`, signed by `issuer`. */
export function createCertificate(t: CertTemplate, publicKey: KeyObject, issuer: Issuer | null, selfKey: KeyObject): Der {
  const algorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
  const subject = subjectName(t);
  const spki = publicKey.export({ type: "spki", format: "der" });
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(t.serial),
    algorithm,
    issuer ? issuer.subjectDer : subject,
    sequence(time(t.notBefore), time(t.notAfter)),
    subject,
    spki,
    extensions(t),
  );
  const signature = sign("sha256", tbs, issuer ? issuer.privateKey : selfKey);
  return sequence(tbs, algorithm, bitString(signature));
}

/** What a CA certificate contributes to the certificates it signs. */
export interface ParsedCa {
  raw: Der;
  subjectDer: Der;
  subjectKeyId: Buffer;
  publicKey: KeyObject;
}

/** Reads a DER certificate's subject and subject key identifier. */
export function parseCertificate(der: Buffer): ParsedCa {
  const cert = readItem(der);
  const [tbs] = children(cert.content);
  let fields = children(tbs.content);
  if (fields[0].tag === 0xa0) fields = fields.slice(1);
  // serial, signature, issuer, validity, subject, spki, then optional [1], [2], [3]
  const subjectDer = fields[4].raw;
  let subjectKeyId = Buffer.alloc(0);
  const ext = fields.find((f) => f.tag === 0xa3);
  if (ext) {
    for (const e of children(children(ext.content)[0].content)) {
      const parts = children(e.content);
      if (parts[0].content.equals(oid("2.5.29.14").subarray(2))) {
        subjectKeyId = Buffer.from(readItem(parts[parts.length - 1].content).content);
      }
    }
  }
  const publicKey = createPublicKey({ key: Buffer.from(fields[5].raw), format: "der", type: "spki" });
  return { raw: Buffer.from(cert.raw), subjectDer: Buffer.from(subjectDer), subjectKeyId, publicKey };
}

/** Go's net.ParseIP as SAN bytes (4 bytes for IPv4), or null when `s` is not an IP. */
export function ipBytes(s: string): Buffer | null {
  const kind = isIP(s);
  if (kind === 4) {
    if (s.split(".").some((p) => p.length > 1 && p.startsWith("0"))) return null;
    return Buffer.from(s.split(".").map(Number));
  }
  if (kind === 6) {
    if (s.includes("%")) return null;
    let text = s;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const b = v4[1].split(".").map(Number);
      text = text.slice(0, -v4[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
    }
    const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || "0", 16), i * 2));
    // Go writes an IPv4-mapped IPv6 address as its 4 IPv4 bytes.
    if (out.subarray(0, 10).every((b) => b === 0) && out[10] === 0xff && out[11] === 0xff) return out.subarray(12);
    return out;
  }
  return null;
}

export const sha1 = (b: Buffer): Buffer => createHash("sha1").update(b).digest();

export function pem(type: string, der: Buffer): string {
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}

/** Go's pem.Decode: the first block's type and bytes, or null. */
export function pemDecode(text: string): { type: string; der: Buffer } | null {
  const m = /-----BEGIN ([^-\n]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  const body = m[2].split(/\r?\n/).filter((l) => !/^[\w-]+:/.test(l)).join("");
  return { type: m[1], der: Buffer.from(body, "base64") };
}
