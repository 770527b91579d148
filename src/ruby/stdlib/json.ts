/**
 * Ruby's `json` library (json 2.18, as bundled with Ruby 4.0): `JSON.generate`, `JSON.dump`,
 * `JSON.pretty_generate`, `#to_json` on every value, `JSON.parse`/`JSON.load` and the error classes.
 *
 * Output is byte-identical with the C generator: strings escape only `"`, `\` and control
 * characters (no `/`, no U+2028 unless `script_safe`), floats use json's own shortest-digits layout
 * (`1e+20`, `0.00001`, `100.0`), empty containers are always `[]`/`{}`.
 */
import { Buffer } from "buffer";
import { brokenUtf8 } from "../runtime/broken-utf8.js";
import { TextBuilder, repeatChecked } from "../runtime/builder.js";
import { symbolizeKeys } from "./symbolize.js";
import {
  type Interp,
  type MethodFn,
  type RClass,
  type Value,
  RArray,
  RException,
  RFloat,
  RHash,
  RString,
  RSymbol,
  RObject,
  cArray,
  cHash,
  cStandardError,
  defineBuiltinClass,
  defineBuiltinModule,
  mKernel,
  str,
  sym,
  truthy,
} from "../runtime/values.js";
import { conversionName, toStr, toInt } from "../runtime/coerce.js";
import { JsonSyntaxError, parseJsonRuby } from "../data/json.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";

export let mJSON: RClass;
export let cJSONError: RClass;
export let cParserError: RClass;
export let cNestingError: RClass;
export let cGeneratorError: RClass;

/** Generator state (json's `JSON::State` options). */
export interface JsonGenOptions {
  indent: string;
  space: string;
  spaceBefore: string;
  objectNl: string;
  arrayNl: string;
  allowNan: boolean;
  /** 0 = unlimited. */
  maxNesting: number;
  asciiOnly: boolean;
  scriptSafe: boolean;
  /** Starting depth (a State passed to a user-defined #to_json carries it). */
  depth: number;
}

export const COMPACT: Readonly<JsonGenOptions> = {
  indent: "",
  space: "",
  spaceBefore: "",
  objectNl: "",
  arrayNl: "",
  allowNan: false,
  maxNesting: 100,
  asciiOnly: false,
  scriptSafe: false,
  depth: 0,
};
export const PRETTY: Readonly<JsonGenOptions> = { ...COMPACT, indent: "  ", space: " ", objectNl: "\n", arrayNl: "\n" };
export const DUMP: Readonly<JsonGenOptions> = { ...COMPACT, allowNan: true, maxNesting: 0 };

// ---------------------------------------------------------------------------------------------
// json 2.18 formats floats with a vendored fpconv (Grisu2): digits are usually the shortest
// round-trip ones but not always (Grisu2 may pick a longer or differently rounded string), so the
// digit generation is ported here with 64-bit arithmetic on BigInt.

const M64 = (1n << 64n) - 1n;
const NPOWERS = 87;
const STEPPOWERS = 8;
const FIRSTPOWER = -348;
const EXPMAX = -32;
const EXPMIN = -60;
const HIDDENBIT = 1n << 52n;
const FRACMASK = HIDDENBIT - 1n;
const TENS: bigint[] = Array.from({ length: 20 }, (_, i) => 10n ** BigInt(19 - i));

interface Fp {
  frac: bigint;
  exp: number;
}

/** The cached power 10^k as a normalized 64-bit significand (rounded to nearest) and exponent. */
function cachedPow(k: number): Fp {
  if (k >= 0) {
    const v = 10n ** BigInt(k);
    const e = v.toString(2).length - 64;
    if (e <= 0) return { frac: v << BigInt(-e), exp: e };
    const q = v >> BigInt(e);
    const r = v - (q << BigInt(e));
    return { frac: r * 2n >= 1n << BigInt(e) ? q + 1n : q, exp: e };
  }
  const d = 10n ** BigInt(-k);
  const l = d.toString(2).length;
  const n = 1n << BigInt(63 + l);
  const q = n / d;
  return { frac: (n - q * d) * 2n >= d ? q + 1n : q, exp: -(63 + l) };
}
const POWERS: Fp[] = Array.from({ length: NPOWERS }, (_, i) => cachedPow(FIRSTPOWER + i * STEPPOWERS));

