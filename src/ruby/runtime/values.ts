/**
 * Ruby's value model. Every Ruby value the interpreter touches is one of these; none of them is
 * a plain JS object, so no template can reach a JS prototype through a key or a method name.
 *
 * Immediate values: `null` is nil, JS booleans are true/false, a JS `number` (always integral)
 * or `bigint` is an Integer. Everything else is an {@link RObject} subclass carrying its class.
 */

import { UNLIMITED, budget } from "./budget.js";

export type Value = null | boolean | number | bigint | RObject;

/** A method implementation. `args` holds positional arguments; keywords arrive as a trailing {@link RHash} with `kw` set. */
export type MethodFn = (self: any, args: Value[], blk: RProc | null, it: Interp) => Value;

export interface RMethod {
  readonly name: string;
  readonly fn: MethodFn;
  readonly owner: RClass;
  visibility: "public" | "private" | "protected";
  /** Argument count check done by the dispatcher: exact count, or [min, max] (max -1 = any). Omitted: the method checks itself. */
  readonly arity?: number | readonly [number, number];
}

/**
 * What a method implementation may ask of the running interpreter. The interpreter implements it;
 * core and stdlib modules depend only on this interface.
 */
export interface Interp {
  /** Public dynamic dispatch (NoMethodError when missing). */
  send(recv: Value, name: string, args?: Value[], blk?: RProc | null): Value;
  /** Dispatch that may reach private methods (a receiverless call). */
  sendPrivate(recv: Value, name: string, args?: Value[], blk?: RProc | null): Value;
  /** Whether `recv` responds to a public method `name`. */
  respondTo(recv: Value, name: string, includePrivate?: boolean): boolean;
  /** Calls a block/proc with block argument semantics (auto-splat of one Array for |a, b|). */
  yield(blk: RProc, args: Value[]): Value;
  /** Ruby `to_s` by dynamic dispatch, as a JS string. */
  toS(v: Value): string;
  /** Ruby `inspect` by dynamic dispatch, as a JS string. */
  inspect(v: Value): string;
  /** Ruby `==`. */
  eq(a: Value, b: Value): boolean;
  /** Ruby `eql?` (hash-key equality). */
  eql(a: Value, b: Value): boolean;
  /** Ruby `<=>` returning -1/0/1, raising ArgumentError "comparison of X with Y failed" when nil. */
  cmp(a: Value, b: Value): number;
  /** Builds and throws a Ruby exception of the named class (e.g. "ArgumentError", "KeyError"). */
  raise(className: string, message: string): never;
  /** Throws an existing Ruby exception object. */
  raiseExc(exc: RObject): never;
  /** Counts one unit of work against the step limit (loops and iterators call it per iteration). */
  tick(n?: number): void;
  /** Checks an allocation size (string length, array/hash size) against the limits. */
  checkSize(size: number, what: "String" | "Array" | "Hash"): void;
  /** Counts `units` (string length, array/hash size) of a value being built against the allocation limit. */
  alloc?(units: number): void;
  /** `$~` of the running method/template frame (set by =~, match, scan, sub/gsub ...). */
  getLastMatch(): RMatchData | null;
  setLastMatch(m: RMatchData | null): void;
  /** Reads a constant by path, e.g. "JSON" or "Zlib::GzipReader" (NameError when missing). */
  constGet(path: string): Value;
}

/** Base of every heap value. */
export class RObject {
  frozen = false;
  ivars: Map<string, Value> | null = null;
  constructor(public cls: RClass) {}
  /**
   * For library classes with value semantics (IPAddr, Set, ...): a key such that two objects are
   * `eql?` exactly when their keys are equal. Undefined: identity, as for plain Ruby objects.
   */
  valueKey(): string | undefined {
    return undefined;
  }
  getIvar(name: string): Value {
    return this.ivars?.get(name) ?? null;
  }
  setIvar(name: string, v: Value): void {
    (this.ivars ??= new Map()).set(name, v);
  }
}

let methodEpoch = 0;
/** Bumped when an ancestor chain can change (include, extend), so cached chains are rebuilt. */
let hierarchyEpoch = 0;

