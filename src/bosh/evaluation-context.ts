/**
 * `Bosh::Common::Template::EvaluationContext`: the object every template runs as (`self`).
 * Mirrors bosh-common's evaluation_context.rb: `name`, `index`, `spec` (a BackCompatOpenStruct
 * view of the whole context), `properties` (an OpenStruct view), `raw_properties`, `p`, `if_p`,
 * `link`, `if_link`, the else-chains, and the PropertyHelper methods it includes.
 */
import { InputError } from "../diagnostics/errors.js";
import {
  type Interp,
  type RProc,
  type Value,
  RArray,
  RClass,
  RException,
  RFloat,
  RHash,
  RObject,
  RString,
  cHash,
  str,
  truthy,
} from "../ruby/runtime/values.js";
import { installActiveSupportBlank } from "./active-support.js";
import { DnsEncoder, type DnsIndexTables } from "./dns-encoder.js";
import { cEvaluationContext, cInvalidPropertyType, cUnknownLink, cUnknownProperty, mPropertyHelper } from "./classes.js";
import { activeElseBlock, inactiveElseBlock, installElseBlocks } from "./else-blocks.js";
import { type LinkDnsEncoder, RDirectorDnsEncoder, createEvaluationLink, installEvaluationLink } from "./evaluation-link.js";
import { installLinkInstance } from "./link-instance.js";
import { cBackCompatOpenStruct, cOpenStruct, checkOpenStructKeys, installOpenStruct, openstruct, openstructView } from "./open-struct.js";
import { LazyProperties } from "./lazy-properties.js";
import { type PropertyLookup, aref, hasKey, ifPValues, lookupProperty, noBlock, propertyP, splitDots } from "./property-helper.js";

export interface EvaluationContextOptions {
  /**
   * DNS for `link(...).address(criteria)`: the director's index tables (an encoder is built from
   * them), any {@link LinkDnsEncoder}, or null for none (then `address` raises NotImplementedError
   * "link.address requires bosh director" unless the link carries a manual `address`, as BOSH's
   * test helpers do).
   */
  dns: DnsIndexTables | LinkDnsEncoder | null;
}

function isLinkDnsEncoder(v: DnsIndexTables | LinkDnsEncoder): v is LinkDnsEncoder {
  return typeof (v as LinkDnsEncoder).encode === "function";
}

/** A Ruby value, or plain JSON (JS objects/arrays/strings/numbers/booleans/null) to convert. */
export type ContextInput = Value | PlainJson;
export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

/** Deepest context accepted: conversion and copying are recursive. */
const MAX_CONTEXT_DEPTH = 1000;

/**
 * Converts plain JSON to Ruby values (objects → Hash with String keys, non-integral numbers → Float).
 * Anything that is not JSON data (undefined, functions, symbols, class instances such as Date or
 * Map, circular references) is an InputError naming where it is.
 */
export function rubyFromPlainJson(v: PlainJson, path = "context", active: Set<object> = new Set()): Value {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isInteger(v) ? v : new RFloat(v);
  if (typeof v === "string") return new RString(v);
  if (typeof v === "bigint") return v;
  if (v instanceof RObject) return v;
  if (typeof v !== "object") throw new InputError(`${path}: ${typeof v} is not JSON data`);
  if (active.has(v)) throw new InputError(`${path}: circular reference`);
  // `active` holds the containers on the current path: its size is the depth.
  if (active.size >= MAX_CONTEXT_DEPTH) throw new InputError(`context nested deeper than ${MAX_CONTEXT_DEPTH} levels`);
  active.add(v);
  try {
    if (Array.isArray(v)) return new RArray(v.map((x, i) => rubyFromPlainJson(x, `${path}[${i}]`, active)));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new InputError(`${path}: ${(v as object).constructor?.name ?? "object"} is not JSON data`);
    const h = new RHash();
    for (const k of Object.keys(v)) h.set(str(k), rubyFromPlainJson((v as Record<string, PlainJson>)[k], `${path}.${k}`, active));
    return h;
  } finally {
    active.delete(v);
  }
}

function isRubyValue(v: unknown): v is Value {
  return v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "bigint" || v instanceof RObject;
}

/**
 * A deep copy as `Marshal.load(Marshal.dump(x))` makes it: new Hashes, Arrays and (unfrozen)
 * Strings, sharing preserved; immutable values (Integer, Float, Symbol, nil, booleans) kept.
 * Frozen String hash keys are shared rather than copied: nothing can change them, and Ruby would
 * freeze the copies anyway.
 */
