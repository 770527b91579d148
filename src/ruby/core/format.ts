/**
 * Kernel#format / sprintf / String#% as CRuby 4.0's sprintf.c does it: flags `-+ 0#`, width and
 * precision (also `*` and `*n$`), absolute `n$` arguments, `%<name>` / `%{name}` with a Hash,
 * `%s %p %d %i %u %x %X %o %b %B %c %f %e %E %g %G %%`, negative numbers in two's complement
 * (`..f01`) for `%x %o %b` without a sign flag, and Ruby's exact ArgumentError messages.
 *
 * Float digits come from an emulation of the `BSD__dtoa` that Ruby's own vfprintf uses: its
 * floating-point fast path (up to 14 digits; a remainder within the error bound of one half rounds
 * half to even on the last digit, which is why `format("%.2f", 2.675)` is "2.68") and the exact
 * bignum path otherwise.
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { chargeString, intBits, intToString } from "../runtime/budget.js";
import { TextBuilder } from "../runtime/builder.js";
import { type Interp, type Value, RArray, RFloat, RHash, RString, isInteger, sym } from "../runtime/values.js";
import { type Int, big, dbl2ival, kernelFloat, kernelInteger, parseIntegerStrict } from "./numeric.js";
import { trimEndChar } from "../runtime/trim.js";

const FMINUS = 1;
const FPLUS = 2;
const FSPACE = 4;
const FZERO = 8;
const FSHARP = 16;
const FWIDTH = 32;
const FPREC = 64;

// ---------------------------------------------------------------------------------------------
// dtoa (modes 2 and 3) as Ruby's util.c computes it.

const tens: number[] = [];
for (let i = 0; i <= 22; i++) tens.push(Number(`1e${i}`));
const bigtens = [1e16, 1e32, 1e64, 1e128, 1e256];

/** Exact decimal of a finite double >= 0: value = D / 10^k. */
function exactDecimal(x: number): [bigint, number] {
  let k = 0;
  let n = x;
  while (!Number.isInteger(n)) {
    n *= 2;
    k++;
  }
  return [BigInt(n) * 5n ** BigInt(k), k];
}

/** Binary exponent i with x = d2 * 2^i, 1 <= d2 < 2 (x > 0, finite). */
function binExp(x: number): number {
  let e = Math.floor(Math.log2(x));
  while (Math.pow(2, e) > x) e--;
  while (Math.pow(2, e + 1) <= x) e++;
  return e;
}

interface Digits {
  digits: string; // no trailing zeros; "" means zero
  decpt: number; // value = 0.digits * 10^decpt
}

/**
 * BSD__dtoa(x, mode, ndigits) for x > 0 finite. mode 2: ndigits significant digits (>= 1);
 * mode 3: ndigits digits after the decimal point.
 */
export function dtoa(x: number, mode: 2 | 3, ndigits: number): Digits {
  // k estimate exactly as dtoa computes it
  const i2 = binExp(x);
  const d2 = x / Math.pow(2, i2);
  const ds0 = (d2 - 1.5) * 0.289529654602168 + 0.1760912590558 + i2 * 0.301029995663981;
  let k = Math.trunc(ds0);
  if (ds0 < 0 && ds0 !== k) k--;
  let kCheck = true;
  if (k >= 0 && k <= 22) {
    if (x < tens[k]) k--;
    kCheck = false;
  }
  let ilim: number;
  let ilim1: number;
  if (mode === 2) {
    if (ndigits <= 0) ndigits = 1;
    ilim = ilim1 = ndigits;
  } else {
    const i = ndigits + k + 1;
    ilim = i;
    ilim1 = i - 1;
  }
  if (ilim >= 0 && ilim <= 14 && x >= 2.2250738585072014e-308) {
    const r = fastPath(x, k, kCheck, ilim, ilim1);
    if (r !== null && r !== HALF) return r;
    return exactPath(x, mode, ndigits, r === HALF);
  }
  return exactPath(x, mode, ndigits, false);
}