/** A Ruby class or module. Method and constant tables are Maps, never JS objects. */
export class RClass extends RObject {
  readonly methods = new Map<string, RMethod>();
  readonly consts = new Map<string, Value>();
  /** Modules mixed in with `include`, most recent first (Ruby's ancestor order). */
  readonly includes: RClass[] = [];
  private cache = new Map<string, RMethod | null>();
  private cacheEpoch = -1;
  /** Bumped when this class's own answers change without a global epoch bump (see methodsChanged). */
  localVersion = 0;
  /** Singleton class of this class object (class methods), created on demand. */
  meta: RClass | null = null;
  /** For a singleton class: the object it belongs to. */
  attached: RObject | null = null;
  /** Instances of builtin classes cannot be made with `new` by templates. */
  builtin = false;
  constructor(
    public name: string,
    public superclass: RClass | null,
    public readonly isModule = false,
    public lexicalParent: RClass | null = null,
  ) {
    // `cls` of a class is Class/Module; patched after bootstrap for the first few classes.
    super(null as unknown as RClass);
  }

  private ancestorsCache: readonly RClass[] | null = null;
  private ancestorsEpoch = -1;

  /** Ancestors in Ruby's method resolution order (shared and cached: never modify it). */
  ancestors(): readonly RClass[] {
    if (this.ancestorsEpoch === hierarchyEpoch && this.ancestorsCache !== null) return this.ancestorsCache;
    const out = this.computeAncestors();
    this.ancestorsCache = out;
    this.ancestorsEpoch = hierarchyEpoch;
    return out;
  }

  private computeAncestors(): RClass[] {
    const out: RClass[] = [];
    for (let c: RClass | null = this; c; c = c.superclass) {
      out.push(c);
      for (const m of c.includes) {
        for (const a of m.ancestors()) if (!out.includes(a)) out.push(a);
      }
    }
    return out;
  }

  findMethod(name: string): RMethod | null {
    // A fresh per-render singleton class with nothing of its own: ask the class (warm cache).
    if (this.methods.size === 0 && this.includes.length === 0 && this.attached !== null && this.superclass !== null) {
      return this.superclass.findMethod(name);
    }
    if (this.cacheEpoch !== methodEpoch) {
      this.cache.clear();
      this.cacheEpoch = methodEpoch;
    }
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    let found: RMethod | null = null;
    for (const c of this.ancestors()) {
      const m = c.methods.get(name);
      if (m) {
        found = m;
        break;
      }
    }
    this.cache.set(name, found);
    return found;
  }

  define(name: string, fn: MethodFn, arity?: number | readonly [number, number], visibility: RMethod["visibility"] = "public"): void {
    const m: RMethod = arity === undefined ? { name, fn, owner: this, visibility } : { name, fn, owner: this, visibility, arity };
    this.methods.set(name, m);
    this.methodsChanged();
  }

  /**
   * Nothing inherits from an object's singleton class (OpenStruct fields, a template's `def` on
   * its context), so only its own cache can hold a stale answer; any other class may be an
   * ancestor of many, and every cache starts over.
   */
  private methodsChanged(): void {
    if (this.attached !== null && !(this.attached instanceof RClass)) {
      this.cacheEpoch = -1;
      this.localVersion++;
    } else methodEpoch++;
  }

  /** Defines a singleton (class-level) method, e.g. `JSON.generate`. */
  defineS(name: string, fn: MethodFn, arity?: number | readonly [number, number]): void {
    singletonClassOf(this).define(name, fn, arity);
  }

  include(mod: RClass): void {
    if (!this.includes.includes(mod)) this.includes.unshift(mod);
    methodEpoch++;
    hierarchyEpoch++;
  }

  isSubclassOf(other: RClass): boolean {
    return this.ancestors().includes(other);
  }

  /** Full name, e.g. "Zlib::GzipReader". */
  override toString(): string {
    return this.name;
  }
}

/** A call site's memory of its last lookup: valid while the class, the epoch and its local version stay. */
export interface MethodCache {
  cls: RClass | null;
  method: RMethod | null;
  epoch: number;
  local: number;
}

export function newMethodCache(): MethodCache {
  return { cls: null, method: null, epoch: -1, local: -1 };
}

/** `cls.findMethod(name)`, answered from the call site's cache when nothing changed since. */
export function findMethodAt(site: MethodCache, cls: RClass, name: string): RMethod | null {
  if (site.cls === cls && site.epoch === methodEpoch && site.local === cls.localVersion) return site.method;
  const m = cls.findMethod(name);
  site.cls = cls;
  site.method = m;
  site.epoch = methodEpoch;
  site.local = cls.localVersion;
  return m;
}

