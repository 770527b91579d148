/** `Set` (core in Ruby 4.0): a Hash-backed collection with Set[...] inspect and Enumerable. */
import { joinChecked } from "../runtime/builder.js";
import {
  type Interp,
  type Value,
  RArray,
  RClass,
  RHash,
  RObject,
  cArray,
  cObject,
  defineBuiltinClass,
  hashKeyText,
  mEnumerable,
  str,
  truthy,
} from "../runtime/values.js";
import { checkFrozen } from "../runtime/coerce.js";
import { iterate } from "../core/enumerable.js";
import { enumFor } from "../core/enumerator.js";

export let cSet: RClass;

/** Sets whose key is being computed (a set that contains itself meets itself again). */
const keyInProgress = new Set<RSet>();

export class RSet extends RObject {
  readonly h = new RHash();
  get items(): Value[] {
    return [...this.h.entries()].map(([k]) => k);
  }
  /** `eql?`/`hash`: the same elements (by their own eql?), in any order. */
  override valueKey(): string {
    if (keyInProgress.has(this)) return "r";
    keyInProgress.add(this);
    try {
      // Length-prefixed, checked against the String size limit: nesting never doubles escapes.
      return joinChecked("", this.items.map(hashKeyText).sort(), "", (t) => `${t.length}:${t}`, "");
    } finally {
      keyInProgress.delete(this);
    }
  }
}

function newSet(cls: RClass = cSet, items: Value[] = []): RSet {
  const s = new RSet(cls);
  for (const x of items) s.h.set(x, true);
  return s;
}

/** Elements of an enumerable argument (Set, Array, anything with each). */
function elems(it: Interp, v: Value): Value[] {
  if (v instanceof RSet) return v.items;
  if (v instanceof RArray) return [...v.a];
  if (v === null || typeof v !== "object" || !it.respondTo(v, "each")) return it.raise("ArgumentError", "value must be enumerable");
  const out: Value[] = [];
  iterate(it, v, (x) => {
    out.push(x);
  });
  return out;
}

function setInspect(it: Interp, s: RSet): string {
  return joinChecked(`${s.cls === cSet ? "Set" : s.cls.name}[`, s.items, ", ", (x) => it.inspect(x), "]");
}

