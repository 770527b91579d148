/**
 * UTF-8 Strings holding invalid bytes (`"\xff"`): kept as their bytes, one char per byte like a
 * BINARY String, and marked here so String's methods answer as CRuby does for them (see
 * core/string-broken.ts).
 */
import { RString } from "./values.js";

export const brokenUtf8 = new WeakSet<RString>();

/** A marked String of `bytes` (which are not valid UTF-8). */
export function brokenUtf8String(bytes: ArrayLike<number>): RString {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  const r = new RString(s, true);
  brokenUtf8.add(r);
  return r;
}
