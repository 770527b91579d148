/**
 * `Enumerator::ArithmeticSequence`: what `(1..10).step(3)`, `(1..10) % 3` and `1.step(10, 4)`
 * return without a block. It iterates by re-sending the step call with a block (it is an
 * Enumerator), and answers `begin`/`end`/`step`/`exclude_end?`/`size`/`last`/`==` from its
 * terms with Ruby's own arithmetic (sent as methods, so Integer and Float rules are Ruby's).
 */
import { type Interp, type Value, RArray, RFloat, RHash, RProc, RRange, hashKeyOf, int, isInteger, str, truthy } from "../runtime/values.js";
import { toInt } from "../runtime/coerce.js";
import { REnumerator, cEnumerator } from "./enumerator.js";
import { defineBuiltinClass } from "../runtime/values.js";

export const cArithSeq = defineBuiltinClass("ArithmeticSequence", cEnumerator, cEnumerator);

export class RArithSeq extends REnumerator {
  constructor(
    recv: Value,
    meth: string,
    args: Value[],
    readonly first: Value,
    readonly last: Value,
    readonly stepBy: Value,
    readonly excl: boolean,
  ) {
    super(recv, meth, args);
    this.cls = cArithSeq;
  }

  override valueKey(): string {
    return JSON.stringify([this.first, this.last, this.stepBy].map((v) => String(hashKeyOf(v))).concat(String(this.excl)));
  }
}

/** `range.step(n)` / `range % n` without a block. */
export function rangeArithSeq(range: RRange, meth: string, args: Value[]): RArithSeq {
  return new RArithSeq(range, meth, args, range.begin, range.end, args.length ? args[0] : 1, range.excl);
}

/** `num.step(limit, step)` / `num.step(by:, to:)` without a block (arguments already checked). */
export function numericArithSeq(num: Value, args: Value[], limit: Value, step: Value): RArithSeq {
  return new RArithSeq(num, "step", args, num, limit, step, false);
}

const isFloat = (v: Value): v is RFloat => v instanceof RFloat;
const num = (v: Value): number => (v instanceof RFloat ? v.v : Number(v as number | bigint));

/** arith_seq_size: Integer terms count exactly; a Float term counts as ruby_float_step_size does. */
function size(it: Interp, self: RArithSeq, floatStepSize: (b: number, e: number, u: number, x: boolean) => number): Value {
  const { first: b, last: e, stepBy: s } = self;
  if (isFloat(b) || isFloat(e) || isFloat(s)) {
    const end = e === null ? (num(s) < 0 ? -Infinity : Infinity) : num(e);
    const n = self.excl ? exclFloatCount(num(b), end, num(s)) : floatStepSize(num(b), end, num(s), false);
    return Number.isFinite(n) ? int(BigInt(n)) : new RFloat(n);
  }
  if (e === null) return new RFloat(Infinity);
  if (!isInteger(b) || !isInteger(e) || !isInteger(s)) return null;
  const bb = BigInt(b);
  const ee = BigInt(e);
  const ss = BigInt(s);
  if (ss === 0n) return new RFloat(Infinity);
  const diff = ee - bb;
  if (ss > 0n ? diff < 0n : diff > 0n) return 0;
  let q = diff / ss; // same sign: truncation is floor
  if (!(self.excl && bb + q * ss === ee)) q += 1n;
  return int(q);
}

/** How many values an exclusive Float step yields (the count Range#step iterates). */
function exclFloatCount(beg: number, end: number, unit: number): number {
  if (unit === 0) return Infinity;
  if (!Number.isFinite(unit)) return (unit > 0 ? beg < end : beg > end) ? 1 : 0;
  const n0 = (end - beg) / unit;
  if (!Number.isFinite(n0)) return n0 > 0 ? Infinity : 0;
  const err = ((Math.abs(beg) + Math.abs(end) + Math.abs(end - beg)) / Math.abs(unit)) * Number.EPSILON;
  const n = err > 0.5 ? Math.floor(n0 + 0.5) : Math.floor(n0 + err);
  if (n0 <= 0) return 0;
  if (n0 < 1) return 1;
  const d = n * unit + beg;
  return (unit > 0 ? d < end : d > end) ? n + 1 : n;
}

/** arith_seq_first without a count: the begin itself (even as an Integer before Float steps), nil when empty. */
function first(it: Interp, self: RArithSeq): Value {
  const { first: b, last: e, stepBy: s } = self;
  if (b === null) return null;
  if (e !== null) {
    const r = it.cmp(s, 0);
    if (r > 0 && truthy(it.send(b, ">", [e]))) return null;
    if (r < 0 && truthy(it.send(b, "<", [e]))) return null;
  }
  return b;
}

