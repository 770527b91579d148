/**
 * UTF-8 Strings holding invalid bytes (`"\xff"`): kept as their bytes, one char per byte like a
 * BINARY String, and marked here so String's methods answer as CRuby does for them (see
 * core/string-broken.ts).
 */
import { Buffer } from "buffer";
import { RString } from "./values.js";

/** The mark (a field, not a WeakSet: one per String would load the GC's ephemeron tables). */
export const brokenUtf8 = {
  has: (s: RString): boolean => s.encTag === 2,
  add: (s: RString): void => void (s.encTag = 2),
  delete: (s: RString): void => {
    if (s.encTag === 2) s.encTag = 0;
  },
};

/** A marked String of `bytes` (which are not valid UTF-8). */
export function brokenUtf8String(bytes: ArrayLike<number>): RString {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  const r = new RString(s, true);
  brokenUtf8.add(r);
  return r;
}

/** The bytes of `s` as it is held (one char per byte): its UTF-8 encoding, or its bytes when it holds bytes. */
export function byteChars(s: RString): string {
  if (s.binary || !/[^\x00-\x7f]/.test(s.s)) return s.s;
  return Buffer.from(s.s, "utf8").toString("latin1");
}

/** A UTF-8 String of bytes (one char per byte): plain when they decode, marked when they do not. */
export function utf8FromByteChars(bytes: string): RString {
  const raw = Uint8Array.from(bytes, (c) => c.charCodeAt(0));
  try {
    return new RString(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    return brokenUtf8String(raw);
  }
}

/**
 * UTF-8 text and Strings holding invalid UTF-8 joined as CRuby joins them (same encoding, so always
 * compatible): the bytes one after another, valid again when they decode (`"\xc3" + "\xa9"` is "é").
 */
export function joinUtf8Pieces(pieces: readonly (string | RString)[]): RString {
  let bytes = "";
  for (const p of pieces) bytes += typeof p === "string" ? byteChars(new RString(p)) : byteChars(p);
  return utf8FromByteChars(bytes);
}
