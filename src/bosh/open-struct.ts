/**
 * Ruby's `OpenStruct` (the ostruct gem 0.6 that bosh-common depends on), as templates see it in
 * `spec` and `properties`, plus bosh-common's `EvaluationContext::BackCompatOpenStruct`.
 *
 * Fields live in a Hash with Symbol keys (`@table`). Like ostruct, a field whose name collides with
 * an existing method (say `hash`, `test`, `format`) gets singleton accessors that take precedence;
 * every other field is served by `method_missing` (unknown fields read as nil) and
 * `respond_to_missing?`.
 */
import { InputError, UnsupportedRubyError } from "../diagnostics/errors.js";
import { checkFrozen } from "../ruby/runtime/coerce.js";
import {
  type Interp,
  type RMethod,
  type Value,
  RProc,
  RArray,
  RClass,
  RException,
  RHash,
  RObject,
  RString,
  RSymbol,
  arr,
  cHash,
  cNoMethodError,
  cObject,
  defineBuiltinClass,
  invalidateMethodCaches,
  isA,
  objectIdOf,
  singletonClassOf,
  str,
  sym,
  truthy,
} from "../ruby/runtime/values.js";
import { enumFor } from "../ruby/core/enumerator.js";
import { cEvaluationContext } from "./classes.js";

function existingClass(name: string, under: RClass, superclass: RClass): RClass {
  const c = under.consts.get(name);
  if (c instanceof RClass && !c.isModule) return c;
  return defineBuiltinClass(name, superclass, under);
}

/** `OpenStruct` */
export const cOpenStruct = existingClass("OpenStruct", cObject, cObject);
/** `Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct < OpenStruct` */
export const cBackCompatOpenStruct = defineBuiltinClass("BackCompatOpenStruct", cOpenStruct, cEvaluationContext);

/** An OpenStruct instance. `table` is its `@table` (Symbol keys, insertion order). */
export class ROpenStruct extends RObject {
  private readonly fields: RHash;
  /**
   * A context view's level whose values are not converted yet (see {@link openstructView}): its
   * fields (accessors decided) with their source values, in the table's order (a key given as both
   * "a" and :a keeps its first place and its last value, as ostruct's table does).
   */
  private pending: Map<RSymbol, Value> | null = null;
  private convertValue: ((x: Value) => Value) | null = null;
  /** Values of the pending level converted one at a time (a read of one field), kept for the whole table. */
  private converted: Map<RSymbol, Value> | null = null;
  /** Ruby gives the object a singleton class (its accessors) as soon as it gets a field. */
  hasSingleton = false;
  constructor(cls: RClass = cOpenStruct) {
    super(cls);
    this.fields = new RHash();
    this.setIvar("@table", this.fields);
  }
  get table(): RHash {
    if (this.pending !== null) this.fill();
    return this.fields;
  }
  override getIvar(name: string): Value {
    if (this.pending !== null) this.fill();
    return super.getIvar(name);
  }
  /** Takes `source`'s keys as fields now and its values, converted, when they are first read. */
  defer(source: RHash, convertValue: (x: Value) => Value): void {
    const pending = new Map<RSymbol, Value>();
    for (const [k, x] of source.entries()) {
      const key = keyToSym(k, null);
      if (!pending.has(key)) newMember(this, key, pending);
      pending.set(key, x);
    }
    this.hasSingleton ||= pending.size > 0;
    this.pending = pending;
    this.convertValue = convertValue;
  }
  /** The field's value (undefined when there is no such field), converting no other field of a pending level. */
  field(key: RSymbol): Value | undefined {
    const pending = this.pending;
    if (pending === null) return this.fields.lookup(key);
    const done = this.converted?.get(key);
    if (done !== undefined) return done;
    const x = pending.get(key);
    if (x === undefined) return undefined;
    const v = this.convertValue!(x);
    (this.converted ??= new Map()).set(key, v);
    return v;
  }
  hasField(key: RSymbol): boolean {
    return this.pending !== null ? this.pending.has(key) : this.fields.has(key);
  }
  private fill(): void {
    const convertValue = this.convertValue!;
    const converted = this.converted;
    // Converting a value reads no table of this level, and one that throws leaves the level to be built again.
    for (const [key, x] of this.pending!) {
      const done = converted?.get(key);
      this.fields.set(key, done !== undefined ? done : convertValue(x));
    }
    this.pending = null;
    this.convertValue = null;
    this.converted = null;
  }
}

