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

function isTree(v: unknown): v is PropertyTree {
  return lodash.isPlainObject(v);
}

/** An own, enumerable data property (a key such as `__proto__` or `constructor` is an ordinary name here). */
function define(tree: PropertyTree, key: string, value: PlainJson): void {
  Object.defineProperty(tree, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Sets a dotted property name in a tree, creating objects (never arrays) on the way; the value is
 * deep-copied. Walks own properties only: property names come from job specs, and lodash's set
 * skips names like `constructor` while its get would read `__proto__` from the prototype.
 */
export function setDotted(tree: PropertyTree, dotted: string, value: PlainJson): void {
  const parts = dotted.split(".");
  let cur = tree;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(cur, part) ? cur[part] : undefined;
    if (isTree(next)) cur = next;
    else {
      const fresh: PropertyTree = {};
      define(cur, part, fresh);
      cur = fresh;
    }
  }
  define(cur, parts[parts.length - 1], lodash.cloneDeep(value));
}

/** The value at a dotted property name (own properties only), undefined when absent. */
export function getDotted(tree: PlainJson | undefined, dotted: string): PlainJson | undefined {
  let cur: PlainJson | undefined = tree;
  for (const part of dotted.split(".")) {
    if (!isTree(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Deep merge of property trees (later wins), as manifests layer properties. */
export function mergeTrees(...trees: PropertyTree[]): PropertyTree {
  return lodash.merge({}, ...trees.map((t) => lodash.cloneDeep(t)));
}