/** Bumps the method-cache epoch (after a method table changes outside {@link RClass.define}). */
export function invalidateMethodCaches(): void {
  methodEpoch++;
  hierarchyEpoch++;
}

export function singletonClassOf(obj: RObject): RClass {
  if (obj instanceof RClass) {
    if (!obj.meta) {
      const superMeta = obj.superclass ? singletonClassOf(obj.superclass) : obj.isModule ? cModule : cClass;
      obj.meta = new RClass(`#<Class:${obj.name}>`, superMeta);
      obj.meta.attached = obj;
      obj.meta.cls = cClass;
      // Dispatch on a class object goes through its singleton class (class methods first).
      obj.cls = obj.meta;
    }
    return obj.meta;
  }
  if (obj.cls.attached === obj) return obj.cls;
  const meta = new RClass(`#<Class:${obj.cls.name}>`, obj.cls);
  meta.attached = obj;
  meta.cls = cClass;
  obj.cls = meta;
  return meta;
}

// ---------------------------------------------------------------------------------------------
// Core class objects. Created once at module load; their method tables are filled by core/*.ts.
// Templates cannot reopen them (the interpreter refuses), so they are shared by all renders.

function mk(name: string, superclass: RClass | null, isModule = false, parent: RClass | null = null): RClass {
  const c = new RClass(name, superclass, isModule, parent);
  c.builtin = true;
  return c;
}

export const cBasicObject = mk("BasicObject", null);
export const cObject = mk("Object", cBasicObject);
export const cModule = mk("Module", cObject);
export const cClass = mk("Class", cModule);
for (const c of [cBasicObject, cObject, cModule, cClass]) c.cls = cClass;

function defClass(name: string, superclass: RClass | null, under: RClass = cObject): RClass {
  const full = under === cObject ? name : `${under.name}::${name}`;
  const c = mk(full, superclass, false, under);
  c.cls = cClass;
  under.consts.set(name, c);
  return c;
}
function defModule(name: string, under: RClass = cObject): RClass {
  const full = under === cObject ? name : `${under.name}::${name}`;
  const c = mk(full, null, true, under);
  c.cls = cModule;
  under.consts.set(name, c);
  return c;
}
export { defClass as defineBuiltinClass, defModule as defineBuiltinModule };

for (const c of [cBasicObject, cObject, cModule, cClass]) cObject.consts.set(c.name, c);

export const mKernel = defModule("Kernel");
export const mComparable = defModule("Comparable");
export const mEnumerable = defModule("Enumerable");
cObject.include(mKernel);

export const cNilClass = defClass("NilClass", cObject);
export const cTrueClass = defClass("TrueClass", cObject);
export const cFalseClass = defClass("FalseClass", cObject);
export const cNumeric = defClass("Numeric", cObject);
cNumeric.include(mComparable);
export const cInteger = defClass("Integer", cNumeric);
export const cFloat = defClass("Float", cNumeric);
export const cString = defClass("String", cObject);
cString.include(mComparable);
export const cSymbol = defClass("Symbol", cObject);
cSymbol.include(mComparable);
export const cArray = defClass("Array", cObject);
cArray.include(mEnumerable);
export const cHash = defClass("Hash", cObject);
cHash.include(mEnumerable);
export const cRange = defClass("Range", cObject);
cRange.include(mEnumerable);
export const cProc = defClass("Proc", cObject);
export const cRegexp = defClass("Regexp", cObject);
export const cMatchData = defClass("MatchData", cObject);
export const cEncoding = defClass("Encoding", cObject);

