/**
 * Plain property trees (the manifest side: JS objects, arrays, strings, numbers) — what the
 * arbitraries generate and counterexamples print — and their conversion from Ruby values.
 * Deep get/set/clone of these trees is lodash's.
 */
import lodash from "lodash";
import type { PlainJson } from "../bosh/evaluation-context.js";
import { RArray, RFloat, RHash, RObject, RString, RSymbol, type Value } from "../ruby/runtime/values.js";

export type { PlainJson };
/** Manifest properties, nested as in the manifest (`{ web: { port: 8080 } }`). */
export type PropertyTree = { [key: string]: PlainJson };

/** A Ruby value as plain data (String/Symbol keys become strings; other values a readable string). */
export function plainFromRuby(v: Value | undefined): PlainJson {
  if (v === undefined || v === null || typeof v === "boolean" || typeof v === "number") return v ?? null;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof RString) return v.s;
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RFloat) return v.v;
  if (v instanceof RArray) return v.a.map(plainFromRuby);
  if (v instanceof RHash) {
    const out: PropertyTree = {};
    for (const [k, x] of v.entries()) {
      const key = k instanceof RString ? k.s : k instanceof RSymbol ? k.name : String(plainFromRuby(k));
      out[key] = plainFromRuby(x);
    }
    return out;
  }
  return String(v);
}

/** Plain data as is; a Ruby value converted with {@link plainFromRuby}. */
export function toPlain(v: PlainJson | Value | { readonly [key: string]: unknown } | undefined): PlainJson {
  if (v instanceof RObject) return plainFromRuby(v);
  return v === undefined ? null : (v as PlainJson);
}

/** Sets a dotted property name in a tree, creating objects (never arrays) on the way. */
export function setDotted(tree: PropertyTree, dotted: string, value: PlainJson): void {
  lodash.setWith(tree, dotted.split("."), lodash.cloneDeep(value), Object);
}

/** The value at a dotted property name, undefined when absent. */
export function getDotted(tree: PlainJson | undefined, dotted: string): PlainJson | undefined {
  return lodash.get(tree, dotted.split(".")) as PlainJson | undefined;
}

/** Deep merge of property trees (later wins), as manifests layer properties. */
export function mergeTrees(...trees: PropertyTree[]): PropertyTree {
  return lodash.merge({}, ...trees.map((t) => lodash.cloneDeep(t)));
}