/** A key as ostruct stores it: `key.to_sym` (Strings and Symbols only without an interpreter). */
function keyToSym(k: Value, it: Interp | null): RSymbol {
  if (k instanceof RSymbol) return k;
  if (k instanceof RString) return sym(k.s);
  if (it) {
    const s = it.send(k, "to_sym");
    if (s instanceof RSymbol) return s;
    return it.raise("TypeError", `${it.inspect(s)} is not a symbol`);
  }
  throw new InputError(`context hash key ${describe(k)} cannot become an OpenStruct field (Ruby calls to_sym on it)`);
}
function describe(k: Value): string {
  if (k === null) return "nil";
  if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  return `of class ${k.cls.name}`;
}

/** ostruct's `is_method_protected!`: bang names and methods of OpenStruct subclasses win over fields. */
function isMethodProtected(os: ROpenStruct, name: string): boolean {
  const m = os.cls.findMethod(name);
  if (!m) return false;
  if (name.endsWith("!")) return true;
  const owner = m.owner.attached ? null : m.owner;
  if (!owner) return false;
  if (!owner.isModule) return owner !== cOpenStruct && owner.isSubclassOf(cOpenStruct);
  for (const mod of os.cls.ancestors()) {
    if (mod === cOpenStruct) return false;
    if (mod === owner) return true;
  }
  return false;
}

/**
 * Whether a field needs singleton accessors (a method named like it or its setter exists and is not
 * protected), cached per class for plain OpenStructs. Builtin method tables only change while
 * libraries install themselves, so the cache is dropped whenever their sizes change.
 */
const collisionCache = new Map<RClass, Map<string, boolean>>();
let collisionSig = -1;
function methodTableSignature(): number {
  let n = 0;
  for (const c of cBackCompatOpenStruct.ancestors()) n += c.methods.size * 31 + 1;
  return n;
}
/** Drops cached method-collision answers if a method table changed since they were computed. */
export function refreshCollisionCache(): void {
  const sig = methodTableSignature();
  if (sig !== collisionSig) {
    collisionCache.clear();
    collisionSig = sig;
  }
}
function needsAccessors(os: ROpenStruct, name: string): boolean {
  const plain = os.cls === cOpenStruct || os.cls === cBackCompatOpenStruct;
  if (plain) {
    const hit = collisionCache.get(os.cls)?.get(name);
    if (hit !== undefined) return hit;
  }
  const found = !!(os.cls.findMethod(name) || os.cls.findMethod(`${name}=`));
  const r = found && !isMethodProtected(os, name);
  if (plain) {
    let m = collisionCache.get(os.cls);
    if (!m) collisionCache.set(os.cls, (m = new Map()));
    m.set(name, r);
  }
  return r;
}

/** ostruct's `new_ostruct_member!`: singleton accessors only where a method would shadow the field. */
function newMember(os: ROpenStruct, key: RSymbol, table: { has(key: RSymbol): boolean } = os.table): void {
  if (table.has(key)) return;
  const name = key.name;
  if (!needsAccessors(os, name)) return; // method_missing serves it
  const setter = `${name}=`;
  const meta = singletonClassOf(os);
  meta.define(name, (self: ROpenStruct) => self.field(key) ?? null, 0);
  meta.define(setter, (self: ROpenStruct, args: Value[], _b, it: Interp) => {
    checkFrozen(it, self.table);
    self.table.set(key, args[0]);
    return args[0];
  }, 1);
}

/** `ostruct[name] = value` (also used for construction). */
export function setMember(os: ROpenStruct, key: RSymbol, value: Value): void {
  newMember(os, key);
  os.hasSingleton = true;
  os.table.set(key, value);
}

/** `OpenStruct.new(hash)` for a Hash with String/Symbol keys, without an interpreter. */
export function newOpenStruct(entries: Iterable<[Value, Value]>, cls: RClass = cOpenStruct): ROpenStruct {
  const os = new ROpenStruct(cls);
  for (const [k, v] of entries) setMember(os, keyToSym(k, null), v);
  return os;
}

/**
 * bosh-common's private `EvaluationContext#openstruct(object, klass)`: every Hash becomes an
 * OpenStruct (of `cls`) with converted values, every Array a new Array of converted items, anything
 * else is kept (the same object, or `leaf(object)` when given: the context builds its views from
 * the caller's context and maps leaves to the render's copies).
 */
