/**
 * Small helpers for reading and building Ruby values (manifests, job specs, link hashes) from
 * TypeScript. All data stays in Ruby form (RHash/RArray/RString...) so key order and number
 * kinds survive; these helpers only make the JS side shorter.
 */
import { RArray, RFloat, RHash, RString, RSymbol, hashKeyOf, realClassOf, str, type Value } from "../ruby/runtime/values.js";

const keyCache = new Map<string, [RString, unknown]>();
function cached(name: string): [RString, unknown] {
  let e = keyCache.get(name);
  if (!e) {
    const k = new RString(name);
    k.frozen = true;
    e = [k, hashKeyOf(k)];
    if (keyCache.size < 50_000) keyCache.set(name, e);
  }
  return e;
}
/** A frozen String for use as a Hash key (cached: frozen keys are shared, as Ruby shares them). */
export function K(name: string): RString {
  return cached(name)[0];
}

export const isHash = (v: Value | undefined): v is RHash => v instanceof RHash;
export const isArray = (v: Value | undefined): v is RArray => v instanceof RArray;
export const isStr = (v: Value | undefined): v is RString => v instanceof RString;

/** `h[key]` for a String key; undefined when `h` is not a Hash or the key is absent. */
export function get(h: Value | undefined, key: string): Value | undefined {
  if (!(h instanceof RHash)) return undefined;
  const e = h.map.get(cached(key)[1]);
  return e ? e[1] : undefined;
}
export function has(h: Value | undefined, key: string): boolean {
  return h instanceof RHash && h.map.has(cached(key)[1]);
}
/** A String value as JS string, else undefined. */
export function getS(h: Value | undefined, key: string): string | undefined {
  const v = get(h, key);
  return v instanceof RString ? v.s : undefined;
}
export function getA(h: Value | undefined, key: string): Value[] {
  const v = get(h, key);
  return v instanceof RArray ? v.a : [];
}
export function getH(h: Value | undefined, key: string): RHash | undefined {
  const v = get(h, key);
  return v instanceof RHash ? v : undefined;
}

/** The Ruby class name of a value (`String`, `Integer`, `NilClass`, `Hash` ...). */
export function rubyClassName(v: Value | undefined): string {
  return realClassOf(v === undefined ? null : v).name;
}

/** Builds a Hash with String keys from JS pairs (values already Ruby). */
export function rhash(entries: Array<[string, Value]>): RHash {
  const h = new RHash();
  for (const [k, v] of entries) {
    const [key, hk] = cached(k);
    const e = h.map.get(hk);
    if (e) e[1] = v;
    else h.map.set(hk, [key, v]);
  }
  return h;
}

/** `h[key] = v` for a String key (cached frozen key; no allocation for known keys). */
export function setK(h: RHash, key: string, v: Value): RHash {
  const [k, hk] = cached(key);
  const e = h.map.get(hk);
  if (e) e[1] = v;
  else h.map.set(hk, [k, v]);
  return h;
}

/** Plain text of a scalar for messages (`to_s`-like for the common scalar kinds). */
export function scalarText(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RString) return v.s;
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RFloat) return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
  return rubyClassName(v);
}

/** Deep copy of plain data (Hash/Array/String); other values are immutable and shared. */
export function deepCopy(v: Value): Value {
  if (v instanceof RHash) {
    const h = new RHash();
    for (const [k, x] of v.entries()) h.set(k, deepCopy(x));
    return h;
  }
  if (v instanceof RArray) return new RArray(v.a.map(deepCopy));
  if (v instanceof RString) return new RString(v.s, v.binary);
  return v;
}

/** Ruby `==` for plain data (used by tests and the scenario runner). */
export function dataEqual(a: Value, b: Value, orderedKeys = false): boolean {
  if (a === b) return true;
  if (a instanceof RString && b instanceof RString) return a.s === b.s;
  if (a instanceof RFloat && b instanceof RFloat) return a.v === b.v;
  if (a instanceof RFloat && (typeof b === "number" || typeof b === "bigint")) return a.v === Number(b);
  if (b instanceof RFloat && (typeof a === "number" || typeof a === "bigint")) return b.v === Number(a);
  if (typeof a === "bigint" || typeof b === "bigint") return (typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint") && BigInt(a) === BigInt(b);
  if (a instanceof RArray && b instanceof RArray) return a.a.length === b.a.length && a.a.every((x, i) => dataEqual(x, b.a[i], orderedKeys));
  if (a instanceof RHash && b instanceof RHash) {
    if (a.size !== b.size) return false;
    if (orderedKeys) {
      const ea = [...a.entries()];
      const eb = [...b.entries()];
      return ea.every(([k, v], i) => dataEqual(k, eb[i][0]) && dataEqual(v, eb[i][1], true));
    }
    for (const [k, v] of a.entries()) {
      const w = b.lookup(k);
      if (w === undefined || !dataEqual(v, w)) return false;
    }
    return true;
  }
  return false;
}

/** A compact JSON-ish rendering for messages and diffs. */
export function show(v: Value | undefined): string {
  if (v === undefined) return "(absent)";
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RString) return JSON.stringify(v.s);
  if (v instanceof RFloat) return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
  if (v instanceof RSymbol) return `:${v.name}`;
  if (v instanceof RArray) return `[${v.a.map(show).join(", ")}]`;
  if (v instanceof RHash) return `{${[...v.entries()].map(([k, x]) => `${show(k)}: ${show(x)}`).join(", ")}}`;
  return rubyClassName(v);
}

/** Converts Ruby plain data to JSON-compatible JS (for JSON output); Floats become numbers. */
export function toJs(v: Value): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof RString) return v.s;
  if (v instanceof RFloat) return v.v;
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RArray) return v.a.map(toJs);
  if (v instanceof RHash) {
    const o: Record<string, unknown> = Object.create(null);
    for (const [k, x] of v.entries()) o[k instanceof RString ? k.s : show(k)] = toJs(x);
    return o;
  }
  return null;
}

/** Converts JSON-like JS data to Ruby (Strings, Integers for integral numbers, Floats otherwise). */
export function fromJs(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isInteger(v) ? v : new RFloat(v);
  if (typeof v === "string") return str(v);
  if (Array.isArray(v)) return new RArray(v.map(fromJs));
  if (v instanceof RHash || v instanceof RArray || v instanceof RString || v instanceof RFloat) return v;
  if (typeof v === "object") {
    const h = new RHash();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) h.set(str(k), fromJs(x));
    return h;
  }
  return null;
}