export const cException = defClass("Exception", cObject);
export const cScriptError = defClass("ScriptError", cException);
export const cLoadError = defClass("LoadError", cScriptError);
export const cNotImplementedError = defClass("NotImplementedError", cScriptError);
export const cStandardError = defClass("StandardError", cException);
export const cRuntimeError = defClass("RuntimeError", cStandardError);
export const cFrozenError = defClass("FrozenError", cRuntimeError);
export const cArgumentError = defClass("ArgumentError", cStandardError);
export const cTypeError = defClass("TypeError", cStandardError);
export const cNameError = defClass("NameError", cStandardError);
export const cNoMethodError = defClass("NoMethodError", cNameError);
export const cIndexError = defClass("IndexError", cStandardError);
export const cKeyError = defClass("KeyError", cIndexError);
export const cStopIteration = defClass("StopIteration", cIndexError);
export const cRangeError = defClass("RangeError", cStandardError);
export const cFloatDomainError = defClass("FloatDomainError", cRangeError);
export const cZeroDivisionError = defClass("ZeroDivisionError", cStandardError);
export const cLocalJumpError = defClass("LocalJumpError", cStandardError);
export const cEncodingError = defClass("EncodingError", cStandardError);
export const cCompatibilityError = defClass("CompatibilityError", cEncodingError, cEncoding);
export const cIOError = defClass("IOError", cStandardError);
export const cRegexpError = defClass("RegexpError", cStandardError);
export const cSystemExit = defClass("SystemExit", cException);
export const cNoMatchingPatternError = defClass("NoMatchingPatternError", cStandardError);

// ---------------------------------------------------------------------------------------------
// Heap value classes.

/**
 * A mutable Ruby String. Held as a JS (UTF-16) string; `binary` marks ASCII-8BIT strings whose chars are bytes 0-255.
 * Constructing one checks and counts it against the render's budget (see budget.ts).
 */
export class RString extends RObject {
  /**
   * Encodings beyond UTF-8/`binary`: 1 = US-ASCII (ASCII-only text), 2 = UTF-8 holding invalid
   * bytes (`s` then holds one char per byte, with `binary` set). See core/string-encode.ts and
   * runtime/broken-utf8.ts.
   */
  encTag: 0 | 1 | 2 = 0;
  constructor(
    public s: string,
    public binary = false,
  ) {
    super(cString);
    const b = budget;
    if (s.length > b.maxString) b.limitError("String size", b.maxString);
    b.alloc(s.length);
    // Building it took work in proportion to its length: a step per 64 characters.
    if (s.length >= 64) b.tick(s.length >>> 6);
  }
}

export class RFloat extends RObject {
  constructor(public readonly v: number) {
    super(cFloat);
    this.frozen = true;
  }
}

export class RSymbol extends RObject {
  private constructor(public readonly name: string) {
    super(cSymbol);
    this.frozen = true;
  }
  private static table = new Map<string, RSymbol>();
  static of(name: string): RSymbol {
    let s = RSymbol.table.get(name);
    if (!s) {
      s = new RSymbol(name);
      RSymbol.table.set(name, s);
    }
    return s;
  }
}

/** A Ruby Array. Constructing one checks and counts it against the render's budget (see budget.ts). */
export class RArray extends RObject {
  constructor(public a: Value[] = []) {
    super(cArray);
    const b = budget;
    if (a.length > b.maxArray) b.limitError("Array size", b.maxArray);
    b.alloc(a.length);
    // Building it took work in proportion to its length: a step per 16 elements.
    if (a.length >= 16) b.tick(a.length >>> 4);
  }
}

/**
 * Ruby Hash: insertion-ordered, keys compared with `eql?`. Entries live in a Map keyed by
 * `hashKeyOf`, so iteration order is Ruby's and no key ever touches a JS prototype.
 */
