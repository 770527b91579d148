/**
 * The little DER (ASN.1) that X.509 certificate generation needs: an encoder for the universal
 * types a certificate uses, and a reader that walks tag-length-value items (to take a CA
 * certificate's subject and key identifier). Node's crypto signs and parses but builds no
 * certificates.
 */

export type Der = Buffer;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A TLV with the given tag byte. */
export function tlv(tag: number, content: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const octetString = (b: Buffer): Der => tlv(0x04, b);
export const boolean = (v: boolean): Der => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
/** Context-specific constructed `[n]` (EXPLICIT tagging). */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** Context-specific primitive `[n]` (IMPLICIT tagging of a primitive). */
export const implicit = (n: number, content: Buffer): Der => tlv(0x80 | n, content);

/** A non-negative INTEGER from big-endian magnitude bytes (minimal, with a 0 byte when the top bit is set). */
export function integer(magnitude: Buffer | number | bigint): Der {
  let b: Buffer;
  if (Buffer.isBuffer(magnitude)) b = magnitude;
  else {
    let hex = BigInt(magnitude).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    b = Buffer.from(hex, "hex");
  }
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function oid(dotted: string): Der {
  const parts = dotted.split(".").map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** BIT STRING with `unused` padding bits in the last byte. */
export const bitString = (bytes: Buffer, unused = 0): Der => tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));

/** Go's asn1 choice for a Go string: PrintableString when every character allows it, else UTF8String. */
export function goString(s: string): Der {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, Buffer.from(s, "utf8"));
}


/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280, as Go writes validity). */
export function time(d: Date): Der {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, "ascii"));
  return tlv(0x18, Buffer.from(`${p(y, 4)}${rest}`, "ascii"));
}

/** One item read back: its tag, its content, and the whole encoding. */
export interface Item {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

/** Reads the item at `offset` of `buf`. */
export function readItem(buf: Buffer, offset = 0): Item & { end: number } {
  if (offset + 2 > buf.length) throw new Error("truncated DER");
  const tag = buf[offset];
  let len = buf[offset + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || offset + 2 + n > buf.length) throw new Error("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i];
    head += n;
  }
  const end = offset + head + len;
  if (end > buf.length) throw new Error("truncated DER");
  return { tag, content: buf.subarray(offset + head, end), raw: buf.subarray(offset, end), end };
}

/** The items inside a constructed item's content. */
export function children(content: Buffer): Item[] {
  const out: Item[] = [];
  for (let off = 0; off < content.length; ) {
    const it = readItem(content, off);
    out.push(it);
    off = it.end;
  }
  return out;
}
