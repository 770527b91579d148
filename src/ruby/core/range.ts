/**
 * Range (Ruby 4.0 semantics and messages): Integer, Float-bounded, String and generic `succ`
 * ranges. Mapping/selecting/summing come from Enumerable (which iterates ranges natively).
 */
import { pushElement } from "../runtime/budget.js";
import {
  type Interp,
  type Value,
  RProc,
  RRange,
  RString,
  RFloat,
  RClass,
  cRange,
  cNumeric,
  arr,
  str,
  flo,
  int,
  isInteger,
  isA,
  realClassOf,
} from "../runtime/values.js";
import { enumFor } from "./enumerator.js";
import { rangeArithSeq } from "./arith-seq.js";
import { rangeEach, stringUpto, cmpInt, extreme, extremeN, strCmp, toInt } from "./enumerable.js";
import { structuralHash } from "./array.js";

function isNumeric(v: Value): boolean {
  return isInteger(v) || v instanceof RFloat || (v !== null && typeof v === "object" && isA(v, cNumeric));
}

/** `a <=> b` as a number, or null when incomparable. */
function spaceship(it: Interp, a: Value, b: Value): number | null {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof RString && b instanceof RString && a.binary === b.binary) return strCmp(a.s, b.s);
  const r = it.send(a, "<=>", [b]);
  if (r === null) return null;
  return cmpInt(it, r, a, b);
}

/** r_cover_p: begin <= v and v < / <= end (nil bounds are open). */
export function rangeCovers(it: Interp, r: RRange, v: Value): boolean {
  if (r.begin !== null) {
    const c = spaceship(it, r.begin, v);
    if (c === null || c > 0) return false;
  }
  if (r.end !== null) {
    const c = spaceship(it, v, r.end);
    if (c === null) return false;
    return r.excl ? c < 0 : c <= 0;
  }
  return true;
}

function coversRange(it: Interp, r: RRange, o: RRange): boolean {
  // Ruby's r_cover_range_p, simplified for the common cases.
  if (o.begin !== null && !rangeCovers(it, r, o.begin)) {
    return false;
  }
  if (o.begin === null && r.begin !== null) return false;
  if (o.end === null) return r.end === null;
  if (r.end === null) return true;
  const c = spaceship(it, o.end, r.end);
  if (c === null) return false;
  if (c < 0) return true;
  if (c === 0) return !r.excl || o.excl;
  // o.end > r.end: only OK for integer exclusive ends covering the same last element
  if (o.excl && isInteger(o.end) && isInteger(r.end) && !r.excl) {
    return BigInt(o.end) - 1n <= BigInt(r.end);
  }
  return false;
}

function cantIterate(it: Interp, v: Value): never {
  return it.raise("TypeError", `can't iterate from ${realClassOf(v).name}`);
}

function rangeSize(it: Interp, r: RRange): Value {
  const b = r.begin;
  const e = r.end;
  if (isInteger(b)) {
    if (isInteger(e)) {
      let n = BigInt(e) - BigInt(b) + (r.excl ? 0n : 1n);
      if (n < 0n) n = 0n;
      return int(n);
    }
    if (e instanceof RFloat) {
      const bf = Number(b);
      const n = e.v - bf;
      if (Number.isNaN(n)) return flo(NaN);
      if (!Number.isFinite(n)) return n > 0 ? flo(Infinity) : 0;
      const err = Math.min(0.5, ((Math.abs(bf) + Math.abs(e.v) + Math.abs(n)) * Number.EPSILON));
      if (r.excl) {
        if (n <= 0) return 0;
        let k = n < 1 ? 0 : Math.floor(n - err);
        if (bf + k < e.v) k++;
        return k;
      }
      if (n < 0) return 0;
      return Math.floor(n + err) + 1;
    }
    if (e === null) return flo(Infinity);
    if (isNumeric(e)) return null;
  }
  if (b === null || b instanceof RFloat || typeof b === "boolean" || isInteger(b) || !it.respondTo(b, "succ")) cantIterate(it, b);
  return null;
}

function rangeToA(it: Interp, r: RRange): Value[] {
  if (r.end === null) it.raise("RangeError", "cannot convert endless range to an array");
  const out: Value[] = [];
  rangeEach(it, r, (x) => {
    pushElement(out, x);
    if ((out.length & 1023) === 0) {
      if (out.length > 1024) it.checkSize(out.length, "Array");
      it.alloc?.(1024);
    }
  });
  it.checkSize(out.length, "Array");
  it.alloc?.(out.length & 1023);
  return out;
}

