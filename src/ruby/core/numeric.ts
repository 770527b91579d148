/**
 * Integer, Float and Numeric methods, plus the Kernel#Integer / Kernel#Float conversions.
 *
 * Integers are JS numbers while safe and bigints beyond; every integer result goes through
 * {@link int} (and never is -0). Floats are {@link RFloat}. Semantics and messages follow CRuby 4.0's
 * numeric.c (floored division, modulo with the divisor's sign, coerce protocol, round-half-up with
 * the `(f + 0.5) / s <= x` check, float_round_overflow/underflow ...).
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { conversionName, toStr } from "../runtime/coerce.js";
import { chargeArray, chargeBigLinear, chargeBigWork, checkBits, intBits, intToString, parseBigDigits } from "../runtime/budget.js";
import {
  type Interp,
  type RProc,
  type Value,
  RArray,
  RClass,
  RFloat,
  RHash,
  RString,
  RSymbol,
  arr,
  cArgumentError,
  cFloat,
  cNilClass,
  mKernel,
  cInteger,
  cNumeric,
  cObject,
  defineBuiltinClass,
  defineBuiltinModule,
  flo,
  int,
  isInteger,
  realClassOf,
  str,
  sym,
  truthy,
} from "../runtime/values.js";
import { enumFor as makeEnum } from "./enumerator.js";
import { numericArithSeq } from "./arith-seq.js";
import { floatToS } from "./float-to-s.js";
import { trimRubySpace } from "../runtime/trim.js";

export type Int = number | bigint;

const unsupported = (what: string): never => {
  throw new UnsupportedRubyError(what, {});
};

// ---------------------------------------------------------------------------------------------
// Integer arithmetic helpers (exported for format.ts and other core files).

export const big = (v: Int): bigint => (typeof v === "bigint" ? v : BigInt(v));
/** Normalizes -0 away and bigints into numbers when safe. */
export function norm(v: Int): Int {
  return typeof v === "number" ? v + 0 : int(v);
}
export function iadd(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  if (typeof a === "bigint" || typeof b === "bigint") chargeBigLinear(intBits(a), intBits(b));
  return int(big(a) + big(b));
}
export function isub(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  if (typeof a === "bigint" || typeof b === "bigint") chargeBigLinear(intBits(a), intBits(b));
  return int(big(a) - big(b));
}
export function imul(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  const ba = intBits(a);
  const bb = intBits(b);
  // The product has at most ba + bb bits: refuse it before V8 computes it, charge the work.
  checkBits(ba + bb - 1);
  chargeBigWork(ba, bb);
  return int(big(a) * big(b));
}
/** Floored division and modulo (divisor != 0). */
export function idivmod(a: Int, b: Int): [Int, Int] {
  if (typeof a === "number" && typeof b === "number") {
    let r = a % b;
    let q = (a - r) / b;
    if (r !== 0 && r < 0 !== b < 0) {
      q -= 1;
      r += b;
    }
    return [q + 0, r + 0];
  }
  chargeBigWork(intBits(a), intBits(b));
  const A = big(a);
  const B = big(b);
  let q = A / B;
  let r = A % B;
  if (r !== 0n && r < 0n !== B < 0n) {
    q -= 1n;
    r += B;
  }
  return [int(q), int(r)];
}
/** Whether a 64-bit CRuby holds this Integer as a Fixnum (-2**62 ... 2**62-1); some behaviour differs for Bignums. */
export function isFixnum(a: Int): boolean {
  return typeof a === "number" || (a >= -(2n ** 62n) && a < 2n ** 62n);
}
export function isign(a: Int): number {
  return typeof a === "number" ? Math.sign(a) : a > 0n ? 1 : a < 0n ? -1 : 0;
}
export function ineg(a: Int): Int {
  return typeof a === "number" ? -a + 0 : int(-a);
}
export function iabs(a: Int): Int {
  return isign(a) < 0 ? ineg(a) : a;
}
export function icmp(a: Int, b: Int): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
/** Integer -> double as Ruby does (nearest). */
/** Integer -> double. `+ 0` turns a stray JS -0 (an Integer has no sign of zero) into 0. */
export const i2f = (a: Int): number => Number(a) + 0;
/** A finite integral double -> Integer. */
export function dbl2ival(x: number): Int {
  if (Number.isSafeInteger(x)) return x + 0;
  return int(BigInt(x));
}
const BIG_POW_LIMIT_BITS = 32 * 1024 * 1024; // CRuby refuses around here ("exponent is too large")
function bitLen(a: Int): number {
  const v = big(a);
  const m = v < 0n ? -v : v;
  return m === 0n ? 0 : m.toString(2).length;
}
export function ipow(it: Interp, a: Int, b: Int): Int {
  if (isign(b) < 0) return unsupported("Rational (Integer#** with a negative exponent)");
  const A = big(a);
  if (isign(b) === 0) return 1;
  if (A === 0n || A === 1n) return int(A);
  if (A === -1n) return big(b) % 2n === 0n ? 1 : -1;
  if (typeof b === "bigint" || bitLen(a) * Number(b) > BIG_POW_LIMIT_BITS) {
    return it.raise("ArgumentError", "exponent is too large");
  }
  // Repeated squaring: the last squaring dominates; refuse an oversized result before computing it.
  const bits = intBits(A) * Number(b);
  checkBits(bits - Number(b) + 1);
  chargeBigWork(bits, bits);
  return int(A ** BigInt(b));
}
function ishl(it: Interp, a: Int, n: Int): Int {
  if (isign(n) < 0) return ishr(a, ineg(n));
  if (isign(a) === 0) return 0;
  if (typeof n === "bigint" || n > BIG_POW_LIMIT_BITS) return it.raise("RangeError", "shift width too big");
  checkBits(intBits(a) + n);
  chargeBigWork(intBits(a) + n, 0);
  return int(big(a) << BigInt(n));
}
function ishr(a: Int, n: Int): Int {
  if (isign(n) < 0) {
    if (typeof n === "bigint" || -n > BIG_POW_LIMIT_BITS) return unsupported("huge left shift");
    checkBits(intBits(a) - n);
    return int(big(a) << BigInt(-n));
  }
  if (typeof n === "bigint" || n > 1e6) return isign(a) < 0 ? -1 : 0;
  return int(big(a) >> BigInt(n));
}

// ---------------------------------------------------------------------------------------------
// Messages

