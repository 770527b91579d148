import { type Value, RArray, RHash, RString, sym } from "../runtime/values.js";

/** `symbolize_names: true` of JSON.parse and YAML.load: String keys become Symbols, recursively. */
export function symbolizeKeys(v: Value): Value {
  if (v instanceof RHash) {
    const h = new RHash();
    for (const [k, x] of v.entries()) h.set(k instanceof RString ? sym(k.s) : k, symbolizeKeys(x));
    return h;
  }
  if (v instanceof RArray) return new RArray(v.a.map(symbolizeKeys));
  return v;
}