/** The fast path saw a remainder within its error bound of 1/2 with an even last digit. */
const HALF = { digits: "", decpt: 0 };

function fastPath(x: number, k: number, kCheck: boolean, ilim: number, ilim1: number): Digits | null {
  let d = x;
  let ieps = 2;
  let i = 0;
  if (k > 0) {
    let ds = tens[k & 0xf];
    let j = k >> 4;
    if (j & 0x10) {
      j &= 0x10 - 1;
      d /= bigtens[4];
      ieps++;
    }
    for (; j; j >>= 1, i++) {
      if (j & 1) {
        ieps++;
        ds *= bigtens[i];
      }
    }
    d /= ds;
  } else if (-k !== 0) {
    const j1 = -k;
    d *= tens[j1 & 0xf];
    for (let j = j1 >> 4; j; j >>= 1, i++) {
      if (j & 1) {
        ieps++;
        d *= bigtens[i];
      }
    }
  }
  if (kCheck && d < 1 && ilim > 0) {
    if (ilim1 <= 0) return null;
    ilim = ilim1;
    k--;
    d *= 10;
    ieps++;
  }
  let eps = (ieps * d + 7) * Math.pow(2, -52);
  if (ilim === 0) {
    d -= 5;
    if (d > eps) return { digits: "1", decpt: k + 2 };
    if (d < -eps) return { digits: "", decpt: 0 };
    return null;
  }
  eps *= tens[ilim - 1];
  let s = "";
  for (let n = 1; ; n++, d *= 10) {
    const L = Math.trunc(d);
    d -= L;
    if (d === 0) ilim = n;
    s += String(L);
    if (n === ilim) {
      if (d > 0.5 + eps) return bumpUp(s, k);
      if (d < 0.5 - eps) return { digits: trimEndChar(s, "0"), decpt: k + 1 };
      // Ruby's dtoa: a near-tie rounds half to even here when the last digit is odd, and
      // otherwise retries exactly with `half` set (see exactPath).
      if ((L & 1) === 1) return bumpUp(s, k);
      return HALF;
    }
  }
}

function bumpUp(s: string, k: number): Digits {
  let t = s;
  while (t.endsWith("9")) t = t.slice(0, -1);
  if (t === "") return { digits: "1", decpt: k + 2 };
  t = t.slice(0, -1) + String(Number(t[t.length - 1]) + 1);
  return { digits: t, decpt: k + 1 };
}

/**
 * The exact (bignum) path. With `half`, a round-up whose last kept digit is even leaves that
 * digit alone and keeps trailing zeros (Ruby's `if (!half || (*s - '0') & 1) ++*s;`).
 */
function exactPath(x: number, mode: 2 | 3, ndigits: number, half: boolean): Digits {
  const [D, kk] = exactDecimal(x);
  const ds = D.toString();
  const decpt = ds.length - kk; // value = 0.ds * 10^decpt
  const ilim = mode === 2 ? Math.max(ndigits, 1) : decpt + ndigits;
  if (ilim < 0) return { digits: "", decpt: 0 };
  if (ilim === 0) {
    const halfUnit = 5n * 10n ** BigInt(ds.length - 1);
    if (D > halfUnit) return { digits: "1", decpt: decpt + 1 };
    return { digits: "", decpt: 0 };
  }
  const sig = trimEndChar(ds, "0");
  if (ilim >= sig.length) return { digits: sig, decpt };
  let head = ds.slice(0, ilim);
  const rest = ds.slice(ilim);
  const j = compareHalf(rest);
  const last = Number(head[head.length - 1]);
  if (j > 0 || (j === 0 && (last & 1) === 1)) {
    while (head.endsWith("9")) head = head.slice(0, -1);
    if (head === "") return { digits: "1", decpt: decpt + 1 };
    const l = Number(head[head.length - 1]);
    if (!half || (l & 1) === 1) head = head.slice(0, -1) + String(l + 1);
    return { digits: head, decpt };
  }
  return { digits: trimEndChar(head, "0"), decpt };
}
function compareHalf(rest: string): number {
  if (rest[0] > "5") return 1;
  if (rest[0] < "5") return -1;
  return /[1-9]/.test(rest.slice(1)) ? 1 : 0;
}

