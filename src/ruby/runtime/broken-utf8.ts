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

/** The UTF-8 bytes of `text`, one char per byte. */
export function textBytes(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? Buffer.from(text, "utf8").toString("latin1") : text;
}

/** The bytes of `s` as it is held (one char per byte): its UTF-8 encoding, or its bytes when it holds bytes. */
export function byteChars(s: RString): string {
  return s.binary ? s.s : textBytes(s.s);
}

/** The text that bytes (one char per byte) encode in UTF-8, or null when they are not valid UTF-8. */
export function decodeUtf8ByteChars(bytes: string): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** A UTF-8 String of bytes (one char per byte): plain when they decode, marked when they do not. */
export function utf8FromByteChars(bytes: string): RString {
  const text = decodeUtf8ByteChars(bytes);
  return text !== null ? new RString(text) : brokenUtf8String(Array.from(bytes, (c) => c.charCodeAt(0)));
}

/**
 * UTF-8 text and Strings holding invalid UTF-8 joined as CRuby joins them (same encoding, so always
 * compatible): the bytes one after another, valid again when they decode (`"\xc3" + "\xa9"` is "é").
 */
export function joinUtf8Pieces(pieces: readonly (string | RString)[]): RString {
  let bytes = "";
  for (const p of pieces) bytes += typeof p === "string" ? textBytes(p) : byteChars(p);
  return utf8FromByteChars(bytes);
}