function findCachedPow10(exp: number): { fp: Fp; k: number } {
  const approx = Math.trunc(-(exp + NPOWERS) * 0.30102999566398114);
  let idx = Math.trunc((approx - FIRSTPOWER) / STEPPOWERS);
  for (;;) {
    const current = exp + POWERS[idx].exp + 64;
    if (current < EXPMIN) idx++;
    else if (current > EXPMAX) idx--;
    else return { fp: POWERS[idx], k: FIRSTPOWER + idx * STEPPOWERS };
  }
}

function multiply(a: Fp, b: Fp): Fp {
  const lo = 0xffffffffn;
  const ahBl = (a.frac >> 32n) * (b.frac & lo);
  const alBh = (a.frac & lo) * (b.frac >> 32n);
  const alBl = (a.frac & lo) * (b.frac & lo);
  const ahBh = (a.frac >> 32n) * (b.frac >> 32n);
  let tmp = (ahBl & lo) + (alBh & lo) + (alBl >> 32n);
  tmp += 1n << 31n;
  return { frac: (ahBh + (ahBl >> 32n) + (alBh >> 32n) + (tmp >> 32n)) & M64, exp: a.exp + b.exp + 64 };
}

function roundDigit(digits: number[], delta: bigint, rem: bigint, kappa: bigint, frac: bigint): void {
  while (rem < frac && delta - rem >= kappa && (rem + kappa < frac || frac - rem > rem + kappa - frac)) {
    digits[digits.length - 1]--;
    rem += kappa;
  }
}

/** Grisu2: digits and K with value ≈ digits × 10^K. */
function grisu2(d: number): { digits: string; K: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const bits = view.getBigUint64(0);
  let w: Fp = { frac: bits & FRACMASK, exp: Number((bits >> 52n) & 0x7ffn) };
  if (w.exp) {
    w.frac += HIDDENBIT;
    w.exp -= 1075;
  } else w.exp = -1074;
  // boundaries
  const upper: Fp = { frac: (w.frac << 1n) + 1n, exp: w.exp - 1 };
  while ((upper.frac & (HIDDENBIT << 1n)) === 0n) {
    upper.frac <<= 1n;
    upper.exp--;
  }
  upper.frac <<= 10n;
  upper.exp -= 10;
  const lShift = w.frac === HIDDENBIT ? 2 : 1;
  const lower: Fp = { frac: (w.frac << BigInt(lShift)) - 1n, exp: w.exp - lShift };
  lower.frac <<= BigInt(lower.exp - upper.exp);
  lower.exp = upper.exp;
  // normalize w
  while ((w.frac & HIDDENBIT) === 0n) {
    w.frac <<= 1n;
    w.exp--;
  }
  w.frac <<= 11n;
  w.exp -= 11;
  const { fp: cp, k } = findCachedPow10(upper.exp);
  w = multiply(w, cp);
  const up = multiply(upper, cp);
  const low = multiply(lower, cp);
  low.frac++;
  up.frac--;
  let K = -k;
  // generate digits
  const digits: number[] = [];
  const wfrac = up.frac - w.frac;
  let delta = up.frac - low.frac;
  const oneExp = -up.exp;
  const oneFrac = 1n << BigInt(oneExp);
  let part1 = up.frac >> BigInt(oneExp);
  let part2 = up.frac & (oneFrac - 1n);
  let kappa = 10;
  for (let di = 10; kappa > 0; di++) {
    const div = TENS[di];
    const digit = part1 / div;
    if (digit || digits.length) digits.push(Number(digit));
    part1 -= digit * div;
    kappa--;
    const tmp = (part1 << BigInt(oneExp)) + part2;
    if (tmp <= delta) {
      K += kappa;
      roundDigit(digits, delta, tmp, div << BigInt(oneExp), wfrac);
      return { digits: digits.join(""), K };
    }
  }
  for (let unit = 18; ; unit--) {
    part2 = (part2 * 10n) & M64;
    delta = (delta * 10n) & M64;
    kappa--;
    const digit = part2 >> BigInt(oneExp);
    if (digit || digits.length) digits.push(Number(digit));
    part2 &= oneFrac - 1n;
    if (part2 < delta) {
      K += kappa;
      roundDigit(digits, delta, part2, oneFrac, (wfrac * TENS[unit]) & M64);
      return { digits: digits.join(""), K };
    }
  }
}