export function deepCopy(v: Value, memo = new Map<RObject, RObject>(), depth = 0): Value {
  if (!(v instanceof RObject)) return v;
  if (depth > MAX_CONTEXT_DEPTH) throw new InputError(`context nested deeper than ${MAX_CONTEXT_DEPTH} levels`);
  if (v instanceof RString) {
    const seen = memo.get(v);
    if (seen) return seen;
    const s = new RString(v.s, v.binary);
    // Marshal keeps the encoding (US-ASCII, or UTF-8 holding invalid bytes).
    s.encTag = v.encTag;
    memo.set(v, s);
    return s;
  }
  if (v instanceof RHash) {
    const seen = memo.get(v);
    if (seen) return seen;
    const h = new RHash();
    memo.set(v, h);
    for (const [hk, entry] of v.map) {
      const k = entry[0];
      const key = k instanceof RString && k.frozen ? k : deepCopy(k, memo, depth + 1);
      // Same key text, same Map key: reuse it instead of recomputing hashKeyOf.
      if (key === k || typeof hk === "string" || typeof hk === "number" || hk === null || typeof hk === "boolean") h.map.set(hk, [key, deepCopy(entry[1], memo, depth + 1)]);
      else h.set(key, deepCopy(entry[1], memo, depth + 1));
    }
    h.defaultValue = deepCopy(v.defaultValue, memo, depth + 1);
    return h;
  }
  if (v instanceof RArray) {
    const seen = memo.get(v);
    if (seen) return seen;
    const a = new RArray(new Array<Value>(v.a.length));
    memo.set(v, a);
    for (let i = 0; i < v.a.length; i++) a.a[i] = deepCopy(v.a[i], memo, depth + 1);
    return a;
  }
  return v;
}

/**
 * The context object. Its OpenStruct views (`@spec`, `@properties`) are built on first use: most
 * templates never touch them. They are built from the caller's context (which no template can
 * reach) with every leaf mapped to the render's copy, which is exactly what converting the copy at
 * construction time would have produced, whatever the template changed in the raw hashes since.
 */
class REvaluationContext extends RObject {
  lazy: Map<string, () => Value> | null = null;
  /** The properties `p` reads while `@raw_properties` is not materialised yet (lazy-properties.ts). */
  props: LazyProperties | null = null;
  /** The `p` lookup over {@link props}, made once per render rather than per call. */
  propsLookup: { props: LazyProperties; lookup: PropertyLookup } | null = null;
  constructor() {
    super(cEvaluationContext);
  }
  override getIvar(name: string): Value {
    const make = this.lazy?.get(name);
    if (make) {
      this.lazy!.delete(name);
      if (this.lazy!.size === 0) this.lazy = null;
      super.setIvar(name, make());
    }
    return super.getIvar(name);
  }
  override setIvar(name: string, v: Value): void {
    if (name === "@raw_properties") this.props = null;
    if (this.lazy?.delete(name) && this.lazy.size === 0) this.lazy = null;
    super.setIvar(name, v);
  }
}

let installed = false;

/** Installs the methods of every BOSH template class (idempotent; createEvaluationContext calls it). */
export function installBosh(): void {
  if (installed) return;
  installed = true;
  installOpenStruct();
  installActiveSupportBlank();
  installElseBlocks();
  installLinkInstance();
  installEvaluationLink();
  installPropertyHelper();
  installEvaluationContext();
}

/**
 * Contexts whose keys passed {@link checkOpenStructKeys}. linkplate never changes a caller's
 * context; a Hash already rendered with is read-only to its caller (Template#render says so).
 */
const keysChecked = new WeakSet<RHash>();

/**
 * Builds the `self` a template runs against from the context Hash BOSH hands to
 * `EvaluationContext.new(spec, dns_encoder)`. The context is deep-copied first (the director
 * copies it for every template), so one render cannot change what the next one sees.
 */