function inspectRange(r: RRange, f: (v: Value) => string, toS: boolean): string {
  let s = "";
  if (toS || r.begin !== null || r.end === null) s += f(r.begin);
  s += r.excl ? "..." : "..";
  if (toS || r.begin === null || r.end !== null) s += f(r.end);
  return s;
}

/** Float steps as ruby_float_step does. */
function floatStep(it: Interp, beg: number, end: number, unit: number, excl: boolean, yieldFn: (v: Value) => void): void {
  const n0 = (end - beg) / unit;
  const err = ((Math.abs(beg) + Math.abs(end) + Math.abs(end - beg)) / Math.abs(unit)) * Number.EPSILON;
  if (!Number.isFinite(unit)) {
    if (unit > 0 ? beg <= end : beg >= end) yieldFn(flo(beg));
    return;
  }
  if (unit === 0) it.raise("ArgumentError", "step can't be 0");
  let n: number;
  if (err > 0.5) n = Math.floor(n0 + 0.5);
  else n = Math.floor(n0 + err);
  let count = n + 1;
  if (excl) {
    if (n0 <= 0) return;
    if (n0 < 1) count = 1;
    else {
      const d = n * unit + beg;
      count = (unit > 0 ? d < end : d > end) ? n + 1 : n;
    }
  } else if (n0 < 0) return;
  for (let i = 0; i < count; i++) {
    it.tick();
    let d = i * unit + beg;
    if (unit >= 0 ? end < d : d < end) d = end;
    yieldFn(flo(d));
  }
}