export function installSet(): void {
  cSet = defineBuiltinClass("Set", cObject);
  cSet.include(mEnumerable);
  const S = cSet;
  S.defineS("new", (self, args, blk, it) => {
    const s = newSet(self as RClass);
    if (args.length > 0 && args[0] !== null) {
      for (const x of elems(it, args[0])) s.h.set(blk ? it.yield(blk, [x]) : x, true);
    }
    return s;
  }, [0, 1]);
  S.defineS("[]", (self, args) => newSet(self as RClass, args));
  const add = (self: RSet, args: Value[], _b: unknown, it: Interp) => {
    checkFrozen(it, self);
    self.h.set(args[0], true);
    return self;
  };
  S.define("<<", add, 1);
  S.define("add", add, 1);
  S.define("add?", (self: RSet, args, _b, it) => {
    if (self.h.has(args[0])) return null;
    return add(self, args, null, it);
  }, 1);
  S.define("delete", (self: RSet, args, _b, it) => {
    checkFrozen(it, self);
    self.h.delete(args[0]);
    return self;
  }, 1);
  S.define("delete?", (self: RSet, args, _b, it) => {
    checkFrozen(it, self);
    return self.h.delete(args[0]) === undefined ? null : self;
  }, 1);
  for (const n of ["include?", "member?", "===", "contain?"]) S.define(n, (self: RSet, args) => self.h.has(args[0]), 1);
  S.define("size", (self: RSet) => self.h.size, 0);
  S.define("length", (self: RSet) => self.h.size, 0);
  S.define("empty?", (self: RSet) => self.h.size === 0, 0);
  S.define("each", (self: RSet, _a, blk, it) => {
    if (!blk) return enumFor(self, "each", [], () => self.h.size);
    for (const x of self.items) {
      it.tick();
      it.yield(blk, [x]);
    }
    return self;
  }, 0);
  S.define("to_a", (self: RSet) => new RArray(self.items), 0);
  S.define("to_set", (self: RSet) => self, 0);
  S.define("dup", (self: RSet) => newSet(self.cls, self.items), 0);
  S.define("clear", (self: RSet, _a, _b, it) => {
    checkFrozen(it, self);
    for (const x of self.items) self.h.delete(x);
    return self;
  }, 0);
  S.define("merge", (self: RSet, args, _b, it) => {
    checkFrozen(it, self);
    for (const a of args) for (const x of elems(it, a)) self.h.set(x, true);
    return self;
  });
  const union = (self: RSet, args: Value[], _b: unknown, it: Interp) => newSet(self.cls, [...self.items, ...elems(it, args[0])]);
  for (const n of ["|", "union", "+"]) S.define(n, union, 1);
  const inter = (self: RSet, args: Value[], _b: unknown, it: Interp) => {
    const other = newSet(cSet, elems(it, args[0]));
    return newSet(self.cls, self.items.filter((x) => other.h.has(x)));
  };
  for (const n of ["&", "intersection"]) S.define(n, inter, 1);
  const diff = (self: RSet, args: Value[], _b: unknown, it: Interp) => {
    const other = newSet(cSet, elems(it, args[0]));
    return newSet(self.cls, self.items.filter((x) => !other.h.has(x)));
  };
  for (const n of ["-", "difference"]) S.define(n, diff, 1);
  S.define("^", (self: RSet, args, _b, it) => {
    const other = newSet(cSet, elems(it, args[0]));
    return newSet(self.cls, [...self.items.filter((x) => !other.h.has(x)), ...other.items.filter((x) => !self.h.has(x))]);
  }, 1);
  const setArg = (it: Interp, v: Value): RSet => (v instanceof RSet ? v : it.raise("ArgumentError", "value must be a set"));
  const subset = (self: RSet, o: RSet) => self.items.every((x) => o.h.has(x));
  S.define("subset?", (self: RSet, args, _b, it) => subset(self, setArg(it, args[0])), 1);
  S.define("<=", (self: RSet, args, _b, it) => subset(self, setArg(it, args[0])), 1);
  S.define("superset?", (self: RSet, args, _b, it) => subset(setArg(it, args[0]), self), 1);
  S.define(">=", (self: RSet, args, _b, it) => subset(setArg(it, args[0]), self), 1);
  S.define("proper_subset?", (self: RSet, args, _b, it) => {
    const o = setArg(it, args[0]);
    return subset(self, o) && o.h.size > self.h.size;
  }, 1);
  S.define("proper_superset?", (self: RSet, args, _b, it) => {
    const o = setArg(it, args[0]);
    return subset(o, self) && self.h.size > o.h.size;
  }, 1);
  S.define("intersect?", (self: RSet, args, _b, it) => elems(it, args[0]).some((x) => self.h.has(x)), 1);
  S.define("disjoint?", (self: RSet, args, _b, it) => !elems(it, args[0]).some((x) => self.h.has(x)), 1);
  S.define("==", (self: RSet, args) => {
    const o = args[0];
    return o instanceof RSet && o.h.size === self.h.size && subset(self, o);
  }, 1);
  S.define("eql?", (self: RSet, args) => {
    const o = args[0];
    return o instanceof RSet && o.h.size === self.h.size && subset(self, o);
  }, 1);
  S.define("hash", (self: RSet) => {
    const k = self.valueKey();
    let h = 7;
    for (let i = 0; i < k.length; i++) h = (h * 31 + k.charCodeAt(i)) | 0;
    return h;
  }, 0);
  S.define("inspect", (self: RSet, _a, _b, it) => str(setInspect(it, self)), 0);
  S.define("to_s", (self: RSet, _a, _b, it) => str(setInspect(it, self)), 0);
  S.define("select!", (self: RSet, _a, blk, it) => {
    if (!blk) return enumFor(self, "select!");
    const before = self.h.size;
    for (const x of self.items) if (!truthy(it.yield(blk, [x]))) self.h.delete(x);
    return self.h.size === before ? null : self;
  }, 0);
  S.define("reject!", (self: RSet, _a, blk, it) => {
    if (!blk) return enumFor(self, "reject!");
    const before = self.h.size;
    for (const x of self.items) if (truthy(it.yield(blk, [x]))) self.h.delete(x);
    return self.h.size === before ? null : self;
  }, 0);
  S.define("map!", (self: RSet, _a, blk, it) => {
    if (!blk) return enumFor(self, "map!");
    const mapped = self.items.map((x) => it.yield(blk, [x]));
    for (const x of self.items) self.h.delete(x);
    for (const x of mapped) self.h.set(x, true);
    return self;
  }, 0);
  mEnumerable.define("to_set", (self: Value, _a, blk, it) => {
    const s = newSet();
    for (const x of elems(it, self)) s.h.set(blk ? it.yield(blk, [x]) : x, true);
    return s;
  }, 0);
  cArray.define("to_set", (self: RArray, _a, blk, it) => {
    const s = newSet();
    for (const x of self.a) s.h.set(blk ? it.yield(blk, [x]) : x, true);
    return s;
  }, 0);
}
