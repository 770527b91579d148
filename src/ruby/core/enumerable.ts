/**
 * Enumerable: generic implementations over `each`, shared helpers for Array/Hash/Range
 * (iteration, comparison, sorting, summation). Array, Hash and Range iterate natively (fast
 * paths in {@link iterate}); any other receiver (a user class that includes Enumerable, an
 * Enumerator) is iterated by sending it `each` with a block.
 */
import { pushElement, pushElements } from "../runtime/budget.js";
import {
  type Interp,
  type Value,
  RProc,
  RArray,
  RHash,
  RRange,
  RString,
  RFloat,
  RSymbol,
  mEnumerable,
  arr,
  flo,
  str,
  int,
  isInteger,
  truthy,
  realClassOf,
  hashKeyOf,
} from "../runtime/values.js";
import { toInt as coerceToInt, toAry } from "../runtime/coerce.js";
import { BreakSignal } from "../interp/signals.js";
import { enumFor, packArgs, type SizeFn } from "./enumerator.js";

/** NUM2LONG: an Integer argument (nil is worded "no implicit conversion from nil to integer"). */
export function toInt(it: Interp, v: Value): number {
  if (v === null) return it.raise("TypeError", "no implicit conversion from nil to integer");
  return coerceToInt(it, v);
}

// ---------------------------------------------------------------------------------------------
// Iteration

/**
 * Thrown to leave a generic `each` early; only caught by the {@link iterate} that threw it. It is
 * Ruby's `break` out of the block, so it is a BreakSignal: a template's `ensure` in its own `each`
 * runs while it passes, as in Ruby.
 */
class EarlyExit extends BreakSignal {
  constructor(public readonly token: object) {
    super(token, null);
  }
}

const hashIterLevels = new WeakMap<RHash, number>();

/** Whether a hash is being iterated (adding a key then raises, as in Ruby). */
export function hashIterating(h: RHash): boolean {
  return (hashIterLevels.get(h) ?? 0) > 0;
}

/** Iterates a hash's pairs, marking it as being iterated; `fn` returns true to stop. */
export function hashEach(it: Interp, h: RHash, fn: (k: Value, v: Value) => boolean | void): void {
  hashIterLevels.set(h, (hashIterLevels.get(h) ?? 0) + 1);
  try {
    for (const e of h.map.values()) {
      it.tick();
      if (fn(e[0], e[1]) === true) return;
    }
  } finally {
    hashIterLevels.set(h, (hashIterLevels.get(h) ?? 1) - 1);
  }
}

/**
 * Calls `fn` with each element `obj.each` yields (several yielded values packed into an Array,
 * as Enumerable does). `fn` returns true to stop early.
 */
export function iterate(it: Interp, obj: Value, fn: (x: Value, raw?: Value[]) => boolean | void): void {
  if (obj instanceof RArray) {
    for (let i = 0; i < obj.a.length; i++) {
      it.tick();
      if (fn(obj.a[i]) === true) return;
    }
    return;
  }
  if (obj instanceof RHash) {
    hashEach(it, obj, (k, v) => fn(arr([k, v])));
    return;
  }
  if (obj instanceof RRange) {
    rangeEach(it, obj, fn);
    return;
  }
  const token = {};
  try {
    it.send(
      obj,
      "each",
      [],
      new RProc((args) => {
        it.tick();
        if (fn(packArgs(args), args.length > 1 ? args : undefined) === true) throw new EarlyExit(token);
        return null;
      }, -1),
    );
  } catch (e) {
    if (e instanceof EarlyExit && e.token === token) return;
    throw e;
  }
}

/**
 * Yields one element the way Enumerable's enum_yield does: when the source `each` yielded several
 * values, they are passed as several block arguments (so `|x|` gets the first); otherwise the
 * single (possibly packed) value.
 */
export function yieldSpread(it: Interp, blk: RProc, x: Value, raw: Value[] | undefined): Value {
  return raw ? it.yield(blk, raw) : it.yield(blk, [x]);
}

