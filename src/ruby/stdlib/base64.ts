/** Ruby's `base64` library: Array#pack("m") / String#unpack1("m") semantics, byte for byte. */
import { Buffer } from "buffer";
import { type Interp, type Value, RHash, RString, RSymbol, defineBuiltinModule, truthy } from "../runtime/values.js";
import { receiverDescription } from "../runtime/coerce.js";
import { argBytes, asciiString, binaryString, bytesOf } from "./bytes.js";
import { trimEndChar } from "../runtime/trim.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const XTABLE = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) XTABLE[ALPHABET.charCodeAt(i)] = i;

/** `[bin].pack("m")`: lines of 60 characters, each ending in "\n". */
export function encode64(b: Uint8Array): string {
  const all = Buffer.from(b).toString("base64");
  let out = "";
  for (let i = 0; i < all.length; i += 60) out += `${all.slice(i, i + 60)}\n`;
  return out;
}

/** `str.unpack1("m")`: skips characters outside the alphabet, stops at padding. */
export function decode64(s: Uint8Array): Uint8Array {
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  let a = -1;
  let b = -1;
  let c = -1;
  let d = -1;
  while (i < n) {
    a = b = c = d = -1;
    while (i < n && (a = XTABLE[s[i]]) === -1) i++;
    if (i >= n) break;
    i++;
    while (i < n && (b = XTABLE[s[i]]) === -1) i++;
    if (i >= n) break;
    i++;
    while (i < n && (c = XTABLE[s[i]]) === -1) {
      if (s[i] === 0x3d) break;
      i++;
    }
    if (i >= n || s[i] === 0x3d) break;
    i++;
    while (i < n && (d = XTABLE[s[i]]) === -1) {
      if (s[i] === 0x3d) break;
      i++;
    }
    if (i >= n || s[i] === 0x3d) break;
    i++;
    out.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (c >> 2)) & 255, ((c << 6) | d) & 255);
    a = -1;
  }
  if (a !== -1 && b !== -1) {
    out.push(((a << 2) | (b >> 4)) & 255);
    if (c !== -1) out.push(((b << 4) | (c >> 2)) & 255);
  }
  return Uint8Array.from(out);
}

/** `str.unpack1("m0")`: RFC 4648 strict; null when invalid. */
export function strictDecode64(s: Uint8Array): Uint8Array | null {
  const t = Buffer.from(s).toString("latin1");
  if (t.length % 4 !== 0) return null;
  if (!/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return null;
  // Unused bits of the last group must be zero.
  if (t.endsWith("==")) {
    if (XTABLE[t.charCodeAt(t.length - 3)] & 0xf) return null;
  } else if (t.endsWith("=")) {
    if (XTABLE[t.charCodeAt(t.length - 2)] & 0x3) return null;
  }
  return Buffer.from(t, "base64");
}

function paddingOpt(v: Value | undefined): boolean {
  if (v instanceof RHash) {
    const p = v.lookup(RSymbol.of("padding"));
    if (p !== undefined) return truthy(p);
  }
  return true;
}

/** `str.unpack1(...)` / `str.end_with?` on a non-String: NoMethodError as Ruby words it. */
function strRecv(it: Interp, v: Value, meth: string): Buffer {
  if (v instanceof RString) return bytesOf(v);
  return it.raise("NoMethodError", `undefined method '${meth}' for ${receiverDescription(v)}`);
}

export function installBase64(): void {
  const m = defineBuiltinModule("Base64");
  m.defineS("encode64", (_s, args, _b, it) => asciiString(encode64(argBytes(it, args[0]))), 1);
  m.defineS("strict_encode64", (_s, args, _b, it) => asciiString(Buffer.from(argBytes(it, args[0])).toString("base64")), 1);
  m.defineS("decode64", (_s, args, _b, it) => binaryString(decode64(strRecv(it, args[0], "unpack1"))), 1);
  m.defineS(
    "strict_decode64",
    (_s, args, _b, it) => {
      const r = strictDecode64(strRecv(it, args[0], "unpack1"));
      return r ? binaryString(r) : it.raise("ArgumentError", "invalid base64");
    },
    1,
  );
  m.defineS(
    "urlsafe_encode64",
    (_s, args, _b, it) => {
      let t = Buffer.from(argBytes(it, args[0])).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
      if (!paddingOpt(args[1])) t = trimEndChar(t, "=");
      return asciiString(t);
    },
    [1, 2],
  );
  m.defineS(
    "urlsafe_decode64",
    (_s, args, _b, it) => {
      let t = strRecv(it, args[0], "end_with?").toString("latin1");
      if (!t.endsWith("=") && t.length % 4 !== 0) {
        t = t.padEnd(t.length + ((4 - (t.length % 4)) % 4), "=");
      }
      t = t.replace(/-/g, "+").replace(/_/g, "/");
      const r = strictDecode64(Buffer.from(t, "latin1"));
      return r ? binaryString(r) : it.raise("ArgumentError", "invalid base64");
    },
    1,
  );
}
