/**
 * Array (Ruby 4.0 semantics and messages). Methods that behave exactly like Enumerable's generic
 * versions (map, select, sum, min, ...) are inherited from enumerable.ts, which iterates Arrays
 * natively; this file holds the Array-specific ones.
 */
import {
  type Interp,
  type Value,
  RObject,
  RProc,
  RArray,
  RHash,
  RRange,
  RString,
  RClass,
  RFloat,
  cArray,
  arr,
  str,
  isInteger,
  truthy,
  realClassOf,
  hashKeyOf,
  hashKeyText,
} from "../runtime/values.js";
import { TextBuilder } from "../runtime/builder.js";
import { brokenUtf8, joinUtf8Pieces } from "../runtime/broken-utf8.js";
import { budget, intToString, pushElement, pushElements } from "../runtime/budget.js";
import { toAry, toStr, checkFrozen, arityError, cloneFrozen } from "../runtime/coerce.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { enumFor } from "./enumerator.js";
import { compare, blockCompare, sortValues, sortBy, uniqValues, toInt } from "./enumerable.js";

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by hash.ts)

/** Objects whose inspect is in progress (Array and Hash share it, like Ruby's recursion guard). */
const inspecting = new Set<RObject>();

/**
 * Texts of Arrays/Hashes already inspected during the current top-level inspect: a structure that
 * shares sub-structures (`a = [a, a]` ...) is inspected once per distinct node, so its size, not
 * the number of paths through it, bounds the work (the String size limit stops the text).
 */
let inspectMemo: Map<RObject, string> | null = null;
/** Recursion markers emitted so far; a text without one does not depend on where it was reached. */
let inspectMarks = 0;

/** Runs `fn` unless `obj` is already being inspected, in which case returns `recursive`. */
export function guardInspect(obj: RObject, recursive: string, fn: () => string): string {
  if (inspecting.has(obj)) {
    inspectMarks++;
    return recursive;
  }
  const top = inspecting.size === 0;
  if (top) inspectMemo = new Map();
  else {
    const known = inspectMemo?.get(obj);
    if (known !== undefined) return known;
  }
  const marks = inspectMarks;
  inspecting.add(obj);
  try {
    const text = fn();
    if (!top && inspectMarks === marks) inspectMemo?.set(obj, text);
    return text;
  } finally {
    inspecting.delete(obj);
    if (top) inspectMemo = null;
  }
}

const comparing: [RObject, RObject][] = [];
/**
 * Pairs already found equal during the current top-level comparison, per kind (== or eql?): two
 * structures sharing sub-structures (`a = [a, a]` ...) are compared once per distinct pair of
 * nodes, not once per path.
 */
let equalPairs: Map<RObject, Set<RObject>>[] | null = null;
/** Recursion hits so far; a result reached without one does not depend on the comparison in progress. */
let pairMarks = 0;

/** Recursion guard for structural ==/eql? (a recursive comparison counts as equal, as in Ruby). */
export function guardPair(a: RObject, b: RObject, fn: () => boolean, eql = false): boolean {
  for (const [x, y] of comparing) {
    if (x === a && y === b) {
      pairMarks++;
      return true;
    }
  }
  const top = comparing.length === 0;
  if (top) equalPairs = [new Map(), new Map()];
  else if (equalPairs?.[eql ? 1 : 0].get(a)?.has(b)) return true;
  const marks = pairMarks;
  comparing.push([a, b]);
  try {
    const r = fn();
    if (r && !top && pairMarks === marks && equalPairs) {
      const known = equalPairs[eql ? 1 : 0];
      let set = known.get(a);
      if (!set) known.set(a, (set = new Set()));
      set.add(b);
    }
    return r;
  } finally {
    comparing.pop();
    if (top) equalPairs = null;
  }
}

/** A stable Integer hash for Array/Hash#hash, consistent with eql?. */
export function structuralHash(v: Value): number {
  const s = hashKeyText(v);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1;
}

/** Object#dig continuation: `v.dig(*rest)`, with Ruby's TypeError when `v` cannot dig. */
export function digRest(it: Interp, v: Value, rest: Value[]): Value {
  if (!rest.length || v === null) return v;
  if (v instanceof RArray || v instanceof RHash || it.respondTo(v, "dig")) return it.send(v, "dig", rest);
  return it.raise("TypeError", `${realClassOf(v).name} does not have #dig method`);
}

function unsupported(what: string): never {
  throw new UnsupportedRubyError(what, {});
}

/** A new Array of the receiver's class (plain Array for builtins). */
function newLike(_self: RArray, a: Value[]): RArray {
  return arr(a);
}

function negSize(it: Interp): never {
  return it.raise("ArgumentError", "negative array size");
}

// ---------------------------------------------------------------------------------------------
// Indexing

/** rb_range_component_beg_len. err 0: null when out of range (clamped); err 1: RangeError, unclamped. */
export function rangeBegLen(it: Interp, r: RRange, len: number, err: 0 | 1): [number, number] | null {
  let beg = r.begin === null ? 0 : toInt(it, r.begin);
  let end = r.end === null ? -1 : toInt(it, r.end);
  const excl = r.end === null ? false : r.excl;
  const orig = beg;
  if (beg < 0) {
    beg += len;
    if (beg < 0) {
      if (err) it.raise("RangeError", `${it.inspect(r)} out of range`);
      return null;
    }
  }
  if (end < 0) end += len;
  if (!excl) end++;
  if (err === 0) {
    if (beg > len) return null;
    if (end > len) end = len;
  }
  void orig;
  let n = end - beg;
  if (n < 0) n = 0;
  return [beg, n];
}

