/** Byte views of Ruby Strings for the stdlib (UTF-8 strings as their UTF-8 bytes, binary ones as-is). */
import { Buffer } from "buffer";
import { type Interp, type Value, RString } from "../runtime/values.js";
import { toStr } from "../runtime/coerce.js";

export function bytesOf(s: RString): Buffer {
  return s.binary ? Buffer.from(s.s, "latin1") : Buffer.from(s.s, "utf8");
}

/** String argument (implicit conversion) as bytes. */
export function argBytes(it: Interp, v: Value): Buffer {
  if (v instanceof RString) return bytesOf(v);
  return Buffer.from(toStr(it, v), "utf8");
}

/** An ASCII-8BIT String holding `b`. */
export function binaryString(b: Uint8Array): RString {
  return new RString(Buffer.from(b).toString("latin1"), true);
}

/** A UTF-8 String when `b` is valid UTF-8, else null. */
export function utf8String(b: Uint8Array): RString | null {
  try {
    return new RString(new TextDecoder("utf-8", { fatal: true }).decode(b));
  } catch {
    return null;
  }
}

/** A String in the encoding Ruby gives text read from outside (UTF-8); bytes that are not UTF-8 stay binary. */
export function externalString(b: Uint8Array): RString {
  return utf8String(b) ?? binaryString(b);
}

/** A US-ASCII/UTF-8 result String built from ASCII text. */
export function asciiString(s: string): RString {
  return new RString(s);
}