export class RHash extends RObject {
  readonly map = new Map<unknown, [Value, Value]>();
  defaultValue: Value = null;
  defaultProc: RProc | null = null;
  /** Set on the fresh hash a call site builds from keyword arguments. */
  kw = false;
  constructor() {
    super(cHash);
  }
  get size(): number {
    return this.map.size;
  }
  /** Raw lookup without defaults: undefined when absent. */
  lookup(k: Value): Value | undefined {
    const e = this.map.get(hashKeyOf(k));
    return e ? e[1] : undefined;
  }
  has(k: Value): boolean {
    return this.map.has(hashKeyOf(k));
  }
  /** Stores a value; an unfrozen String key is copied and frozen, as Ruby does. */
  set(k: Value, v: Value): void {
    const hk = hashKeyOf(k);
    const e = this.map.get(hk);
    if (e) {
      e[1] = v;
      return;
    }
    if (k instanceof RString && !k.frozen) {
      const copy = new RString(k.s, k.binary);
      copy.frozen = true;
      k = copy;
    }
    this.addEntry(hk, k, v);
  }
  /** `set` for a key whose `hashKeyOf` is already known and that needs no copy (a frozen String, a Symbol). */
  setHashed(hk: unknown, k: Value, v: Value): void {
    const e = this.map.get(hk);
    if (e) e[1] = v;
    else this.addEntry(hk, k, v);
  }
  private addEntry(hk: unknown, k: Value, v: Value): void {
    const b = budget;
    if (this.map.size >= b.maxHash) b.limitError("Hash size", b.maxHash);
    b.alloc(1);
    // Two literal sites on purpose: V8 decides per allocation site whether to allocate straight into
    // the old generation. Entries made outside a render (a context, loaded once and kept) live long;
    // a render's die young, and sharing one site got them allocated as old (about 5% of the corpus
    // render loop).
    this.map.set(hk, b === UNLIMITED ? [k, v] : [k, v]);
  }
  delete(k: Value): Value | undefined {
    const hk = hashKeyOf(k);
    const e = this.map.get(hk);
    if (!e) return undefined;
    this.map.delete(hk);
    return e[1];
  }
  entries(): IterableIterator<[Value, Value]> {
    return this.map.values();
  }
  /** Convenience for JS-side builders: string key. */
  setStr(k: string, v: Value): this {
    this.set(str(k), v);
    return this;
  }
  getStr(k: string): Value | undefined {
    return this.lookup(str(k));
  }
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 8;
export function objectIdOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId += 8;
    objectIds.set(o, id);
  }
  return id;
}

/** Arrays and Hashes whose key is being computed (a recursive one meets itself again). */
const keyInProgress = new Set<RObject>();
/** Keys already computed during the current top-level {@link hashKeyOf} call (shared sub-structures, DAGs). */
let keyMemo: Map<RObject, string> | null = null;
/** Recursion markers emitted so far; a key whose computation emitted none does not depend on its context and can be memoised. */
let recursionMarks = 0;

/**
 * Every key that is not text starts with NUL and a letter naming its kind, so a text String's own
 * characters can be its key: no per-lookup string to build, no second Map to find a built one in.
 * The rare text that starts with NUL gets a kind letter like the others.
 */
function textKey(s: string): string {
  return s.charCodeAt(0) === 0 ? `\0s${s}` : s;
}

/**
 * The Map key that makes two Ruby values `eql?` as hash keys. A recursive Array/Hash contributes a
 * fixed marker where it contains itself (as CRuby's hash does for recursive structures), so the key
 * is finite. A structure that shares sub-structures (`a = [a, a]` repeated) is walked once per
 * distinct node, one step per element, and a key longer than the String size limit is refused, so
 * neither time nor memory can grow exponentially.
 */
export function hashKeyOf(v: Value): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return `\0b${v}`;
  if (v instanceof RString) {
    // Non-ASCII bytes are not characters: BINARY and invalid-UTF-8 Strings key apart from text.
    if (v.binary && /[^\x00-\x7f]/.test(v.s)) return `${v.encTag === 2 ? "\0u" : "\0B"}${v.s}`;
    return textKey(v.s);
  }
  if (v instanceof RSymbol) return v;
  if (v instanceof RFloat) return Object.is(v.v, -0) ? "\0f0" : `\0f${v.v}`;
  if (v instanceof RArray || v instanceof RHash) {
    if (keyMemo !== null) return compositeKey(v);
    keyMemo = new Map();
    try {
      return compositeKey(v);
    } finally {
      keyMemo = null;
    }
  }
  const key = v.valueKey();
  return key === undefined ? v : `\0v${realClassOf(v).name}:${key}`;
}

function compositeKey(v: RArray | RHash): string {
  const known = keyMemo!.get(v);
  if (known !== undefined) return known;
  if (keyInProgress.has(v)) {
    recursionMarks++;
    return "\0r";
  }
  const marks = recursionMarks;
  keyInProgress.add(v);
  try {
    const b = budget;
    b.tick(1 + (v instanceof RArray ? v.a.length : v.size));
    // Length-prefixed parts: unambiguous without escaping (escaping would double at every level).
    let out = v instanceof RArray ? "\0a" : "\0h";
    const add = (x: Value): void => {
      const t = hashKeyText(x);
      if (out.length + t.length > b.maxString) b.limitError("String size", b.maxString);
      out += `${t.length}:${t}`;
    };
    if (v instanceof RArray) for (const x of v.a) add(x);
    else
      for (const [k, x] of v.entries()) {
        add(k);
        add(x);
      }
    if (recursionMarks === marks) keyMemo!.set(v, out);
    return out;
  } finally {
    keyInProgress.delete(v);
  }
}