function subseq(a: Value[], beg: number, len: number): Value[] | null {
  const alen = a.length;
  if (beg > alen) return null;
  if (beg < 0 || len < 0) return null;
  if (alen < len || alen < beg + len) len = alen - beg;
  return a.slice(beg, beg + len);
}

function aref(it: Interp, self: RArray, args: Value[]): Value {
  const a = self.a;
  if (args.length === 2) {
    let beg = toInt(it, args[0]);
    const len = toInt(it, args[1]);
    if (beg < 0) beg += a.length;
    const r = subseq(a, beg, len);
    return r ? newLike(self, r) : null;
  }
  if (args.length !== 1) return arityError(it, args.length, "1..2");
  const x = args[0];
  if (typeof x === "number") {
    const i = x < 0 ? x + a.length : x;
    return i >= 0 && i < a.length ? a[i] : null;
  }
  if (x instanceof RRange) {
    const bl = rangeBegLen(it, x, a.length, 0);
    if (!bl) return null;
    const r = subseq(a, bl[0], bl[1]);
    return r ? newLike(self, r) : null;
  }
  if (typeof x === "bigint") return null;
  const i0 = toInt(it, x);
  const i = i0 < 0 ? i0 + a.length : i0;
  return i >= 0 && i < a.length ? a[i] : null;
}

function tooSmall(it: Interp, idx: number, len: number): never {
  return it.raise("IndexError", `index ${idx} too small for array; minimum: ${-len}`);
}

/** rb_ary_store. */
function store(it: Interp, self: RArray, idx: number, v: Value): void {
  const a = self.a;
  if (idx < 0) {
    const i = idx + a.length;
    if (i < 0) tooSmall(it, idx, a.length);
    idx = i;
  }
  if (idx >= a.length) {
    it.checkSize(idx + 1, "Array");
    while (a.length < idx) a.push(null);
  }
  a[idx] = v;
}

/** rb_ary_splice with an already-validated start/length. */
function splice(it: Interp, self: RArray, beg: number, len: number, rpl: Value[]): void {
  const a = self.a;
  const olen = a.length;
  if (olen < len || olen < beg + len) len = olen - beg;
  if (beg >= olen) {
    it.checkSize(beg + rpl.length, "Array");
    while (a.length < beg) a.push(null);
    pushElements(a, rpl);
  } else {
    it.checkSize(olen - len + rpl.length, "Array");
    a.splice(beg, len, ...rpl);
  }
}

function rplOf(it: Interp, v: Value): Value[] {
  if (v instanceof RArray) return v.a.slice();
  if (v !== null && typeof v === "object" && !(v instanceof RString) && it.respondTo(v, "to_ary", true)) return toAry(it, v).slice();
  return [v];
}

function aset(it: Interp, self: RArray, args: Value[]): Value {
  checkFrozen(it, self);
  if (args.length === 3) {
    let beg = toInt(it, args[0]);
    const len = toInt(it, args[1]);
    if (len < 0) it.raise("IndexError", `negative length (${len})`);
    const olen = self.a.length;
    if (beg < 0) {
      beg += olen;
      if (beg < 0) tooSmall(it, beg - olen, olen);
    }
    splice(it, self, beg, len, rplOf(it, args[2]));
    return args[2];
  }
  if (args.length !== 2) return arityError(it, args.length, "2..3");
  const x = args[0];
  if (x instanceof RRange) {
    const bl = rangeBegLen(it, x, self.a.length, 1)!;
    splice(it, self, bl[0], bl[1], rplOf(it, args[1]));
    return args[1];
  }
  store(it, self, toInt(it, x), args[1]);
  return args[1];
}

// ---------------------------------------------------------------------------------------------
// Formatting

function inspectArray(it: Interp, self: RArray): string {
  if (!self.a.length) return "[]";
  return guardInspect(self, "[...]", () => {
    const out = new TextBuilder();
    out.add("[");
    for (let i = 0; i < self.a.length; i++) {
      if (i > 0) out.add(", ");
      out.add(it.inspect(self.a[i]));
    }
    out.add("]");
    return out.toString();
  });
}

const joining = new Set<RArray>();

/** Collects a join's pieces when a String in it holds invalid UTF-8 (they join as bytes). */
class JoinPieces {
  readonly pieces: (string | RString)[] = [];
  push(s: string | RString): void {
    this.pieces.push(s);
  }
}