export function createEvaluationContext(context: ContextInput, options: EvaluationContextOptions = { dns: null }): RObject {
  installBosh();
  const raw: Value = isRubyValue(context) ? context : rubyFromPlainJson(context as PlainJson);
  if (!(raw instanceof RHash)) {
    const cls = raw === null ? "NilClass" : raw === true ? "TrueClass" : raw === false ? "FalseClass" : typeof raw === "number" || typeof raw === "bigint" ? "Integer" : raw.cls.name;
    throw new InputError(`Invalid spec provided for template evaluation context, Hash expected, ${cls} given`);
  }
  // Plain data has only String keys; a Ruby Hash is walked the first time it is given (renderJob
  // and the bench give one context to many templates).
  if (raw === context && !keysChecked.has(raw)) {
    checkOpenStructKeys(raw, MAX_CONTEXT_DEPTH);
    keysChecked.add(raw);
  }
  // The render's copy is made as the template reaches it (one memo: sharing as in a whole copy).
  const memo = new Map<RObject, RObject>();
  const toCopy = (x: Value): Value => deepCopy(x, memo);
  const ctx = new REvaluationContext();
  ctx.setIvar("@name", toCopy(raw.getStr("name") ?? null));
  ctx.setIvar("@index", toCopy(raw.getStr("index") ?? null));
  ctx.setIvar("@spec", null);
  const origProps = raw.getStr("properties") ?? null;
  if (origProps instanceof RHash) {
    const props = new LazyProperties(origProps, memo, deepCopy);
    ctx.setIvar("@raw_properties", null);
    ctx.lazy = new Map<string, () => Value>([["@raw_properties", () => ((ctx.props = null), props.materialise())]]);
    ctx.props = props;
  } else ctx.setIvar("@raw_properties", truthy(origProps) ? toCopy(origProps) : new RHash());
  // Without properties the view is of a fresh {} the template could fill: build that one now.
  ctx.setIvar("@properties", truthy(origProps) ? null : openstruct(ctx.getIvar("@raw_properties"), cOpenStruct));
  (ctx.lazy ??= new Map()).set("@spec", () => openstructView(raw, cBackCompatOpenStruct, toCopy));
  if (truthy(origProps)) ctx.lazy.set("@properties", () => openstructView(origProps, cOpenStruct, toCopy));
  const dns = options.dns;
  ctx.setIvar("@dns_encoder", dns ? new RDirectorDnsEncoder(isLinkDnsEncoder(dns) ? dns : new DnsEncoder(dns)) : null);
  const links = toCopy(raw.getStr("links") ?? null);
  ctx.setIvar("@links", truthy(links) ? links : new RHash());
  return ctx;
}

/** A lookup in the lazily copied properties; a walk that needs dispatch materialises the copy first. */
function lazyLookup(self: REvaluationContext, lazy: LazyProperties): PropertyLookup {
  if (self.propsLookup?.props === lazy) return self.propsLookup.lookup;
  const lookup: PropertyLookup = (it, _collection, name) => {
    const v = lazy.lookup(it, name);
    return v !== undefined ? v : lookupProperty(it, self.getIvar("@raw_properties"), name);
  };
  self.propsLookup = { props: lazy, lookup };
  return lookup;
}

function raiseUnknownLink(it: Interp, name: Value): never {
  return it.raiseExc(new RException(cUnknownLink, str(`Can't find link '${it.toS(name)}'`)));
}

function installEvaluationContext(): void {
  // UnknownProperty#name (attr_reader): the Array of names `p` looked for.
  cUnknownProperty.define("name", (self: RObject) => self.getIvar("@name"), 0);
  const c = cEvaluationContext;
  for (const a of ["name", "index", "properties", "raw_properties", "spec"]) {
    const ivar = `@${a}`;
    c.define(a, (self: RObject) => self.getIvar(ivar), 0);
  }
  c.define("==", (self: RObject, args: Value[], _blk, it: Interp) => {
    const other = args[0];
    for (const m of ["spec", "raw_properties", "name", "index", "properties"]) {
      if (!it.respondTo(other, m)) return false;
      if (!it.eq(it.send(self, m), it.send(other, m))) return false;
    }
    return true;
  }, 1);
  c.define("p", (self: RObject, args: Value[], _blk, it: Interp) => {
    const lazy = self instanceof REvaluationContext ? self.props : null;
    return lazy ? propertyP(it, null, args, lazyLookup(self as REvaluationContext, lazy)) : propertyP(it, self.getIvar("@raw_properties"), args);
  });
  c.define("if_p", (self: RObject, args: Value[], blk: RProc | null, it: Interp) => {
    const lazy = self instanceof REvaluationContext ? self.props : null;
    const values = lazy ? ifPValues(it, null, args, lazyLookup(self as REvaluationContext, lazy)) : ifPValues(it, self.getIvar("@raw_properties"), args);
    if (values === null) return activeElseBlock(self);
    if (!blk) return noBlock(it);
    it.yield(blk, values);
    return inactiveElseBlock();
  });
  c.define("link", (self: RObject, args: Value[], _blk, it: Interp) => {
    const name = args[0];
    const linkSpec = lookupProperty(it, self.getIvar("@links"), name);
    if (linkSpec === null) return raiseUnknownLink(it, name);
    if (hasKey(it, linkSpec, "instances")) return createEvaluationLink(it, linkSpec, self.getIvar("@dns_encoder"));
    return raiseUnknownLink(it, name);
  }, 1);
  c.define("if_link", (self: RObject, args: Value[], blk: RProc | null, it: Interp) => {
    const linkSpec = lookupProperty(it, self.getIvar("@links"), args[0]);
    if (linkSpec === null || !hasKey(it, linkSpec, "instances")) return activeElseBlock(self);
    const link = createEvaluationLink(it, linkSpec, self.getIvar("@dns_encoder"));
    if (!blk) return noBlock(it);
    it.yield(blk, [link]);
    return inactiveElseBlock();
  }, 1);
  c.define("create_evaluation_link", (self: RObject, args: Value[], _blk, it: Interp) => createEvaluationLink(it, args[0], self.getIvar("@dns_encoder")), 1, "private");
  c.define("openstruct", (_self: RObject, args: Value[], _blk, it: Interp) => {
    const klass = args.length > 1 ? args[1] : cOpenStruct;
    if (!(klass instanceof RClass) || !klass.isSubclassOf(cOpenStruct)) return it.raise("TypeError", `${it.inspect(klass)} is not an OpenStruct class`);
    return openstruct(args[0], klass);
  }, [1, 2], "private");
}

