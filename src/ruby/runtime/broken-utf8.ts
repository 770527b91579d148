/**
 * UTF-8 Strings holding invalid bytes (`"\xff"`): kept as their bytes, one char per byte like a
 * BINARY String, and marked here so String's methods answer as CRuby does for them (see
 * core/string-broken.ts).
 */
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