function joinInto(it: Interp, self: RArray, sep: string | RString, out: TextBuilder | JoinPieces): void {
  if (joining.has(self)) it.raise("ArgumentError", "recursive array join");
  joining.add(self);
  try {
    self.a.forEach((x, i) => {
      if (i > 0) out.push(sep as string);
      if (x instanceof RString) {
        if (out instanceof JoinPieces && brokenUtf8.has(x)) out.push(x);
        // Non-ASCII bytes of a BINARY String would turn into characters here.
        else if (x.binary && /[^\x00-\x7f]/.test(x.s)) unsupported("Array#join of a String whose bytes are not valid UTF-8 characters");
        else out.push(x.s);
      } else if (x instanceof RArray) joinInto(it, x, sep, out);
      else if (x === null) out.push("");
      else if (typeof x === "number" || typeof x === "bigint") out.push(intToString(x));
      else if (x instanceof RObject && !(x instanceof RFloat) && !x.cls.builtin && it.respondTo(x, "to_str", true)) out.push(toStr(it, x));
      else if (x instanceof RObject && !(x instanceof RFloat) && !x.cls.builtin && it.respondTo(x, "to_ary", true)) joinInto(it, arr(toAry(it, x)), sep, out);
      else out.push(it.toS(x));
    });
  } finally {
    joining.delete(self);
  }
}

/** Whether a String holding invalid UTF-8 is among the elements (nested Arrays included). */
function holdsInvalidUtf8(self: RArray, seen?: Set<RArray>): boolean {
  for (const x of self.a) {
    if (x instanceof RString) {
      if (brokenUtf8.has(x)) return true;
    } else if (x instanceof RArray) {
      // Every join runs this: the set of visited Arrays is made only when there is nesting.
      seen ??= new Set([self]);
      if (!seen.has(x)) {
        seen.add(x);
        if (holdsInvalidUtf8(x, seen)) return true;
      }
    }
  }
  return false;
}

/** `join(sep)`: text, or the bytes joined when the separator or an element holds invalid UTF-8. */
function joinValue(it: Interp, self: RArray, sep: Value): RString {
  const text = sep === null ? "" : toStr(it, sep);
  const bytesSep = sep instanceof RString && brokenUtf8.has(sep) ? sep : null;
  if (sep instanceof RString && sep.binary && bytesSep === null && /[^\x00-\x7f]/.test(sep.s)) unsupported("Array#join with a separator whose bytes are not valid UTF-8 characters");
  if (bytesSep === null && !holdsInvalidUtf8(self)) return str(joinArray(it, self, text));
  const out = new JoinPieces();
  joinInto(it, self, bytesSep ?? text, out);
  const r = joinUtf8Pieces(out.pieces);
  it.checkSize(r.s.length, "String");
  return r;
}

export function joinArray(it: Interp, self: RArray, sep: string): string {
  const out = new TextBuilder();
  joinInto(it, self, sep, out);
  const s = out.toString();
  it.checkSize(s.length, "String");
  return s;
}

// ---------------------------------------------------------------------------------------------

function flattenInto(it: Interp, a: Value[], depth: number, out: Value[], stack: Set<RArray>): boolean {
  let changed = false;
  for (const x of a) {
    let sub: RArray | null = null;
    if (x instanceof RArray) sub = x;
    else if (x !== null && typeof x === "object" && !(x instanceof RString) && !x.cls.builtin && it.respondTo(x, "to_ary", true)) sub = arr(toAry(it, x));
    if (sub && depth !== 0) {
      if (stack.has(sub)) it.raise("ArgumentError", "tried to flatten recursive array");
      stack.add(sub);
      flattenInto(it, sub.a, depth - 1, out, stack);
      stack.delete(sub);
      changed = true;
    } else pushElement(out, x);
  }
  it.checkSize(out.length, "Array");
  return changed;
}

function flattenDepth(it: Interp, args: Value[]): number {
  if (!args.length || args[0] === null) return -1;
  return toInt(it, args[0]);
}

function otherAry(it: Interp, v: Value): Value[] {
  return toAry(it, v);
}

// Hashing every element is a step of work each (`a | b` on millions of elements is not one call's worth).
function keySet(a: Value[]): Set<unknown> {
  budget.tick(a.length);
  const s = new Set<unknown>();
  for (const x of a) s.add(hashKeyOf(x));
  return s;
}

function intersectArrays(self: Value[], others: Value[][]): Value[] {
  let cur = uniqFast(self);
  for (const o of others) {
    const ks = keySet(o);
    cur = cur.filter((x) => ks.has(hashKeyOf(x)));
  }
  return cur;
}

function uniqFast(a: Value[]): Value[] {
  budget.tick(a.length);
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const x of a) {
    const k = hashKeyOf(x);
    if (!seen.has(k)) {
      seen.add(k);
      pushElement(out, x);
    }
  }
  return out;
}

function arrayEq(it: Interp, a: RArray, b: RArray, eql: boolean): boolean {
  if (a === b) return true;
  if (a.a.length !== b.a.length) return false;
  return guardPair(a, b, () => {
    for (let i = 0; i < a.a.length; i++) {
      if (i >= b.a.length) return false;
      if (!(eql ? it.eql(a.a[i], b.a[i]) : it.eq(a.a[i], b.a[i]))) return false;
    }
    return a.a.length === b.a.length;
  }, eql);
}

function productOf(it: Interp, lists: Value[][]): Value[] {
  let out: Value[][] = [[]];
  let total = 1;
  for (const l of lists) total *= l.length;
  it.checkSize(total, "Array");
  for (const l of lists) {
    const next: Value[][] = [];
    for (const p of out) for (const x of l) next.push([...p, x]);
    out = next;
  }
  return out.map((p) => arr(p));
}