/** All elements as a JS array. */
export function toList(it: Interp, obj: Value): Value[] {
  if (obj instanceof RArray) return obj.a.slice();
  const out: Value[] = [];
  iterate(it, obj, (x) => {
    pushElement(out, x);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Range iteration (shared with range.ts)

function cantIterate(it: Interp, v: Value): never {
  return it.raise("TypeError", `can't iterate from ${realClassOf(v).name}`);
}

/** Ruby's String#upto iteration (rb_str_upto_each). */
export function stringUpto(it: Interp, beg: RString, end: RString, excl: boolean, fn: (x: Value) => boolean | void): void {
  const b = beg.s;
  const e = end.s;
  const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);
  if (b.length === 1 && e.length === 1 && ascii(b) && ascii(e)) {
    let c = b.charCodeAt(0);
    const ec = e.charCodeAt(0);
    if (c > ec || (excl && c === ec)) return;
    for (;;) {
      it.tick();
      if (fn(str(String.fromCharCode(c))) === true) return;
      if (!excl && c === ec) return;
      c++;
      if (excl && c === ec) return;
    }
  }
  if (/^[0-9]+$/.test(b) && /^[0-9]+$/.test(e)) {
    const width = b.length;
    let bi = BigInt(b);
    const ei = BigInt(e);
    while (bi <= ei) {
      if (excl && bi === ei) break;
      it.tick();
      if (fn(str(bi.toString().padStart(width, "0"))) === true) return;
      bi++;
    }
    return;
  }
  const n = strCmp(b, e);
  if (n > 0 || (excl && n === 0)) return;
  const afterEnd = it.send(end, "succ");
  let current: Value = str(b);
  const seq = (x: Value, y: Value) => x instanceof RString && y instanceof RString && x.s === y.s;
  while (!seq(current, afterEnd)) {
    it.tick();
    let next: Value = null;
    if (excl || !seq(current, end)) next = it.send(current, "succ");
    if (fn(current) === true) return;
    if (next === null) return;
    current = next;
    if (!(current instanceof RString)) return;
    if (excl && seq(current, end)) return;
    if (current.s.length > e.length || current.s.length === 0) return;
  }
}

/** Range#each semantics; `fn` returns true to stop. */
export function rangeEach(it: Interp, r: RRange, fn: (x: Value) => boolean | void): void {
  const b = r.begin;
  const e = r.end;
  if (typeof b === "number" && (typeof e === "number" || e === null || e instanceof RFloat)) {
    const lim = e === null ? Infinity : typeof e === "number" ? e : e.v;
    for (let i = b; r.excl ? i < lim : i <= lim; i++) {
      it.tick();
      if (!Number.isSafeInteger(i)) {
        // continue with bigints
        let bi = BigInt(i);
        for (;;) {
          if (e !== null && (r.excl ? !(Number(bi) < lim) : !(Number(bi) <= lim))) return;
          it.tick();
          if (fn(int(bi)) === true) return;
          bi++;
        }
      }
      if (fn(i) === true) return;
    }
    return;
  }
  if (isInteger(b) && (isInteger(e) || e === null)) {
    let bi = BigInt(b);
    const ei = e === null ? null : BigInt(e);
    for (; ei === null || (r.excl ? bi < ei : bi <= ei); bi++) {
      it.tick();
      if (fn(int(bi)) === true) return;
    }
    return;
  }
  if (b instanceof RString && e instanceof RString) {
    stringUpto(it, b, e, r.excl, fn);
    return;
  }
  if (b instanceof RString && e === null) {
    let cur: Value = b;
    for (;;) {
      it.tick();
      if (fn(cur) === true) return;
      cur = it.send(cur, "succ");
    }
  }
  if (b === null || b instanceof RFloat || typeof b === "boolean" || isInteger(b) || !it.respondTo(b, "succ")) cantIterate(it, b);
  if (b instanceof RSymbol && e instanceof RSymbol) {
    stringUpto(it, str(b.name), str(e.name), r.excl, (x) => fn(RSymbol.of((x as RString).s)));
    return;
  }
  let v: Value = b;
  if (e === null) {
    for (;;) {
      it.tick();
      if (fn(v) === true) return;
      v = it.send(v, "succ");
    }
  }
  for (;;) {
    const c = it.send(v, "<=>", [e]);
    if (c === null) return;
    const ci = cmpInt(it, c, v, e);
    if (r.excl ? ci >= 0 : ci > 0) return;
    it.tick();
    if (fn(v) === true) return;
    if (ci === 0) return;
    v = it.send(v, "succ");
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison, arithmetic

/** How rb_cmperr describes the right-hand operand: inspect for special constants, else the class. */
function cmpOperand(it: Interp, b: Value): string {
  if (b === null || typeof b === "boolean" || typeof b === "number" || b instanceof RFloat || b instanceof RSymbol) return it.inspect(b);
  // A Fixnum on 64-bit CRuby (special constant) is inspected too; a Bignum is named by its class.
  if (typeof b === "bigint" && b >= -(2n ** 62n) && b < 2n ** 62n) return it.inspect(b);
  return realClassOf(b).name;
}

export function cmpFailed(it: Interp, a: Value, b: Value): never {
  return it.raise("ArgumentError", `comparison of ${realClassOf(a).name} with ${cmpOperand(it, b)} failed`);
}

/** rb_cmpint: the sign of a `<=>` result (nil raises "comparison of A with B failed"). */
export function cmpInt(it: Interp, v: Value, a: Value, b: Value): number {
  if (v === null) return cmpFailed(it, a, b);
  if (typeof v === "number") return v > 0 ? 1 : v < 0 ? -1 : 0;
  if (typeof v === "bigint") return v > 0n ? 1 : v < 0n ? -1 : 0;
  if (truthy(it.send(v, ">", [0]))) return 1;
  if (truthy(it.send(v, "<", [0]))) return -1;
  return 0;
}

/** `a <=> b` as -1/0/1 (fast for Integer/Float/String, dynamic otherwise). */
export function compare(it: Interp, a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof RString && b instanceof RString && a.cls === b.cls && a.binary === b.binary) return strCmp(a.s, b.s);
  if (a instanceof RFloat && b instanceof RFloat && !Number.isNaN(a.v) && !Number.isNaN(b.v)) return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  // OPTIMIZED_CMP: `a <=> b`, then rb_cmpint (nil raises rb_cmperr's "comparison of A with B failed").
  return cmpInt(it, it.send(a, "<=>", [b]), a, b);
}

/** String <=> as Ruby does it on UTF-8 bytes (code point order; UTF-16 order differs past U+D7FF). */
export function strCmp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 || y >= 0xd800) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Comparison through a sort block: `blk.call(a, b)` interpreted by rb_cmpint. */
export function blockCompare(it: Interp, blk: RProc, a: Value, b: Value): number {
  return cmpInt(it, it.yield(blk, [a, b]), a, b);
}

/**
 * Sorts in place with glibc's merge sort (what CRuby's ruby_qsort is on Linux: qsort_r), so ties
 * stay stable and comparisons happen in the same order (which decides the "comparison of X with
 * Y failed" message). One tick per comparison.
 */
export function sortValues(it: Interp, list: Value[], cmp: (a: Value, b: Value) => number): Value[] {
  const n = list.length;
  if (n <= 1) return list;
  const tmp: Value[] = new Array(n);
  const rec = (lo: number, len: number): void => {
    if (len <= 1) return;
    const n1 = len >> 1;
    const n2 = len - n1;
    rec(lo, n1);
    rec(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    let c1 = n1;
    let c2 = n2;
    let k = 0;
    while (c1 > 0 && c2 > 0) {
      it.tick();
      if (cmp(list[i], list[j]) <= 0) {
        tmp[k++] = list[i++];
        c1--;
      } else {
        tmp[k++] = list[j++];
        c2--;
      }
    }
    while (c1 > 0) {
      tmp[k++] = list[i++];
      c1--;
    }
    for (let t = 0; t < k; t++) list[lo + t] = tmp[t];
  };
  rec(0, n);
  return list;
}

export function intAdd(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return int(BigInt(a) + BigInt(b));
}

/** Ruby's Array#sum / Enumerable#sum: exact Integer sums, Kahan-Babuska for Floats, `+` otherwise. */
export function sumValues(it: Interp, each: (fn: (x: Value) => void) => void, init: Value, blk: RProc | null): Value {
  let v: Value = init;
  let mode: "int" | "float" | "generic" = isInteger(init) ? "int" : "generic";
  let f = 0;
  let c = 0;
  each((x0) => {
    const e = blk ? it.yield(blk, [x0]) : x0;
    if (mode === "int") {
      if (isInteger(e)) {
        v = intAdd(v as number | bigint, e);
        return;
      }
      if (e instanceof RFloat) {
        mode = "float";
        f = Number(v as number | bigint);
        c = 0;
      } else {
        mode = "generic";
        v = it.send(v, "+", [e]);
        return;
      }
    }
    if (mode === "float") {
      let x: number;
      if (e instanceof RFloat) x = e.v;
      else if (typeof e === "number") x = e;
      else if (typeof e === "bigint") x = Number(e);
      else {
        mode = "generic";
        v = it.send(flo(f), "+", [e]);
        return;
      }
      if (Number.isNaN(f)) return;
      if (Number.isNaN(x)) {
        f = x;
        return;
      }
      if (!Number.isFinite(x)) {
        if (!Number.isFinite(f) && Math.sign(x) !== Math.sign(f)) f = NaN;
        else f = x;
        return;
      }
      if (!Number.isFinite(f)) return;
      const t = f + x;
      if (Math.abs(f) >= Math.abs(x)) c += f - t + x;
      else c += x - t + f;
      f = t;
      return;
    }
    v = it.send(v, "+", [e]);
  });
  if ((mode as string) === "float") return flo(f + c);
  return v;
}

/** `pattern === x`. */
export function caseEq(it: Interp, pattern: Value, x: Value): boolean {
  return truthy(it.send(pattern, "===", [x]));
}

/** The size function for enumerators over a receiver (its `size`, when it has one). */
export function sizeOf(self: Value): SizeFn {
  return (it) => {
    if (self instanceof RArray) return self.a.length;
    if (self instanceof RHash) return self.size;
    return it.respondTo(self, "size") ? it.send(self, "size") : null;
  };
}

/** The number in `each_slice(n)` style arguments, validated. */
function sliceSize(it: Interp, v: Value, msg: string): number {
  const n = toInt(it, v);
  if (n <= 0) it.raise("ArgumentError", msg);
  return n;
}

/** Builds the pair for to_h: Array's messages name the index, Enumerable's and Hash's do not. */
export function toHPair(it: Interp, v: Value, i: number, indexed: boolean): [Value, Value] {
  const withBlock = !indexed;
  let pair: Value[] | null = null;
  if (v instanceof RArray) pair = v.a;
  else if (v !== null && typeof v === "object" && !(v instanceof RString) && it.respondTo(v, "to_ary", true)) pair = toAry(it, v);
  if (!pair) {
    // With a block, rb_builtin_class_name: nil/true/false by name, other values by class.
    const blockName = v === null ? "nil" : typeof v === "boolean" ? String(v) : realClassOf(v).name;
    it.raise("TypeError", withBlock ? `wrong element type ${blockName} (expected array)` : `wrong element type ${realClassOf(v).name} at ${i} (expected array)`);
  }
  if (pair.length !== 2) {
    it.raise("ArgumentError", withBlock ? `element has wrong array length (expected 2, was ${pair.length})` : `wrong array length at ${i} (expected 2, was ${pair.length})`);
  }
  return [pair[0], pair[1]];
}

/** min/max over a list; `sign` -1 for min, 1 for max. Keeps the first of equal elements. */
export function extreme(it: Interp, list: Value[], sign: number, blk: RProc | null, ary = false): Value {
  let best: Value = null;
  let first = true;
  for (const v of list) {
    it.tick();
    if (first) {
      best = v;
      first = false;
      continue;
    }
    // Array#min/#max without a block (ary_min_generic) compare `best <=> v`; Enumerable's and the
    // block forms compare `v <=> best` (which decides "comparison of X with Y failed").
    if (ary && !blk) {
      if (compare(it, best, v) * sign < 0) best = v;
      continue;
    }
    const c = blk ? blockCompare(it, blk, v, best) : compare(it, v, best);
    if (c * sign > 0) best = v;
  }
  return best;
}

/**
 * `[a, b, ...].min` / `.max` on an array literal (CRuby's opt_newarray_send: vm_opt_newarray_min/max),
 * which compares `v <=> best` rather than Array#min's `best <=> v`; `sign` -1 for min, 1 for max.
 * For the compiler, when the receiver is an array literal without splats and min/max gets no
 * arguments and no block (and Array#min/max are not redefined).
 */
export function newarrayMinMax(it: Interp, list: Value[], sign: number): Value {
  return extreme(it, list, sign, null, false);
}

/** min(n)/max(n): the n smallest/largest, sorted. */
export function extremeN(it: Interp, list: Value[], n: number, sign: number, blk: RProc | null): Value {
  return nminRun(it, list, n, null, sign > 0, blk);
}

/**
 * CRuby's rb_nmin_run (enum.c), which min(n)/max(n)/min_by(n)/max_by(n) share: elements (with their
 * `by` keys) fill a buffer of 4n; a full buffer is cut to the n best by a quickselect (nmin_filter)
 * whose last pivot then rejects worse elements on arrival; the n left are sorted and, for max,
 * reversed. Reproduced step for step because the order of ties depends on it.
 */
function nminRun(it: Interp, list: Value[], n: number, by: RProc | null, rev: boolean, cmpBlk: RProc | null): Value {
  if (n < 0) it.raise("ArgumentError", `negative size (${n})`);
  if (n === 0) return arr([]);
  const cmp = (a: Value, b: Value): number => (cmpBlk && !by ? blockCompare(it, cmpBlk, a, b) : compare(it, a, b));
  const bufmax = n * 4;
  let buf: { k: Value; v: Value }[] = [];
  let limit = null as { k: Value } | null;
  const filter = (): void => {
    if (buf.length <= n) return;
    const swap = (i: number, j: number): void => {
      const t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    };
    let left = 0;
    let right = buf.length - 1;
    let store = 0;
    for (;;) {
      let pivot = left + Math.floor((right - left) / 2);
      let pivots = 1;
      swap(pivot, right);
      pivot = right;
      store = left;
      let i = left;
      while (i <= right - pivots) {
        it.tick();
        let c = cmp(buf[i].k, buf[pivot].k);
        if (rev) c = -c;
        if (c === 0) {
          swap(i, right - pivots);
          pivots++;
          continue;
        }
        if (c < 0) swap(i, store++);
        i++;
      }
      let j = store;
      for (i = right; right - pivots < i; i--) {
        if (j <= i) swap(j++, i);
      }
      if (store <= n && n <= store + pivots) break;
      if (n < store) right = store - 1;
      else left = store + pivots;
    }
    limit = { k: buf[store].k };
    buf = buf.slice(0, n);
  };
  for (const v of list) {
    it.tick();
    const k = by ? it.yield(by, [v]) : v;
    if (limit !== null) {
      let c = cmp(k, limit.k);
      if (rev) c = -c;
      if (c >= 0) continue;
    }
    buf.push({ k, v });
    if (buf.length === bufmax) filter();
  }
  filter();
  const sorted = sortValues(it, buf as unknown as Value[], (a, b) => cmp((a as unknown as { k: Value }).k, (b as unknown as { k: Value }).k)) as unknown as { v: Value }[];
  const out = sorted.map((e) => e.v);
  if (rev) out.reverse();
  return arr(out);
}

function byExtreme(it: Interp, list: Value[], blk: RProc, sign: number): Value {
  let best: Value = null;
  let bestKey: Value = null;
  let first = true;
  for (const v of list) {
    it.tick();
    const k = it.yield(blk, [v]);
    if (first) {
      best = v;
      bestKey = k;
      first = false;
      continue;
    }
    if (compare(it, k, bestKey) * sign > 0) {
      best = v;
      bestKey = k;
    }
  }
  return best;
}

export function sortBy(it: Interp, list: Value[], blk: RProc): Value[] {
  const keyed: Value[] = list.map((v) => (it.tick(), arr([it.yield(blk, [v]), v])));
  if (keyed.length > 1 && keyed.every((p) => isUniformKey((p as RArray).a[0]))) {
    // Every key a Fixnum or a Float: CRuby sorts with its own introsort (enum.c, rb_uniform_intro_sort_2),
    // whatever the libc, so ties come out in that algorithm's order.
    const pairs = keyed.map((p) => ({ v: (p as RArray).a[0], i: (p as RArray).a[1] }));
    uniformIntroSort(it, pairs);
    return pairs.map((p) => p.i);
  }
  sortValues(it, keyed, (x, y) => compare(it, (x as RArray).a[0], (y as RArray).a[0]));
  return keyed.map((p) => (p as RArray).a[1]);
}

/** A Fixnum on 64-bit CRuby, or a Float. */
function isUniformKey(v: Value): boolean {
  if (typeof v === "number" || v instanceof RFloat) return true;
  return typeof v === "bigint" && v >= -(2n ** 62n) && v < 2n ** 62n;
}

function uniformNum(v: Value): number | bigint {
  return v instanceof RFloat ? v.v : (v as number | bigint);
}

/** rb_uniform_is_less: Fixnum/Float `<` (a NaN compares as not less). */
function uless(a: Value, b: Value): boolean {
  const x = uniformNum(a);
  const y = uniformNum(b);
  if (typeof x === "bigint" || typeof y === "bigint") {
    if (typeof x === "number" && !Number.isInteger(x)) return Number.isNaN(x) ? false : x < Number(y);
    if (typeof y === "number" && !Number.isInteger(y)) return Number.isNaN(y) ? false : Number(x) < y;
    return BigInt(x) < BigInt(y);
  }
  return x < y;
}

interface UPair {
  v: Value;
  i: Value;
}

/** enum.c's rb_uniform_intro_sort_2 (sorted check, quicksort with median of 3, heapsort fallback, insertion sort at 16). */
function uniformIntroSort(it: Interp, a: UPair[]): void {
  const n = a.length;
  let sorted = true;
  for (let p = 1; p < n; p++) {
    it.tick();
    if (uless(a[p].v, a[p - 1].v)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const d = 31 - Math.clz32(n);
  const swap = (x: number, y: number): void => {
    const t = a[x];
    a[x] = a[y];
    a[y] = t;
  };
  const insertion = (b: number, e: number): void => {
    if (e - b < 2) return;
    for (let index = b + 1; index < e; index++) {
      it.tick();
      const tmp = a[index];
      let j = index;
      let k = index;
      if (uless(tmp.v, a[b].v)) {
        while (b < j) {
          a[j] = a[--k];
          j = k;
        }
      } else {
        while (uless(tmp.v, a[--k].v)) {
          a[j] = a[k];
          j = k;
        }
      }
      a[j] = tmp;
    }
  };
  const heapDown = (b: number, offset: number, len: number): void => {
    const tmp = a[b + offset];
    let c: number;
    while ((c = (offset << 1) + 1) <= len) {
      it.tick();
      if (c < len && uless(a[b + c].v, a[b + c + 1].v)) c++;
      if (!uless(tmp.v, a[b + c].v)) break;
      a[b + offset] = a[b + c];
      offset = c;
    }
    a[b + offset] = tmp;
  };
  const heapsort = (b: number, e: number): void => {
    const m = e - b;
    if (m < 2) return;
    for (let offset = m >> 1; offset > 0; ) heapDown(b, --offset, m - 1);
    for (let offset = m - 1; offset > 0; ) {
      swap(b, b + offset);
      heapDown(b, 0, --offset);
    }
  };
  const med3 = (x: Value, y: Value, z: Value): Value =>
    uless(x, y) ? (uless(y, z) ? y : uless(z, x) ? x : z) : uless(z, y) ? y : uless(x, z) ? x : z;
  const quick = (b: number, e: number, depth: number): void => {
    if (e - b <= 16) return insertion(b, e);
    if (depth === 0) return heapsort(b, e);
    const x = med3(a[b].v, a[b + ((e - b) >> 1)].v, a[e - 1].v);
    let i = b;
    let j = e - 1;
    do {
      while (uless(a[i].v, x)) (it.tick(), i++);
      while (uless(x, a[j].v)) (it.tick(), j--);
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    } while (i <= j);
    j++;
    if (e - j > 1) quick(j, e, depth - 1);
    if (i - b > 1) quick(b, i, depth - 1);
  };
  quick(0, n, d << 1);
}

/** inject/reduce argument handling shared by Array and Enumerable. */
export function injectValues(it: Interp, each: (fn: (x: Value) => void) => void, args: Value[], blk: RProc | null): Value {
  let acc: Value = null;
  let have = false;
  let op: string | null = null;
  if (args.length === 2) {
    acc = args[0];
    have = true;
    op = opName(it, args[1]);
  } else if (args.length === 1 && !blk) {
    op = opName(it, args[0]);
  } else if (args.length === 1) {
    acc = args[0];
    have = true;
  } else if (args.length > 2) {
    it.raise("ArgumentError", `wrong number of arguments (given ${args.length}, expected 0..2)`);
  } else if (!blk) {
    it.raise("ArgumentError", "wrong number of arguments (given 0, expected 1..2)");
  }
  each((x) => {
    if (!have) {
      acc = x;
      have = true;
      return;
    }
    if (op !== null) {
      if (op === "+" && isInteger(acc) && isInteger(x)) acc = intAdd(acc, x);
      else acc = it.send(acc, op, [x]);
    } else acc = it.yield(blk!, [acc, x]);
  });
  return acc;
}

function opName(it: Interp, v: Value): string {
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RString) return v.s;
  return it.raise("TypeError", `${it.inspect(v)} is not a symbol nor a string`);
}

export function tallyInto(it: Interp, list: Iterable<Value>, h: RHash): RHash {
  for (const v of list) {
    const cur = h.lookup(v);
    if (cur === undefined) h.set(v, 1);
    else if (isInteger(cur)) h.set(v, intAdd(cur, 1));
    else it.raise("TypeError", `wrong argument type ${realClassOf(cur).name} (expected Integer)`);
  }
  return h;
}

export function uniqValues(it: Interp, list: Value[], blk: RProc | null): Value[] {
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const v of list) {
    it.tick();
    const k = hashKeyOf(blk ? it.yield(blk, [v]) : v);
    if (seen.has(k)) continue;
    seen.add(k);
    pushElement(out, v);
  }
  return out;
}

/** chunk_while / slice_when over a list. */
export function chunkWhile(it: Interp, list: Value[], blk: RProc, negate: boolean): RArray {
  const out: Value[] = [];
  let cur: Value[] | null = null;
  for (let i = 0; i < list.length; i++) {
    it.tick();
    if (cur === null) {
      cur = [list[i]];
      continue;
    }
    let split = truthy(it.yield(blk, [list[i - 1], list[i]]));
    if (!negate) split = !split;
    if (split) {
      pushElement(out, arr(cur));
      cur = [list[i]];
    } else cur.push(list[i]);
  }
  if (cur) pushElement(out, arr(cur));
  return arr(out);
}

/** An enumerator over an already-computed list (for chunk_while/slice_when). */
export function listEnumerator(list: RArray): Value {
  const e = enumFor(list, "each", [], () => null);
  return e;
}

/** zip helper: each argument as a JS array (Array, to_ary, or via each). */
export function zipArgs(it: Interp, args: Value[]): Value[][] {
  return args.map((a) => {
    if (a instanceof RArray) return a.a;
    if (a !== null && typeof a === "object" && it.respondTo(a, "to_ary", true)) return toAry(it, a);
    if (a !== null && typeof a === "object" && it.respondTo(a, "each")) return toList(it, a);
    return it.raise("TypeError", `wrong argument type ${realClassOf(a).name} (must respond to :each)`);
  });
}

// ---------------------------------------------------------------------------------------------
// The module

/** `first(n)` / `take(n)`: the first n elements, stopping the iteration early. */
function takeN(it: Interp, self: Value, count: Value): RArray {
  const n = toInt(it, count);
  if (n < 0) it.raise("ArgumentError", "attempt to take negative size");
  const out: Value[] = [];
  if (n === 0) return arr(out);
  iterate(it, self, (x) => {
    pushElement(out, x);
    if (out.length >= n) return true;
  });
  return arr(out);
}

export function installEnumerable(): void {
  const m = mEnumerable;
  const each = (it: Interp, self: Value) => (fn: (x: Value) => void) => iterate(it, self, (x) => void fn(x));

  m.define("to_a", (self, _args, _blk, it) => arr(toList(it, self)));
  m.define("entries", (self, _args, _blk, it) => arr(toList(it, self)));

  const map = (name: string) =>
    m.define(
      name,
      (self, _args, blk, it) => {
        if (!blk) return enumFor(self, name, [], sizeOf(self));
        const out: Value[] = [];
        iterate(it, self, (x, raw) => {
          pushElement(out, yieldSpread(it, blk, x, raw));
        });
        return arr(out);
      },
      0,
    );
  map("map");
  map("collect");

  const flatMap = (name: string) =>
    m.define(
      name,
      (self, _args, blk, it) => {
        if (!blk) return enumFor(self, name, [], sizeOf(self));
        const out: Value[] = [];
        iterate(it, self, (x, raw) => {
          const r = yieldSpread(it, blk, x, raw);
          if (r instanceof RArray) pushElements(out, r.a);
          else if (r !== null && typeof r === "object" && !(r instanceof RString) && it.respondTo(r, "to_ary", true)) pushElements(out, toAry(it, r));
          else pushElement(out, r);
        });
        it.checkSize(out.length, "Array");
        return arr(out);
      },
      0,
    );
  flatMap("flat_map");
  flatMap("collect_concat");

  const selectLike = (name: string, keep: boolean) =>
    m.define(
      name,
      (self, _args, blk, it) => {
        if (!blk) return enumFor(self, name, [], sizeOf(self));
        const out: Value[] = [];
        iterate(it, self, (x) => {
          if (truthy(it.yield(blk, [x])) === keep) pushElement(out, x);
        });
        return arr(out);
      },
      0,
    );
  selectLike("select", true);
  selectLike("filter", true);
  selectLike("find_all", true);
  selectLike("reject", false);

  m.define(
    "filter_map",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "filter_map", [], sizeOf(self));
      const out: Value[] = [];
      iterate(it, self, (x, raw) => {
        const r = yieldSpread(it, blk, x, raw);
        if (truthy(r)) pushElement(out, r);
      });
      return arr(out);
    },
    0,
  );

  const find = (name: string) =>
    m.define(
      name,
      (self, args, blk, it) => {
        if (!blk) return enumFor(self, name, args);
        let found: Value = null;
        let ok = false;
        iterate(it, self, (x) => {
          if (truthy(it.yield(blk, [x]))) {
            found = x;
            ok = true;
            return true;
          }
        });
        if (!ok && args.length && args[0] !== null) return it.send(args[0], "call");
        return found;
      },
      [0, 1],
    );
  find("find");
  find("detect");

  m.define(
    "find_index",
    (self, args, blk, it) => {
      if (!blk && !args.length) return enumFor(self, "find_index");
      let i = 0;
      let res: Value = null;
      iterate(it, self, (x, raw) => {
        if (args.length ? it.eq(x, args[0]) : truthy(yieldSpread(it, blk!, x, raw))) {
          res = i;
          return true;
        }
        i++;
      });
      return res;
    },
    [0, 1],
  );

  m.define(
    "each_with_index",
    (self, args, blk, it) => {
      if (!blk) return enumFor(self, "each_with_index", args, sizeOf(self));
      let i = 0;
      if (args.length) {
        const e = enumFor(self, "each", args);
        iterate(it, e, (x) => void it.yield(blk, [x, i++]));
      } else iterate(it, self, (x) => void it.yield(blk, [x, i++]));
      return self;
    },
  );

  m.define(
    "each_with_object",
    (self, args, blk, it) => {
      const memo = args[0];
      if (!blk) return enumFor(self, "each_with_object", args, sizeOf(self));
      iterate(it, self, (x) => void it.yield(blk, [x, memo]));
      return memo;
    },
    1,
  );

  m.define(
    "each_entry",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "each_entry", [], sizeOf(self));
      iterate(it, self, (x) => void it.yield(blk, [x]));
      return self;
    },
    0,
  );

  const include = (self: Value, args: Value[], _blk: RProc | null, it: Interp) => {
    let found = false;
    iterate(it, self, (x) => {
      if (it.eq(x, args[0])) {
        found = true;
        return true;
      }
    });
    return found;
  };
  m.define("include?", include, 1);
  m.define("member?", include, 1);

  const minmax = (name: string, sign: number) =>
    m.define(
      name,
      (self, args, blk, it) => {
        const list = toList(it, self);
        if (args.length && args[0] !== null) return extremeN(it, list, toInt(it, args[0]), sign, blk);
        return extreme(it, list, sign, blk, self instanceof RArray);
      },
      [0, 1],
    );
  minmax("min", -1);
  minmax("max", 1);
  m.define(
    "minmax",
    (self, _args, blk, it) => {
      const list = toList(it, self);
      // Array#minmax is [min, max] (rb_ary_minmax); Enumerable's pairwise walk is not reproduced here.
      return arr([extreme(it, list, -1, blk, self instanceof RArray), extreme(it, list, 1, blk, self instanceof RArray)]);
    },
    0,
  );
  const by = (name: string, sign: number) =>
    m.define(
      name,
      (self, args, blk, it) => {
        if (!blk) return enumFor(self, name, args, sizeOf(self));
        const list = toList(it, self);
        if (args.length && args[0] !== null) return nminRun(it, list, toInt(it, args[0]), blk, sign > 0, null);
        return byExtreme(it, list, blk, sign);
      },
      [0, 1],
    );
  by("min_by", -1);
  by("max_by", 1);
  m.define(
    "minmax_by",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "minmax_by", [], sizeOf(self));
      const list = toList(it, self);
      return arr([byExtreme(it, list, blk, -1), byExtreme(it, list, blk, 1)]);
    },
    0,
  );

  m.define(
    "sort",
    (self, _args, blk, it) => arr(sortValues(it, toList(it, self), (a, b) => (blk ? blockCompare(it, blk, a, b) : compare(it, a, b)))),
    0,
  );
  m.define(
    "sort_by",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "sort_by", [], sizeOf(self));
      return arr(sortBy(it, toList(it, self), blk));
    },
    0,
  );

  const inject = (self: Value, args: Value[], blk: RProc | null, it: Interp) => injectValues(it, each(it, self), args, blk);
  m.define("inject", inject);
  m.define("reduce", inject);

  m.define(
    "sum",
    (self, args, blk, it) => {
      const init = args.length ? args[0] : 0;
      if (self instanceof RRange && !blk && isInteger(init) && isInteger(self.begin) && isInteger(self.end)) {
        const b = BigInt(self.begin);
        let e = BigInt(self.end);
        if (self.excl) e -= 1n;
        if (e < b) return init;
        return int(BigInt(init) + ((e - b + 1n) * (b + e)) / 2n);
      }
      return sumValues(it, each(it, self), init, blk);
    },
    [0, 1],
  );

  m.define(
    "count",
    (self, args, blk, it) => {
      let n = 0;
      iterate(it, self, (x, raw) => {
        if (args.length ? it.eq(x, args[0]) : blk ? truthy(yieldSpread(it, blk, x, raw)) : true) n++;
      });
      return n;
    },
    [0, 1],
  );

  m.define(
    "first",
    (self, args, _blk, it) => {
      if (!args.length) {
        let r: Value = null;
        iterate(it, self, (x) => {
          r = x;
          return true;
        });
        return r;
      }
      return takeN(it, self, args[0]);
    },
    [0, 1],
  );
  m.define(
    "take",
    (self, args, _blk, it) => {
      return takeN(it, self, args[0]);
    },
    1,
  );
  m.define(
    "drop",
    (self, args, _blk, it) => {
      const n = toInt(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "attempt to drop negative size");
      return arr(toList(it, self).slice(n));
    },
    1,
  );
  m.define(
    "take_while",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "take_while");
      const out: Value[] = [];
      iterate(it, self, (x, raw) => {
        if (!truthy(yieldSpread(it, blk, x, raw))) return true;
        pushElement(out, x);
      });
      return arr(out);
    },
    0,
  );
  m.define(
    "drop_while",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "drop_while");
      const out: Value[] = [];
      let dropping = true;
      iterate(it, self, (x) => {
        if (dropping && truthy(it.yield(blk, [x]))) return;
        dropping = false;
        pushElement(out, x);
      });
      return arr(out);
    },
    0,
  );

  m.define(
    "group_by",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "group_by", [], sizeOf(self));
      const h = new RHash();
      iterate(it, self, (x) => {
        const k = it.yield(blk, [x]);
        const cur = h.lookup(k);
        if (cur instanceof RArray) cur.a.push(x);
        else h.set(k, arr([x]));
      });
      return h;
    },
    0,
  );
  m.define(
    "partition",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "partition", [], sizeOf(self));
      const t: Value[] = [];
      const f: Value[] = [];
      iterate(it, self, (x) => {
        (truthy(it.yield(blk, [x])) ? t : f).push(x);
      });
      return arr([arr(t), arr(f)]);
    },
    0,
  );
  m.define(
    "chunk_while",
    (self, _args, blk, it) => {
      if (!blk) it.raise("ArgumentError", "tried to create Proc object without a block");
      return listEnumerator(chunkWhile(it, toList(it, self), blk!, false));
    },
    0,
  );
  m.define(
    "slice_when",
    (self, _args, blk, it) => {
      if (!blk) it.raise("ArgumentError", "tried to create Proc object without a block");
      return listEnumerator(chunkWhile(it, toList(it, self), blk!, true));
    },
    0,
  );

  const predicate = (name: string, test: (hits: number, total: number) => boolean | null, stopAt: (hits: number, misses: number) => boolean) =>
    m.define(
      name,
      (self, args, blk, it) => {
        let hits = 0;
        let misses = 0;
        iterate(it, self, (x, raw) => {
          const ok = args.length ? caseEq(it, args[0], x) : blk ? truthy(yieldSpread(it, blk, x, raw)) : truthy(x);
          if (ok) hits++;
          else misses++;
          if (stopAt(hits, misses)) return true;
        });
        return test(hits, hits + misses);
      },
      [0, 1],
    );
  predicate("any?", (h) => h > 0, (h) => h > 0);
  predicate("all?", (h, t) => h === t, (_h, m) => m > 0);
  predicate("none?", (h) => h === 0, (h) => h > 0);
  predicate("one?", (h) => h === 1, (h) => h > 1);

  m.define(
    "each_slice",
    (self, args, blk, it) => {
      const n = sliceSize(it, args[0], "invalid slice size");
      if (!blk)
        return enumFor(self, "each_slice", args, (it2) => {
          const s = sizeOf(self)(it2);
          return typeof s === "number" ? Math.ceil(s / n) : s;
        });
      let cur: Value[] = [];
      iterate(it, self, (x) => {
        cur.push(x);
        if (cur.length === n) {
          const s = cur;
          cur = [];
          it.yield(blk, [arr(s)]);
        }
      });
      if (cur.length) it.yield(blk, [arr(cur)]);
      return self;
    },
    1,
  );
  m.define(
    "each_cons",
    (self, args, blk, it) => {
      const n = sliceSize(it, args[0], "invalid size");
      if (!blk)
        return enumFor(self, "each_cons", args, (it2) => {
          const s = sizeOf(self)(it2);
          return typeof s === "number" ? Math.max(0, s - n + 1) : s;
        });
      const cur: Value[] = [];
      iterate(it, self, (x) => {
        cur.push(x);
        if (cur.length > n) cur.shift();
        if (cur.length === n) it.yield(blk, [arr(cur.slice())]);
      });
      return self;
    },
    1,
  );

  m.define("zip", (self, args, blk, it) => {
    const others = zipArgs(it, args);
    const out: Value[] = [];
    let i = 0;
    iterate(it, self, (x) => {
      it.tick();
      const row = arr([x, ...others.map((o) => (i < o.length ? o[i] : null))]);
      i++;
      if (blk) it.yield(blk, [row]);
      else pushElement(out, row);
    });
    return blk ? null : arr(out);
  });

  m.define(
    "tally",
    (self, args, _blk, it) => {
      const h = args.length ? (args[0] as RHash) : new RHash();
      if (!(h instanceof RHash)) it.raise("TypeError", `no implicit conversion of ${realClassOf(h).name} into Hash`);
      if (h.frozen) it.raise("FrozenError", `can't modify frozen Hash: ${it.inspect(h)}`);
      return tallyInto(it, toList(it, self), h);
    },
    [0, 1],
  );
  m.define(
    "uniq",
    (self, _args, blk, it) => {
      if (!blk) return arr(uniqValues(it, toList(it, self), null));
      const seen = new Set<unknown>();
      const out: Value[] = [];
      iterate(it, self, (x, raw) => {
        const k = hashKeyOf(yieldSpread(it, blk, x, raw));
        if (!seen.has(k)) {
          seen.add(k);
          pushElement(out, x);
        }
      });
      return arr(out);
    },
    0,
  );
  m.define("compact", (self, _args, _blk, it) => arr(toList(it, self).filter((x) => x !== null)), 0);

  m.define("to_h", (self, args, blk, it) => {
    const h = new RHash();
    let i = 0;
    iterate(it, self, (x, raw) => {
      const [k, v] = toHPair(it, blk ? yieldSpread(it, blk, x, raw) : x, i++, self instanceof RArray);
      h.set(k, v);
    });
    void args;
    return h;
  });

  m.define(
    "reverse_each",
    (self, _args, blk, it) => {
      if (!blk) return enumFor(self, "reverse_each", [], sizeOf(self));
      const list = toList(it, self);
      for (let i = list.length - 1; i >= 0; i--) {
        it.tick();
        it.yield(blk, [list[i]]);
      }
      return self;
    },
    0,
  );

  const grep = (name: string, keep: boolean) =>
    m.define(
      name,
      (self, args, blk, it) => {
        const out: Value[] = [];
        iterate(it, self, (x) => {
          if (caseEq(it, args[0], x) === keep) pushElement(out, blk ? it.yield(blk, [x]) : x);
        });
        return arr(out);
      },
      1,
    );
  grep("grep", true);
  grep("grep_v", false);

  m.define(
    "cycle",
    (self, args, blk, it) => {
      if (!blk) return enumFor(self, "cycle", args);
      const list = toList(it, self);
      if (args.length && args[0] !== null) {
        const n = toInt(it, args[0]);
        for (let k = 0; k < n; k++) for (const x of list) (it.tick(), it.yield(blk, [x]));
        return null;
      }
      if (!list.length) return null;
      for (;;) for (const x of list) (it.tick(), it.yield(blk, [x]));
    },
    [0, 1],
  );
}