export function installRange(): void {
  const c = cRange;

  c.defineS(
    "new",
    (self: RClass, args, _b, it) => {
      const [b, e] = args;
      const excl = args.length > 2 && args[2] !== null && args[2] !== false;
      if (!(b === null || e === null) && !(isInteger(b) && isInteger(e))) {
        const r = it.send(b, "<=>", [e]);
        if (r === null) it.raise("ArgumentError", "bad value for range");
      }
      const r = new RRange(b, e, excl);
      if (self !== cRange) r.cls = self;
      return r;
    },
    [2, 3],
  );

  c.define("begin", (self: RRange) => self.begin, 0);
  c.define("end", (self: RRange) => self.end, 0);
  c.define("exclude_end?", (self: RRange) => self.excl, 0);
  c.define(
    "first",
    (self: RRange, args, _b, it) => {
      if (self.begin === null) it.raise("RangeError", "cannot get the first element of beginless range");
      if (!args.length) return self.begin;
      const n = toInt(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "negative array size (or size too big)");
      const out: Value[] = [];
      if (n === 0) return arr(out);
      rangeEach(it, self, (x) => {
        pushElement(out, x);
        if (out.length >= n) return true;
      });
      return arr(out);
    },
    [0, 1],
  );
  c.define(
    "last",
    (self: RRange, args, _b, it) => {
      if (self.end === null) it.raise("RangeError", "cannot get the last element of endless range");
      if (!args.length) return self.end;
      const n = toInt(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "negative array size");
      if (isInteger(self.begin) && isInteger(self.end)) {
        const e = BigInt(self.end) - (self.excl ? 1n : 0n);
        const b = BigInt(self.begin);
        const out: Value[] = [];
        let start = e - BigInt(n) + 1n;
        if (start < b) start = b;
        for (let i = start; i <= e; i++) pushElement(out, int(i));
        return arr(out);
      }
      const all = rangeToA(it, self);
      return arr(all.slice(Math.max(0, all.length - n)));
    },
    [0, 1],
  );
  c.define(
    "min",
    (self: RRange, args, blk, it) => {
      if (blk || (args.length && args[0] !== null)) {
        if (self.begin === null) it.raise("RangeError", "cannot get the minimum of beginless range with custom comparison method");
        if (self.end === null) it.raise("RangeError", "cannot get the minimum of endless range with custom comparison method");
        const list = rangeToA(it, self);
        if (args.length && args[0] !== null) return extremeN(it, list, toInt(it, args[0]), -1, blk);
        return extreme(it, list, -1, blk);
      }
      if (self.begin === null) it.raise("RangeError", "cannot get the minimum of beginless range");
      if (self.end === null) return self.begin;
      const cmp = spaceship(it, self.begin, self.end);
      if (cmp === null || cmp > 0 || (cmp === 0 && self.excl)) return null;
      return self.begin;
    },
    [0, 1],
  );
  const rangeMax = (self: RRange, args: Value[], blk: RProc | null, it: Interp): Value => {
    if (blk || (args.length && args[0] !== null)) {
      if (self.end === null) it.raise("RangeError", "cannot get the maximum of endless range with custom comparison method");
      if (self.begin === null) it.raise("RangeError", "cannot get the maximum of beginless range with custom comparison method");
      const list = rangeToA(it, self);
      if (args.length && args[0] !== null) return extremeN(it, list, toInt(it, args[0]), 1, blk);
      return extreme(it, list, 1, blk);
    }
    if (self.end === null) it.raise("RangeError", "cannot get the maximum of endless range");
    const e = self.end;
    if (self.excl) {
      if (!isInteger(e)) it.raise("TypeError", "cannot exclude non Integer end value");
      if (self.begin !== null && !isInteger(self.begin)) it.raise("TypeError", "cannot exclude end value with non Integer begin value");
      if (self.begin !== null) {
        const cmp = spaceship(it, self.begin, e);
        if (cmp === null || cmp >= 0) return null;
      }
      return int(BigInt(e) - 1n);
    }
    if (self.begin !== null) {
      const cmp = spaceship(it, self.begin, e);
      if (cmp === null || cmp > 0) return null;
    }
    return e;
  };
  c.define("max", rangeMax, [0, 1]);
  c.define(
    "minmax",
    (self: RRange, _a, blk, it) => {
      if (blk) {
        const list = rangeToA(it, self);
        return arr([extreme(it, list, -1, blk), extreme(it, list, 1, blk)]);
      }
      return arr([it.send(self, "min"), it.send(self, "max")]);
    },
    0,
  );
  c.define("size", (self: RRange, _a, _b, it) => rangeSize(it, self), 0);
  c.define(
    "count",
    (self: RRange, args, blk, it) => {
      if (!args.length && !blk) {
        if (isInteger(self.begin) && isInteger(self.end)) return rangeSize(it, self);
        if (self.begin === null || self.end === null) return flo(Infinity);
      }
      let n = 0;
      rangeEach(it, self, (x) => {
        if (args.length ? it.eq(x, args[0]) : blk ? truthyYield(it, blk, x) : true) n++;
      });
      return n;
    },
    [0, 1],
  );
  c.define(
    "each",
    (self: RRange, _a, blk, it) => {
      if (!blk) return enumFor(self, "each", [], (it2) => rangeSize(it2, self));
      rangeEach(it, self, (x) => void it.yield(blk, [x]));
      return self;
    },
    0,
  );
  c.define(
    "reverse_each",
    (self: RRange, _a, blk, it) => {
      if (!blk) return enumFor(self, "reverse_each", [], (it2) => rangeSize(it2, self));
      if (isInteger(self.end) && (self.begin === null || isInteger(self.begin))) {
        let i = BigInt(self.end) - (self.excl ? 1n : 0n);
        const b = self.begin === null ? null : BigInt(self.begin);
        for (; b === null || i >= b; i--) {
          it.tick();
          it.yield(blk, [int(i)]);
        }
        return self;
      }
      if (self.end === null) cantIterate(it, null);
      const list = rangeToA(it, self);
      for (let i = list.length - 1; i >= 0; i--) {
        it.tick();
        it.yield(blk, [list[i]]);
      }
      return self;
    },
    0,
  );
  c.define("to_a", (self: RRange, _a, _b, it) => arr(rangeToA(it, self)), 0);
  c.define("entries", (self: RRange, _a, _b, it) => arr(rangeToA(it, self)), 0);

  const include = (self: RRange, args: Value[], _b: RProc | null, it: Interp): Value => {
    const v = args[0];
    const b = self.begin;
    const e = self.end;
    if (isNumeric(b) || isNumeric(e)) return rangeCovers(it, self, v);
    if ((b instanceof RString || b === null) && (e instanceof RString || e === null)) {
      if (b instanceof RString && e instanceof RString) {
        if (!(v instanceof RString)) return false;
        let found = false;
        stringUpto(it, b, e, self.excl, (x) => {
          if ((x as RString).s === v.s) {
            found = true;
            return true;
          }
        });
        return found;
      }
      if (b === null && e === null) {
        // fall through to iteration error below
      } else {
        it.raise("TypeError", `cannot determine inclusion in beginless/endless ranges`);
      }
    }
    let found = false;
    rangeEach(it, self, (x) => {
      if (it.eq(x, v)) {
        found = true;
        return true;
      }
    });
    return found;
  };
  c.define("include?", include, 1);
  c.define("member?", include, 1);
  c.define(
    "cover?",
    (self: RRange, args, _b, it) => {
      const v = args[0];
      if (v instanceof RRange) return coversRange(it, self, v);
      return rangeCovers(it, self, v);
    },
    1,
  );
  c.define("===", (self: RRange, args, _b, it) => rangeCovers(it, self, args[0]), 1);

  const step = (name: string) =>
    c.define(
      name,
      (self: RRange, args, blk, it) => {
        const b = self.begin;
        const e = self.end;
        if (!args.length && !isNumeric(b)) {
          if (!blk) return enumFor(self, name, args);
        }
        const n = args.length ? args[0] : 1;
        if (isInteger(n) && Number(n) === 0) it.raise("ArgumentError", "step can't be 0");
        if (!blk && (isNumeric(b) || isNumeric(e)) && (isNumeric(b) || b === null) && (isNumeric(e) || e === null) && isNumeric(n)) {
          if (n instanceof RFloat && n.v === 0) it.raise("ArgumentError", "step can't be 0");
          return rangeArithSeq(self, name, args);
        }
        if (!blk) return enumFor(self, name, args, null);
        if (isInteger(b) && isInteger(n) && (isInteger(e) || e === null)) {
          const st = BigInt(n);
          let i = BigInt(b);
          const end = e === null ? null : BigInt(e);
          const more = (x: bigint) => end === null || (st > 0n ? (self.excl ? x < end : x <= end) : self.excl ? x > end : x >= end);
          for (; more(i); i += st) {
            it.tick();
            it.yield(blk, [int(i)]);
          }
          return self;
        }
        if (isNumeric(b) && isNumeric(n) && (isNumeric(e) || e === null)) {
          const bf = Number(b instanceof RFloat ? b.v : (b as number | bigint));
          const nf = Number(n instanceof RFloat ? n.v : (n as number | bigint));
          if (nf === 0) it.raise("ArgumentError", "step can't be 0");
          if (e === null) {
            for (let i = 0; ; i++) {
              it.tick();
              it.yield(blk, [flo(bf + i * nf)]);
            }
          }
          const ef = Number(e instanceof RFloat ? e.v : (e as number | bigint));
          floatStep(it, bf, ef, nf, self.excl, (v) => void it.yield(blk, [v]));
          return self;
        }
        // String / generic ranges: every n-th element of each
        const k = toInt(it, n);
        if (k < 0) it.raise("ArgumentError", "step can't be negative");
        let i = 0;
        rangeEach(it, self, (x) => {
          if (i++ % k === 0) it.yield(blk, [x]);
        });
        return self;
      },
      [0, 1],
    );
  step("step");
  step("%");

  c.define("inspect", (self: RRange, _a, _b, it) => str(inspectRange(self, (v) => it.inspect(v), false)), 0);
  c.define("to_s", (self: RRange, _a, _b, it) => str(inspectRange(self, (v) => it.toS(v), true)), 0);
  c.define(
    "==",
    (self: RRange, args, _b, it) => {
      const o = args[0];
      if (self === o) return true;
      return o instanceof RRange && self.excl === o.excl && it.eq(self.begin, o.begin) && it.eq(self.end, o.end);
    },
    1,
  );
  c.define(
    "eql?",
    (self: RRange, args, _b, it) => {
      const o = args[0];
      if (self === o) return true;
      return o instanceof RRange && self.excl === o.excl && it.eql(self.begin, o.begin) && it.eql(self.end, o.end);
    },
    1,
  );
  c.define("hash", (self: RRange) => structuralHash(arr([self.begin, self.end, self.excl])), 0);
  c.define("dup", (self: RRange) => new RRange(self.begin, self.end, self.excl), 0);
  c.define("frozen?", () => true, 0);
}

function truthyYield(it: Interp, blk: RProc, x: Value): boolean {
  const r = it.yield(blk, [x]);
  return r !== null && r !== false;
}
