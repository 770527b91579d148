/**
 * bosh-common's `PropertyHelper#lookup_property` and the argument handling shared by every `p`
 * and `if_p` (context, link, link instance), written against the Ruby semantics they rely on:
 * `name.split(".")`, `ref[key]` by dispatch, `Array(args[0])`, nil counts as missing.
 */
import {
  type Interp,
  type Value,
  RArray,
  RException,
  RHash,
  RString,
  cHash,
  cString,
  hashKeyOf,
  str,
  truthy,
} from "../ruby/runtime/values.js";
import { toAry } from "../ruby/runtime/coerce.js";
import { cUnknownProperty } from "./classes.js";

/** Ruby's `String#split(".")`: empty fields kept except trailing ones; "" gives []. */
export function splitDots(s: string): string[] {
  if (s === "") return [];
  const parts = s.split(".");
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** `obj[key]` as Ruby evaluates it: a plain Hash directly, anything else by dispatch. */
export function aref(it: Interp, obj: Value, key: Value): Value {
  if (obj instanceof RHash && obj.cls === cHash && obj.defaultProc === null) {
    const v = obj.lookup(key);
    return v === undefined ? obj.defaultValue : v;
  }
  return it.send(obj, "[]", [key]);
}

/** `hash[key]` for a String key given as JS text. */
export function arefStr(it: Interp, obj: Value, key: string): Value {
  return aref(it, obj, str(key));
}

/** `obj.has_key?(key)`. */
export function hasKey(it: Interp, obj: Value, key: string): boolean {
  if (obj instanceof RHash && obj.cls === cHash) return obj.has(str(key));
  return truthy(it.send(obj, "has_key?", [str(key)]));
}

/** `obj.fetch(key, default)`. */
export function fetchStr(it: Interp, obj: Value, key: string, dflt: Value): Value {
  if (obj instanceof RHash && obj.cls === cHash) {
    const v = obj.lookup(str(key));
    return v === undefined ? dflt : v;
  }
  return it.send(obj, "fetch", [str(key), dflt]);
}

/** The keys of `name.split(".")`, with `split` dispatched when `name` is not a String. */
function splitName(it: Interp, name: Value): Value[] {
  if (name instanceof RString && name.cls === cString) {
    return splitDots(name.s).map((k) => str(k));
  }
  const parts = it.send(name, "split", [str(".")]);
  return toAry(it, parts);
}

const splitCache = new Map<string, string[]>();
function cachedSplit(s: string): string[] {
  let parts = splitCache.get(s);
  if (!parts) {
    if (splitCache.size >= 10000) splitCache.clear();
    parts = splitDots(s);
    splitCache.set(s, parts);
  }
  return parts;
}

/** Never exposed to Ruby: only used to compute hash keys without allocating a String per lookup. */
const scratchKey = new RString("");

/** `PropertyHelper#lookup_property(collection, name)`. */
export function lookupProperty(it: Interp, collection: Value, name: Value): Value {
  if (collection === null) return null;
  if (name instanceof RString && name.cls === cString) {
    // Fast path: String name, plain Hashes all the way down (the usual case).
    let ref: Value = collection;
    for (const key of cachedSplit(name.s)) {
      if (ref instanceof RHash && ref.cls === cHash && ref.defaultProc === null) {
        scratchKey.s = key;
        const e = ref.map.get(hashKeyOf(scratchKey));
        ref = e === undefined ? ref.defaultValue : e[1];
      } else {
        ref = it.send(ref, "[]", [str(key)]);
      }
      if (ref === null) return null;
    }
    return ref;
  }
  const keys = splitName(it, name);
  let ref: Value = collection;
  for (const key of keys) {
    ref = aref(it, ref, key);
    if (ref === null) return null;
  }
  return ref;
}

/** Kernel#Array as `p` uses it on its first argument. */
export function kernelArray(it: Interp, v: Value): Value[] {
  if (v === null) return [];
  if (v instanceof RArray) return v.a.slice();
  if (v instanceof RString && v.cls === cString) return [v];
  if (it.respondTo(v, "to_ary", true)) {
    const r = it.send(v, "to_ary");
    if (r !== null) return toAry(it, r).slice();
  }
  if (it.respondTo(v, "to_a", true)) {
    const r = it.send(v, "to_a");
    if (r !== null) return toAry(it, r).slice();
  }
  return [v];
}

/** Raises `Bosh::Common::Template::UnknownProperty.new(names)`: "Can't find property '<names.to_s>'". */
export function raiseUnknownProperty(it: Interp, names: Value): never {
  const exc = new RException(cUnknownProperty, str(`Can't find property '${it.toS(names)}'`));
  exc.setIvar("@name", names);
  return it.raiseExc(exc);
}

/** How `p`/`if_p` look one name up in their collection (the context passes its lazily copied one). */
export type PropertyLookup = (it: Interp, collection: Value, name: Value) => Value;

/** The shared body of `p(*args)` over a property collection. */
export function propertyP(it: Interp, collection: Value, args: Value[], lookup: PropertyLookup = lookupProperty): Value {
  const first = args.length > 0 ? args[0] : null;
  // One String name (nearly every call): Kernel#Array's one-element Array is only needed to raise.
  const names = first instanceof RString && first.cls === cString ? null : kernelArray(it, first);
  if (names === null) {
    it.tick();
    const result = lookup(it, collection, first);
    if (result !== null) return result;
  } else {
    for (const name of names) {
      it.tick();
      const result = lookup(it, collection, name);
      if (result !== null) return result;
    }
  }
  if (args.length === 2) {
    const d = args[1];
    if (d instanceof RHash && d.kw) d.kw = false;
    return d;
  }
  return raiseUnknownProperty(it, new RArray(names ?? [first]));
}

/**
 * The lookup half of `if_p(*names)`: every value, or null as soon as one is nil (the caller then
 * returns an ActiveElseBlock without yielding).
 */
export function ifPValues(it: Interp, collection: Value, names: Value[], lookup: PropertyLookup = lookupProperty): Value[] | null {
  const values: Value[] = [];
  for (const name of names) {
    it.tick();
    const v = lookup(it, collection, name);
    if (v === null) return null;
    values.push(v);
  }
  return values;
}

/** Ruby's `yield` with no block: LocalJumpError "no block given (yield)". */
export function noBlock(it: Interp): never {
  return it.raise("LocalJumpError", "no block given (yield)");
}