export function openstruct(v: Value, cls: RClass = cOpenStruct, leaf?: (x: Value) => Value): Value {
  refreshCollisionCache();
  return convert(v, cls, leaf ?? null);
}
function convert(v: Value, cls: RClass, leaf: ((x: Value) => Value) | null): Value {
  if (v instanceof RHash) {
    // `inject({}) { |h, (k, v)| h[k] = ... }` then OpenStruct.new(mapped): duplicate to_sym keys keep the last value.
    const os = new ROpenStruct(cls);
    for (const [k, x] of v.entries()) setMember(os, keyToSym(k, null), convert(x, cls, leaf));
    return os;
  }
  if (v instanceof RArray) return arr(v.a.map((x) => convert(x, cls, leaf)));
  return leaf ? leaf(v) : v;
}

/**
 * {@link openstruct} for the context's views (`spec`, `properties`), built level by level as the
 * template reads them: a template that asks for `spec.address` does not pay for converting every
 * property and link. Only for a `source` nothing can change (the caller's context, which no
 * template reaches): a later level is converted from the source as it was, as Ruby converted it at
 * construction. Its keys must have passed {@link checkOpenStructKeys}.
 */
export function openstructView(source: Value, cls: RClass, leaf: (x: Value) => Value): Value {
  refreshCollisionCache();
  const signature = collisionSig;
  const convertLevel = (v: Value): Value => {
    if (v instanceof RHash) {
      // A field shadowed by a method gets its accessors when its level is built; Ruby decided that
      // against the methods that existed before the template ran.
      refreshCollisionCache();
      if (collisionSig !== signature) {
        throw new UnsupportedRubyError("reading spec or properties after the template defined methods on OpenStruct or its ancestors", {});
      }
      const os = new ROpenStruct(cls);
      os.defer(v, convertLevel);
      return os;
    }
    if (v instanceof RArray) return arr(v.a.map(convertLevel));
    return leaf(v);
  };
  return convertLevel(source);
}

/**
 * What `EvaluationContext.new` checks by converting the whole context at once: every Hash key
 * anywhere in it becomes a Symbol (ostruct calls `to_sym`), so a key that is not a String or a
 * Symbol fails the render whatever the template reads. Also refuses a context that contains itself.
 */
export function checkOpenStructKeys(v: Value, maxDepth: number): void {
  // A plain walk is all a context needs; one that shares a lot (YAML aliases of aliases) or runs
  // too deep (nested in itself) is walked again keeping track of what it saw.
  if (quickKeyWalk(v, 0, maxDepth, { nodes: 0 })) return;
  carefulKeyWalk(v, maxDepth, new Set(), new Set());
}

const QUICK_WALK_NODES = 50_000;

/** Throws keyToSym's InputError for a key ostruct cannot make a Symbol. */
function checkKey(k: Value): void {
  if (!(k instanceof RString || k instanceof RSymbol)) keyToSym(k, null);
}

/** False when the walk gave up (too many nodes or too deep) without finding a bad key. */
function quickKeyWalk(v: Value, depth: number, maxDepth: number, seen: { nodes: number }): boolean {
  if (!(v instanceof RHash || v instanceof RArray)) return true;
  if (depth >= maxDepth || ++seen.nodes > QUICK_WALK_NODES) return false;
  if (v instanceof RHash) {
    for (const [k, x] of v.entries()) {
      checkKey(k);
      if (!quickKeyWalk(x, depth + 1, maxDepth, seen)) return false;
    }
  } else for (const x of v.a) if (!quickKeyWalk(x, depth + 1, maxDepth, seen)) return false;
  return true;
}

function carefulKeyWalk(v: Value, maxDepth: number, onPath: Set<RObject>, done: Set<RObject>): void {
  if (!(v instanceof RHash || v instanceof RArray) || done.has(v)) return;
  if (onPath.has(v)) throw new InputError("context contains itself (a Hash or Array nested in itself)");
  if (onPath.size >= maxDepth) throw new InputError(`context nested deeper than ${maxDepth} levels`);
  onPath.add(v);
  if (v instanceof RHash) {
    for (const [k, x] of v.entries()) {
      checkKey(k);
      carefulKeyWalk(x, maxDepth, onPath, done);
    }
  } else for (const x of v.a) carefulKeyWalk(x, maxDepth, onPath, done);
  onPath.delete(v);
  done.add(v);
}

const inspecting = new Set<ROpenStruct>();