/** json 2.18's float text: plain up to 1e15 and down to 1e-9 (`100.0`, `0.00001`), else `1e+20`. */
export function jsonFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, K: k } = grisu2(x);
  const n = digits.length;
  const e10 = k + n - 1; // exponent of the leading digit
  const absExp = Math.abs(e10);
  if (k >= 0 && absExp < 15) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (k < 0 && (k > -7 || absExp < 10)) {
    const offset = n + k; // digits before the point
    if (offset <= 0) return `${sign}0.${"0".repeat(-offset)}${digits}`;
    return `${sign}${digits.slice(0, offset)}.${digits.slice(offset)}`;
  }
  const nd = Math.min(n, 18 - (sign ? 1 : 0));
  const mant = nd > 1 ? `${digits[0]}.${digits.slice(1, nd)}` : digits[0];
  return `${sign}${mant}e${e10 < 0 ? "-" : "+"}${absExp}`;
}

function hex4(c: number): string {
  return c.toString(16).padStart(4, "0");
}

/** A String's contents as UTF-8 text for the generator, or the GeneratorError message. */
function jsonText(s: RString): string | { error: string } {
  if (brokenUtf8.has(s)) return { error: "source sequence is illegal/malformed utf-8" };
  if (s.binary) {
    const bytes = Buffer.from(s.s, "latin1");
    let ascii = true;
    for (const b of bytes) if (b >= 0x80) ascii = false;
    if (ascii) return s.s;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      const bad = bytes.find((b) => b >= 0x80)!;
      return { error: `"\\x${bad.toString(16).toUpperCase()}" from ASCII-8BIT to UTF-8` };
    }
  }
  // A lone surrogate stands for bytes that are not valid UTF-8.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s.s)) {
    return { error: "source sequence is illegal/malformed utf-8" };
  }
  return s.s;
}

const SHORT_ESC: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };

/** Characters JSON.generate escapes by default. */
const PLAIN_ESCAPES = /[\x00-\x1f"\\]/;

export function jsonQuote(s: string, opts: Pick<JsonGenOptions, "asciiOnly" | "scriptSafe"> = COMPACT): string {
  // Most Strings have nothing to escape: one native scan instead of the loop below.
  if (!opts.scriptSafe && !opts.asciiOnly && !PLAIN_ESCAPES.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c < 0x20 || c === 34 || c === 92) rep = SHORT_ESC[c] ?? `\\u${hex4(c)}`;
    else if (opts.scriptSafe && (c === 0x2f || c === 0x2028 || c === 0x2029)) rep = c === 0x2f ? "\\/" : `\\u${hex4(c)}`;
    else if (opts.asciiOnly && c >= 0x80) rep = `\\u${hex4(c)}`;
    if (rep !== null) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

let kernelToJson: MethodFn | null = null;

/** Raises an instance of a stdlib exception class (classes nested in modules are not reachable by name through `it.raise`). */
export function raiseClass(it: Interp, cls: RClass, msg: string): never {
  return it.raiseExc(new RException(cls, str(msg)));
}

function genError(it: Interp, msg: string): never {
  return raiseClass(it, cGeneratorError, msg);
}

/** Serializes a Ruby value as json's C generator does. */
export function generateJson(it: Interp, v: Value, opts: JsonGenOptions): string {
  const out = new TextBuilder();
  let depth = opts.depth;
  const indentTo = (d: number) => (opts.indent ? repeatChecked(opts.indent, d) : "");
  const enter = () => {
    depth++;
    if (opts.maxNesting !== 0 && depth > opts.maxNesting) {
      raiseClass(it, cNestingError, `nesting of ${depth - 1} is too deep. Did you try to serialize objects with circular references?`);
    }
  };
  const gen = (x: Value): void => {
    it.tick();
    if (x === null) out.push("null");
    else if (x === true) out.push("true");
    else if (x === false) out.push("false");
    else if (typeof x === "number" || typeof x === "bigint") out.push(String(x));
    else if (x instanceof RFloat) {
      if (!Number.isFinite(x.v)) {
        const t = Number.isNaN(x.v) ? "NaN" : x.v > 0 ? "Infinity" : "-Infinity";
        if (!opts.allowNan) genError(it, `${t} not allowed in JSON`);
        out.push(t);
      } else out.push(jsonFloat(x.v));
    } else if (x instanceof RString) out.push(quoteStr(x));
    else if (x instanceof RSymbol) out.push(jsonQuote(x.name, opts));
    else if (x instanceof RHash && x.cls === cHash) genObject(x);
    else if (x instanceof RArray && x.cls === cArray) genArray(x);
    else genOther(x);
  };
  const quoteStr = (s: RString): string => {
    const t = jsonText(s);
    if (typeof t !== "string") return genError(it, t.error);
    return jsonQuote(t, opts);
  };
  const genObject = (h: RHash): void => {
    enter();
    if (h.size === 0) {
      depth--;
      out.push("{}");
      return;
    }
    out.push("{", opts.objectNl);
    let first = true;
    for (const [k, val] of [...h.entries()]) {
      if (!first) out.push(",", opts.objectNl);
      first = false;
      out.push(indentTo(depth));
      let ks: string;
      if (k instanceof RString) ks = quoteStr(k);
      else if (k instanceof RSymbol) ks = jsonQuote(k.name, opts);
      else ks = quoteStr(str(it.toS(k)));
      out.push(ks, opts.spaceBefore, ":", opts.space);
      gen(val);
    }
    depth--;
    if (opts.objectNl) out.push(opts.objectNl, indentTo(depth));
    out.push("}");
  };
  const genArray = (a: RArray): void => {
    enter();
    if (a.a.length === 0) {
      depth--;
      out.push("[]");
      return;
    }
    out.push("[", opts.arrayNl);
    const items = [...a.a];
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push(",", opts.arrayNl);
      out.push(indentTo(depth));
      gen(items[i]);
    }
    depth--;
    if (opts.arrayNl) out.push(opts.arrayNl, indentTo(depth));
    out.push("]");
  };
  const genOther = (x: RObject): void => {
    // A user-defined #to_json wins; otherwise json falls back to to_s (Kernel#to_json).
    const m = x.cls.findMethod("to_json");
    if (m && m.fn !== kernelToJson) {
      const r = it.send(x, "to_json", [stateHash(opts, depth)]);
      if (!(r instanceof RString)) it.raise("TypeError", `wrong argument type ${conversionName(r)} (expected String)`);
      out.push(r.s);
      return;
    }
    if (x instanceof RHash) return genObject(x);
    if (x instanceof RArray) return genArray(x);
    out.push(quoteStr(str(it.toS(x))));
  };
  gen(v);
  return out.toString();
}

function stateHash(opts: JsonGenOptions, depth: number): RHash {
  const h = new RHash();
  h.set(sym("indent"), str(opts.indent));
  h.set(sym("space"), str(opts.space));
  h.set(sym("space_before"), str(opts.spaceBefore));
  h.set(sym("object_nl"), str(opts.objectNl));
  h.set(sym("array_nl"), str(opts.arrayNl));
  h.set(sym("allow_nan"), opts.allowNan);
  h.set(sym("max_nesting"), opts.maxNesting);
  h.set(sym("depth"), depth);
  return h;
}

/** Merges a Ruby options Hash (symbol or string keys) into generator options. */
function readGenOpts(it: Interp, base: Readonly<JsonGenOptions>, v: Value | undefined): JsonGenOptions {
  const o: JsonGenOptions = { ...base };
  if (v === undefined || v === null) return o;
  if (!(v instanceof RHash)) {
    if (it.respondTo(v, "to_h")) return readGenOpts(it, base, it.send(v, "to_h"));
    return it.raise("TypeError", `can't convert ${it.inspect(v)} into Hash`);
  }
  for (const [k, val] of v.entries()) {
    const name = k instanceof RSymbol ? k.name : k instanceof RString ? k.s : null;
    switch (name) {
      case "indent":
        o.indent = toStr(it, val);
        break;
      case "space":
        o.space = toStr(it, val);
        break;
      case "space_before":
        o.spaceBefore = toStr(it, val);
        break;
      case "object_nl":
        o.objectNl = toStr(it, val);
        break;
      case "array_nl":
        o.arrayNl = toStr(it, val);
        break;
      case "allow_nan":
        o.allowNan = truthy(val);
        break;
      case "max_nesting":
        o.maxNesting = val === null || val === false ? 0 : toInt(it, val);
        break;
      case "depth":
        o.depth = val === null ? 0 : toInt(it, val);
        break;
      case "ascii_only":
        o.asciiOnly = truthy(val);
        break;
      case "script_safe":
      case "escape_slash":
        o.scriptSafe = truthy(val);
        break;
      default:
        break;
    }
  }
  return o;
}


/** `JSON.parse(source, opts)` semantics. */
export function jsonParse(it: Interp, source: Value, optsV: Value | undefined): Value {
  const text = toStr(it, source);
  let symbolize = false;
  let freeze = false;
  let maxNesting = 100;
  if (optsV instanceof RHash) {
    for (const [k, val] of optsV.entries()) {
      const name = k instanceof RSymbol ? k.name : k instanceof RString ? k.s : null;
      if (name === "symbolize_names") symbolize = truthy(val);
      else if (name === "max_nesting") maxNesting = val === null || val === false ? 0 : toInt(it, val);
      else if (name === "freeze") freeze = truthy(val);
      else if ((name === "create_additions" || name === "allow_nan" || name === "allow_trailing_comma" || name === "allow_control_characters") && !truthy(val)) continue;
      else if (name === "allow_duplicate_key" || name === "allow_blank") continue;
      // object_class, array_class, decimal_class, allow_nan: true ... would change the result.
      else throw new UnsupportedRubyError(`JSON.parse option ${name ?? it.inspect(k)}:`, {});
    }
  }
  let r: Value;
  try {
    r = parseJsonRuby(text, { maxNesting });
  } catch (e) {
    if (e instanceof JsonSyntaxError) raiseClass(it, e.nesting ? cNestingError : cParserError, e.rubyMessage);
    throw e;
  }
  if (symbolize) r = symbolizeKeys(r);
  if (freeze) deepFreeze(r);
  return r;
}

function deepFreeze(v: Value): void {
  if (v instanceof RHash) for (const [k, x] of v.entries()) {
    deepFreeze(k);
    deepFreeze(x);
  }
  else if (v instanceof RArray) for (const x of v.a) deepFreeze(x);
  if (v instanceof RObject) v.frozen = true;
}

export function installJson(): void {
  mJSON = defineBuiltinModule("JSON");
  cJSONError = defineBuiltinClass("JSONError", cStandardError, mJSON);
  cParserError = defineBuiltinClass("ParserError", cJSONError, mJSON);
  cNestingError = defineBuiltinClass("NestingError", cParserError, mJSON);
  cGeneratorError = defineBuiltinClass("GeneratorError", cJSONError, mJSON);
  mJSON.consts.set("VERSION", Object.assign(str("2.18.0"), { frozen: true }));

  const gen = (base: Readonly<JsonGenOptions>): MethodFn => (_self, args, _blk, it) => {
    const opts = readGenOpts(it, base, args[1]);
    return str(generateJson(it, args[0], opts));
  };
  mJSON.defineS("generate", gen(COMPACT), [1, 2]);
  mJSON.defineS("unparse", gen(COMPACT), [1, 2]);
  mJSON.defineS("fast_generate", gen(COMPACT), [1, 2]);
  mJSON.defineS("pretty_generate", gen(PRETTY), [1, 2]);
  mJSON.defineS("pretty_unparse", gen(PRETTY), [1, 2]);
  mJSON.defineS(
    "dump",
    (_self, args, _blk, it) => {
      if (args.length > 1 && args[1] !== null && !(typeof args[1] === "number")) {
        throw new UnsupportedRubyError("JSON.dump to an IO", {});
      }
      return str(generateJson(it, args[0], DUMP));
    },
    [1, 3],
  );
  mJSON.defineS("parse", (_self, args, _blk, it) => jsonParse(it, args[0], args[1]), [1, 2]);
  mJSON.defineS(
    "parse!",
    (_self, args, _blk, it) => jsonParse(it, args[0], args[1]),
    [1, 2],
  );
  mJSON.defineS(
    "load",
    (_self, args, _blk, it) => {
      const src = args[0];
      if (src === null || src === undefined) return null;
      if (src instanceof RString && src.s === "") return null;
      if (args.length > 1 && args[1] !== null) throw new UnsupportedRubyError("JSON.load with a proc", {});
      // JSON.load allows NaN/Infinity (load_default_options); the reader here does not.
      if (src instanceof RString && /NaN|Infinity/.test(src.s)) throw new UnsupportedRubyError("JSON.load of NaN/Infinity", {});
      return jsonParse(it, src, args[2]);
    },
    [1, 3],
  );
  mJSON.defineS(
    "[]",
    (_self, args, _blk, it) => {
      const a = args[0];
      if (a instanceof RString) return jsonParse(it, a, args[1]);
      return str(generateJson(it, a, readGenOpts(it, COMPACT, args[1])));
    },
    [1, 2],
  );

  // #to_json: Kernel's falls back to to_s; core classes generate themselves.
  const toJson: MethodFn = (self, args, _blk, it) => str(generateJson(it, self, readGenOpts(it, COMPACT, args[0])));
  kernelToJson = toJson;
  mKernel.define("to_json", toJson, [0, -1]);
}