/** %f body (no sign) of |x| with prec decimals. */
function fixedBody(x: number, prec: number, sharp: boolean): string {
  let intPart: string;
  let frac: string;
  if (x === 0) {
    intPart = "0";
    frac = "0".repeat(prec);
  } else {
    const { digits, decpt } = dtoa(x, 3, prec);
    if (digits === "") {
      intPart = "0";
      frac = "0".repeat(prec);
    } else if (decpt <= 0) {
      intPart = "0";
      frac = ("0".repeat(-decpt) + digits).padEnd(prec, "0");
    } else {
      const all = digits.padEnd(decpt + prec, "0");
      intPart = all.slice(0, decpt);
      frac = all.slice(decpt);
    }
  }
  return prec > 0 || sharp ? `${intPart}.${frac}` : intPart;
}

function expString(e: number, upper: boolean): string {
  const a = Math.abs(e);
  return `${upper ? "E" : "e"}${e < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
}

/** %e body of |x|. */
function expBody(x: number, prec: number, sharp: boolean, upper: boolean): string {
  let digits: string;
  let e: number;
  if (x === 0) {
    digits = "0";
    e = 0;
  } else {
    const r = dtoa(x, 2, prec + 1);
    digits = r.digits;
    e = r.decpt - 1;
  }
  const d = digits.padEnd(prec + 1, "0");
  const mant = prec > 0 || sharp ? `${d[0]}.${d.slice(1)}` : d[0];
  return mant + expString(e, upper);
}

/** %g body of |x|. */
function genBody(x: number, prec: number, sharp: boolean, upper: boolean): string {
  if (prec === 0) prec = 1;
  let digits: string;
  let decpt: number;
  if (x === 0) {
    digits = "0";
    decpt = 1;
  } else {
    const r = dtoa(x, 2, prec);
    digits = r.digits;
    decpt = r.decpt;
  }
  const X = decpt - 1;
  if (X < -4 || X >= prec) {
    let d = digits;
    if (sharp) d = d.padEnd(prec, "0");
    const mant = d.length > 1 ? `${d[0]}.${d.slice(1)}` : sharp ? `${d[0]}.` : d[0];
    return mant + expString(X, upper);
  }
  // fixed with prec - 1 - X decimals, digits already rounded
  let intPart: string;
  let frac: string;
  if (decpt <= 0) {
    intPart = "0";
    frac = "0".repeat(-decpt) + digits;
  } else {
    const all = digits.padEnd(decpt, "0");
    intPart = all.slice(0, decpt);
    frac = all.slice(decpt);
  }
  if (sharp) {
    frac = frac.padEnd(prec - 1 - X, "0");
    return `${intPart}.${frac}`;
  }
  // no stripping here: dtoa already dropped trailing zeros (except after a near-tie, as Ruby does)
  return frac ? `${intPart}.${frac}` : intPart;
}

// ---------------------------------------------------------------------------------------------

/** Number of characters (code points) of a JS string, as Ruby counts a UTF-8 String. */
function charLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
function charSlice(s: string, n: number): string {
  let out = "";
  let i = 0;
  for (const ch of s) {
    if (i++ >= n) break;
    out += ch;
  }
  return out;
}

interface Spec {
  flags: number;
  width: number;
  prec: number;
}

function pad(body: string, spec: Spec): string {
  const len = charLen(body);
  if (!(spec.flags & FWIDTH) || spec.width <= len) return body;
  const fill = " ".repeat(spec.width - len);
  return spec.flags & FMINUS ? body + fill : fill + body;
}

function signChar(neg: boolean, flags: number): string {
  return neg ? "-" : flags & FPLUS ? "+" : flags & FSPACE ? " " : "";
}

/** Pads a signed numeric body (sign + digits), zero flag inserting zeros after the sign. */
function padNumber(sign: string, body: string, spec: Spec, zeroOk: boolean): string {
  const len = sign.length + body.length;
  if (!(spec.flags & FWIDTH) || spec.width <= len) return sign + body;
  const n = spec.width - len;
  if (spec.flags & FMINUS) return sign + body + " ".repeat(n);
  if (zeroOk && spec.flags & FZERO) return sign + "0".repeat(n) + body;
  return " ".repeat(n) + sign + body;
}

function formatFloat(it: Interp, ch: string, v: Value, spec: Spec): string {
  const { flags } = spec;
  if (ch === "f" && isInteger(v)) {
    // Integer: exact digits
    const neg = big(v) < 0n;
    const digits = intToString(neg ? -big(v) : big(v));
    const prec = flags & FPREC ? spec.prec : 6;
    const body = prec > 0 ? `${digits}.${"0".repeat(prec)}` : digits;
    return padNumber(signChar(neg, flags), body, spec, true);
  }
  const fv = (kernelFloat(it, [v]) as RFloat).v;
  const neg = fv < 0 || Object.is(fv, -0);
  const a = Math.abs(fv);
  if (!Number.isFinite(fv)) {
    const body = Number.isNaN(fv) ? "NaN" : "Inf";
    return padNumber(signChar(fv < 0, flags), body, spec, false);
  }
  const prec = flags & FPREC ? spec.prec : 6;
  const sharp = (flags & FSHARP) !== 0;
  let body: string;
  switch (ch) {
    case "f":
      body = fixedBody(a, prec, sharp);
      break;
    case "e":
    case "E":
      body = expBody(a, prec, sharp, ch === "E");
      break;
    case "g":
    case "G":
      body = genBody(a, prec, sharp, ch === "G");
      break;
    default:
      throw new UnsupportedRubyError(`format directive %${ch}`, {});
  }
  return padNumber(signChar(neg, flags), body, spec, true);
}

/** `%a` / `%A` (BSD__hdtoa as CRuby uses it): normalized hex mantissa, binary exponent, `0x` prefix. */
function formatHexFloat(it: Interp, upper: boolean, v: Value, spec: Spec): string {
  const fv = (kernelFloat(it, [v]) as RFloat).v;
  if (!Number.isFinite(fv)) return padNumber(signChar(fv < 0, spec.flags), Number.isNaN(fv) ? "NaN" : "Inf", spec, false);
  const neg = fv < 0 || Object.is(fv, -0);
  const a = Math.abs(fv);
  let frac = "";
  let exp = 0;
  if (a !== 0) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, a);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    let e = (hi >>> 20) & 0x7ff;
    let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (e === 0) {
      // Subnormal: normalize so the leading 1 sits at bit 52.
      e = 1;
      while (!(m & (1n << 52n))) {
        m <<= 1n;
        e--;
      }
      m &= (1n << 52n) - 1n;
    }
    exp = e - 1023;
    frac = trimEndChar(m.toString(16).padStart(13, "0"), "0");
  }
  const lead = a === 0 ? "0" : "1";
  if (spec.flags & FPREC) {
    if (spec.prec < frac.length) throw new UnsupportedRubyError("format directive %a with a rounding precision", {});
    frac = frac.padEnd(spec.prec, "0");
  }
  const dot = frac.length || spec.flags & FSHARP ? "." : "";
  let rest = `${lead}${dot}${frac}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`;
  let prefix = "0x";
  if (upper) {
    rest = rest.toUpperCase();
    prefix = "0X";
  }
  const sign = signChar(neg, spec.flags);
  const len = sign.length + prefix.length + rest.length;
  if (!(spec.flags & FWIDTH) || spec.width <= len) return sign + prefix + rest;
  const n = spec.width - len;
  if (spec.flags & FMINUS) return sign + prefix + rest + " ".repeat(n);
  if (spec.flags & FZERO) return sign + prefix + "0".repeat(n) + rest;
  return " ".repeat(n) + sign + prefix + rest;
}

function intValue(it: Interp, v: Value): Int {
  if (isInteger(v)) return v;
  if (v instanceof RFloat) {
    if (!Number.isFinite(v.v)) return it.raise("FloatDomainError", Number.isNaN(v.v) ? "NaN" : v.v > 0 ? "Infinity" : "-Infinity");
    return dbl2ival(Math.trunc(v.v));
  }
  if (v instanceof RString) {
    // rb_str_to_inum(str, 0, TRUE): strict like Integer(), but no separate null-byte message
    const r = parseIntegerStrict(v.s, 0);
    if (r === null) return it.raise("ArgumentError", `invalid value for Integer(): ${it.inspect(v)}`);
    return r;
  }
  return kernelInteger(it, [v]) as Int;
}

function formatInt(it: Interp, ch: string, v: Value, spec: Spec): string {
  const n = intValue(it, v);
  const { flags } = spec;
  const base = ch === "x" || ch === "X" ? 16 : ch === "o" ? 8 : ch === "b" || ch === "B" ? 2 : 10;
  const signed = base === 10 || (flags & (FPLUS | FSPACE)) !== 0;
  const B = big(n);
  const neg = B < 0n;
  let s: string;
  let dots = false;
  let sc = "";
  if (signed) {
    s = intToString(neg ? -B : B, base);
    sc = signChar(neg, flags);
  } else if (neg) {
    dots = true;
    const bits = base === 16 ? 4 : base === 8 ? 3 : 1;
    // Start from a lower bound on the digit count (not 1: a big B would loop once per digit).
    let nd = Math.max(1, Math.floor((intBits(B) - 8) / bits));
    while (BigInt(2) ** BigInt(bits * nd) < -B * 2n) nd++;
    nd += 1;
    const tc = BigInt(2) ** BigInt(bits * nd) + B;
    const fillCh = base === 16 ? "f" : base === 8 ? "7" : "1";
    s = intToString(tc, base).padStart(nd, "0");
    while (s.startsWith(fillCh)) s = s.slice(1);
    s = fillCh + s;
  } else {
    s = intToString(B, base);
  }
  if (ch === "X") s = s.toUpperCase();
  let prefix = "";
  if (flags & FSHARP) {
    prefix = ch === "x" ? "0x" : ch === "X" ? "0X" : ch === "b" ? "0b" : ch === "B" ? "0B" : ch === "o" ? "0" : "";
  }
  let width = flags & FWIDTH ? spec.width : 0;
  let prec = flags & FPREC ? spec.prec : 0;
  let len = s.length;
  width -= sc.length;
  if (dots) {
    prec -= 2;
    width -= 2;
  }
  if (prefix === "0") {
    if (dots) prefix = "";
    else if (len === 1 && s === "0") {
      len = 0;
      s = "";
      if (flags & FPREC) prec--;
    } else if (flags & FPREC && prec > len) prefix = "";
  } else if (len === 1 && s === "0") prefix = "";
  width -= prefix.length;
  if ((flags & (FZERO | FMINUS | FPREC)) === FZERO) {
    prec = width;
    width = 0;
  } else {
    if (prec < len) {
      if (!prefix && flags & FPREC && prec === 0 && len === 1 && s === "0") {
        len = 0;
        s = "";
      }
      prec = len;
    }
    width -= prec;
  }
  let out = "";
  if (!(flags & FMINUS) && width > 0) out += " ".repeat(width);
  out += sc + prefix;
  if (dots) out += "..";
  if (prec > len) {
    if (dots) out += (base === 16 ? (ch === "X" ? "F" : "f") : base === 8 ? "7" : "1").repeat(prec - len);
    else if ((flags & (FMINUS | FPREC)) !== FMINUS) out += "0".repeat(prec - len);
  }
  out += s;
  if (flags & FMINUS && width > 0) out += " ".repeat(width);
  return out;
}

function formatChar(it: Interp, v: Value): string {
  if (v instanceof RString) return charSlice(v.s, 1);
  const n = intValue(it, v);
  const c = Number(n);
  if (c < 0 || c > 0x10ffff) return it.raise("RangeError", `${n} out of char range`);
  if (c >= 0xd800 && c <= 0xdfff) return it.raise("RangeError", `invalid codepoint 0x${c.toString(16).toUpperCase()} in UTF-8`);
  return String.fromCodePoint(c);
}

/** Kernel#format. `args` are the values after the format string (a trailing keyword Hash counts as the hash argument). */
/**
 * A width or precision: the result is at least that many characters, so it is checked against the
 * String size limit (and charged) before any padding or digit string of that size is built.
 */
function fieldSize(n: number): number {
  chargeString(n);
  return n;
}

export function format(it: Interp, fmt: string, args: Value[]): string {
  const out = new TextBuilder();
  let nextArg = 0;
  let posarg = 0; // >0: last unnumbered index used; -1: numbered used; -2: named used
  let hash: RHash | null = null;

  const getHash = (): RHash => {
    if (hash) return hash;
    if (args.length !== 1 || !(args[0] instanceof RHash)) return it.raise("ArgumentError", "one hash required");
    hash = args[0];
    return hash;
  };
  const nextPos = (): Value => {
    if (posarg === -1) return it.raise("ArgumentError", `unnumbered(${nextArg + 1}) mixed with numbered`);
    if (posarg === -2) return it.raise("ArgumentError", `unnumbered(${nextArg + 1}) mixed with named`);
    posarg = ++nextArg;
    if (nextArg > args.length) return it.raise("ArgumentError", "too few arguments");
    return args[nextArg - 1];
  };
  const absArg = (n: number): Value => {
    if (posarg > 0) return it.raise("ArgumentError", `numbered(${n}) after unnumbered(${posarg})`);
    if (posarg === -2) return it.raise("ArgumentError", `numbered(${n}) after named`);
    if (n < 1) return it.raise("ArgumentError", `invalid index - ${n}$`);
    posarg = -1;
    if (n > args.length) return it.raise("ArgumentError", "too few arguments");
    return args[n - 1];
  };
  const namedArg = (name: string, open: string, close: string): Value => {
    if (posarg > 0) return it.raise("ArgumentError", `named${open}${name}${close} after unnumbered(${posarg})`);
    if (posarg === -1) return it.raise("ArgumentError", `named${open}${name}${close} after numbered`);
    posarg = -2;
    const h = getHash();
    const key = sym(name);
    const v = h.lookup(key);
    if (v !== undefined) return v;
    if (h.defaultProc) return it.yield(h.defaultProc, [h, key]);
    if (h.defaultValue !== null) return h.defaultValue;
    const exc = it.raise("KeyError", `key${open}${name}${close} not found`);
    return exc;
  };
  const intFromArg = (v: Value): number => {
    const n = intValue(it, v);
    return Number(n);
  };

  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out.add(fmt.slice(i));
      break;
    }
    out.add(fmt.slice(i, pct));
    i = pct + 1;
    const spec: Spec = { flags: 0, width: 0, prec: 0 };
    let value: Value | undefined;
    let done = false;
    while (!done) {
      if (i >= n) return it.raise("ArgumentError", "incomplete format specifier; use %% (double %) instead");
      const c = fmt[i];
      switch (c) {
        case " ":
          spec.flags |= FSPACE;
          i++;
          break;
        case "#":
          spec.flags |= FSHARP;
          i++;
          break;
        case "+":
          spec.flags |= FPLUS;
          i++;
          break;
        case "-":
          spec.flags |= FMINUS;
          i++;
          break;
        case "0":
          spec.flags |= FZERO;
          i++;
          break;
        case "1":
        case "2":
        case "3":
        case "4":
        case "5":
        case "6":
        case "7":
        case "8":
        case "9": {
          let j = i;
          while (j < n && fmt[j] >= "0" && fmt[j] <= "9") j++;
          const num = Number(fmt.slice(i, j));
          if (fmt[j] === "$") {
            if (value !== undefined) return it.raise("ArgumentError", `value given twice - ${num}$`);
            value = absArg(num);
            i = j + 1;
          } else {
            if (spec.flags & FWIDTH) return it.raise("ArgumentError", "width given twice");
            spec.width = fieldSize(num);
            spec.flags |= FWIDTH;
            i = j;
          }
          break;
        }
        case "<":
        case "{": {
          const close = c === "<" ? ">" : "}";
          const end = fmt.indexOf(close, i + 1);
          if (end < 0) return it.raise("ArgumentError", `malformed name - unmatched parenthesis`);
          const name = fmt.slice(i + 1, end);
          if (value !== undefined) return it.raise("ArgumentError", `named${c}${name}${close} after <${name}>`);
          value = namedArg(name, c, close);
          i = end + 1;
          if (c === "{") {
            let s = it.toS(value);
            if (spec.flags & FPREC) s = charSlice(s, spec.prec);
            out.add(pad(s, spec));
            done = true;
          }
          break;
        }
        case "*": {
          if (spec.flags & FWIDTH) return it.raise("ArgumentError", "width given twice");
          i++;
          let j = i;
          while (j < n && fmt[j] >= "0" && fmt[j] <= "9") j++;
          let w: number;
          if (j > i && fmt[j] === "$") {
            w = intFromArg(absArg(Number(fmt.slice(i, j))));
            i = j + 1;
          } else w = intFromArg(nextPos());
          if (w < 0) {
            spec.flags |= FMINUS;
            w = -w;
          }
          spec.width = fieldSize(w);
          spec.flags |= FWIDTH;
          break;
        }
        case ".": {
          if (spec.flags & FPREC) return it.raise("ArgumentError", "precision given twice");
          spec.flags |= FPREC;
          i++;
          if (fmt[i] === "*") {
            i++;
            let j = i;
            while (j < n && fmt[j] >= "0" && fmt[j] <= "9") j++;
            let p: number;
            if (j > i && fmt[j] === "$") {
              p = intFromArg(absArg(Number(fmt.slice(i, j))));
              i = j + 1;
            } else p = intFromArg(nextPos());
            if (p < 0) spec.flags &= ~FPREC;
            spec.prec = fieldSize(Math.max(p, 0));
            break;
          }
          let j = i;
          while (j < n && fmt[j] >= "0" && fmt[j] <= "9") j++;
          spec.prec = fieldSize(j > i ? Number(fmt.slice(i, j)) : 0);
          i = j;
          break;
        }
        case "\n":
        case "\0":
          out.add("%");
          done = true;
          break;
        case "%":
          if (spec.flags !== 0 || value !== undefined) return it.raise("ArgumentError", "invalid format character - %");
          out.add("%");
          i++;
          done = true;
          break;
        case "s":
        case "p": {
          i++;
          const v = value !== undefined ? value : nextPos();
          let s = c === "s" ? it.toS(v) : it.inspect(v);
          if (spec.flags & FPREC) s = charSlice(s, spec.prec);
          out.add(pad(s, spec));
          done = true;
          break;
        }
        case "c": {
          i++;
          const v = value !== undefined ? value : nextPos();
          out.add(pad(formatChar(it, v), spec));
          done = true;
          break;
        }
        case "d":
        case "i":
        case "u":
        case "x":
        case "X":
        case "o":
        case "b":
        case "B": {
          i++;
          const v = value !== undefined ? value : nextPos();
          out.add(formatInt(it, c, v, spec));
          done = true;
          break;
        }
        case "f":
        case "e":
        case "E":
        case "g":
        case "G":
        case "a":
        case "A": {
          i++;
          const v = value !== undefined ? value : nextPos();
          out.add(c === "a" || c === "A" ? formatHexFloat(it, c === "A", v, spec) : formatFloat(it, c, v, spec));
          done = true;
          break;
        }
        default:
          return it.raise("ArgumentError", `malformed format string - %${c}`);
      }
    }
  }
  return out.toString();
}

/** String#% argument handling: an Array supplies the arguments, anything else is the single argument. */
export function formatArgsOf(v: Value): Value[] {
  return v instanceof RArray ? v.a : [v];
}