// ---------------------------------------------------------------------------------------------
// PropertyHelper's other public methods (the context includes the module, so templates can call them).

function splitNameJs(it: Interp, name: Value): Value[] {
  if (name instanceof RString) return splitDots(name.s).map((k) => str(k));
  const r = it.send(name, "split", [str(".")]);
  return r instanceof RArray ? r.a : [];
}

function classNameOf(v: Value): string {
  if (v === null) return "NilClass";
  if (v === true) return "TrueClass";
  if (v === false) return "FalseClass";
  if (typeof v === "number" || typeof v === "bigint") return "Integer";
  let c = v.cls;
  while (c.attached) c = c.superclass!;
  return c.name;
}

function asetOrSend(it: Interp, h: Value, k: Value, v: Value): void {
  if (h instanceof RHash && h.cls === cHash && !h.frozen) h.set(k, v);
  else it.send(h, "[]=", [k, v]);
}

/** `dst_ref[key] ||= {}; dst_ref = dst_ref[key]` */
function descend(it: Interp, dst: Value, key: Value): Value {
  let cur = aref(it, dst, key);
  if (!truthy(cur)) {
    cur = new RHash();
    asetOrSend(it, dst, key, cur);
  }
  return cur;
}

function installPropertyHelper(): void {
  const m = mPropertyHelper;
  m.define("lookup_property", (_s, args, _b, it) => lookupProperty(it, args[0], args[1]), 2);
  m.define("set_property", (_s, args, _b, it) => {
    const keys = splitNameJs(it, args[1]);
    let dst = args[0];
    for (const key of keys.slice(0, -1)) dst = descend(it, dst, key);
    asetOrSend(it, dst, keys.length ? keys[keys.length - 1] : null, args[2]);
    return args[2];
  }, 3);
  m.define("copy_property", (_s, args, _b, it) => {
    const [dst, src, name] = args;
    const dflt = args.length > 3 ? args[3] : null;
    const keys = splitNameJs(it, name);
    let srcRef: Value = src;
    for (const key of keys) {
      if (!(srcRef instanceof RHash)) {
        return it.raiseExc(new RException(cInvalidPropertyType, str(`Property '${it.toS(name)}' expects a hash, but received '${classNameOf(srcRef)}'`)));
      }
      srcRef = aref(it, srcRef, key);
      if (srcRef === null) break;
    }
    let dstRef: Value = dst;
    for (const key of keys.slice(0, -1)) dstRef = descend(it, dstRef, key);
    const last = keys.length ? keys[keys.length - 1] : null;
    if (!truthy(aref(it, dstRef, last))) asetOrSend(it, dstRef, last, new RHash());
    const v = srcRef === null ? dflt : srcRef;
    asetOrSend(it, dstRef, last, v);
    return v;
  }, [3, 4]);
  m.define("validate_properties_format", (_s, args, _b, it) => {
    const [props, name] = args;
    let ref: Value = props;
    for (const key of splitNameJs(it, name)) {
      if (!(ref instanceof RHash)) {
        return it.raiseExc(new RException(cInvalidPropertyType, str(`Property '${it.toS(name)}' expects a hash, but received '${classNameOf(ref)}'`)));
      }
      ref = aref(it, ref, key);
      if (ref === null) break;
    }
    return null;
  }, 2);
  m.define("sort_property", (self, args, _b, it) => {
    const property = args[0];
    if (property instanceof RHash) {
      for (const [k, v] of [...property.entries()]) asetOrSend(it, property, k, it.send(self, "sort_property", [v]));
      return it.send(it.send(property, "sort"), "to_h");
    }
    return property;
  }, 1);
}

export { RDirectorDnsEncoder };