function osInspect(self: ROpenStruct, it: Interp): string {
  let detail: string;
  if (inspecting.has(self)) {
    detail = " ...";
  } else {
    inspecting.add(self);
    try {
      const parts: string[] = [];
      for (const [k, v] of self.table.entries()) {
        it.tick();
        parts.push(` ${it.toS(k)}=${it.inspect(v)}`);
      }
      detail = parts.join(",");
    } finally {
      inspecting.delete(self);
    }
  }
  let c = self.cls;
  while (c.attached) c = c.superclass!;
  return `#<${c.name}${detail}>`;
}

function asOS(it: Interp, self: Value): ROpenStruct {
  if (self instanceof ROpenStruct) return self;
  return it.raise("TypeError", "not an OpenStruct");
}

function eachPairs(it: Interp, hash: Value, fn: (k: Value, v: Value) => void): void {
  if (hash instanceof RHash && hash.cls === cHash) {
    for (const [k, v] of [...hash.entries()]) {
      it.tick();
      fn(k, v);
    }
    return;
  }
  if (hash instanceof ROpenStruct) {
    for (const [k, v] of [...hash.table.entries()]) {
      it.tick();
      fn(k, v);
    }
    return;
  }
  it.send(hash, "each_pair", [], new RProc((args: Value[]) => {
    const pair = args.length === 1 && args[0] instanceof RArray ? args[0].a : args;
    fn(pair[0] ?? null, pair[1] ?? null);
    return null;
  }, -1));
}

function realClass(os: RObject): RClass {
  let c = os.cls;
  while (c.attached) c = c.superclass!;
  return c;
}
function realName(os: RObject): string {
  return realClass(os).name;
}

/** ostruct aliases every public method whose name ends in a word character as `name!` (the class's method, not a field). */
function bangAlias(os: ROpenStruct, name: string): RMethod | null {
  if (!name.endsWith("!") || name.length < 2) return null;
  const base = name.slice(0, -1);
  if (!/\w$/.test(base)) return null;
  const m = realClass(os).findMethod(base);
  return m && m.visibility === "public" ? m : null;
}

let installed = false;