/** A value's {@link hashKeyOf} as one unambiguous string, whatever kind of key it is. */
export function hashKeyText(v: Value): string {
  const k = hashKeyOf(v);
  if (typeof k === "string") return k;
  if (k instanceof RSymbol) return `\0y${k.name}`;
  if (k instanceof RObject) return `\0o${objectIdOf(k)}`;
  if (typeof k === "number") return `\0i${k}`;
  return k === null ? "\0n" : k ? "\0t" : "\0F";
}

export class RRange extends RObject {
  constructor(
    public readonly begin: Value,
    public readonly end: Value,
    public readonly excl: boolean,
  ) {
    super(cRange);
    this.frozen = true;
  }
}

/** A block, proc or lambda. `call` receives already-evaluated arguments. */
export class RProc extends RObject {
  constructor(
    public readonly call: (args: Value[], blk: RProc | null) => Value,
    /** Ruby arity (`-n-1` for optional/rest). */
    public readonly arity: number,
    public readonly isLambda = false,
    /** Number of declared leading parameters; >1 makes a single Array argument auto-splat. */
    public readonly autoSplat = false,
  ) {
    super(cProc);
  }
}

export class RRegexp extends RObject {
  constructor(
    /** The Ruby source of the pattern (what `source` returns). */
    public readonly source: string,
    /** Ruby option bits: 1 = i, 2 = x, 4 = m. */
    public readonly options: number,
    /** Compiled JS equivalent (flags include "g" is never set; callers clone as needed). */
    public readonly js: RegExp,
  ) {
    super(cRegexp);
    this.frozen = true;
  }
}

export class RMatchData extends RObject {
  constructor(
    public readonly regexp: RRegexp,
    public readonly input: string,
    /** JS match result (indices are UTF-16 offsets into `input`). */
    public readonly m: RegExpExecArray,
  ) {
    super(cMatchData);
  }
}

/** An exception object. `message` is what `Exception#message` returns. */
export class RException extends RObject {
  constructor(
    cls: RClass,
    public message: Value,
  ) {
    super(cls);
  }
  /** Template line where it was raised, filled in by the interpreter. */
  line: number | null = null;
  column: number | null = null;
}

// ---------------------------------------------------------------------------------------------
// Constructors and small helpers.

export const str = (s: string): RString => new RString(s);
export const sym = (name: string): RSymbol => RSymbol.of(name);
export const flo = (v: number): RFloat => new RFloat(v);
export const arr = (a: Value[]): RArray => new RArray(a);

export function hashFrom(entries: Iterable<[Value, Value]>): RHash {
  const h = new RHash();
  for (const [k, v] of entries) h.set(k, v);
  return h;
}

export function truthy(v: Value): boolean {
  return v !== null && v !== false;
}

/** Normalizes an integer result: a bigint that fits a safe JS number becomes a number. */
export function int(v: number | bigint): number | bigint {
  if (typeof v === "bigint") {
    if (v >= MIN_SAFE_BIG && v <= MAX_SAFE_BIG) return Number(v);
    const b = budget;
    if (b.maxBits !== Infinity && (v >= b.maxBig || v <= b.minBig)) b.limitError("Integer size (bits)", b.maxBits);
    return v;
  }
  return v;
}
const MIN_SAFE_BIG = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export function isInteger(v: Value): v is number | bigint {
  return typeof v === "number" || typeof v === "bigint";
}

export function classOf(v: Value): RClass {
  if (v === null) return cNilClass;
  if (v === true) return cTrueClass;
  if (v === false) return cFalseClass;
  if (typeof v === "number" || typeof v === "bigint") return cInteger;
  return v.cls;
}

/** The class ignoring singleton classes (what `obj.class` returns). */
export function realClassOf(v: Value): RClass {
  let c = classOf(v);
  while (c.attached) c = c.superclass!;
  return c;
}

export function isA(v: Value, c: RClass): boolean {
  return classOf(v).isSubclassOf(c);
}