function combinations(n: number, k: number, fn: (idx: number[]) => void): void {
  if (k > n || k < 0) return;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    fn(idx.slice());
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

// ---------------------------------------------------------------------------------------------

export function installArray(): void {
  const c = cArray;

  // --- construction
  c.defineS("new", (self: RClass, args, blk, it) => {
    const a = new RArray();
    if (self !== cArray) a.cls = self;
    if (args.length > 2) arityError(it, args.length, "0..2");
    if (args.length === 0) return a;
    if (args.length === 1 && !isInteger(args[0]) && !(args[0] instanceof RFloat)) {
      if (args[0] instanceof RArray || (args[0] !== null && typeof args[0] === "object" && it.respondTo(args[0], "to_ary", true))) {
        a.a = toAry(it, args[0]).slice();
        return a;
      }
    }
    const n = toInt(it, args[0]);
    if (n < 0) negSize(it);
    it.checkSize(n, "Array");
    it.alloc?.(n);
    if (blk) {
      for (let i = 0; i < n; i++) {
        it.tick();
        a.a.push(it.yield(blk, [i]));
      }
    } else {
      const fill = args.length > 1 ? args[1] : null;
      for (let i = 0; i < n; i++) a.a.push(fill);
    }
    return a;
  });
  c.defineS("[]", (self: RClass, args) => {
    const a = arr(args.slice());
    if (self !== cArray) a.cls = self;
    return a;
  });

  // --- access
  c.define("[]", (self: RArray, args, _b, it) => aref(it, self, args));
  c.define("slice", (self: RArray, args, _b, it) => aref(it, self, args));
  c.define("[]=", (self: RArray, args, _b, it) => aset(it, self, args));
  c.define(
    "at",
    (self: RArray, args, _b, it) => {
      const i0 = toInt(it, args[0]);
      const i = i0 < 0 ? i0 + self.a.length : i0;
      return i >= 0 && i < self.a.length ? self.a[i] : null;
    },
    1,
  );
  c.define(
    "fetch",
    (self: RArray, args, blk, it) => {
      const i0 = toInt(it, args[0]);
      const i = i0 < 0 ? i0 + self.a.length : i0;
      if (i >= 0 && i < self.a.length) return self.a[i];
      if (blk) return it.yield(blk, [args[0]]);
      if (args.length > 1) return args[1];
      return it.raise("IndexError", `index ${i0} outside of array bounds: ${-self.a.length}...${self.a.length}`);
    },
    [1, 2],
  );
  c.define("dig", (self: RArray, args, _b, it) => {
    if (!args.length) arityError(it, 0, "1+");
    return digRest(it, aref(it, self, [args[0]]), args.slice(1));
  });
  const firstLast = (name: string, last: boolean) =>
    c.define(
      name,
      (self: RArray, args, _b, it) => {
        const a = self.a;
        if (!args.length) return a.length ? a[last ? a.length - 1 : 0] : null;
        const n = toInt(it, args[0]);
        if (n < 0) negSize(it);
        return arr(last ? a.slice(Math.max(0, a.length - n)) : a.slice(0, n));
      },
      [0, 1],
    );
  firstLast("first", false);
  firstLast("last", true);
  c.define(
    "values_at",
    (self: RArray, args, _b, it) => {
      const out: Value[] = [];
      const len = self.a.length;
      for (const x of args) {
        if (x instanceof RRange) {
          const bl = rangeBegLen(it, x, len, 1);
          if (!bl) continue;
          const [beg, n] = bl;
          for (let i = beg; i < beg + n; i++) pushElement(out, i < len ? self.a[i] : null);
          continue;
        }
        const i0 = toInt(it, x);
        const i = i0 < 0 ? i0 + len : i0;
        pushElement(out, i >= 0 && i < len ? self.a[i] : null);
      }
      return arr(out);
    },
  );
  c.define(
    "assoc",
    (self: RArray, args, _b, it) => {
      for (const x of self.a) if (x instanceof RArray && x.a.length > 0 && it.eq(x.a[0], args[0])) return x;
      return null;
    },
    1,
  );
  c.define(
    "rassoc",
    (self: RArray, args, _b, it) => {
      for (const x of self.a) if (x instanceof RArray && x.a.length > 1 && it.eq(x.a[1], args[0])) return x;
      return null;
    },
    1,
  );

  // --- size
  c.define("length", (self: RArray) => self.a.length, 0);
  c.define("size", (self: RArray) => self.a.length, 0);
  c.define("empty?", (self: RArray) => self.a.length === 0, 0);

  // --- adding / removing
  const push = (self: RArray, args: Value[], _b: RProc | null, it: Interp) => {
    checkFrozen(it, self);
    it.checkSize(self.a.length + args.length, "Array");
    pushElements(self.a, args);
    return self;
  };
  c.define("push", push);
  c.define("append", push);
  c.define("<<", push, 1);
  c.define(
    "pop",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      if (!args.length) return self.a.length ? self.a.pop()! : null;
      const n = toInt(it, args[0]);
      if (n < 0) negSize(it);
      return arr(self.a.splice(Math.max(0, self.a.length - n)));
    },
    [0, 1],
  );
  c.define(
    "shift",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      if (!args.length) return self.a.length ? self.a.shift()! : null;
      const n = toInt(it, args[0]);
      if (n < 0) negSize(it);
      return arr(self.a.splice(0, n));
    },
    [0, 1],
  );
  const unshift = (self: RArray, args: Value[], _b: RProc | null, it: Interp) => {
    checkFrozen(it, self);
    it.checkSize(self.a.length + args.length, "Array");
    self.a.unshift(...args);
    return self;
  };
  c.define("unshift", unshift);
  c.define("prepend", unshift);
  c.define("insert", (self: RArray, args, _b, it) => {
    if (!args.length) arityError(it, 0, "1+");
    checkFrozen(it, self);
    const idx = toInt(it, args[0]);
    const objs = args.slice(1);
    if (!objs.length) return self;
    const len = self.a.length;
    let pos = idx;
    if (idx === -1) pos = len;
    else if (idx < 0) {
      pos = idx + len + 1;
      if (pos < 0) it.raise("IndexError", `index ${idx} too small for array; minimum: -${len + 1}`);
    }
    splice(it, self, pos, 0, objs);
    return self;
  });
  c.define("concat", (self: RArray, args, _b, it) => {
    checkFrozen(it, self);
    const add: Value[] = [];
    for (const x of args) pushElements(add, otherAry(it, x));
    it.checkSize(self.a.length + add.length, "Array");
    it.alloc?.(self.a.length + add.length);
    pushElements(self.a, add);
    return self;
  });
  c.define(
    "delete",
    (self: RArray, args, blk, it) => {
      let found: Value = null;
      let any = false;
      const keep: Value[] = [];
      for (const x of self.a) {
        if (it.eq(x, args[0])) {
          found = x;
          any = true;
        } else keep.push(x);
      }
      if (!any) return blk ? it.yield(blk, [args[0]]) : null;
      checkFrozen(it, self);
      self.a.length = 0;
      pushElements(self.a, keep);
      return found;
    },
    1,
  );
  c.define(
    "delete_at",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      const i0 = toInt(it, args[0]);
      const i = i0 < 0 ? i0 + self.a.length : i0;
      if (i < 0 || i >= self.a.length) return null;
      return self.a.splice(i, 1)[0];
    },
    1,
  );
  c.define("slice!", (self: RArray, args, _b, it) => {
    checkFrozen(it, self);
    const a = self.a;
    if (args.length === 2) {
      let beg = toInt(it, args[0]);
      const len = toInt(it, args[1]);
      if (beg < 0) beg += a.length;
      if (beg < 0 || beg > a.length || len < 0) return null;
      return arr(a.splice(beg, len));
    }
    if (args.length !== 1) return arityError(it, args.length, "1..2");
    if (args[0] instanceof RRange) {
      const bl = rangeBegLen(it, args[0], a.length, 0);
      if (!bl) return null;
      return arr(a.splice(bl[0], bl[1]));
    }
    const i0 = toInt(it, args[0]);
    const i = i0 < 0 ? i0 + a.length : i0;
    if (i < 0 || i >= a.length) return null;
    return a.splice(i, 1)[0];
  });
  c.define(
    "clear",
    (self: RArray, _a, _b, it) => {
      checkFrozen(it, self);
      self.a.length = 0;
      return self;
    },
    0,
  );
  c.define(
    "replace",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      const src = otherAry(it, args[0]).slice();
      self.a.length = 0;
      pushElements(self.a, src);
      return self;
    },
    1,
  );
  c.define("fill", (self: RArray, args, blk, it) => {
    checkFrozen(it, self);
    const rest = blk ? args : args.slice(1);
    if (!blk && !args.length) arityError(it, 0, "1..3");
    if (rest.length > 2) arityError(it, args.length, blk ? "0..2" : "1..3");
    const len = self.a.length;
    let beg = 0;
    let n = len;
    if (rest.length === 1 && rest[0] instanceof RRange) {
      const bl = rangeBegLen(it, rest[0], len, 1)!;
      [beg, n] = bl;
    } else if (rest.length >= 1) {
      beg = rest[0] === null ? 0 : toInt(it, rest[0]);
      if (beg < 0) {
        beg += len;
        if (beg < 0) beg = 0;
      }
      n = rest.length === 2 && rest[1] !== null ? toInt(it, rest[1]) : len - beg;
      if (n < 0) return self;
    }
    it.checkSize(beg + n, "Array");
    while (self.a.length < beg + n) self.a.push(null);
    for (let i = beg; i < beg + n; i++) {
      it.tick();
      self.a[i] = blk ? it.yield(blk, [i]) : args[0];
    }
    return self;
  });

  // --- iteration (Array-specific: live length)
  c.define(
    "each",
    (self: RArray, _a, blk, it) => {
      if (!blk) return enumFor(self, "each", [], () => self.a.length);
      for (let i = 0; i < self.a.length; i++) {
        it.tick();
        it.yield(blk, [self.a[i]]);
      }
      return self;
    },
    0,
  );
  c.define(
    "each_index",
    (self: RArray, _a, blk, it) => {
      if (!blk) return enumFor(self, "each_index", [], () => self.a.length);
      for (let i = 0; i < self.a.length; i++) {
        it.tick();
        it.yield(blk, [i]);
      }
      return self;
    },
    0,
  );
  c.define(
    "reverse_each",
    (self: RArray, _a, blk, it) => {
      if (!blk) return enumFor(self, "reverse_each", [], () => self.a.length);
      let i = self.a.length;
      while (i--) {
        if (i >= self.a.length) {
          i = self.a.length;
          continue;
        }
        it.tick();
        it.yield(blk, [self.a[i]]);
      }
      return self;
    },
    0,
  );
  const mapBang = (name: string) =>
    c.define(
      name,
      (self: RArray, _a, blk, it) => {
        if (!blk) return enumFor(self, name, [], () => self.a.length);
        checkFrozen(it, self);
        for (let i = 0; i < self.a.length; i++) {
          it.tick();
          self.a[i] = it.yield(blk, [self.a[i]]);
        }
        return self;
      },
      0,
    );
  mapBang("map!");
  mapBang("collect!");
  /** select!/keep_if/reject!/delete_if: keep elements whose block result is `keep`. */
  const filterBang = (name: string, keep: boolean, nilIfSame: boolean) =>
    c.define(
      name,
      (self: RArray, _a, blk, it) => {
        if (!blk) return enumFor(self, name, [], () => self.a.length);
        checkFrozen(it, self);
        const out: Value[] = [];
        const a = self.a;
        for (let i = 0; i < a.length; i++) {
          it.tick();
          if (truthy(it.yield(blk, [a[i]])) === keep) pushElement(out, a[i]);
        }
        const changed = out.length !== self.a.length;
        self.a.length = 0;
        pushElements(self.a, out);
        return nilIfSame && !changed ? null : self;
      },
      0,
    );
  filterBang("select!", true, true);
  filterBang("filter!", true, true);
  filterBang("keep_if", true, false);
  filterBang("reject!", false, true);
  filterBang("delete_if", false, false);

  // --- conversion
  c.define("to_a", (self: RArray) => (self.cls === cArray ? self : arr(self.a.slice())), 0);
  c.define("entries", (self: RArray) => arr(self.a.slice()), 0);
  c.define("to_ary", (self: RArray) => self, 0);
  c.define("inspect", (self: RArray, _a, _b, it) => str(inspectArray(it, self)), 0);
  c.define("to_s", (self: RArray, _a, _b, it) => str(inspectArray(it, self)), 0);
  c.define(
    "join",
    (self: RArray, args, _b, it) => {
      return joinValue(it, self, args.length ? args[0] : null);
    },
    [0, 1],
  );
  c.define("hash", (self: RArray) => structuralHash(self), 0);
  c.define("==", (self: RArray, args, _b, it) => {
    const o = args[0];
    if (o instanceof RArray) return arrayEq(it, self, o, false);
    if (o !== null && typeof o === "object" && !(o instanceof RString) && !o.cls.builtin && it.respondTo(o, "to_ary", true)) return truthy(it.send(o, "==", [self]));
    return false;
  }, 1);
  c.define("eql?", (self: RArray, args, _b, it) => args[0] instanceof RArray && arrayEq(it, self, args[0], true), 1);
  c.define(
    "<=>",
    (self: RArray, args, _b, it) => {
      const o = args[0];
      if (!(o instanceof RArray)) return null;
      if (self === o) return 0;
      const n = Math.min(self.a.length, o.a.length);
      for (let i = 0; i < n; i++) {
        const r = it.send(self.a[i], "<=>", [o.a[i]]);
        if (r !== 0) return r;
      }
      const d = self.a.length - o.a.length;
      return d === 0 ? 0 : d > 0 ? 1 : -1;
    },
    1,
  );

  // --- operators
  c.define("+", (self: RArray, args, _b, it) => {
    const o = otherAry(it, args[0]);
    it.checkSize(self.a.length + o.length, "Array");
    it.alloc?.(self.a.length + o.length);
    return arr([...self.a, ...o]);
  }, 1);
  c.define("-", (self: RArray, args, _b, it) => {
    const ks = keySet(otherAry(it, args[0]));
    return arr(self.a.filter((x) => !ks.has(hashKeyOf(x))));
  }, 1);
  c.define("difference", (self: RArray, args, _b, it) => {
    let cur = self.a.slice();
    for (const o of args) {
      const ks = keySet(otherAry(it, o));
      cur = cur.filter((x) => !ks.has(hashKeyOf(x)));
    }
    return arr(cur);
  });
  c.define(
    "*",
    (self: RArray, args, _b, it) => {
      const x = args[0];
      if (x instanceof RString) return joinValue(it, self, x);
      if (x !== null && typeof x === "object" && !(x instanceof RFloat) && !x.cls.builtin && it.respondTo(x, "to_str", true)) return str(joinArray(it, self, toStr(it, x)));
      const n = toInt(it, x);
      if (n < 0) it.raise("ArgumentError", "negative argument");
      it.checkSize(self.a.length * n, "Array");
      it.alloc?.(self.a.length * n);
      const out: Value[] = [];
      for (let i = 0; i < n; i++) pushElements(out, self.a);
      return arr(out);
    },
    1,
  );
  c.define("&", (self: RArray, args, _b, it) => arr(intersectArrays(self.a, [otherAry(it, args[0])])), 1);
  c.define("intersection", (self: RArray, args, _b, it) => arr(intersectArrays(self.a, args.map((o) => otherAry(it, o)))));
  c.define(
    "intersect?",
    (self: RArray, args, _b, it) => {
      const ks = keySet(otherAry(it, args[0]));
      return self.a.some((x) => ks.has(hashKeyOf(x)));
    },
    1,
  );
  c.define("|", (self: RArray, args, _b, it) => arr(uniqFast([...self.a, ...otherAry(it, args[0])])), 1);
  c.define("union", (self: RArray, args, _b, it) => {
    const all = [...self.a];
    for (const o of args) pushElements(all, otherAry(it, o));
    return arr(uniqFast(all));
  });

  // --- searching
  const index = (name: string) =>
    c.define(
      name,
      (self: RArray, args, blk, it) => {
        if (!args.length && !blk) return enumFor(self, name);
        for (let i = 0; i < self.a.length; i++) {
          it.tick();
          if (args.length ? it.eq(self.a[i], args[0]) : truthy(it.yield(blk!, [self.a[i]]))) return i;
        }
        return null;
      },
      [0, 1],
    );
  index("index");
  index("find_index");
  c.define(
    "rindex",
    (self: RArray, args, blk, it) => {
      if (!args.length && !blk) return enumFor(self, "rindex");
      for (let i = self.a.length - 1; i >= 0; i--) {
        if (i >= self.a.length) continue;
        it.tick();
        if (args.length ? it.eq(self.a[i], args[0]) : truthy(it.yield(blk!, [self.a[i]]))) return i;
      }
      return null;
    },
    [0, 1],
  );
  c.define(
    "include?",
    (self: RArray, args, _b, it) => {
      for (let i = 0; i < self.a.length; i++) if (it.eq(self.a[i], args[0])) return true;
      return false;
    },
    1,
  );
  c.define(
    "count",
    (self: RArray, args, blk, it) => {
      if (!args.length && !blk) return self.a.length;
      let n = 0;
      for (let i = 0; i < self.a.length; i++) {
        it.tick();
        if (args.length ? it.eq(self.a[i], args[0]) : truthy(it.yield(blk!, [self.a[i]]))) n++;
      }
      return n;
    },
    [0, 1],
  );

  // --- reordering / restructuring
  c.define("compact", (self: RArray) => arr(self.a.filter((x) => x !== null)), 0);
  c.define(
    "compact!",
    (self: RArray, _a, _b, it) => {
      checkFrozen(it, self);
      const out = self.a.filter((x) => x !== null);
      if (out.length === self.a.length) return null;
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    0,
  );
  c.define(
    "flatten",
    (self: RArray, args, _b, it) => {
      const out: Value[] = [];
      flattenInto(it, self.a, flattenDepth(it, args), out, new Set([self]));
      return arr(out);
    },
    [0, 1],
  );
  c.define(
    "flatten!",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      const out: Value[] = [];
      const changed = flattenInto(it, self.a, flattenDepth(it, args), out, new Set([self]));
      if (!changed) return null;
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    [0, 1],
  );
  // rb_ary_uniq: an array of 0 or 1 elements is copied without calling the block.
  c.define("uniq", (self: RArray, _a, blk, it) => arr(self.a.length <= 1 ? self.a.slice() : uniqValues(it, self.a, blk)), 0);
  c.define(
    "uniq!",
    (self: RArray, _a, blk, it) => {
      checkFrozen(it, self);
      if (self.a.length <= 1) return null;
      const out = uniqValues(it, self.a, blk);
      if (out.length === self.a.length) return null;
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    0,
  );
  c.define("reverse", (self: RArray) => arr(self.a.slice().reverse()), 0);
  c.define(
    "reverse!",
    (self: RArray, _a, _b, it) => {
      checkFrozen(it, self);
      self.a.reverse();
      return self;
    },
    0,
  );
  const rotated = (a: Value[], n: number): Value[] => {
    if (!a.length) return [];
    const k = ((n % a.length) + a.length) % a.length;
    return [...a.slice(k), ...a.slice(0, k)];
  };
  c.define("rotate", (self: RArray, args, _b, it) => arr(rotated(self.a, args.length ? toInt(it, args[0]) : 1)), [0, 1]);
  c.define(
    "rotate!",
    (self: RArray, args, _b, it) => {
      checkFrozen(it, self);
      const out = rotated(self.a, args.length ? toInt(it, args[0]) : 1);
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    [0, 1],
  );
  const sorter = (it: Interp, blk: RProc | null) => (a: Value, b: Value) => (blk ? blockCompare(it, blk, a, b) : compare(it, a, b));
  c.define("sort", (self: RArray, _a, blk, it) => arr(sortValues(it, self.a.slice(), sorter(it, blk))), 0);
  c.define(
    "sort!",
    (self: RArray, _a, blk, it) => {
      checkFrozen(it, self);
      const out = sortValues(it, self.a.slice(), sorter(it, blk));
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    0,
  );
  c.define(
    "sort_by!",
    (self: RArray, _a, blk, it) => {
      if (!blk) return enumFor(self, "sort_by!", [], () => self.a.length);
      checkFrozen(it, self);
      const out = sortBy(it, self.a.slice(), blk);
      self.a.length = 0;
      pushElements(self.a, out);
      return self;
    },
    0,
  );
  c.define(
    "take",
    (self: RArray, args, _b, it) => {
      const n = toInt(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "attempt to take negative size");
      return arr(self.a.slice(0, n));
    },
    1,
  );
  c.define(
    "drop",
    (self: RArray, args, _b, it) => {
      const n = toInt(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "attempt to drop negative size");
      return arr(self.a.slice(n));
    },
    1,
  );
  c.define(
    "transpose",
    (self: RArray, _a, _b, it) => {
      // rb_ary_transpose converts and checks each row in turn (a short row before a nil row wins).
      const rows: Value[][] = [];
      let w = 0;
      for (const r0 of self.a) {
        const r = otherAry(it, r0);
        if (!rows.length) w = r.length;
        else if (r.length !== w) it.raise("IndexError", `element size differs (${r.length} should be ${w})`);
        rows.push(r);
      }
      if (!rows.length) return arr([]);
      const out: Value[] = [];
      for (let j = 0; j < w; j++) pushElement(out, arr(rows.map((r) => r[j])));
      return arr(out);
    },
    0,
  );
  c.define("product", (self: RArray, args, blk, it) => {
    const lists = [self.a, ...args.map((o) => otherAry(it, o))];
    const res = productOf(it, lists);
    if (blk) {
      for (const p of res) (it.tick(), it.yield(blk, [p]));
      return self;
    }
    return arr(res);
  });
  c.define(
    "combination",
    (self: RArray, args, blk, it) => {
      const k = toInt(it, args[0]);
      const a = self.a.slice();
      if (!blk) return enumFor(self, "combination", args, () => binom(a.length, k));
      it.checkSize(binom(a.length, k), "Array");
      combinations(a.length, k, (idx) => {
        it.tick();
        it.yield(blk, [arr(idx.map((i) => a[i]))]);
      });
      return self;
    },
    1,
  );
  c.define(
    "permutation",
    (self: RArray, args, blk, it) => {
      const a = self.a.slice();
      const k = args.length && args[0] !== null ? toInt(it, args[0]) : a.length;
      let count = 0;
      if (k >= 0 && k <= a.length) {
        count = 1;
        for (let i = 0; i < k; i++) count *= a.length - i;
      }
      if (!blk) return enumFor(self, "permutation", args, () => count);
      it.checkSize(count, "Array");
      if (k < 0 || k > a.length) return self;
      const used = new Array<boolean>(a.length).fill(false);
      const cur: Value[] = [];
      const rec = (): void => {
        if (cur.length === k) {
          it.tick();
          it.yield(blk, [arr(cur.slice())]);
          return;
        }
        for (let i = 0; i < a.length; i++) {
          if (used[i]) continue;
          used[i] = true;
          cur.push(a[i]);
          rec();
          cur.pop();
          used[i] = false;
        }
      };
      rec();
      return self;
    },
    [0, 1],
  );
  c.define(
    "bsearch",
    (self: RArray, _a, blk, it) => {
      if (!blk) return enumFor(self, "bsearch");
      let low = 0;
      let high = self.a.length;
      let found: Value = null;
      while (low < high) {
        it.tick();
        const mid = low + ((high - low) >> 1);
        const x = self.a[mid];
        const v = it.yield(blk, [x]);
        if (v === true) {
          found = x;
          high = mid;
        } else if (v === false || v === null) {
          low = mid + 1;
        } else if (isInteger(v) || v instanceof RFloat) {
          const n = v instanceof RFloat ? v.v : Number(v);
          if (n === 0) return x;
          if (n < 0) high = mid;
          else low = mid + 1;
        } else {
          return it.raise("TypeError", `wrong argument type ${realClassOf(v).name} (must be numeric, true, false or nil)`);
        }
      }
      return found;
    },
    0,
  );
  c.define("zip", (self: RArray, args, blk, it) => {
    const others = args.map((o) => {
      if (o instanceof RArray) return o.a;
      if (o !== null && typeof o === "object" && it.respondTo(o, "to_ary", true)) return toAry(it, o);
      if (o !== null && typeof o === "object" && it.respondTo(o, "each")) return (it.send(o, "to_a") as RArray).a;
      return it.raise("TypeError", `wrong argument type ${realClassOf(o).name} (must respond to :each)`);
    });
    const out: Value[] = [];
    for (let i = 0; i < self.a.length; i++) {
      it.tick();
      const row = arr([self.a[i], ...others.map((o) => (i < o.length ? o[i] : null))]);
      if (blk) it.yield(blk, [row]);
      else pushElement(out, row);
    }
    return blk ? null : arr(out);
  });
  // --- copying / freezing
  c.define("dup", (self: RArray) => newLike(self, self.a.slice()), 0);
  c.define("clone", (self: RArray, args, _b, it) => {
    const copy = arr(self.a.slice());
    copy.cls = self.cls;
    if (self.ivars) copy.ivars = new Map(self.ivars);
    copy.frozen = cloneFrozen(it, self, args);
    return copy;
  });
  // freeze / frozen? are Kernel's.

  // --- nondeterministic: never silently different from Ruby
  c.define("sample", () => unsupported("Array#sample (random)"));
  c.define("shuffle", () => unsupported("Array#shuffle (random)"));
  c.define("shuffle!", () => unsupported("Array#shuffle! (random)"));
}