/** Installs OpenStruct's and BackCompatOpenStruct's methods (idempotent). */
export function installOpenStruct(): void {
  if (installed) return;
  installed = true;
  const c = cOpenStruct;

  c.defineS("new", (klass: RClass, args: Value[], _blk, it: Interp) => {
    if (args.length > 1) return it.raise("ArgumentError", `wrong number of arguments (given ${args.length}, expected 0..1)`);
    refreshCollisionCache();
    const os = new ROpenStruct(klass);
    const h = args[0] ?? null;
    if (truthy(h)) eachPairs(it, h, (k, v) => setMember(os, keyToSym(k, it), v));
    return os;
  });

  c.define("[]", (self, args, _b, it) => asOS(it, self).field(keyToSym(args[0], it)) ?? null, 1);
  c.define("[]=", (self, args, _b, it) => {
    const os = asOS(it, self);
    const key = keyToSym(args[0], it);
    checkFrozen(it, os.table);
    setMember(os, key, args[1]);
    return args[1];
  }, 2);
  c.define("to_h", (self, _args, blk, it) => {
    const os = asOS(it, self);
    if (blk) return it.send(os.table, "to_h", [], blk);
    const h = new RHash();
    for (const [k, v] of os.table.entries()) h.set(k, v);
    return h;
  }, 0);
  c.define("marshal_dump", (self, _a, _b, it) => asOS(it, self).table, 0);
  c.define("table", (self, _a, _b, it) => asOS(it, self).table, 0, "protected");
  c.define("each_pair", (self, _args, blk, it) => {
    const os = asOS(it, self);
    if (!blk) return enumFor(os, "each_pair", [], () => os.table.size);
    for (const [k, v] of [...os.table.entries()]) {
      it.tick();
      it.yield(blk, [arr([k, v])]);
    }
    return os;
  }, 0);
  c.define("dig", (self, args, _b, it) => {
    const os = asOS(it, self);
    let key: RSymbol;
    const name = args[0];
    if (name instanceof RSymbol) key = name;
    else if (name instanceof RString) key = sym(name.s);
    else if (it.respondTo(name, "to_sym")) key = keyToSym(name, it);
    else return it.raise("TypeError", `${it.toS(name)} is not a symbol nor a string`);
    return it.send(os.table, "dig", [key, ...args.slice(1)]);
  }, [1, -1]);
  c.define("delete_field", (self, args, blk, it) => {
    const os = asOS(it, self);
    const key = keyToSym(args[0], it);
    if (os.cls.attached === os) {
      os.cls.methods.delete(key.name);
      os.cls.methods.delete(`${key.name}=`);
      invalidateMethodCaches();
    }
    if (!os.table.has(key)) {
      if (blk) return it.yield(blk, []);
      return it.raise("NameError", `no field '${key.name}' in ${osInspect(os, it)}`);
    }
    checkFrozen(it, os.table);
    return os.table.delete(key) ?? null;
  }, 1);
  c.define("inspect", (self, _a, _b, it) => str(osInspect(asOS(it, self), it)), 0);
  c.define("to_s", (self, _a, _b, it) => str(osInspect(asOS(it, self), it)), 0);
  c.define("==", (self, args, _b, it) => {
    const other = args[0];
    if (!(other instanceof ROpenStruct) || !isA(other, cOpenStruct)) return false;
    return it.eq(asOS(it, self).table, other.table);
  }, 1);
  c.define("eql?", (self, args, _b, it) => {
    const other = args[0];
    if (!(other instanceof ROpenStruct)) return false;
    return it.eql(asOS(it, self).table, other.table);
  }, 1);
  c.define("hash", (self, _a, _b, it) => it.send(asOS(it, self).table, "hash"), 0);
  c.define("freeze", (self, _a, _b, it) => {
    const os = asOS(it, self);
    os.table.frozen = true;
    os.frozen = true;
    return os;
  }, 0);
  c.define("respond_to_missing?", (self, args, _b, it) => {
    const os = asOS(it, self);
    const mid = args[0];
    const name = mid instanceof RSymbol ? mid.name : mid instanceof RString ? mid.s : it.toS(mid);
    const base = name.endsWith("=") ? name.slice(0, -1) : name;
    return os.hasField(sym(base));
  }, [1, 2], "private");
  c.define("method_missing", (self, args: Value[], blk: RProc | null, it: Interp) => {
    const os = asOS(it, self);
    const mid = args[0];
    const name = mid instanceof RSymbol ? mid.name : it.toS(mid);
    const rest = args.slice(1);
    if (name.endsWith("=") && name.length > 1) {
      if (rest.length !== 1) return it.raise("ArgumentError", `wrong number of arguments (given ${rest.length}, expected 1)`);
      checkFrozen(it, os.table);
      setMember(os, sym(name.slice(0, -1)), rest[0]);
      return rest[0];
    }
    if (rest.length === 0) {
      // ostruct aliases every public method as `name!`; a field named like that is found first.
      const v = os.field(sym(name));
      if (v !== undefined) return v;
      const alias = bangAlias(os, name);
      if (alias) return alias.fn(os, rest, blk, it);
      return null;
    }
    // A field's accessor is a zero-argument method in ostruct (a singleton method).
    if (os.hasField(sym(name))) return it.raise("ArgumentError", `wrong number of arguments (given ${rest.length}, expected 0)`);
    const alias = bangAlias(os, name);
    if (alias) return alias.fn(os, rest, blk, it);
    const cname = realName(os);
    // Ruby names a receiver that has a singleton class by its default to_s (`#<OpenStruct:0x...>`).
    const desc = os.hasSingleton ? `#<${cname}:0x${(0x7f0000000000 + objectIdOf(os) * 8).toString(16).padStart(16, "0")}>` : `an instance of ${cname}`;
    const exc = new RException(cNoMethodError, str(`undefined method '${name}' for ${desc}`));
    exc.setIvar("@name", sym(name));
    exc.setIvar("@receiver", os);
    return it.raiseExc(exc);
  }, [1, -1], "private");

  // BackCompatOpenStruct#methods(regular = true): with false, the field names.
  cBackCompatOpenStruct.define("methods", (self, args, blk, it) => {
    const regular = args.length === 0 ? true : args[0];
    if (truthy(regular)) {
      const sup = cObject.findMethod("methods");
      if (!sup) return it.raise("NoMethodError", `undefined method 'methods' for an instance of ${cBackCompatOpenStruct.name}`);
      return sup.fn(self, args, blk, it);
    }
    const os = asOS(it, self);
    const out: Value[] = [];
    for (const [k] of os.table.entries()) out.push(k instanceof RSymbol ? k : sym(it.toS(k)));
    return arr(out);
  }, [0, 1]);
}