/** arith_seq_last, term for term (num_idiv, then the exclusive-end adjustment). */
function last(it: Interp, self: RArithSeq, args: Value[]): Value {
  const { first: b, last: e, stepBy: s } = self;
  if (e === null) return it.raise("RangeError", "cannot get the last element of endless arithmetic sequence");
  const send = (x: Value, op: string, y: Value): Value => it.send(x, op, [y]);
  const len1 = send(send(e, "-", b), "div", s);
  if (it.cmp(len1, 0) < 0) return args.length === 0 ? null : new RArray([]);
  let lastV = send(b, "+", send(s, "*", len1));
  const adjusted = self.excl && it.eq(lastV, e);
  if (adjusted) lastV = send(lastV, "-", s);
  if (args.length === 0) return lastV;
  const len = adjusted ? len1 : send(len1, "+", 1);
  let nv: Value = toInt(it, args[0]);
  if (it.cmp(nv, len) > 0) nv = len;
  const n = Number(nv);
  if (n < 0) return it.raise("ArgumentError", "negative array size");
  it.checkSize(n, "Array");
  const out: Value[] = [];
  let x = send(lastV, "-", send(s, "*", nv));
  for (let i = 0; i < n; i++) {
    it.tick();
    x = send(x, "+", s);
    out.push(x);
  }
  return new RArray(out);
}

/** first(n): the first n values of the iteration (Enumerable#first's stop-early walk). */
function firstN(it: Interp, self: RArithSeq, nv: Value): Value {
  const n = toInt(it, nv);
  if (n < 0) return it.raise("ArgumentError", "attempt to take negative size");
  const out: Value[] = [];
  if (n === 0) return new RArray(out);
  const stop = {};
  try {
    it.send(self.recv, self.meth, self.args, new RProc((args) => {
      out.push(args[0] ?? null);
      if (out.length >= n) throw stop;
      return null;
    }, -1));
  } catch (e) {
    if (e !== stop) throw e;
  }
  return new RArray(out);
}

function inspect(it: Interp, self: RArithSeq): string {
  const args = self.args.map((a) => {
    if (a instanceof RHash && a.kw) {
      const h = it.inspect(a);
      return h.slice(1, -1);
    }
    return it.inspect(a);
  });
  const call = `${self.meth}${args.length ? `(${args.join(", ")})` : ""}`;
  const recv = self.recv instanceof RRange ? `(${it.inspect(self.recv)})` : it.inspect(self.recv);
  return `(${recv}.${call})`;
}

export function installArithSeq(floatStepSize: (b: number, e: number, u: number, x: boolean) => number): void {
  const c = cArithSeq;
  c.define("begin", (self: RArithSeq) => self.first, 0);
  c.define("end", (self: RArithSeq) => self.last, 0);
  c.define("step", (self: RArithSeq) => self.stepBy, 0);
  c.define("exclude_end?", (self: RArithSeq) => self.excl, 0);
  c.define("size", (self: RArithSeq, _a, _b, it) => size(it, self, floatStepSize), 0);
  c.define("last", (self: RArithSeq, args, _b, it) => last(it, self, args), [0, 1]);
  c.define("first", (self: RArithSeq, args, _b, it) => (args.length === 0 ? first(it, self) : firstN(it, self, args[0])), [0, 1]);
  c.define("each", (self: RArithSeq, _a, blk, it) => {
    if (!blk) return self;
    it.send(self.recv, self.meth, self.args, blk);
    return self;
  }, 0);
  const eq = (self: RArithSeq, o: Value, it: Interp): boolean =>
    o instanceof RArithSeq && self.excl === o.excl && it.eq(self.first, o.first) && it.eq(self.last, o.last) && it.eq(self.stepBy, o.stepBy);
  c.define("==", (self: RArithSeq, [o], _b, it) => eq(self, o, it), 1);
  c.define("===", (self: RArithSeq, [o], _b, it) => eq(self, o, it), 1);
  c.define("eql?", (self: RArithSeq, [o]) => o instanceof RArithSeq && hashKeyOf(self) === hashKeyOf(o), 1);
  c.define("hash", (self: RArithSeq, _a, _b, it) => it.send(new RArray([self.first, self.last, self.stepBy, self.excl]), "hash"), 0);
  c.define("inspect", (self: RArithSeq, _a, _b, it) => str(inspect(it, self)), 0);
  // Ruby's is Kernel#to_s, which shows an address: the class name alone here.
  c.define("to_s", () => str("#<Enumerator::ArithmeticSequence>"), 0);
}