export function isNumeric(v: Value): v is number | bigint | RFloat {
  return typeof v === "number" || typeof v === "bigint" || v instanceof RFloat;
}
function describeOperand(it: Interp, y: Value): string {
  if (y === null || typeof y === "boolean" || typeof y === "number" || y instanceof RSymbol || y instanceof RFloat) return it.inspect(y);
  return realClassOf(y).name;
}
function coerceFailed(it: Interp, x: Value, y: Value): never {
  return it.raise("TypeError", `${describeOperand(it, y)} can't be coerced into ${realClassOf(x).name}`);
}
export function cmpErr(it: Interp, x: Value, y: Value): never {
  return it.raise("ArgumentError", `comparison of ${realClassOf(x).name} with ${describeOperand(it, y)} failed`);
}
function zeroDiv(it: Interp): never {
  return it.raise("ZeroDivisionError", "divided by 0");
}
function floatDomain(it: Interp, x: number): never {
  return it.raise("FloatDomainError", Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
}

/** `y.coerce(x)` → [x', y'] or null (no coerce method). */
function doCoerce(it: Interp, x: Value, y: Value, err: boolean): [Value, Value] | null {
  if (y === null || typeof y !== "object" || y instanceof RString || y instanceof RSymbol || !it.respondTo(y, "coerce", true)) {
    if (err) coerceFailed(it, x, y);
    return null;
  }
  const r = it.send(y, "coerce", [x]);
  if (!err && r === null) return null;
  if (!(r instanceof RArray) || r.a.length !== 2) return it.raise("TypeError", "coerce must return [x, y]");
  return [r.a[0], r.a[1]];
}
function coerceBin(it: Interp, x: Value, y: Value, op: string): Value {
  const [a, b] = doCoerce(it, x, y, true)!;
  return it.send(a, op, [b]);
}
function coerceRelop(it: Interp, x: Value, y: Value, op: string): Value {
  const c = doCoerce(it, x, y, false);
  if (!c) return cmpErr(it, x, y);
  const r = it.send(c[0], op, [c[1]]);
  if (r === null) return cmpErr(it, x, y);
  return r;
}
function coerceCmp(it: Interp, x: Value, y: Value): Value {
  const c = doCoerce(it, x, y, false);
  if (!c) return null;
  return it.send(c[0], "<=>", [c[1]]);
}

// ---------------------------------------------------------------------------------------------
// Float helpers

/** CRuby's flodivmod: [div, mod]; raises ZeroDivisionError for y == 0. */
export function flodivmod(it: Interp, x: number, y: number): [number, number] {
  if (Number.isNaN(y)) return [y, y];
  if (y === 0) zeroDiv(it);
  let mod: number;
  if (x === 0 || (!Number.isFinite(y) && Number.isFinite(x))) mod = x;
  else mod = x % y;
  let div: number;
  if (!Number.isFinite(x) && Number.isFinite(y)) div = x;
  else div = cRound((x - mod) / y);
  if (y * mod < 0) {
    mod += y;
    div -= 1;
  }
  return [div, mod];
}
/** Numeric#remainder with a Float involved: `z = x % y; z - y` when signs differ. */
function numRemainderFloat(it: Interp, x: number, y: number, self: Value): Value {
  const z = floMod(it, x, y);
  if (z !== 0 && ((x < 0 && y > 0) || (x > 0 && y < 0))) {
    if (!Number.isFinite(y)) return self instanceof RFloat ? self : self;
    return flo(z - y);
  }
  return flo(z);
}
/** Correctly rounded a / b for Integers (CRuby divides bignums exactly). */
export function ifdiv(a: Int, b: Int): number {
  if (typeof a === "number" && typeof b === "number") return (a + 0) / (b + 0);
  let A = big(a);
  let B = big(b);
  if (B !== 0n) {
    // CRuby reduces by the gcd, then divides two Fixnums as doubles and Bignums (nearly) exactly
    const g = gcdBig(A, B);
    if (g > 1n) {
      A /= g;
      B /= g;
    }
    if (isFixnum(A) && isFixnum(B)) return Number(A) / Number(B);
  }
  if (B === 0n) return A === 0n ? NaN : A > 0n ? Infinity : -Infinity;
  let neg = false;
  if (A < 0n) {
    A = -A;
    neg = !neg;
  }
  if (B < 0n) {
    B = -B;
    neg = !neg;
  }
  if (A === 0n) return neg ? -0 : 0;
  let k = Math.max(0, 66 + B.toString(2).length - A.toString(2).length);
  let q = (A << BigInt(k)) / B;
  const r = (A << BigInt(k)) % B;
  if (r !== 0n) {
    q = (q << 1n) | 1n;
    k += 1;
  }
  let v = Number(q);
  while (k > 0) {
    const step = Math.min(k, 1000);
    v /= 2 ** step;
    k -= step;
  }
  return neg ? -v : v;
}
/**
 * x ** n for a small integral n, correctly rounded (C's pow is; V8's Math.pow is not always).
 */
export function fpowExact(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isInteger(y) || Math.abs(y) > 64 || x === 0 || y === 0) return Math.pow(x, y);
  const [n, d] = floatToRational(x);
  const e = BigInt(Math.abs(y));
  const num = n ** e;
  const den = d ** e;
  return y > 0 ? ifdiv(int(num), int(den)) : ifdiv(int(den), int(num));
}
function floMod(it: Interp, x: number, y: number): number {
  return flodivmod(it, x, y)[1];
}
/** C `round`: half away from zero. */
export function cRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  if (x > 0) return x - f >= 0.5 ? f + 1 : f;
  if (x < 0) {
    const c = Math.ceil(x);
    return c - x >= 0.5 ? c - 1 : c;
  }
  return x;
}
function frexpExp(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  // fix rounding of log2 near powers of two: 2^(e-1) <= |x| < 2^e
  const a = Math.abs(x);
  while (Math.pow(2, e - 1) > a) e--;
  while (Math.pow(2, e) <= a) e++;
  return e;
}
function floatRoundOverflow(ndigits: number, binexp: number): boolean {
  const floatDig = 15 + 2;
  return ndigits >= floatDig - (binexp > 0 ? Math.trunc(binexp / 4) : Math.trunc(binexp / 3) - 1);
}
function floatRoundUnderflow(ndigits: number, binexp: number): boolean {
  return ndigits < -(binexp > 0 ? Math.trunc(binexp / 3) + 1 : Math.trunc(binexp / 4));
}
type Mode = "up" | "even" | "down";
function roundHalfUp(x: number, s: number): number {
  const xs = x * s;
  let f = cRound(xs);
  if (s === 1.0) return f;
  if (x > 0) {
    if ((f + 0.5) / s <= x) f += 1;
    x = f;
  } else {
    if ((f - 0.5) / s >= x) f -= 1;
    x = f;
  }
  return x;
}
function roundHalfDown(x: number, s: number): number {
  const xs = x * s;
  let f = cRound(xs);
  if (x > 0) {
    if ((f - 0.5) / s >= x) f -= 1;
    x = f;
  } else {
    if ((f + 0.5) / s <= x) f += 1;
    x = f;
  }
  return x;
}
function roundHalfEven(x: number, s: number): number {
  const u = Math.trunc(x);
  const v = x - u;
  const us = u * s;
  const vs = v * s;
  let f: number;
  let uf: number;
  let d: number;
  if (x > 0.0) {
    f = Math.floor(vs);
    uf = us + f;
    d = vs - f;
    if (d > 0.5) d = 1.0;
    else if (d === 0.5 || (uf + 0.5) / s <= x) d = uf % 2.0;
    else d = 0.0;
    x = uf + d;
  } else if (x < 0.0) {
    f = Math.ceil(vs);
    uf = us + f;
    d = f - vs;
    if (d > 0.5) d = 1.0;
    else if (d === 0.5 || (uf - 0.5) / s >= x) d = -uf % 2.0;
    else d = 0.0;
    x = uf - d;
  }
  return x;
}
function roundCall(mode: Mode, x: number, s: number): number {
  return mode === "even" ? roundHalfEven(x, s) : mode === "down" ? roundHalfDown(x, s) : roundHalfUp(x, s);
}

/** Exact rational of a finite double: [num, den] with den a power of two. */
function floatToRational(x: number): [bigint, bigint] {
  if (Number.isInteger(x)) return [BigInt(x), 1n];
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return [BigInt(v), den];
}
/** Rounds num/den to an integer with the given half mode (den > 0). */
function roundRational(num: bigint, den: bigint, mode: Mode | "floor" | "ceil" | "trunc"): bigint {
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  // now num = q*den + r, 0 <= r < den
  if (r === 0n) return q;
  if (mode === "floor") return q;
  if (mode === "ceil") return q + 1n;
  if (mode === "trunc") return num < 0n ? q + 1n : q;
  const twice = 2n * r;
  if (twice > den) return q + 1n;
  if (twice < den) return q;
  if (mode === "even") return q % 2n === 0n ? q : q + 1n;
  if (mode === "up") return num < 0n ? q : q + 1n;
  return num < 0n ? q + 1n : q;
}
function roundByRational(x: number, nd: number, mode: Mode): number {
  const [n, d] = floatToRational(x);
  const p = 10n ** BigInt(nd);
  const q = roundRational(n * p, d, mode);
  return Number(`${q}e-${nd}`);
}

function getMode(it: Interp, opts: RHash | null): Mode {
  if (!opts) return "up";
  const h = opts.lookup(sym("half"));
  if (h === undefined || h === null) return "up";
  let s: string | null = null;
  if (h instanceof RSymbol) s = h.name;
  else if (h instanceof RString) s = h.s;
  if (s !== null) {
    const l = s.toLowerCase();
    if (l === "up" || l === "even" || l === "down") return l;
  }
  return it.raise("ArgumentError", `invalid rounding mode: ${s ?? it.inspect(h)}`);
}
function splitKw(args: Value[]): [Value[], RHash | null] {
  const last = args[args.length - 1];
  if (last instanceof RHash && last.kw) return [args.slice(0, -1), last];
  return [args, null];
}
function ndigitsArg(it: Interp, v: Value | undefined): number {
  if (v === undefined || v === null) {
    if (v === null) return it.raise("TypeError", "no implicit conversion from nil to integer");
    return 0;
  }
  if (typeof v === "number") {
    if (v > 2147483647 || v < -2147483648) return it.raise("RangeError", `integer ${v} too big to convert to 'int'`);
    return v;
  }
  if (typeof v === "bigint") return it.raise("RangeError", `bignum too big to convert into 'long'`);
  if (v instanceof RFloat) {
    if (!Number.isFinite(v.v)) return floatDomain(it, v.v);
    return Math.trunc(v.v);
  }
  if (v !== null && typeof v === "object" && it.respondTo(v, "to_int", true)) {
    const r = it.send(v, "to_int");
    if (typeof r === "number") return r;
  }
  return it.raise("TypeError", `no implicit conversion of ${conversionName(v)} into Integer`);
}
function arity(it: Interp, args: Value[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const exp = min === max ? `${min}` : max < 0 ? `${min}+` : `${min}..${max}`;
    it.raise("ArgumentError", `wrong number of arguments (given ${args.length}, expected ${exp})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Integer rounding with negative digits (rb_int_round / floor / ceil / truncate)

function intRoundDigits(it: Interp, x: Int, nd: number, mode: Mode | "floor" | "ceil" | "trunc"): Int {
  if (nd >= 0) return x;
  const digits = big(iabs(x)).toString().length;
  if (-nd > digits + 1) {
    // 10**(-nd) is far larger than |x| (CRuby's int_round_zero_p for round/truncate)
    if (mode === "floor" && isign(x) < 0) return -nd > 100000 ? unsupported("Integer#floor with huge negative digits") : int(-(10n ** BigInt(-nd)));
    if (mode === "ceil" && isign(x) > 0) return -nd > 100000 ? unsupported("Integer#ceil with huge negative digits") : int(10n ** BigInt(-nd));
    return 0;
  }
  const p = 10n ** BigInt(-nd);
  const q = roundRational(big(x), p, mode);
  return int(q * p);
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** Float value of a numeric (Integer or Float). */
function numToF(v: number | bigint | RFloat): number {
  return v instanceof RFloat ? v.v : Number(v);
}

/** Parses an Integer literal string as Integer() / String#to_i(strict) do. Returns null when invalid. */
export function parseIntegerStrict(s: string, base: number): Int | null {
  let t = trimRubySpace(s);
  let neg = false;
  if (t[0] === "+" || t[0] === "-") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  let b = base;
  const pre = t.slice(0, 2).toLowerCase();
  const prefixes: Record<string, number> = { "0x": 16, "0b": 2, "0o": 8, "0d": 10 };
  const pb = Object.prototype.hasOwnProperty.call(prefixes, pre) ? prefixes[pre] : undefined;
  if (pb !== undefined && (b === 0 || b === pb)) {
    b = pb;
    t = t.slice(2);
    if (t[0] === "_") return null;
  } else if (b === 0) {
    if (t[0] === "0" && t.length > 1) {
      b = 8;
      t = t.slice(1);
      if (t[0] === "_") t = t.slice(1);
      if (t === "") return null;
    } else b = 10;
  } else if (b === 8 && (pre === "0_" || /^0[0-7]/.test(t))) {
    // "0" prefix in base 8 is just a digit
  }
  if (t === "") return null;
  if (t.startsWith("_") || t.endsWith("_") || t.includes("__")) return null;
  const digits = t.replace(/_/g, "");
  const valid = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
  for (const ch of digits.toLowerCase()) if (!valid.includes(ch)) return null;
  const v = parseBigDigits(digits.toLowerCase(), b);
  return int(neg ? -v : v);
}

/** Parses a Float literal string as Float() does. Returns null when invalid. */
export function parseFloatStrict(s: string): number | null {
  const t = trimRubySpace(s);
  if (t === "") return null;
  // hexadecimal: Ruby accepts 0x with optional fraction and p-exponent
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)(?:\.([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*))?(?:[pP]([+-]?[0-9]+))?$/.exec(t);
  if (hex) {
    const ip = hex[2].replace(/_/g, "");
    const fp = (hex[3] ?? "").replace(/_/g, "");
    let v = Number(BigInt(`0x${ip}${fp}`)) / Math.pow(16, fp.length);
    if (hex[4]) v *= Math.pow(2, Number(hex[4]));
    return hex[1] === "-" ? -v : v;
  }
  const m = /^[+-]?(?:[0-9]+(?:_[0-9]+)*)?(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?$/.exec(t);
  if (!m) return null;
  const body = t.replace(/^[+-]/, "");
  // needs at least one digit in the mantissa; "1." is accepted, "." and "e5" are not
  const mant = body.split(/[eE]/)[0];
  if (!/[0-9]/.test(mant)) return null;
  const v = Number(t.replace(/_/g, "").replace(/\.(?=[eE]|$)/, ""));
  return Number.isNaN(v) ? null : v;
}

function takeException(args: Value[]): [Value[], boolean] {
  const [pos, kw] = splitKw(args);
  if (!kw) return [pos, true];
  const e = kw.lookup(sym("exception"));
  return [pos, e === undefined ? true : truthy(e)];
}

/** Kernel#Integer(x, base = nil, exception: true). */
export function kernelInteger(it: Interp, args: Value[]): Value {
  const [pos, raise] = takeException(args);
  arity(it, pos, 1, 2);
  const v = pos[0];
  const baseArg = pos.length > 1 ? pos[1] : null;
  const fail = (cls: string, msg: string): Value => (raise ? it.raise(cls, msg) : null);
  if (baseArg !== null) {
    const base = ndigitsArg(it, baseArg);
    if (!(v instanceof RString)) {
      if (v === null) return fail("TypeError", "can't convert nil into Integer");
      return it.raise("ArgumentError", "base specified for non string value");
    }
    if (base < 0 || base === 1 || base > 36) return it.raise("ArgumentError", `invalid radix ${base}`);
    return strToInteger(it, v.s, base, raise);
  }
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (v instanceof RFloat) {
    if (!Number.isFinite(v.v)) return raise ? floatDomain(it, v.v) : null;
    return dbl2ival(Math.trunc(v.v));
  }
  if (v instanceof RString) return strToInteger(it, v.s, 0, raise);
  if (v === null) return fail("TypeError", "can't convert nil into Integer");
  if (v !== false && v !== true && it.respondTo(v, "to_int", true)) {
    const r = it.send(v, "to_int");
    if (isInteger(r)) return r;
  }
  if (v !== false && v !== true && it.respondTo(v, "to_i", true)) {
    const r = it.send(v, "to_i");
    if (isInteger(r)) return r;
    return fail("TypeError", `can't convert ${conversionName(v)} to Integer (${conversionName(v)}#to_i gives ${realClassOf(r).name})`);
  }
  return fail("TypeError", `can't convert ${conversionName(v)} into Integer`);
}
function strToInteger(it: Interp, s: string, base: number, raise: boolean): Value {
  // rb_str_convert_to_inum parses the bytes as they are: a NUL is just an invalid character.
  const r = s.includes("\0") ? null : parseIntegerStrict(s, base);
  if (r === null) return raise ? it.raise("ArgumentError", `invalid value for Integer(): ${it.inspect(str(s))}`) : null;
  return r;
}

/** Kernel#Float(x, exception: true). */
export function kernelFloat(it: Interp, args: Value[]): Value {
  const [pos, raise] = takeException(args);
  arity(it, pos, 1, 1);
  const v = pos[0];
  if (v instanceof RFloat) return v;
  if (typeof v === "number" || typeof v === "bigint") return flo(i2f(v));
  if (v instanceof RString) {
    if (v.s.includes("\0")) return raise ? it.raise("ArgumentError", "string for Float contains null byte") : null;
    const r = parseFloatStrict(v.s);
    if (r === null) return raise ? it.raise("ArgumentError", `invalid value for Float(): ${it.inspect(v)}`) : null;
    return flo(r);
  }
  if (v === null || v === true || v === false) return raise ? it.raise("TypeError", `can't convert ${conversionName(v)} into Float`) : null;
  if (it.respondTo(v, "to_f", true)) {
    const r = it.send(v, "to_f");
    if (r instanceof RFloat) return r;
  }
  return raise ? it.raise("TypeError", `can't convert ${conversionName(v)} into Float`) : null;
}

/** rb_Float for coerce: Integer/Float/String. */
function toFloatForCoerce(it: Interp, v: Value): number {
  const r = kernelFloat(it, [v]);
  return (r as RFloat).v;
}

// ---------------------------------------------------------------------------------------------
// Iteration helpers

function enumFor(_it: Interp, self: Value, name: string, args: Value[]): Value {
  let size: ((it: Interp) => Value) | null = null;
  if (isInteger(self) && name === "times") size = () => (isign(self) < 0 ? 0 : self);
  else if (isInteger(self) && (name === "upto" || name === "downto") && isInteger(args[0])) {
    const d = name === "upto" ? isub(args[0], self) : isub(self, args[0]);
    size = () => (isign(d) < 0 ? 0 : iadd(d, 1));
  }
  else if (name === "step" && isNumeric(self) && args.length >= 1 && isNumeric(args[0]) && (args.length === 1 || isNumeric(args[1]))) {
    const lim = args[0];
    const st = args.length > 1 ? (args[1] as number | bigint | RFloat) : 1;
    if (self instanceof RFloat || lim instanceof RFloat || st instanceof RFloat) {
      const n = floatStepSize(numToF(self as number | bigint | RFloat), numToF(lim), numToF(st), false);
      size = () => (Number.isFinite(n) ? dbl2ival(n) : flo(Infinity));
    } else if (isign(st as Int) !== 0) {
      const q = idivmod(isub(lim as Int, self as Int), st as Int)[0];
      size = () => (isign(q) < 0 ? 0 : iadd(q, 1));
    }
  }
  return makeEnum(self, name, args, size);
}
export function floatStepSize(beg: number, end: number, unit: number, excl: boolean): number {
  if (unit === 0) return Infinity;
  if (!Number.isFinite(unit)) return unit > 0 ? (beg <= end ? 1 : 0) : beg >= end ? 1 : 0;
  let n = (end - beg) / unit;
  let err = ((Math.abs(beg) + Math.abs(end) + Math.abs(end - beg)) / Math.abs(unit)) * Number.EPSILON;
  if (err > 0.5) err = 0.5;
  if (excl) {
    if (n <= 0) return 0;
    if (n < 1) n = 0;
    else n = Math.floor(n - err);
    const d = (n + 1) * unit + beg;
    if (beg < end) {
      if (d < end) n++;
    } else if (beg > end) {
      if (d > end) n++;
    }
    return n;
  }
  if (n < 0) return 0;
  return Math.floor(n + err) + 1;
}
/** Ruby's float stepping (used by Numeric#step and Range#step). Yields each value. */
export function floatStep(it: Interp, beg: number, end: number, unit: number, excl: boolean, fn: (v: number) => void): void {
  const n = floatStepSize(beg, end, unit, excl);
  // ruby_float_step: an infinite unit yields `beg` once (when n > 0); a zero unit yields it forever;
  // otherwise i * unit + beg for i < n (n may be Infinity when `end` is infinite).
  if (!Number.isFinite(unit)) {
    if (n > 0) (it.tick(), fn(beg));
    return;
  }
  if (unit === 0) {
    for (;;) {
      it.tick();
      fn(beg);
    }
  }
  for (let i = 0; i < n; i++) {
    it.tick();
    let d = i * unit + beg;
    if (unit >= 0 ? end < d : d < end) d = end;
    fn(d);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared numeric methods

function numHash(v: number | bigint | RFloat): number {
  const s = v instanceof RFloat ? `f${v.v}` : `i${v}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

function between(it: Interp, self: Value, args: Value[]): Value {
  arity(it, args, 2, 2);
  return !(numCmpOrErr(it, self, args[0]) < 0) && !(numCmpOrErr(it, self, args[1]) > 0);
}
function numCmpOrErr(it: Interp, a: Value, b: Value): number {
  const r = it.send(a, "<=>", [b]);
  if (r === null) return cmpErr(it, a, b);
  return typeof r === "number" ? Math.sign(r) : r instanceof RFloat ? Math.sign(r.v) : Number(r);
}
function clamp(it: Interp, self: Value, args: Value[]): Value {
  arity(it, args, 1, 2);
  let lo: Value;
  let hi: Value;
  if (args.length === 2) {
    lo = args[0];
    hi = args[1];
  } else {
    const r = args[0];
    if (!(r !== null && typeof r === "object" && realClassOf(r).name === "Range")) {
      return it.raise("TypeError", `wrong argument type ${realClassOf(r).name} (expected Range)`);
    }
    const rr = r as unknown as { begin: Value; end: Value; excl: boolean };
    if (rr.excl && rr.end !== null) return it.raise("ArgumentError", "cannot clamp with an exclusive range");
    lo = rr.begin;
    hi = rr.end;
  }
  if (lo !== null && hi !== null && numCmpOrErr(it, lo, hi) > 0) return it.raise("ArgumentError", "min argument must be less than or equal to max argument");
  if (lo !== null) {
    const c = numCmpOrErr(it, self, lo);
    if (c === 0) return self;
    if (c < 0) return lo;
  }
  if (hi !== null) {
    const c = numCmpOrErr(it, self, hi);
    if (c > 0) return hi;
  }
  return self;
}

function intArg(it: Interp, v: Value): Int {
  if (isInteger(v)) return v;
  return it.raise("TypeError", "not an integer");
}

// ---------------------------------------------------------------------------------------------
// Installation

export function installNumeric(): void {
  // NilClass#to_f (NilClass#to_i/to_s live with Object's methods): 0.0.
  cNilClass.define("to_f", () => flo(0), 0);
  installInteger();
  installFloat();
  installNumericBase();
  installMath();
  installNoRationalComplex();
}

/**
 * Rational and Complex are outside linkplate's Ruby: the conversions that would produce one say
 * so by name (UnsupportedRubyError), never a wrong value.
 */
function installNoRationalComplex(): void {
  const refuse = (owner: RClass, name: string, kind: "Rational" | "Complex", singleton = false) => {
    const fn = () => unsupported(`${owner.name}${singleton ? "." : "#"}${name} (${kind} values are not supported by linkplate)`);
    if (singleton) owner.defineS(name, fn);
    else owner.define(name, fn);
  };
  const cString = cObject.consts.get("String") as RClass;
  for (const c of [cInteger, cFloat, cNilClass, cString]) {
    refuse(c, "to_r", "Rational");
    refuse(c, "to_c", "Complex");
  }
  for (const c of [cInteger, cFloat, cNilClass]) refuse(c, "rationalize", "Rational");
  for (const name of ["Rational", "Complex"] as const) mKernel.define(name, () => unsupported(`Kernel#${name} (${name} values are not supported by linkplate)`), undefined, "private");
}

/** The Math module (functions CRuby computes with libm; results may differ in the last bit for transcendental ones). */
function installMath(): void {
  const existing = cObject.consts.get("Math");
  const M = existing instanceof RClass ? existing : defineBuiltinModule("Math");
  if (!M.consts.has("DomainError")) defineBuiltinClass("DomainError", cArgumentError, M);
  M.consts.set("PI", flo(Math.PI));
  M.consts.set("E", flo(Math.E));
  const arg = (it: Interp, v: Value): number => {
    if (v instanceof RFloat) return v.v;
    if (isInteger(v)) return Number(v);
    if (v instanceof RString) return it.raise("TypeError", "can't convert String into Float");
    return (kernelFloat(it, [v]) as RFloat).v;
  };
  const domain = (it: Interp, name: string): never => it.raise("Math::DomainError", `Numerical argument is out of domain - ${name}`);
  const fn1 = (name: string, f: (x: number) => number, ok: (x: number) => boolean = () => true) =>
    M.defineS(
      name,
      (_s, [x], _k, it) => {
        const v = arg(it, x);
        if (!ok(v)) domain(it, name);
        return flo(f(v));
      },
      1,
    );
  fn1("sqrt", Math.sqrt, (x) => !(x < 0));
  fn1("cbrt", Math.cbrt);
  fn1("exp", Math.exp);
  fn1("log2", Math.log2, (x) => !(x < 0));
  fn1("log10", Math.log10, (x) => !(x < 0));
  fn1("sin", Math.sin);
  fn1("cos", Math.cos);
  fn1("tan", Math.tan);
  fn1("atan", Math.atan);
  M.defineS("log", (_s, args, _k, it) => {
    arity(it, args, 1, 2);
    const x = arg(it, args[0]);
    if (x < 0) domain(it, "log");
    if (args.length === 1) return flo(Math.log(x));
    const b = arg(it, args[1]);
    if (b < 0) domain(it, "log");
    return flo(Math.log(x) / Math.log(b));
  });
  M.defineS("hypot", (_s, [a, b], _k, it) => flo(Math.hypot(arg(it, a), arg(it, b))), 2);
  M.defineS("atan2", (_s, [a, b], _k, it) => flo(Math.atan2(arg(it, a), arg(it, b))), 2);
}

function installNumericBase(): void {
  const N = cNumeric;
  N.define("integer?", () => false, 0);
  N.define("+@", (self) => self, 0);
  N.define("nonzero?", (self, _a, _b, it) => (truthy(it.send(self, "zero?")) ? null : self), 0);
  N.define("between?", (self, args, _b, it) => between(it, self, args));
  N.define("clamp", (self, args, _b, it) => clamp(it, self, args));
  N.define("step", (self, args, blk, it) => numStep(it, self, args, blk));
  N.define("dup", (self) => self, 0);
  N.define("clone", (self) => self);
}

function numStep(it: Interp, self: Value, args: Value[], blk: RProc | null): Value {
  const [pos, kw] = splitKw(args);
  let limit: Value = pos.length > 0 ? pos[0] : null;
  let step: Value = pos.length > 1 ? pos[1] : 1;
  if (kw) {
    const by = kw.lookup(sym("by"));
    const to = kw.lookup(sym("to"));
    if (by !== undefined) step = by;
    if (to !== undefined) limit = to;
  }
  if (step === null) return it.raise("TypeError", "no implicit conversion from nil to integer");
  if (!isNumeric(step)) return it.raise("ArgumentError", `comparison of ${realClassOf(step).name} with 0 failed`);
  if (!isNumeric(self) || (limit !== null && !isNumeric(limit))) {
    if (limit !== null && !isNumeric(limit)) return cmpErr(it, self, limit);
    return unsupported("Numeric#step on a non-builtin numeric");
  }
  if (numToF(step) === 0) return it.raise("ArgumentError", "step can't be 0");
  if (!blk) return numericArithSeq(self, args, limit, step);
  // num_step: a Fixnum start and step with an infinite Float limit in the step's direction count in Integers.
  if (typeof self === "number" && typeof step === "number" && limit instanceof RFloat && limit.v === (step < 0 ? -Infinity : Infinity)) limit = null;
  if (self instanceof RFloat || step instanceof RFloat || limit instanceof RFloat) {
    const beg = numToF(self);
    const unit = numToF(step);
    const end = limit === null ? (unit < 0 ? -Infinity : Infinity) : numToF(limit);
    floatStep(it, beg, end, unit, false, (d) => it.yield(blk, [flo(d)]));
    return self;
  }
  let i: Int = self;
  const up = isign(step) > 0;
  for (;;) {
    if (limit !== null && (up ? i > (limit as Int) : i < (limit as Int))) break;
    it.tick();
    it.yield(blk, [i]);
    i = iadd(i, step);
  }
  return self;
}

function installInteger(): void {
  const I = cInteger;
  const def = (name: string, fn: (self: Int, args: Value[], blk: RProc | null, it: Interp) => Value, ar?: number | readonly [number, number]) =>
    I.define(name, fn, ar);

  def("+", (a, [b], _k, it) => (isInteger(b) ? iadd(a, b) : b instanceof RFloat ? flo(i2f(a) + b.v) : coerceBin(it, a, b, "+")), 1);
  def("-", (a, [b], _k, it) => (isInteger(b) ? isub(a, b) : b instanceof RFloat ? flo(i2f(a) - b.v) : coerceBin(it, a, b, "-")), 1);
  def("*", (a, [b], _k, it) => (isInteger(b) ? imul(a, b) : b instanceof RFloat ? flo(i2f(a) * b.v) : coerceBin(it, a, b, "*")), 1);
  const intDiv = (a: Int, b: Value, it: Interp, op: string): Value => {
    if (isInteger(b)) {
      if (isign(b) === 0) zeroDiv(it);
      return idivmod(a, b)[0];
    }
    if (b instanceof RFloat) {
      if (op === "div") {
        if (b.v === 0) zeroDiv(it);
        const q = i2f(a) / b.v;
        if (!Number.isFinite(q)) floatDomain(it, q);
        // CRuby floors for a Fixnum receiver but truncates (rb_dbl2big) for a Bignum one
        return dbl2ival(isFixnum(a) ? Math.floor(q) : Math.trunc(q));
      }
      return flo(i2f(a) / b.v);
    }
    return coerceBin(it, a, b, op);
  };
  def("/", (a, [b], _k, it) => intDiv(a, b, it, "/"), 1);
  def("div", (a, [b], _k, it) => intDiv(a, b, it, "div"), 1);
  const intMod = (a: Int, b: Value, it: Interp, op: string): Value => {
    if (isInteger(b)) {
      if (isign(b) === 0) zeroDiv(it);
      return idivmod(a, b)[1];
    }
    if (b instanceof RFloat) return flo(floMod(it, i2f(a), b.v));
    return coerceBin(it, a, b, op);
  };
  def("%", (a, [b], _k, it) => intMod(a, b, it, "%"), 1);
  def("modulo", (a, [b], _k, it) => intMod(a, b, it, "modulo"), 1);
  def(
    "divmod",
    (a, [b], _k, it) => {
      if (isInteger(b)) {
        if (isign(b) === 0) zeroDiv(it);
        return arr(idivmod(a, b));
      }
      if (b instanceof RFloat) {
        const [d, m] = flodivmod(it, i2f(a), b.v);
        if (!Number.isFinite(d)) floatDomain(it, d);
        return arr([dbl2ival(d), flo(m)]);
      }
      return coerceBin(it, a, b, "divmod");
    },
    1,
  );
  def(
    "remainder",
    (a, [b], _k, it) => {
      if (isInteger(b)) {
        if (isign(b) === 0) zeroDiv(it);
        if (typeof a === "number" && typeof b === "number") return (a % b) + 0;
        return int(big(a) % big(b));
      }
      // A Bignum (64-bit CRuby: beyond 2**62) coerces to Float first (rb_big_remainder), so the
      // result is a Float even where a Fixnum's would be the receiver itself (infinite divisor).
      if (b instanceof RFloat) return numRemainderFloat(it, i2f(a), b.v, isFixnum(a) ? a : flo(i2f(a)));
      return coerceBin(it, a, b, "remainder");
    },
    1,
  );
  def(
    "fdiv",
    (a, [b], _k, it) => {
      if (isInteger(b)) return flo(ifdiv(a, b));
      if (b instanceof RFloat) return flo(i2f(a) / b.v);
      return coerceBin(it, a, b, "fdiv");
    },
    1,
  );
  const intPow = (a: Int, b: Value, it: Interp): Value => {
    if (isInteger(b)) {
      if (isign(b) < 0 && isign(a) === 0) zeroDiv(it);
      return ipow(it, a, b);
    }
    if (b instanceof RFloat) {
      const x = i2f(a);
      if (x < 0 && !Number.isInteger(b.v) && Number.isFinite(b.v)) return unsupported("Complex (negative Integer ** fractional Float)");
      return flo(fpowExact(x, b.v));
    }
    return coerceBin(it, a, b, "**");
  };
  def("**", (a, [b], _k, it) => intPow(a, b, it), 1);
  def(
    "pow",
    (a, args, _k, it) => {
      arity(it, args, 1, 2);
      if (args.length === 1) return intPow(a, args[0], it);
      const [b, m] = args;
      if (b instanceof RFloat) return it.raise("TypeError", "Integer#pow() 2nd argument not allowed unless a 1st argument is integer");
      if (!isInteger(b)) return it.raise("TypeError", "Integer#pow() 2nd argument not allowed unless a 1st argument is integer");
      if (isign(b) < 0) return it.raise("RangeError", "Integer#pow() 1st argument cannot be negative when 2nd argument specified");
      if (!isInteger(m)) return it.raise("TypeError", "Integer#pow() 2nd argument not allowed unless all arguments are integers");
      if (isign(m) === 0) zeroDiv(it);
      const M = big(m);
      // Two multiplications and two reductions modulo m per exponent bit, charged up front.
      const mb = intBits(M);
      const eb = intBits(b);
      it.tick(eb);
      chargeBigWork(mb, mb, 4 * eb);
      let base = big(idivmod(a, m)[1]);
      let e = big(b);
      let r = 1n % (M < 0n ? -M : M);
      const mm = M < 0n ? -M : M;
      base = ((base % mm) + mm) % mm;
      while (e > 0n) {
        if (e & 1n) r = (r * base) % mm;
        base = (base * base) % mm;
        e >>= 1n;
      }
      return idivmod(int(r), m)[1];
    },
  );
  def("-@", (a) => ineg(a), 0);
  def("+@", (a) => a, 0);
  def("~", (a) => int(~big(a)), 0);
  const bitop = (name: string, f: (x: bigint, y: bigint) => bigint) =>
    def(
      name,
      (a, [b], _k, it) => {
        if (isInteger(b)) {
          if (typeof a === "number" && typeof b === "number" && Math.abs(a) < 2 ** 31 && Math.abs(b) < 2 ** 31) return int(f(BigInt(a), BigInt(b)));
          chargeBigLinear(intBits(a), intBits(b));
          return int(f(big(a), big(b)));
        }
        if (b instanceof RFloat) return coerceFailed(it, a, b);
        return coerceBin(it, a, b, name);
      },
      1,
    );
  bitop("&", (x, y) => x & y);
  bitop("|", (x, y) => x | y);
  bitop("^", (x, y) => x ^ y);
  const shiftArg = (it: Interp, b: Value): Int => {
    if (isInteger(b)) return b;
    if (b instanceof RFloat) return dbl2ival(Math.trunc(b.v));
    return ndigitsArg(it, b);
  };
  def("<<", (a, [b], _k, it) => ishl(it, a, shiftArg(it, b)), 1);
  def(">>", (a, [b], _k, it) => ishr(a, shiftArg(it, b)), 1);
  def(
    "[]",
    (a, args, _k, it) => {
      arity(it, args, 1, 2);
      if (args.length !== 1 || !isInteger(args[0])) return unsupported("Integer#[] with a range or length");
      const n = args[0];
      if (isign(n) < 0) return 0;
      if (typeof n === "bigint") return isign(a) < 0 ? 1 : 0;
      return Number((big(a) >> BigInt(n)) & 1n);
    },
  );

  // comparison
  const relop = (name: string, test: (c: number) => boolean) =>
    def(
      name,
      (a, [b], _k, it) => {
        if (isInteger(b)) return test(icmp(a, b));
        if (b instanceof RFloat) {
          if (Number.isNaN(b.v)) return false;
          return test(a < b.v ? -1 : a > b.v ? 1 : 0);
        }
        return coerceRelop(it, a, b, name);
      },
      1,
    );
  relop("<", (c) => c < 0);
  relop("<=", (c) => c <= 0);
  relop(">", (c) => c > 0);
  relop(">=", (c) => c >= 0);
  def(
    "<=>",
    (a, [b], _k, it) => {
      if (isInteger(b)) return icmp(a, b);
      if (b instanceof RFloat) {
        if (Number.isNaN(b.v)) return null;
        return a < b.v ? -1 : a > b.v ? 1 : 0;
      }
      return coerceCmp(it, a, b);
    },
    1,
  );
  const eqq = (a: Int, b: Value, it: Interp): boolean => {
    if (isInteger(b)) return a === b;
    if (b instanceof RFloat) return !Number.isNaN(b.v) && a == (b.v as unknown as bigint);
    if (b === null || typeof b === "boolean" || b instanceof RString || b instanceof RSymbol) return false;
    return truthy(it.send(b, "==", [a]));
  };
  def("==", (a, [b], _k, it) => eqq(a, b, it), 1);
  def("===", (a, [b], _k, it) => eqq(a, b, it), 1);
  def("!=", (a, [b], _k, it) => !eqq(a, b, it), 1);
  def("eql?", (a, [b]) => isInteger(b) && a === b, 1);
  def("equal?", (a, [b]) => isInteger(b) && a === b, 1);
  def("hash", (a) => numHash(a), 0);
  def(
    "coerce",
    (a, [b], _k, it) => {
      if (isInteger(b)) return arr([b, a]);
      return arr([flo(toFloatForCoerce(it, b)), flo(i2f(a))]);
    },
    1,
  );

  // predicates
  def("zero?", (a) => isign(a) === 0, 0);
  def("nonzero?", (a) => (isign(a) === 0 ? null : a), 0);
  def("positive?", (a) => isign(a) > 0, 0);
  def("negative?", (a) => isign(a) < 0, 0);
  def("even?", (a) => (typeof a === "number" ? a % 2 === 0 : a % 2n === 0n), 0);
  def("odd?", (a) => (typeof a === "number" ? a % 2 !== 0 : a % 2n !== 0n), 0);
  def("integer?", () => true, 0);
  def("finite?", () => true, 0);
  def("infinite?", () => null, 0);
  def("between?", (a, args, _k, it) => between(it, a, args));
  def("clamp", (a, args, _k, it) => clamp(it, a, args));
  def("allbits?", (a, [b], _k, it) => (big(a) & big(intArg(it, b))) === big(intArg(it, b)), 1);
  def("anybits?", (a, [b], _k, it) => (big(a) & big(intArg(it, b))) !== 0n, 1);
  def("nobits?", (a, [b], _k, it) => (big(a) & big(intArg(it, b))) === 0n, 1);

  // conversions
  def("to_i", (a) => a, 0);
  def("to_int", (a) => a, 0);
  def("to_f", (a) => flo(i2f(a)), 0);
  const toS = (a: Int, args: Value[], it: Interp): Value => {
    arity(it, args, 0, 1);
    const base = args.length ? ndigitsArg(it, args[0]) : 10;
    if (base < 2 || base > 36) return it.raise("ArgumentError", `invalid radix ${base}`);
    return str(intToString(a, base));
  };
  def("to_s", (a, args, _k, it) => toS(a, args, it));
  def("inspect", (a, args, _k, it) => toS(a, args, it));
  def(
    "chr",
    (a, args, _k, it) => {
      arity(it, args, 0, 1);
      if (args.length === 1) {
        const enc = it.toS(args[0]);
        if (/^utf-?8$/i.test(enc)) {
          if (isign(a) < 0 || a > 0x10ffff || (a >= 0xd800 && a <= 0xdfff)) return it.raise("RangeError", `invalid codepoint 0x${a.toString(16).toUpperCase()} in UTF-8`);
          return str(String.fromCodePoint(Number(a)));
        }
        if (!/^(ascii-8bit|binary|us-ascii|ascii)$/i.test(enc)) return unsupported(`Integer#chr(${enc})`);
      }
      if (!isFixnum(a)) return it.raise("RangeError", "bignum out of char range");
      if (isign(a) < 0 || a > 255) return it.raise("RangeError", `${a} out of char range`);
      // The result is US-ASCII below 128 (inspect shows controls as \xNN, like the binary flag does).
      const cc = Number(a);
      return new RString(String.fromCharCode(cc), cc >= 128 || cc < 0x20 || cc === 0x7f);
    },
  );
  def("ord", (a) => a, 0);
  // 64-bit CRuby: a Fixnum is 8 bytes; a Bignum reports its magnitude's byte count (rb_absint_size)
  def("size", (a) => (a >= -(2 ** 62) && a < 2 ** 62 ? 8 : Math.ceil(bitLen(a) / 8)), 0);
  def("bit_length", (a) => bitLen(isign(a) < 0 ? int(~big(a)) : a), 0);
  def(
    "digits",
    (a, args, _k, it) => {
      arity(it, args, 0, 1);
      let base: Int = 10;
      if (args.length) {
        if (!isInteger(args[0])) return it.raise("TypeError", `wrong argument type ${realClassOf(args[0]).name} (expected Integer)`);
        base = args[0];
        if (isign(base) < 0) return it.raise("ArgumentError", "negative radix");
        if (big(base) < 2n) return it.raise("ArgumentError", `invalid radix ${base}`);
      }
      if (isign(a) < 0) return it.raise("Math::DomainError", "out of domain");
      let x = big(a);
      const B = big(base);
      if (x === 0n) return arr([0]);
      const bits = intBits(x);
      const bb = intBits(B);
      chargeArray(Math.ceil(bits / Math.max(1, bb - 1)));
      if (B <= 36n) {
        // One radix conversion (subquadratic in V8) instead of a division per digit.
        const text = intToString(x, Number(B));
        const out: Value[] = new Array(text.length);
        for (let i = 0; i < text.length; i++) out[i] = parseInt(text[text.length - 1 - i], 36);
        return arr(out);
      }
      const out: Value[] = [];
      while (x > 0n) {
        it.tick();
        chargeBigWork(intBits(x), bb);
        out.push(int(x % B));
        x /= B;
      }
      return arr(out);
    },
  );
  def("gcd", (a, [b], _k, it) => {
    const y = intArg(it, b);
    chargeBigWork(intBits(a), intBits(y));
    return int(gcd(big(a), big(y)));
  }, 1);
  def(
    "lcm",
    (a, [b], _k, it) => {
      const x = big(a);
      const y = big(intArg(it, b));
      if (x === 0n || y === 0n) return 0;
      chargeBigWork(intBits(x), intBits(y));
      checkBits(intBits(x) + intBits(y));
      const l = (x * y) / gcd(x, y);
      return int(l < 0n ? -l : l);
    },
    1,
  );
  def("abs", (a) => iabs(a), 0);
  def("magnitude", (a) => iabs(a), 0);
  def("succ", (a) => iadd(a, 1), 0);
  def("next", (a) => iadd(a, 1), 0);
  def("pred", (a) => isub(a, 1), 0);

  // rounding
  const rounder = (name: string, mode: "floor" | "ceil" | "trunc" | null) =>
    def(name, (a, args, _k, it) => {
      const [pos, kw] = splitKw(args);
      arity(it, pos, 0, 1);
      const nd = ndigitsArg(it, pos[0]);
      const m = mode ?? getMode(it, kw);
      if (nd >= 0) return a;
      return intRoundDigits(it, a, nd, m);
    });
  rounder("round", null);
  rounder("floor", "floor");
  rounder("ceil", "ceil");
  rounder("truncate", "trunc");

  // iteration
  def(
    "times",
    (a, _args, blk, it) => {
      if (!blk) return enumFor(it, a, "times", []);
      if (typeof a === "bigint") {
        for (let i = 0n; i < a; i++) {
          it.tick();
          it.yield(blk, [int(i)]);
        }
        return a;
      }
      for (let i = 0; i < a; i++) {
        it.tick();
        it.yield(blk, [i]);
      }
      return a;
    },
    0,
  );
  const updown = (name: string, dir: 1 | -1) =>
    def(
      name,
      (a, [lim], blk, it) => {
        if (!blk) return enumFor(it, a, name, [lim]);
        if (lim instanceof RFloat) {
          for (let i: Int = a; dir > 0 ? i <= lim.v : i >= lim.v; i = iadd(i, dir)) {
            it.tick();
            it.yield(blk, [i]);
          }
          return a;
        }
        if (!isInteger(lim)) {
          // compare through <=> / coerce (raises comparison failure)
          coerceRelop(it, a, lim, dir > 0 ? ">" : "<");
          return a;
        }
        for (let i: Int = a; dir > 0 ? i <= lim : i >= lim; i = iadd(i, dir)) {
          it.tick();
          it.yield(blk, [i]);
        }
        return a;
      },
      1,
    );
  updown("upto", 1);
  updown("downto", -1);

  cInteger.defineS("sqrt", (_s, [n], _k, it) => {
    if (!isInteger(n)) {
      if (n instanceof RFloat) return isqrt(it, dbl2ival(Math.trunc(n.v)));
      return it.raise("TypeError", `can't convert ${conversionName(n)} into Integer`);
    }
    return isqrt(it, n);
  }, 1);
}

function isqrt(it: Interp, n: Int): Int {
  if (isign(n) < 0) return it.raise("Math::DomainError", 'Numerical argument is out of domain - "isqrt"');
  const N = big(n);
  if (N < 2n) return int(N);
  if (N <= MAX_EXACT_SQRT) {
    let x = BigInt(Math.floor(Math.sqrt(Number(N))));
    while (x * x > N) x -= 1n;
    while ((x + 1n) * (x + 1n) <= N) x += 1n;
    return int(x);
  }
  // Newton's method from above (a power of two at least the root); each step is one division.
  const bits = intBits(N);
  let x = 1n << BigInt((bits >> 1) + 1);
  for (;;) {
    it.tick();
    chargeBigWork(bits, bits >> 1);
    const y = (x + N / x) >> 1n;
    if (y >= x) return int(x);
    x = y;
  }
}

/** Below this a double's square root is close enough to correct by stepping. */
const MAX_EXACT_SQRT = 1n << 100n;

function gcdBig(a: bigint, b: bigint): bigint {
  return gcd(a, b);
}
function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function installFloat(): void {
  const F = cFloat;
  const def = (name: string, fn: (self: number, args: Value[], blk: RProc | null, it: Interp, selfObj: RFloat) => Value, ar?: number | readonly [number, number]) =>
    F.define(name, (self: RFloat, args, blk, it) => fn(self.v, args, blk, it, self), ar);
  const other = (b: Value): number | null => (b instanceof RFloat ? b.v : isInteger(b) ? i2f(b) : null);

  const arith = (name: string, f: (x: number, y: number) => number) =>
    def(
      name,
      (x, [b], _k, it, self) => {
        const y = other(b);
        if (y === null) return coerceBin(it, self, b, name);
        return flo(f(x, y));
      },
      1,
    );
  arith("+", (x, y) => x + y);
  arith("-", (x, y) => x - y);
  arith("*", (x, y) => x * y);
  arith("/", (x, y) => x / y);
  arith("fdiv", (x, y) => x / y);
  arith("quo", (x, y) => x / y);
  const fmod = (x: number, [b]: Value[], it: Interp, self: RFloat, name: string): Value => {
    const y = other(b);
    if (y === null) return coerceBin(it, self, b, name);
    return flo(floMod(it, x, y));
  };
  def("%", (x, args, _k, it, self) => fmod(x, args, it, self, "%"), 1);
  def("modulo", (x, args, _k, it, self) => fmod(x, args, it, self, "modulo"), 1);
  def(
    "divmod",
    (x, [b], _k, it, self) => {
      const y = other(b);
      if (y === null) return coerceBin(it, self, b, "divmod");
      const [d, m] = flodivmod(it, x, y);
      if (!Number.isFinite(d)) floatDomain(it, d);
      return arr([dbl2ival(d), flo(m)]);
    },
    1,
  );
  def(
    "div",
    (x, [b], _k, it, self) => {
      const y = other(b);
      if (y === null) return coerceBin(it, self, b, "div");
      if (y === 0) zeroDiv(it);
      const q = Math.floor(x / y);
      if (!Number.isFinite(q)) floatDomain(it, q);
      return dbl2ival(q);
    },
    1,
  );
  def(
    "remainder",
    (x, [b], _k, it, self) => {
      const y = other(b);
      if (y === null) return coerceBin(it, self, b, "remainder");
      return numRemainderFloat(it, x, y, self);
    },
    1,
  );
  const fpow = (x: number, b: Value, it: Interp, self: RFloat): Value => {
    const y = other(b);
    if (y === null) return coerceBin(it, self, b, "**");
    if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) return unsupported("Complex (negative Float ** fractional power)");
    return flo(fpowExact(x, y));
  };
  def("**", (x, [b], _k, it, self) => fpow(x, b, it, self), 1);
  def("-@", (x) => flo(-x), 0);
  def("+@", (_x, _a, _k, _it, self) => self, 0);
  def("abs", (x) => flo(Math.abs(x)), 0);
  def("magnitude", (x) => flo(Math.abs(x)), 0);

  const relop = (name: string, test: (c: number) => boolean) =>
    def(
      name,
      (x, [b], _k, it, self) => {
        if (b instanceof RFloat) return test(x < b.v ? -1 : x > b.v ? 1 : x === b.v ? 0 : NaN);
        if (isInteger(b)) {
          if (Number.isNaN(x)) return false;
          return test(x < b ? -1 : x > b ? 1 : 0);
        }
        return coerceRelop(it, self, b, name);
      },
      1,
    );
  relop("<", (c) => c < 0);
  relop("<=", (c) => c <= 0);
  relop(">", (c) => c > 0);
  relop(">=", (c) => c >= 0);
  def(
    "<=>",
    (x, [b], _k, it, self) => {
      if (Number.isNaN(x)) return null;
      if (b instanceof RFloat) return Number.isNaN(b.v) ? null : x < b.v ? -1 : x > b.v ? 1 : 0;
      if (isInteger(b)) return x < b ? -1 : x > b ? 1 : 0;
      if (!Number.isFinite(x) && b !== null && typeof b === "object" && it.respondTo(b, "infinite?")) {
        const inf = it.send(b, "infinite?");
        if (inf === null || inf === false) return x > 0 ? 1 : -1;
      }
      return coerceCmp(it, self, b);
    },
    1,
  );
  const feq = (x: number, b: Value, it: Interp, self: RFloat): boolean => {
    if (b instanceof RFloat) return x === b.v;
    if (isInteger(b)) return !Number.isNaN(x) && (x as unknown as bigint) == b;
    if (b === null || typeof b === "boolean" || b instanceof RString || b instanceof RSymbol) return false;
    return truthy(it.send(b, "==", [self]));
  };
  def("==", (x, [b], _k, it, self) => feq(x, b, it, self), 1);
  def("===", (x, [b], _k, it, self) => feq(x, b, it, self), 1);
  def("!=", (x, [b], _k, it, self) => !feq(x, b, it, self), 1);
  def("eql?", (x, [b]) => b instanceof RFloat && x === b.v, 1);
  def("equal?", (x, [b], _k, _it, self) => b === self || (b instanceof RFloat && Number.isFinite(x) && !Object.is(x, -0) && x === b.v), 1);
  def("hash", (_x, _a, _k, _it, self) => numHash(self), 0);
  def("coerce", (x, [b], _k, it) => arr([flo(toFloatForCoerce(it, b)), flo(x)]), 1);

  def("zero?", (x) => x === 0, 0);
  def("nonzero?", (x, _a, _k, _it, self) => (x === 0 ? null : self), 0);
  def("positive?", (x) => x > 0, 0);
  def("negative?", (x) => x < 0, 0);
  def("nan?", (x) => Number.isNaN(x), 0);
  def("finite?", (x) => Number.isFinite(x), 0);
  def("infinite?", (x) => (x === Infinity ? 1 : x === -Infinity ? -1 : null), 0);
  def("integer?", () => false, 0);
  def("between?", (_x, args, _k, it, self) => between(it, self, args));
  def("clamp", (_x, args, _k, it, self) => clamp(it, self, args));

  def("to_f", (_x, _a, _k, _it, self) => self, 0);
  def("to_s", (x) => str(floatToS(x)), 0);
  def("inspect", (x) => str(floatToS(x)), 0);
  const toI = (x: number, it: Interp): Int => {
    if (!Number.isFinite(x)) floatDomain(it, x);
    return dbl2ival(Math.trunc(x));
  };
  def("to_i", (x, _a, _k, it) => toI(x, it), 0);
  def("to_int", (x, _a, _k, it) => toI(x, it), 0);
  def("next_float", (x) => flo(nextFloat(x, 1)), 0);
  def("prev_float", (x) => flo(nextFloat(x, -1)), 0);

  def("round", (x, args, _k, it, self) => {
    const [pos, kw] = splitKw(args);
    arity(it, pos, 0, 1);
    const nd = ndigitsArg(it, pos[0]);
    const mode = getMode(it, kw);
    if (x === 0) return nd > 0 ? self : 0;
    if (nd < 0) return intRoundDigits(it, toI(x, it), nd, mode);
    if (nd === 0) {
      const r = roundCall(mode, x, 1.0);
      if (!Number.isFinite(r)) floatDomain(it, r);
      return dbl2ival(r);
    }
    if (Number.isFinite(x)) {
      const binexp = frexpExp(x);
      if (floatRoundOverflow(nd, binexp)) return self;
      if (floatRoundUnderflow(nd, binexp)) return flo(0);
      if (nd > 14) return flo(roundByRational(x, nd, mode));
      const f = Math.pow(10, nd);
      const r = roundCall(mode, x, f);
      return flo(r / f);
    }
    return self;
  });
  const floorCeil = (name: "floor" | "ceil") =>
    def(name, (x, args, _k, it, self) => {
      arity(it, args, 0, 1);
      const nd = ndigitsArg(it, args[0]);
      if (x === 0) return nd > 0 ? self : 0;
      if (nd > 0) {
        const binexp = frexpExp(x);
        if (floatRoundOverflow(nd, binexp)) return self;
        if (name === "floor" ? x > 0 && floatRoundUnderflow(nd, binexp) : x < 0 && floatRoundUnderflow(nd, binexp)) return flo(0);
        const f = Math.pow(10, nd);
        if (name === "floor") {
          const mul = Math.floor(x * f);
          let res = (mul + 1) / f;
          if (res > x) res = mul / f;
          return flo(res);
        }
        return flo(Math.ceil(x * f) / f);
      }
      const v = name === "floor" ? Math.floor(x) : Math.ceil(x);
      if (!Number.isFinite(v)) floatDomain(it, v);
      const i = dbl2ival(v);
      return nd < 0 ? intRoundDigits(it, i, nd, name) : i;
    });
  floorCeil("floor");
  floorCeil("ceil");
  def("truncate", (x, args, _k, it, self) => {
    arity(it, args, 0, 1);
    const nd = ndigitsArg(it, args[0]);
    // flo_truncate: floor when positive, ceil otherwise (so NaN raises FloatDomainError like ceil).
    if (x > 0) return it.send(self, "floor", args);
    if (x < 0 || Number.isNaN(x)) return it.send(self, "ceil", args);
    return nd > 0 ? self : 0;
  });
  def("step", (_x, args, blk, it, self) => numStep(it, self, args, blk));

  F.consts.set("INFINITY", flo(Infinity));
  F.consts.set("NAN", flo(NaN));
  F.consts.set("EPSILON", flo(Number.EPSILON));
  F.consts.set("MAX", flo(Number.MAX_VALUE));
  F.consts.set("MIN", flo(2.2250738585072014e-308));
  F.consts.set("DIG", 15);
  F.consts.set("MANT_DIG", 53);
  F.consts.set("RADIX", 2);
  F.consts.set("MAX_EXP", 1024);
  F.consts.set("MIN_EXP", -1021);
  F.consts.set("MAX_10_EXP", 308);
  F.consts.set("MIN_10_EXP", -307);
}

function nextFloat(x: number, dir: 1 | -1): number {
  if (Number.isNaN(x)) return x;
  if (x === dir * Infinity) return x;
  if (x === 0) return dir * Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let b = buf.getBigUint64(0);
  if (x > 0 === dir > 0) b += 1n;
  else b -= 1n;
  buf.setBigUint64(0, b);
  return buf.getFloat64(0);
}

/** Numeric helpers other core files may want. */
export { floatToS, toStr };
