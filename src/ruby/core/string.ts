/**
 * String methods with Ruby 4.0 semantics. Strings are JS strings of code points (UTF-8 in Ruby)
 * or, when `binary`, of bytes 0-255 (ASCII-8BIT). Indices are character indices; the helpers below
 * convert to UTF-16 offsets where astral characters occur.
 */
import { Buffer } from "buffer";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import {
  type Interp,
  type Value,
  type RProc,
  RObject,
  RString,
  RSymbol,
  RArray,
  RHash,
  RRange,
  RRegexp,
  RFloat,
  RMatchData,
  cString,
  cEncoding,
  str,
  arr,
  int,
  truthy,
  realClassOf,
} from "../runtime/values.js";
import { chargeArray, parseBigDigits, pushElement } from "../runtime/budget.js";
import { toStr, toInt, checkFrozen, arityError, conversionName } from "../runtime/coerce.js";
import { format } from "./format.js";
import { enumFor } from "./enumerator.js";
import { stringUpto } from "./enumerable.js";
import { inspectString, dumpString } from "./string-format-inspect.js";
import { type EncName, encodingName, transcode, usAscii } from "./string-encode.js";
import { brokenUtf8 } from "../runtime/broken-utf8.js";
import {
  compileRegexpOrRaise,
  regexpFromString,
  regexpInfo,
  execAt,
  execSticky,
  charIndex,
  u16Index,
  nextCharIndex,
  newMatchData,
  matchFrom,
  matchGroupValue,
  groupCount,
  groupText,
  groupSpan,
} from "./regexp.js";
import { trimEndWhere } from "../runtime/trim.js";

// ---------------------------------------------------------------------------------------------
// Encodings

export class REncoding extends RObject {
  constructor(
    public readonly ename: string,
    public readonly label: string,
  ) {
    super(cEncoding);
    this.frozen = true;
  }
}
export const ENC_UTF8 = new REncoding("UTF-8", "UTF-8");
export const ENC_BINARY = new REncoding("ASCII-8BIT", "BINARY (ASCII-8BIT)");
export const ENC_ASCII = new REncoding("US-ASCII", "US-ASCII");

function encodingArg(it: Interp, v: Value): REncoding {
  if (v instanceof REncoding) return v;
  const name = toStr(it, v).toUpperCase();
  if (name === "UTF-8" || name === "UTF8") return ENC_UTF8;
  if (name === "ASCII-8BIT" || name === "BINARY") return ENC_BINARY;
  if (name === "US-ASCII" || name === "ASCII") return ENC_ASCII;
  throw new UnsupportedRubyError(`encoding ${toStr(it, v)}`, {});
}

// ---------------------------------------------------------------------------------------------
// Character helpers

const SURR = /[\uD800-\uDFFF]/;

/** Number of characters. */
export function charLen(s: string): number {
  if (!SURR.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i = nextCharIndex(s, i)) n++;
  return n;
}

/** Characters as JS strings. */
export function charsOf(s: string): string[] {
  return SURR.test(s) ? Array.from(s) : s.split("");
}

/** Substring by character index/length (both already validated as non-negative). */
export function charSlice(s: string, start: number, n: number): string {
  if (!SURR.test(s)) return s.substr(start, n);
  const a = u16Index(s, start);
  const b = u16Index(s, start + n);
  return s.slice(a, b);
}

const mk = (self: RString, s: string): RString => {
  const r = new RString(s, self.binary);
  if (usAscii.has(self)) usAscii.add(r);
  return r;
};

// One element per character/byte/line: the element count is checked before the elements are
// built (a 60 M-character String must not become 60 M objects first and a limit error after).
function charCount(s: string): number {
  if (!SURR.test(s)) return s.length;
  let n = 0;
  for (const _c of s) n++;
  return n;
}
function elementChars(s: string): string[] {
  chargeArray(charCount(s));
  return charsOf(s);
}
function elementBytes(self: RString): number[] {
  chargeArray(self.binary ? self.s.length : Buffer.byteLength(self.s, "utf8"));
  return bytesOf(self);
}
function elementCodepoints(s: string): number[] {
  chargeArray(charCount(s));
  return Array.from(s, (c) => c.codePointAt(0)!);
}
function elementLines(s: string, sep: string | null, chompIt: boolean): string[] {
  let bound = sep === null || sep === "" ? Math.ceil(s.length / 2) + 1 : Math.floor(s.length / sep.length) + 1;
  if (bound > 1024 && sep !== null && sep !== "") {
    bound = 1;
    for (let p = s.indexOf(sep); p >= 0; p = s.indexOf(sep, p + sep.length)) bound++;
  }
  chargeArray(bound);
  return linesOf(s, sep, chompIt);
}

function utf8(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}

function bytesOf(self: RString): number[] {
  if (self.binary) return Array.from(self.s, (c) => c.charCodeAt(0));
  return Array.from(utf8(self.s));
}

function bytesToBinary(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

function binaryToUtf8(s: string): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

function setStr(it: Interp, self: RString, s: string): void {
  checkFrozen(it, self);
  it.checkSize(s.length, "String");
  self.s = s;
}

/** Result of `a + b` and friends: encoding negotiation between UTF-8 and binary. */
function concatResult(it: Interp, a: RString, b: RString): { s: string; binary: boolean } {
  if (a.binary === b.binary) return { s: a.s + b.s, binary: a.binary };
  if (isAscii(b.s)) return { s: a.s + b.s, binary: a.binary };
  if (isAscii(a.s)) return { s: a.s + b.s, binary: b.binary };
  return it.raise("Encoding::CompatibilityError", `incompatible character encodings: ${a.binary ? "BINARY (ASCII-8BIT)" : "UTF-8"} and ${b.binary ? "BINARY (ASCII-8BIT)" : "UTF-8"}`);
}

function strArg(it: Interp, v: Value): RString {
  return v instanceof RString ? v : new RString(toStr(it, v));
}

function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  if (!SURR.test(a) && !SURR.test(b)) return a < b ? -1 : 1;
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] < cb[i] ? -1 : 1;
  return ca.length < cb.length ? -1 : ca.length > cb.length ? 1 : 0;
}

function cmpOperand(it: Interp, b: Value): string {
  if (b === null || typeof b === "boolean" || typeof b === "number" || typeof b === "bigint" || b instanceof RFloat || b instanceof RSymbol) return it.inspect(b);
  return realClassOf(b).name;
}

function kwArg(args: Value[], name: string): Value | undefined {
  const last = args[args.length - 1];
  if (last instanceof RHash && last.kw) return last.lookup(RSymbol.of(name));
  return undefined;
}
function stripKw(args: Value[]): Value[] {
  const last = args[args.length - 1];
  return last instanceof RHash && last.kw ? args.slice(0, -1) : args;
}

// ---------------------------------------------------------------------------------------------
// Case mapping

function upcase(s: string, binary: boolean, ascii: boolean): string {
  if (binary || ascii) return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
  return s.toUpperCase();
}
function downcase(s: string, binary: boolean, ascii: boolean): string {
  if (binary || ascii) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  return s.toLowerCase();
}
const TITLE: Record<string, string> = { ß: "Ss", ﬀ: "Ff", ﬁ: "Fi", ﬂ: "Fl", ﬃ: "Ffi", ﬄ: "Ffl", ﬅ: "St", ﬆ: "St", ǆ: "ǅ", ǅ: "ǅ", Ǆ: "ǅ", ǉ: "ǈ", ǈ: "ǈ", Ǉ: "ǈ", ǌ: "ǋ", ǋ: "ǋ", Ǌ: "ǋ", ǳ: "ǲ", ǲ: "ǲ", Ǳ: "ǲ" };
function capitalize(s: string, binary: boolean, ascii: boolean): string {
  if (s === "") return s;
  const cs = charsOf(s);
  const first = binary || ascii ? upcase(cs[0], true, true) : (TITLE[cs[0]] ?? cs[0].toUpperCase());
  return first + downcase(cs.slice(1).join(""), binary, ascii);
}
function swapcase(s: string, binary: boolean, ascii: boolean): string {
  let out = "";
  for (const c of charsOf(s)) {
    const lo = downcase(c, binary, ascii);
    if (lo !== c) out += lo;
    else out += upcase(c, binary, ascii);
  }
  return out;
}
function caseOpt(it: Interp, args: Value[], s = ""): boolean {
  let ascii = false;
  for (const a of args) {
    if (a instanceof RSymbol && a.name === "ascii") ascii = true;
    else if (a instanceof RSymbol && (a.name === "turkic" || a.name === "lithuanian" || a.name === "fold")) {
      if (/[iIİıjJ\u0300-\u036f]/.test(s) || a.name === "fold") throw new UnsupportedRubyError(`case mapping option :${a.name}`, {});
    }
    else if (a instanceof RSymbol) it.raise("ArgumentError", "invalid option");
    else it.raise("TypeError", `no implicit conversion of ${conversionName(a)} into Symbol`);
  }
  return ascii;
}

// ---------------------------------------------------------------------------------------------
// Whitespace

const WS = "\0\t\n\v\f\r ";
function lstrip(s: string): string {
  let i = 0;
  while (i < s.length && WS.includes(s[i])) i++;
  return s.slice(i);
}
function rstrip(s: string): string {
  let j = s.length;
  while (j > 0 && WS.includes(s[j - 1])) j--;
  return s.slice(0, j);
}

function chomp(s: string, sep: string | null | undefined): string {
  if (sep === null) return s;
  if (sep === undefined || sep === "\n") {
    if (s.endsWith("\r\n")) return s.slice(0, -2);
    if (s.endsWith("\n") || s.endsWith("\r")) return s.slice(0, -1);
    return s;
  }
  if (sep === "") {
    let e = s.length;
    for (;;) {
      if (s.slice(0, e).endsWith("\r\n")) e -= 2;
      else if (s.slice(0, e).endsWith("\n")) e -= 1;
      else break;
    }
    return s.slice(0, e);
  }
  if (sep === "\r\n" && s.endsWith("\r\n")) return s.slice(0, -2);
  return s.endsWith(sep) ? s.slice(0, s.length - sep.length) : s;
}

function chop(s: string): string {
  if (s === "") return s;
  if (s.endsWith("\r\n")) return s.slice(0, -2);
  const cs = charsOf(s);
  cs.pop();
  return cs.join("");
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** String#to_i / Integer-parsing prefix semantics (rb_cstr_to_inum with badcheck false). */
export function strToInt(s: string, base: number): number | bigint {
  let i = 0;
  while (i < s.length && " \t\n\v\f\r".includes(s[i])) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  const pre = s.slice(i, i + 2).toLowerCase();
  if (base === 0 || base === -1) {
    if (pre === "0x") {
      base = 16;
      i += 2;
    } else if (pre === "0b") {
      base = 2;
      i += 2;
    } else if (pre === "0o") {
      base = 8;
      i += 2;
    } else if (pre === "0d") {
      base = 10;
      i += 2;
    } else if (s[i] === "0") base = 8;
    else base = base === -1 ? 8 : 10;
  } else if ((base === 16 && pre === "0x") || (base === 2 && pre === "0b") || (base === 8 && pre === "0o") || (base === 10 && pre === "0d")) i += 2;
  let digits = "";
  let lastUnderscore = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === "_") {
      if (lastUnderscore || digits === "") break;
      lastUnderscore = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) break;
    digits += c;
    lastUnderscore = false;
  }
  if (digits === "") return 0;
  let v: bigint | number;
  const asNum = parseInt(digits, base);
  if (Number.isSafeInteger(asNum)) v = asNum;
  else v = parseBigDigits(digits.toLowerCase(), base);
  if (neg) v = typeof v === "bigint" ? -v : -v;
  return typeof v === "bigint" ? int(v) : v === 0 ? 0 : v;
}

/** String#to_f prefix semantics. */
export function strToF(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)((?:\d+(?:_\d+)*)?)(?:\.(\d+(?:_\d+)*)|\.(?=[eE][+-]?\d))?(?:[eE]([+-]?\d+(?:_\d+)*))?/.exec(s);
  if (!m || (m[2] === "" && m[3] === undefined)) return 0;
  let text = (m[2] || "0") + (m[3] !== undefined ? "." + m[3] : "");
  if (m[4] !== undefined) text += "e" + m[4];
  const v = parseFloat(text.replace(/_/g, ""));
  return m[1] === "-" ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// tr / delete / squeeze / count character sets

interface CharSet {
  neg: boolean;
  /** Ordered segments [lo, hi] of code points. */
  segs: [number, number][];
}

function parseSet(it: Interp, spec: string): CharSet {
  const cps = Array.from(spec, (c) => c.codePointAt(0)!);
  let i = 0;
  let neg = false;
  if (cps.length > 1 && cps[0] === 0x5e) {
    neg = true;
    i = 1;
  }
  const segs: [number, number][] = [];
  while (i < cps.length) {
    let c = cps[i];
    if (c === 0x5c && i + 1 < cps.length) {
      i++;
      c = cps[i];
    }
    i++;
    if (i + 1 < cps.length && cps[i] === 0x2d) {
      // trnext: the range's end is taken as is (a backslash there is the end, not an escape); the
      // message quotes the range only when both ends are ASCII.
      const hi = cps[i + 1];
      const skip = 2;
      if (hi < c) {
        if (c < 0x80 && hi < 0x80) it.raise("ArgumentError", `invalid range "${String.fromCodePoint(c)}-${String.fromCodePoint(hi)}" in string transliteration`);
        it.raise("ArgumentError", "invalid range in string transliteration");
      }
      segs.push([c, hi]);
      i += skip;
    } else segs.push([c, c]);
  }
  return { neg, segs };
}

function inSet(set: CharSet, cp: number): boolean {
  let hit = false;
  for (const [lo, hi] of set.segs) if (cp >= lo && cp <= hi) {
    hit = true;
    break;
  }
  return set.neg ? !hit : hit;
}

function inAll(sets: CharSet[], cp: number): boolean {
  for (const s of sets) if (!inSet(s, cp)) return false;
  return true;
}

function setsFrom(it: Interp, args: Value[], name: string): CharSet[] {
  if (args.length === 0) arityError(it, 0, "1+");
  void name;
  return args.map((a) => parseSet(it, toStr(it, a)));
}

/** tr / tr_s core. Returns the translated string. */
function trString(it: Interp, s: string, fromSpec: string, toSpec: string, squeeze: boolean): string {
  const from = parseSet(it, fromSpec);
  const to = parseSet(it, toSpec.startsWith("^") && toSpec.length > 1 ? "\\" + toSpec : toSpec);
  const toLen = to.segs.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
  const toAt = (k: number): number => {
    for (const [lo, hi] of to.segs) {
      const n = hi - lo + 1;
      if (k < n) return lo + k;
      k -= n;
    }
    const [, last] = to.segs[to.segs.length - 1];
    return last;
  };
  const lastTo = toLen ? toAt(toLen - 1) : -1;
  const map = (cp: number): number | null | undefined => {
    // undefined: not in set; null: delete; number: replacement
    if (from.neg) {
      if (inSet(from, cp)) return toLen ? lastTo : null;
      return undefined;
    }
    let idx = -1;
    let base = 0;
    for (const [lo, hi] of from.segs) {
      if (cp >= lo && cp <= hi) idx = base + (cp - lo);
      base += hi - lo + 1;
    }
    if (idx < 0) return undefined;
    if (!toLen) return null;
    return idx < toLen ? toAt(idx) : lastTo;
  };
  let out = "";
  let lastRep: number | null = null;
  for (const ch of charsOf(s)) {
    it.tick();
    const cp = ch.codePointAt(0)!;
    const r = map(cp);
    if (r === undefined) {
      out += ch;
      lastRep = null;
    } else if (r === null) {
      /* deleted */
    } else {
      if (squeeze && lastRep === r) continue;
      out += String.fromCodePoint(r);
      lastRep = r;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// succ

function strSucc(s: string): string {
  if (s === "") return "";
  const cs = charsOf(s);
  const isDigit = (c: string) => c >= "0" && c <= "9";
  const isAlpha = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
  if (cs.some((c) => c.length > 1 || (c > "\x7f" && /[\p{L}\p{Nd}]/u.test(c)))) throw new UnsupportedRubyError("String#succ on non-ASCII letters", {});
  let found = false;
  let neighborNotChar = false;
  let lastAlnum: string | null = null;
  let carryPos = -1;
  let carry = "";
  for (let i = cs.length - 1; i >= 0; i--) {
    const c = cs[i];
    if (neighborNotChar && lastAlnum !== null) {
      if (isAlpha(lastAlnum) ? isDigit(c) : isDigit(lastAlnum) ? isAlpha(c) : false) break;
    }
    if (!isDigit(c) && !isAlpha(c)) {
      neighborNotChar = true;
      continue;
    }
    neighborNotChar = false;
    found = true;
    if (c === "9") {
      cs[i] = "0";
      carry = "1";
    } else if (c === "z") {
      cs[i] = "a";
      carry = "a";
    } else if (c === "Z") {
      cs[i] = "A";
      carry = "A";
    } else {
      cs[i] = String.fromCharCode(c.charCodeAt(0) + 1);
      return cs.join("");
    }
    lastAlnum = cs[i];
    carryPos = i;
  }
  if (!found) {
    // no alphanumerics: increment the rightmost character, carrying over wrapped bytes
    for (let i = cs.length - 1; i >= 0; i--) {
      const cp = cs[i].codePointAt(0)!;
      if (cp < 0x7f || (cp >= 0x80 && cp < 0x10ffff && cp !== 0xd7ff)) {
        cs[i] = String.fromCodePoint(cp + 1);
        return cs.join("");
      }
      throw new UnsupportedRubyError("String#succ wrapping a character", {});
    }
  }
  cs.splice(carryPos, 0, carry);
  return cs.join("");
}

// ---------------------------------------------------------------------------------------------
// Indexing

function aref(it: Interp, self: RString, args: Value[]): Value {
  const s = self.s;
  if (args.length === 2) {
    const a = args[0];
    if (a instanceof RRegexp) {
      const md = matchFrom(it, a, self, 0);
      if (!md) return null;
      return matchGroupValue(it, md, args[1]);
    }
    let start = toInt(it, a);
    const n = toInt(it, args[1]);
    const len = charLen(s);
    if (n < 0) return null;
    if (start < 0) start += len;
    if (start < 0 || start > len) return null;
    return mk(self, charSlice(s, start, Math.min(n, len - start)));
  }
  if (args.length !== 1) arityError(it, args.length, "1..2");
  const a = args[0];
  if (typeof a === "number" || a instanceof RFloat) {
    let i = toInt(it, a);
    const len = charLen(s);
    if (i < 0) i += len;
    if (i < 0 || i >= len) return null;
    return mk(self, charSlice(s, i, 1));
  }
  if (a instanceof RRange) {
    const len = charLen(s);
    const bl = rangeBegLen(it, a, len);
    if (!bl) return null;
    return mk(self, charSlice(s, bl[0], bl[1]));
  }
  if (a instanceof RString) return s.includes(a.s) ? mk(self, a.s) : null;
  if (a instanceof RRegexp) {
    const md = matchFrom(it, a, self, 0);
    return md ? mk(self, groupText(md, 0)!) : null;
  }
  let i = toInt(it, a);
  const len = charLen(s);
  if (i < 0) i += len;
  if (i < 0 || i >= len) return null;
  return mk(self, charSlice(s, i, 1));
}

/** rb_range_beg_len with err=0 for a character length. */
function rangeBegLen(it: Interp, r: RRange, len: number): [number, number] | null {
  let beg = r.begin === null ? 0 : toInt(it, r.begin);
  let end = r.end === null ? -1 : toInt(it, r.end);
  const excl = r.end === null ? false : r.excl;
  if (beg < 0) {
    beg += len;
    if (beg < 0) return null;
  }
  if (beg > len) return null;
  if (end < 0) end += len;
  if (!excl) end++;
  if (end > len) end = len;
  return [beg, Math.max(0, end - beg)];
}

/** Replaces characters [start, start+n) with `rep`. */
function spliceChars(it: Interp, self: RString, start: number, n: number, rep: string): void {
  const s = self.s;
  const a = u16Index(s, start);
  const b = u16Index(s, start + n);
  setStr(it, self, s.slice(0, a) + rep + s.slice(b));
}

function aset(it: Interp, self: RString, args: Value[]): Value {
  checkFrozen(it, self);
  if (args.length === 3) {
    const a = args[0];
    const val = args[2];
    if (a instanceof RRegexp) {
      const md = matchFrom(it, a, self, 0);
      if (!md) return it.raise("IndexError", "regexp not matched");
      let g: number;
      const idx = args[1];
      if (idx instanceof RString || idx instanceof RSymbol) {
        const name = idx instanceof RString ? idx.s : idx.name;
        const gs = regexpInfo(a).nameGroups.get(name);
        if (!gs) return it.raise("IndexError", `undefined group name reference: ${name}`);
        g = gs[gs.length - 1];
      } else {
        g = toInt(it, idx);
        const n = groupCount(md);
        if (g < -n || g > n) return it.raise("IndexError", `index ${g} out of regexp`);
        if (g < 0) g += n + 1;
      }
      const sp = groupSpan(md, g);
      if (!sp) return it.raise("IndexError", `regexp group ${g} not matched`);
      const rep = toStr(it, val);
      setStr(it, self, self.s.slice(0, sp[0]) + rep + self.s.slice(sp[1]));
      return val;
    }
    let start = toInt(it, a);
    const n = toInt(it, args[1]);
    const len = charLen(self.s);
    if (n < 0) return it.raise("IndexError", `negative length ${n}`);
    if (start > len || start < -len) return it.raise("IndexError", `index ${start} out of string`);
    if (start < 0) start += len;
    spliceChars(it, self, start, Math.min(n, len - start), toStr(it, val));
    return val;
  }
  if (args.length !== 2) arityError(it, args.length, "2..3");
  const [a, val] = args;
  if (a instanceof RRegexp) {
    const md = matchFrom(it, a, self, 0);
    if (!md) return it.raise("IndexError", "regexp not matched");
    const sp = groupSpan(md, 0)!;
    setStr(it, self, self.s.slice(0, sp[0]) + toStr(it, val) + self.s.slice(sp[1]));
    return val;
  }
  if (a instanceof RString) {
    const i = self.s.indexOf(a.s);
    if (i < 0) return it.raise("IndexError", "string not matched");
    setStr(it, self, self.s.slice(0, i) + toStr(it, val) + self.s.slice(i + a.s.length));
    return val;
  }
  if (a instanceof RRange) {
    const len = charLen(self.s);
    let beg = a.begin === null ? 0 : toInt(it, a.begin);
    let end = a.end === null ? -1 : toInt(it, a.end);
    const excl = a.end === null ? false : a.excl;
    if (beg < 0) {
      beg += len;
      if (beg < 0) return it.raise("RangeError", `${it.inspect(a)} out of range`);
    }
    if (beg > len) return it.raise("RangeError", `${it.inspect(a)} out of range`);
    if (end < 0) end += len;
    if (!excl) end++;
    if (end > len) end = len;
    spliceChars(it, self, beg, Math.max(0, end - beg), toStr(it, val));
    return val;
  }
  let i = toInt(it, a);
  const len = charLen(self.s);
  if (i >= len || i < -len) return it.raise("IndexError", `index ${i} out of string`);
  if (i < 0) i += len;
  spliceChars(it, self, i, 1, toStr(it, val));
  return val;
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** Pattern for sub/gsub/scan/split/index: Regexp as is, String matched literally. */
function patArg(it: Interp, v: Value): RRegexp {
  if (v instanceof RRegexp) return v;
  if (v instanceof RString) return regexpFromString(v.s);
  if (v !== null && typeof v === "object" && !(v instanceof RSymbol) && it.respondTo(v, "to_str", true)) return regexpFromString(toStr(it, v));
  return it.raise("TypeError", `wrong argument type ${conversionName(v)} (expected Regexp)`);
}

/** Expands `\1`, `\0`, `\&`, `\k<name>`, `` \` ``, `\'`, `\\`, `\+` in a replacement string (rb_reg_regsub). */
function expandReplacement(it: Interp, rep: string, md: RMatchData): string {
  if (!rep.includes("\\")) return rep;
  let out = "";
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c !== "\\" || i + 1 >= rep.length) {
      out += c;
      continue;
    }
    const n = rep[++i];
    if (n >= "0" && n <= "9") {
      const g = n.charCodeAt(0) - 48;
      // \1-\9 expand to nothing when the pattern has named groups (Onigmo turns numbered capture off).
      if (g > 0 && regexpInfo(md.regexp).names.length) continue;
      if (g <= groupCount(md)) out += groupText(md, g) ?? "";
    } else if (n === "&") out += groupText(md, 0)!;
    else if (n === "`") out += md.input.slice(0, md.m.index);
    else if (n === "'") out += md.input.slice(md.m.index + md.m[0].length);
    else if (n === "\\") out += "\\";
    else if (n === "+") {
      for (let g = groupCount(md); g > 0; g--) {
        const t = groupText(md, g);
        if (t !== null) {
          out += t;
          break;
        }
      }
    } else if (n === "k" && rep[i + 1] === "<" && rep.indexOf(">", i + 2) > 0) {
      const end = rep.indexOf(">", i + 2);
      const name = rep.slice(i + 2, end);
      const v = matchGroupValue(it, md, /^\d+$/.test(name) ? Number(name) : str(name));
      out += v instanceof RString ? v.s : "";
      i = end;
    } else if (n === "k" && rep[i + 1] === "<") {
      it.raise("RuntimeError", "invalid group name reference format");
    } else out += "\\" + n;
  }
  return out;
}

/** sub/gsub core: returns the new text, or null when nothing matched. */
function subImpl(it: Interp, self: RString, args: Value[], blk: RProc | null, global: boolean): string | null {
  let hash: RHash | null = null;
  let rep: string | null = null;
  if (args.length === 2) {
    if (args[1] instanceof RHash) hash = args[1];
    else rep = toStr(it, args[1]);
  }
  const re = patArg(it, args[0]);
  const s = self.s;
  let pos = 0;
  let last = 0;
  let out = "";
  let lastMd: RMatchData | null = null;
  for (;;) {
    it.tick();
    const m = execAt(re, s, pos);
    if (!m) break;
    const md = newMatchData(re, self, m);
    lastMd = md;
    const start = m.index;
    const end = start + m[0].length;
    out += s.slice(last, start);
    let r: string;
    if (rep !== null) r = expandReplacement(it, rep, md);
    else if (hash) r = it.toS(it.send(hash, "[]", [mk(self, m[0])]));
    else {
      it.setLastMatch(md);
      r = it.toS(it.yield(blk!, [mk(self, m[0])]));
    }
    out += r;
    it.checkSize(out.length, "String");
    last = end;
    if (!global) break;
    if (start === end) {
      if (end >= s.length) break;
      const nx = nextCharIndex(s, end);
      out += s.slice(end, nx);
      last = nx;
      pos = nx;
    } else pos = end;
  }
  it.setLastMatch(lastMd);
  if (!lastMd) return null;
  out += s.slice(last);
  return out;
}

function scanImpl(it: Interp, self: RString, pat: Value, blk: RProc | null): Value {
  const re = patArg(it, pat);
  const s = self.s;
  const out: Value[] = [];
  let pos = 0;
  let lastMd: RMatchData | null = null;
  while (pos <= s.length) {
    it.tick();
    const m = execAt(re, s, pos);
    if (!m) break;
    const md = newMatchData(re, self, m);
    lastMd = md;
    const n = groupCount(md);
    let v: Value;
    if (n === 0) v = mk(self, m[0]);
    else {
      const caps: Value[] = [];
      for (let g = 1; g <= n; g++) {
        const t = groupText(md, g);
        caps.push(t === null ? null : mk(self, t));
      }
      v = arr(caps);
    }
    const end = m.index + m[0].length;
    pos = m[0].length === 0 ? (end < s.length ? nextCharIndex(s, end) : end + 1) : end;
    if (blk) {
      it.setLastMatch(md);
      it.yield(blk, [v]);
    } else {
      out.push(v);
      it.checkSize(out.length, "Array");
    }
  }
  it.setLastMatch(lastMd);
  return blk ? self : arr(out);
}

const AWK_WS = " \t\n\v\f\r";

function splitImpl(it: Interp, self: RString, args: Value[]): Value[] {
  const s = self.s;
  let pat: Value = args.length > 0 ? args[0] : null;
  let lim = 0;
  let hasLimit = false;
  if (args.length > 2) arityError(it, args.length, "0..2");

  if (args.length === 2) {
    lim = toInt(it, args[1]);
    if (lim > 0) {
      hasLimit = true;
      if (lim === 1) return s === "" ? [] : [mk(self, s)];
    }
  }
  let i = 1;
  const result: string[] = [];
  let beg = 0;
  const push = (x: string) => {
    it.tick();
    pushElement(result, x);
  };
  let type: "awk" | "string" | "chars" | "regexp";
  let sep = "";
  let re: RRegexp | null = null;
  if (pat === null) type = "awk";
  else if (pat instanceof RRegexp) {
    type = "regexp";
    re = pat;
  } else {
    if (!(pat instanceof RString) && !(pat !== null && typeof pat === "object" && !(pat instanceof RSymbol) && it.respondTo(pat, "to_str", true))) {
      it.raise("TypeError", `wrong argument type ${conversionName(pat)} (expected Regexp)`);
    }
    sep = toStr(it, pat);
    if (sep === " ") type = "awk";
    else if (sep === "") type = "chars";
    else type = "string";
  }
  if (s === "") return [];
  if (type === "awk") {
    let skip = true;
    let end = 0;
    let p = 0;
    for (; p < s.length; p++) {
      const c = s[p];
      const sp = AWK_WS.includes(c);
      if (skip) {
        if (sp) beg = p + 1;
        else {
          end = p + 1;
          skip = false;
          if (hasLimit && lim <= i) break;
        }
      } else if (sp) {
        push(s.slice(beg, end));
        skip = true;
        beg = p + 1;
        if (hasLimit) ++i;
      } else end = p + 1;
    }
  } else if (type === "string") {
    let p = 0;
    let e: number;
    while (p < s.length && (e = s.indexOf(sep, p)) >= 0) {
      push(s.slice(p, e));
      p = e + sep.length;
      if (hasLimit && lim <= ++i) break;
    }
    beg = p;
  } else if (type === "chars") {
    let p = 0;
    while (p < s.length) {
      const n = nextCharIndex(s, p);
      push(s.slice(p, n));
      p = n;
      if (hasLimit && lim <= ++i) break;
    }
    beg = p;
  } else {
    let start = 0;
    let lastNull = false;
    let m: RegExpExecArray | null;
    let lastMd: RMatchData | null = null;
    while ((m = execAt(re!, s, start))) {
      const md = newMatchData(re!, self, m);
      lastMd = md;
      const mb = m.index;
      const me = mb + m[0].length;
      if (start === mb && mb === me) {
        if (s.length === 0) {
          push("");
          break;
        } else if (lastNull) {
          push(s.slice(beg, nextCharIndex(s, beg)));
          beg = start;
        } else {
          start = start >= s.length ? start + 1 : nextCharIndex(s, start);
          lastNull = true;
          continue;
        }
      } else {
        push(s.slice(beg, mb));
        beg = start = me;
      }
      lastNull = false;
      for (let g = 1; g <= groupCount(md); g++) {
        const t = groupText(md, g);
        if (t === null) continue;
        push(t);
      }
      if (hasLimit && lim <= ++i) break;
    }
    void lastMd;
  }
  if (s.length > 0 && (hasLimit || s.length > beg || lim < 0)) push(s.slice(beg));
  if (!hasLimit && lim === 0) while (result.length && result[result.length - 1] === "") result.pop();
  return result.map((x) => mk(self, x));
}

/** index/rindex helpers (character offsets). */
function indexImpl(it: Interp, self: RString, args: Value[]): Value {
  if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
  const s = self.s;
  const len = charLen(s);
  let start = args.length > 1 ? toInt(it, args[1]) : 0;
  if (start < 0) {
    start += len;
    if (start < 0) {
      if (args[0] instanceof RRegexp) it.setLastMatch(null);
      return null;
    }
  }
  if (start > len) {
    if (args[0] instanceof RRegexp) it.setLastMatch(null);
    return null;
  }
  const sub = args[0];
  if (sub instanceof RRegexp) {
    const md = matchFrom(it, sub, self, start);
    return md ? charIndex(s, md.m.index) : null;
  }
  const t = toStr(it, sub);
  const r = s.indexOf(t, u16Index(s, start));
  return r < 0 ? null : charIndex(s, r);
}

function rindexImpl(it: Interp, self: RString, args: Value[]): Value {
  if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
  const s = self.s;
  const len = charLen(s);
  let pos = len;
  if (args.length > 1) {
    pos = toInt(it, args[1]);
    if (pos < 0) {
      pos += len;
      if (pos < 0) {
        if (args[0] instanceof RRegexp) it.setLastMatch(null);
        return null;
      }
    }
    if (pos > len) pos = len;
  }
  const sub = args[0];
  if (sub instanceof RRegexp) {
    for (let c = pos; c >= 0; c--) {
      it.tick();
      const u = u16Index(s, c);
      const m = execSticky(sub, s, u);
      if (m) {
        it.setLastMatch(newMatchData(sub, self, m));
        return c;
      }
    }
    it.setLastMatch(null);
    return null;
  }
  const t = toStr(it, sub);
  const r = s.lastIndexOf(t, u16Index(s, pos));
  return r < 0 ? null : charIndex(s, r);
}

function justify(it: Interp, self: RString, args: Value[], mode: "l" | "r" | "c"): RString {
  if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
  const width = toInt(it, args[0]);
  const pad = args.length > 1 ? toStr(it, args[1]) : " ";
  if (pad === "") it.raise("ArgumentError", "zero width padding");
  const len = charLen(self.s);
  if (width <= len) return mk(self, self.s);
  const n = width - len;
  it.checkSize(width, "String");
  it.alloc?.(width);
  const padChars = charsOf(pad);
  const fill = (k: number) => {
    let out = "";
    for (let j = 0; j < k; j++) out += padChars[j % padChars.length];
    return out;
  };
  if (mode === "l") return mk(self, self.s + fill(n));
  if (mode === "r") return mk(self, fill(n) + self.s);
  const left = Math.floor(n / 2);
  return mk(self, fill(left) + self.s + fill(n - left));
}

function linesOf(s: string, sep: string | null, chompIt: boolean): string[] {
  if (sep === null) return s === "" ? [] : [s];
  const out: string[] = [];
  if (sep === "") {
    // paragraph mode
    const re = /\n{2,}/g;
    let p = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      const end = m.index + m[0].length;
      out.push(chompIt ? s.slice(p, m.index) : s.slice(p, m.index + 2));
      p = end;
    }
    if (p < s.length) out.push(s.slice(p));
    return out;
  }
  let p = 0;
  while (p < s.length) {
    const e = s.indexOf(sep, p);
    if (e < 0) {
      out.push(s.slice(p));
      break;
    }
    let piece = s.slice(p, e + sep.length);
    if (chompIt) piece = sep === "\n" ? chomp(piece, undefined) : piece.slice(0, piece.length - sep.length);
    out.push(piece);
    p = e + sep.length;
  }
  return out;
}

function lineArgs(it: Interp, args: Value[]): { sep: string | null; chomp: boolean } {
  const ch = kwArg(args, "chomp");
  const pos = stripKw(args);
  let sep: string | null = "\n";
  if (pos.length > 0) sep = pos[0] === null ? null : toStr(it, pos[0]);
  return { sep, chomp: ch !== undefined && truthy(ch) };
}

// ---------------------------------------------------------------------------------------------
// pack / unpack (subset)

function unpack(it: Interp, self: RString, fmt: string): Value[] {
  const out: Value[] = [];
  const bytes = bytesOf(self);
  let p = 0;
  const re = /([a-zA-Z])(\*|\d+)?/g;
  const f = fmt.replace(/\s+/g, "");
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(f))) {
    if (m.index !== consumed) break;
    consumed = m.index + m[0].length;
    const d = m[1];
    const count = m[2] === "*" ? -1 : m[2] === undefined ? 1 : Number(m[2]);
    if (d === "m") {
      const text = bytesToBinary(bytes.slice(p));
      p = bytes.length;
      if (count === 0) {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) it.raise("ArgumentError", "invalid base64");
      }
      const clean = text.replace(/[^A-Za-z0-9+/]/g, "");
      const buf = Buffer.from(clean, "base64");
      pushElement(out, new RString(bytesToBinary(buf), true));
    } else if (d === "C" || d === "c") {
      const n = count < 0 ? bytes.length - p : count;
      for (let k = 0; k < n; k++) {
        if (p >= bytes.length) {
          pushElement(out, null);
          continue;
        }
        const b = bytes[p++];
        pushElement(out, d === "c" && b > 127 ? b - 256 : b);
      }
    } else if (d === "U") {
      const text = self.binary ? binaryToUtf8(self.s) ?? "" : self.s;
      const cps = Array.from(new TextDecoder().decode(Uint8Array.from(bytes.slice(p))), (c) => c.codePointAt(0)!);
      void text;
      const n = count < 0 ? cps.length : Math.min(count, cps.length);
      for (let k = 0; k < n; k++) pushElement(out, cps[k]);
      for (let k = 0; k < n; k++) p += cps[k] < 0x80 ? 1 : cps[k] < 0x800 ? 2 : cps[k] < 0x10000 ? 3 : 4;
    } else if (d === "a" || d === "A" || d === "Z") {
      const n = count < 0 ? bytes.length - p : Math.min(count, bytes.length - p);
      let seg = bytesToBinary(bytes.slice(p, p + n));
      p += n;
      if (d === "A") seg = trimEndWhere(seg, (c) => c === 32 || c === 0);
      if (d === "Z") {
        const z = seg.indexOf("\0");
        if (z >= 0) seg = seg.slice(0, z);
      }
      pushElement(out, new RString(seg, true));
    } else if (d === "H" || d === "h") {
      const n = count < 0 ? (bytes.length - p) * 2 : count;
      let h = "";
      for (let k = 0; k < n && p + (k >> 1) < bytes.length; k++) {
        const b = bytes[p + (k >> 1)];
        const nib = d === "H" ? (k % 2 === 0 ? b >> 4 : b & 15) : k % 2 === 0 ? b & 15 : b >> 4;
        h += nib.toString(16);
      }
      p += Math.ceil(n / 2);
      pushElement(out, str(h));
    } else throw new UnsupportedRubyError(`String#unpack directive '${d}'`, {});
  }
  if (consumed !== f.length) throw new UnsupportedRubyError(`String#unpack format '${fmt}'`, {});
  return out;
}

// ---------------------------------------------------------------------------------------------

function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function defBang(name: string, fn: (it: Interp, self: RString, args: Value[]) => string | null, arity?: number | readonly [number, number]): void {
  cString.define(`${name}!`, (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const r = fn(it, self, args);
    if (r === null || r === self.s) return null;
    setStr(it, self, r);
    return self;
  }, arity);
  cString.define(name, (self: RString, args, _b, it) => {
    const r = fn(it, self, args);
    return mk(self, r === null ? self.s : r);
  }, arity);
}

function eachOrEnum(self: RString, name: string, args: Value[], blk: RProc | null, it: Interp, items: () => Value[]): Value {
  if (!blk) return enumFor(self, name, args, () => items().length);
  for (const x of items()) {
    it.tick();
    it.yield(blk, [x]);
  }
  return self;
}

export function installString(): void {
  const C = cString;

  // Encoding
  cEncoding.consts.set("UTF_8", ENC_UTF8);
  cEncoding.consts.set("ASCII_8BIT", ENC_BINARY);
  cEncoding.consts.set("BINARY", ENC_BINARY);
  cEncoding.consts.set("US_ASCII", ENC_ASCII);
  cEncoding.consts.set("ASCII", ENC_ASCII);
  cEncoding.define("to_s", (self: REncoding) => str(self.ename), 0);
  cEncoding.define("name", (self: REncoding) => str(self.ename), 0);
  cEncoding.define("inspect", (self: REncoding) => str(`#<Encoding:${self.label}>`), 0);
  cEncoding.define("ascii_compatible?", () => true, 0);
  cEncoding.defineS("default_external", () => ENC_UTF8, 0);
  cEncoding.defineS("default_internal", () => null, 0);

  C.defineS("new", (_self, args, _b, it) => {
    const pos = stripKw(args);
    if (pos.length > 1) arityError(it, pos.length, "0..1");
    const enc = kwArg(args, "encoding");
    let r: RString;
    if (pos.length === 0) r = new RString("", true);
    else {
      const src = strArg(it, pos[0]);
      r = new RString(src.s, src.binary);
    }
    if (enc !== undefined && enc !== null) {
      const e = encodingArg(it, enc);
      forceEncoding(it, r, e);
    }
    return r;
  });

  // conversions / identity
  C.define("to_s", (self: RString) => (realClassOf(self) === cString ? self : new RString(self.s, self.binary)), 0);
  C.define("to_str", (self: RString) => (realClassOf(self) === cString ? self : new RString(self.s, self.binary)), 0);
  // US-ASCII inspects control characters as \xNN, like BINARY (only UTF-8 uses \u).
  C.define("inspect", (self: RString) => str(inspectString(self.s, self.binary || usAscii.has(self))), 0);
  C.define("dump", (self: RString) => str(dumpString(self.s, self.binary)), 0);
  C.define("to_sym", (self: RString) => RSymbol.of(self.s), 0);
  C.define("intern", (self: RString) => RSymbol.of(self.s), 0);
  C.define("to_i", (self: RString, args, _b, it) => {
    if (args.length > 1) arityError(it, args.length, "0..1");
    const base = args.length ? toInt(it, args[0]) : 10;
    if (base < 0 || base === 1 || base > 36) it.raise("ArgumentError", `invalid radix ${base}`);
    return strToInt(self.s, base);
  });
  C.define("to_f", (self: RString) => new RFloat(strToF(self.s)), 0);
  C.define("hex", (self: RString) => strToInt(self.s, 16), 0);
  C.define("oct", (self: RString) => strToInt(self.s, -1), 0);
  C.define("ord", (self: RString, _a, _b, it) => {
    if (self.s === "") it.raise("ArgumentError", "empty string");
    return self.s.codePointAt(0)!;
  }, 0);
  C.define("chr", (self: RString) => mk(self, self.s === "" ? "" : charSlice(self.s, 0, 1)), 0);
  C.define("hash", (self: RString) => strHash(self.s), 0);

  // size
  C.define("length", (self: RString) => charLen(self.s), 0);
  C.define("size", (self: RString) => charLen(self.s), 0);
  C.define("bytesize", (self: RString) => (self.binary ? self.s.length : Buffer.byteLength(self.s, "utf8")), 0);
  C.define("empty?", (self: RString) => self.s.length === 0, 0);

  // comparison
  const eqStr = (self: RString, args: Value[], _b: unknown, it: Interp): Value => {
    const o = args[0];
    if (o instanceof RString) return o.s === self.s && (o.binary === self.binary || isAscii(o.s));
    if (o !== null && typeof o === "object" && !(o instanceof RSymbol) && !(o instanceof RFloat) && it.respondTo(o, "to_str", true)) return truthy(it.send(o, "==", [self]));
    return false;
  };
  C.define("==", eqStr, 1);
  C.define("===", eqStr, 1);
  C.define("eql?", (self: RString, args) => {
    const o = args[0];
    return o instanceof RString && o.s === self.s && (o.binary === self.binary || isAscii(o.s));
  }, 1);
  C.define("<=>", (self: RString, args) => {
    const o = args[0];
    if (!(o instanceof RString)) return null;
    return cmpStr(self.s, o.s);
  }, 1);
  const rel = (name: string, test: (c: number) => boolean) =>
    C.define(name, (self: RString, args, _b, it) => {
      const o = args[0];
      if (!(o instanceof RString)) return it.raise("ArgumentError", `comparison of String with ${cmpOperand(it, o)} failed`);
      return test(cmpStr(self.s, o.s));
    }, 1);
  rel("<", (c) => c < 0);
  rel("<=", (c) => c <= 0);
  rel(">", (c) => c > 0);
  rel(">=", (c) => c >= 0);
  C.define("between?", (self: RString, args, _b, it) => {
    for (const o of args) if (!(o instanceof RString)) it.raise("ArgumentError", `comparison of String with ${cmpOperand(it, o)} failed`);
    return cmpStr(self.s, (args[0] as RString).s) >= 0 && cmpStr(self.s, (args[1] as RString).s) <= 0;
  }, 2);
  C.define("casecmp", (self: RString, args, _b, it) => {
    const o = args[0];
    if (!(o instanceof RString)) {
      if (o !== null && typeof o === "object" && it.respondTo(o, "to_str", true)) return cmpStr(downcase(self.s, false, true), downcase(toStr(it, o), false, true));
      return null;
    }
    return cmpStr(downcase(self.s, false, true), downcase(o.s, false, true));
  }, 1);
  C.define("casecmp?", (self: RString, args, _b, it) => {
    const o = args[0];
    if (!(o instanceof RString) && !(o !== null && typeof o === "object" && it.respondTo(o, "to_str", true))) return null;
    const t = toStr(it, o);
    const fold = (x: string) => x.toUpperCase().toLowerCase();
    return fold(self.s) === fold(t);
  }, 1);

  // building
  C.define("+", (self: RString, args, _b, it) => {
    const o = args[0];
    if (!(o instanceof RString)) {
      const t = toStr(it, o);
      it.checkSize(self.s.length + t.length, "String");
      it.alloc?.(self.s.length + t.length);
      return new RString(self.s + t, self.binary);
    }
    const r = concatResult(it, self, o);
    it.checkSize(r.s.length, "String");
    it.alloc?.(r.s.length);
    return new RString(r.s, r.binary);
  }, 1);
  C.define("*", (self: RString, args, _b, it) => {
    const n = toInt(it, args[0]);
    if (n < 0) it.raise("ArgumentError", "negative argument");
    it.checkSize(self.s.length * n, "String");
    it.alloc?.(self.s.length * n);
    return mk(self, self.s.repeat(n));
  }, 1);
  C.define("%", (self: RString, args, _b, it) => {
    const a = args[0];
    const list = a instanceof RArray ? a.a.slice() : [a];
    return mk(self, format(it, self.s, list));
  }, 1);
  const appendOne = (it: Interp, self: RString, o: Value): void => {
    if (typeof o === "number" || typeof o === "bigint") {
      const cp = typeof o === "bigint" ? -1 : o;
      if (cp < 0 || (self.binary && cp > 255) || cp > 0x10ffff) it.raise("RangeError", `${o} out of char range`);
      if (cp >= 0xd800 && cp <= 0xdfff) it.raise("RangeError", `invalid Unicode codepoint`);
      setStr(it, self, self.s + String.fromCodePoint(cp));
      return;
    }
    const other = strArg(it, o);
    const r = concatResult(it, self, other);
    setStr(it, self, r.s);
    self.binary = r.binary;
  };
  C.define("<<", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    appendOne(it, self, args[0]);
    return self;
  }, 1);
  C.define("concat", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const parts = args.map((a) => (a === self ? mk(self, self.s) : a));
    for (const a of parts) appendOne(it, self, a);
    return self;
  });
  C.define("prepend", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const pre = args.map((a) => toStr(it, a)).join("");
    setStr(it, self, pre + self.s);
    return self;
  });
  C.define("insert", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    let idx = toInt(it, args[0]);
    const t = toStr(it, args[1]);
    const len = charLen(self.s);
    if (idx < 0) {
      idx += len + 1;
      if (idx < 0) it.raise("IndexError", `index ${idx - len} out of string`);
    } else if (idx > len) it.raise("IndexError", `index ${idx} out of string`);
    spliceChars(it, self, idx, 0, t);
    return self;
  }, 2);
  C.define("replace", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const o = strArg(it, args[0]);
    setStr(it, self, o.s);
    self.binary = o.binary;
    return self;
  }, 1);
  C.define("clear", (self: RString, _a, _b, it) => {
    setStr(it, self, "");
    return self;
  }, 0);

  // freezing and copies
  C.define("freeze", (self: RString) => {
    self.frozen = true;
    return self;
  }, 0);
  C.define("frozen?", (self: RString) => self.frozen, 0);
  C.define("dup", (self: RString) => new RString(self.s, self.binary), 0);
  C.define("clone", (self: RString, args) => {
    const r = new RString(self.s, self.binary);
    const fz = kwArg(args, "freeze");
    r.frozen = fz === undefined || fz === null ? self.frozen : truthy(fz);
    return r;
  });
  C.define("+@", (self: RString) => (self.frozen ? new RString(self.s, self.binary) : self), 0);
  C.define("-@", (self: RString) => {
    if (self.frozen) return self;
    const r = new RString(self.s, self.binary);
    r.frozen = true;
    return r;
  }, 0);
  C.define("dedup", (self: RString) => {
    if (self.frozen) return self;
    const r = new RString(self.s, self.binary);
    r.frozen = true;
    return r;
  }, 0);

  // indexing
  C.define("[]", (self: RString, args, _b, it) => aref(it, self, args));
  C.define("slice", (self: RString, args, _b, it) => aref(it, self, args));
  C.define("[]=", (self: RString, args, _b, it) => aset(it, self, args));
  C.define("slice!", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const r = aref(it, self, args);
    if (r === null) return null;
    const a = args[0];
    if (args.length === 2 && a instanceof RRegexp) {
      const md = it.getLastMatch();
      if (md) {
        const g = args[1];
        const sp = typeof g === "number" ? groupSpan(md, g < 0 ? g + groupCount(md) + 1 : g) : groupSpan(md, regexpInfo(a).nameGroups.get(g instanceof RSymbol ? g.name : toStr(it, g))!.slice(-1)[0]);
        if (sp) setStr(it, self, self.s.slice(0, sp[0]) + self.s.slice(sp[1]));
      }
      return r;
    }
    if (a instanceof RRegexp) {
      const md = it.getLastMatch()!;
      const sp = groupSpan(md, 0)!;
      setStr(it, self, self.s.slice(0, sp[0]) + self.s.slice(sp[1]));
      return r;
    }
    if (a instanceof RString) {
      const i = self.s.indexOf(a.s);
      setStr(it, self, self.s.slice(0, i) + self.s.slice(i + a.s.length));
      return r;
    }
    const len = charLen(self.s);
    let start: number;
    let n: number;
    if (args.length === 2) {
      start = toInt(it, a);
      if (start < 0) start += len;
      n = charLen((r as RString).s);
    } else if (a instanceof RRange) {
      start = rangeBegLen(it, a, len)![0];
      n = charLen((r as RString).s);
    } else {
      start = toInt(it, a);
      if (start < 0) start += len;
      n = 1;
    }
    spliceChars(it, self, start, n, "");
    return r;
  });
  C.define("byteslice", (self: RString, args, _b, it) => {
    const bytes = bytesOf(self);
    let start: number;
    let n: number;
    if (args.length === 2) {
      start = toInt(it, args[0]);
      n = toInt(it, args[1]);
      if (n < 0) return null;
      if (start < 0) start += bytes.length;
      if (start < 0 || start > bytes.length) return null;
    } else if (args[0] instanceof RRange) {
      const bl = rangeBegLen(it, args[0], bytes.length);
      if (!bl) return null;
      [start, n] = bl;
    } else {
      start = toInt(it, args[0]);
      if (start < 0) start += bytes.length;
      if (start < 0 || start >= bytes.length) return null;
      n = 1;
    }
    const seg = bytes.slice(start, start + n);
    if (self.binary) return new RString(bytesToBinary(seg), true);
    const dec = binaryToUtf8(bytesToBinary(seg));
    if (dec === null) throw new UnsupportedRubyError("String#byteslice splitting a character", {});
    return new RString(dec);
  }, [1, 2]);
  C.define("getbyte", (self: RString, args, _b, it) => {
    const bytes = bytesOf(self);
    let i = toInt(it, args[0]);
    if (i < 0) i += bytes.length;
    return i < 0 || i >= bytes.length ? null : bytes[i];
  }, 1);

  // case
  defBang("upcase", (it, self, args) => upcase(self.s, self.binary, caseOpt(it, args, self.s)));
  defBang("downcase", (it, self, args) => downcase(self.s, self.binary, caseOpt(it, args, self.s)));
  defBang("capitalize", (it, self, args) => capitalize(self.s, self.binary, caseOpt(it, args, self.s)));
  defBang("swapcase", (it, self, args) => swapcase(self.s, self.binary, caseOpt(it, args, self.s)));

  // whitespace
  defBang("strip", (_it, self) => lstrip(rstrip(self.s)), 0);
  defBang("lstrip", (_it, self) => lstrip(self.s), 0);
  defBang("rstrip", (_it, self) => rstrip(self.s), 0);
  defBang("chomp", (it, self, args) => {
    if (args.length > 1) arityError(it, args.length, "0..1");
    return chomp(self.s, args.length === 0 ? undefined : args[0] === null ? null : toStr(it, args[0]));
  });
  defBang("chop", (_it, self) => chop(self.s), 0);
  defBang("squeeze", (it, self, args) => {
    const sets = args.map((a) => parseSet(it, toStr(it, a)));
    let out = "";
    let prev = "";
    for (const ch of charsOf(self.s)) {
      if (ch === prev && (sets.length === 0 || inAll(sets, ch.codePointAt(0)!))) continue;
      out += ch;
      prev = ch;
    }
    return out;
  });
  defBang("delete", (it, self, args) => {
    // rb_str_delete_bang returns before looking at its arguments when the string is empty.
    if (self.s === "") return "";
    const sets = setsFrom(it, args, "delete");
    let out = "";
    for (const ch of charsOf(self.s)) if (!inAll(sets, ch.codePointAt(0)!)) out += ch;
    return out;
  });
  defBang("tr", (it, self, args) => trString(it, self.s, toStr(it, args[0]), toStr(it, args[1]), false), 2);
  defBang("tr_s", (it, self, args) => trString(it, self.s, toStr(it, args[0]), toStr(it, args[1]), true), 2);
  defBang("delete_prefix", (it, self, args) => {
    const p = toStr(it, args[0]);
    return self.s.startsWith(p) ? self.s.slice(p.length) : null;
  }, 1);
  defBang("delete_suffix", (it, self, args) => {
    const p = toStr(it, args[0]);
    return p !== "" && self.s.endsWith(p) ? self.s.slice(0, self.s.length - p.length) : null;
  }, 1);
  defBang("reverse", (_it, self) => charsOf(self.s).reverse().join(""), 0);
  defBang("succ", (_it, self) => strSucc(self.s), 0);
  defBang("next", (_it, self) => strSucc(self.s), 0);
  C.define("count", (self: RString, args, _b, it) => {
    const sets = setsFrom(it, args, "count");
    let n = 0;
    for (const ch of charsOf(self.s)) if (inAll(sets, ch.codePointAt(0)!)) n++;
    return n;
  });

  C.define("center", (self: RString, args, _b, it) => justify(it, self, args, "c"));
  C.define("ljust", (self: RString, args, _b, it) => justify(it, self, args, "l"));
  C.define("rjust", (self: RString, args, _b, it) => justify(it, self, args, "r"));

  // sub / gsub
  C.define("sub", (self: RString, args, blk, it) => {
    if (args.length === 1 && !blk) arityError(it, 1, "2");
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const r = subImpl(it, self, args, blk, false);
    return mk(self, r === null ? self.s : r);
  });
  C.define("gsub", (self: RString, args, blk, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    if (args.length === 1 && !blk) return enumFor(self, "gsub", args);
    const r = subImpl(it, self, args, blk, true);
    return mk(self, r === null ? self.s : r);
  });
  C.define("sub!", (self: RString, args, blk, it) => {
    if (args.length === 1 && !blk) arityError(it, 1, "2");
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    checkFrozen(it, self);
    const r = subImpl(it, self, args, blk, false);
    if (r === null) return null;
    setStr(it, self, r);
    return self;
  });
  C.define("gsub!", (self: RString, args, blk, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    if (args.length === 1 && !blk) return enumFor(self, "gsub!", args);
    checkFrozen(it, self);
    const r = subImpl(it, self, args, blk, true);
    if (r === null) return null;
    setStr(it, self, r);
    return self;
  });
  C.define("scan", (self: RString, args, blk, it) => scanImpl(it, self, args[0], blk), 1);
  C.define("split", (self: RString, args, blk, it) => {
    const parts = splitImpl(it, self, args);
    if (blk) {
      for (const p of parts) (it.tick(), it.yield(blk, [p]));
      return self;
    }
    return arr(parts);
  });
  C.define("partition", (self: RString, args, _b, it) => {
    const p = args[0];
    if (p instanceof RRegexp) {
      const md = matchFrom(it, p, self, 0);
      if (!md) return arr([mk(self, self.s), mk(self, ""), mk(self, "")]);
      const [a, b] = groupSpan(md, 0)!;
      return arr([mk(self, self.s.slice(0, a)), mk(self, self.s.slice(a, b)), mk(self, self.s.slice(b))]);
    }
    const t = toStr(it, p);
    const i = self.s.indexOf(t);
    if (i < 0) return arr([mk(self, self.s), mk(self, ""), mk(self, "")]);
    return arr([mk(self, self.s.slice(0, i)), mk(self, t), mk(self, self.s.slice(i + t.length))]);
  }, 1);
  C.define("rpartition", (self: RString, args, _b, it) => {
    const p = args[0];
    if (p instanceof RRegexp) {
      const r = rindexImpl(it, self, [p]);
      if (r === null) return arr([mk(self, ""), mk(self, ""), mk(self, self.s)]);
      const md = it.getLastMatch()!;
      const [a, b] = groupSpan(md, 0)!;
      return arr([mk(self, self.s.slice(0, a)), mk(self, self.s.slice(a, b)), mk(self, self.s.slice(b))]);
    }
    const t = toStr(it, p);
    const i = self.s.lastIndexOf(t);
    if (i < 0) return arr([mk(self, ""), mk(self, ""), mk(self, self.s)]);
    return arr([mk(self, self.s.slice(0, i)), mk(self, t), mk(self, self.s.slice(i + t.length))]);
  }, 1);

  // matching
  C.define("=~", (self: RString, args, _b, it) => {
    const o = args[0];
    if (o instanceof RString) it.raise("TypeError", "type mismatch: String given");
    if (o instanceof RRegexp) {
      const md = matchFrom(it, o, self, 0);
      return md ? charIndex(md.input, md.m.index) : null;
    }
    return it.send(o, "=~", [self]);
  }, 1);
  const toRegexp = (it: Interp, v: Value): RRegexp => {
    if (v instanceof RRegexp) return v;
    if (v instanceof RString) return compileRegexpOrRaise(it, v.s, 0);
    return it.raise("TypeError", `wrong argument type ${conversionName(v)} (expected Regexp)`);
  };
  C.define("match", (self: RString, args, blk, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const re = toRegexp(it, args[0]);
    const md = matchFrom(it, re, self, args.length > 1 ? toInt(it, args[1]) : 0);
    if (md && blk) return it.yield(blk, [md]);
    return md;
  });
  C.define("match?", (self: RString, args, _b, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const re = toRegexp(it, args[0]);
    return matchFrom(it, re, self, args.length > 1 ? toInt(it, args[1]) : 0, false) !== null;
  });
  C.define("start_with?", (self: RString, args, _b, it) => {
    for (const a of args) {
      if (a instanceof RRegexp) {
        const m = execSticky(a, self.s, 0);
        if (m) {
          it.setLastMatch(newMatchData(a, self, m));
          return true;
        }
        continue;
      }
      if (self.s.startsWith(toStr(it, a))) return true;
    }
    return false;
  });
  C.define("end_with?", (self: RString, args, _b, it) => {
    for (const a of args) if (self.s.endsWith(toStr(it, a))) return true;
    return false;
  });
  C.define("include?", (self: RString, args, _b, it) => self.s.includes(toStr(it, args[0])), 1);
  C.define("index", (self: RString, args, _b, it) => indexImpl(it, self, args));
  C.define("rindex", (self: RString, args, _b, it) => rindexImpl(it, self, args));

  // iteration
  C.define("chars", (self: RString) => arr(elementChars(self.s).map((c) => mk(self, c))), 0);
  C.define("bytes", (self: RString) => arr(elementBytes(self)), 0);
  C.define("codepoints", (self: RString) => arr(elementCodepoints(self.s)), 0);
  C.define("lines", (self: RString, args, blk, it) => {
    const { sep, chomp: ch } = lineArgs(it, args);
    const ls = elementLines(self.s, sep, ch).map((l) => mk(self, l));
    if (blk) {
      for (const l of ls) (it.tick(), it.yield(blk, [l]));
      return self;
    }
    return arr(ls);
  });
  C.define("each_line", (self: RString, args, blk, it) => {
    const { sep, chomp: ch } = lineArgs(it, args);
    return eachOrEnum(self, "each_line", args, blk, it, () => elementLines(self.s, sep, ch).map((l) => mk(self, l)));
  });
  C.define("each_char", (self: RString, args, blk, it) => eachOrEnum(self, "each_char", args, blk, it, () => elementChars(self.s).map((c) => mk(self, c))), 0);
  C.define("each_byte", (self: RString, args, blk, it) => eachOrEnum(self, "each_byte", args, blk, it, () => elementBytes(self)), 0);
  C.define("each_codepoint", (self: RString, args, blk, it) => eachOrEnum(self, "each_codepoint", args, blk, it, () => elementCodepoints(self.s)), 0);
  C.define("upto", (self: RString, args, blk, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const last = strArg(it, args[0]);
    const excl = args.length > 1 && truthy(args[1]);
    if (!blk) return enumFor(self, "upto", args);
    stringUpto(it, self, last, excl, (x) => {
      it.yield(blk, [x]);
    });
    return self;
  });

  // encoding
  C.define("encoding", (self: RString) => (self.binary ? ENC_BINARY : usAscii.has(self) ? ENC_ASCII : ENC_UTF8), 0);
  C.define("force_encoding", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    forceEncoding(it, self, encodingArg(it, args[0]));
    return self;
  }, 1);
  const encode = (self: RString, args: Value[], it: Interp): RString => {
    const pos = stripKw(args);
    const last = args[args.length - 1];
    const kw = last instanceof RHash && last.kw ? last : null;
    if (pos.length > 2) arityError(it, pos.length, "0..2");
    const dst = pos.length === 0 ? ENC_UTF8 : encodingArg(it, pos[0]);
    const src = pos.length > 1 ? encodingArg(it, pos[1]).ename as EncName : encodingName(self);
    // An explicit source encoding reinterprets the receiver's bytes.
    let view = self;
    if (src === "UTF-8" && self.binary) {
      const dec = binaryToUtf8(self.s);
      if (dec === null) throw new UnsupportedRubyError("String#encode from UTF-8 of bytes that are not UTF-8", {});
      view = new RString(dec);
    } else if (src !== "UTF-8" && !self.binary) view = new RString(bytesToBinary(utf8(self.s)), true);
    const out = new RString(transcode(it, view, dst.ename as EncName, src, kw), dst === ENC_BINARY);
    if (dst === ENC_ASCII) usAscii.add(out);
    return out;
  };
  C.define("encode", (self: RString, args, _b, it) => encode(self, args, it));
  C.define("encode!", (self: RString, args, _b, it) => {
    checkFrozen(it, self);
    const r = encode(self, args, it);
    self.s = r.s;
    self.binary = r.binary;
    if (usAscii.has(r)) usAscii.add(self);
    else usAscii.delete(self);
    return self;
  });
  C.define("unicode_normalize", (self: RString, args, _b, it) => {
    const f = args[0] instanceof RSymbol ? args[0].name : "nfc";
    if (!["nfc", "nfd", "nfkc", "nfkd"].includes(f)) it.raise("ArgumentError", `Invalid normalization form ${f}.`);
    return str(self.s.normalize(f.toUpperCase() as "NFC"));
  }, [0, 1]);
  C.define("valid_encoding?", (self: RString) => self.binary || !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(self.s), 0);
  C.define("ascii_only?", (self: RString) => isAscii(self.s), 0);
  C.define("b", (self: RString) => new RString(self.binary ? self.s : bytesToBinary(utf8(self.s)), true), 0);
  C.define("scrub", (self: RString) => mk(self, self.s), [0, 1]);
  C.define("unpack", (self: RString, args, _b, it) => arr(unpack(it, self, toStr(it, args[0]))), 1);
  C.define("unpack1", (self: RString, args, _b, it) => unpack(it, self, toStr(it, args[0]))[0] ?? null, 1);
  C.define("sum", (self: RString, args, _b, it) => {
    const bits = args.length ? toInt(it, args[0]) : 16;
    // NUM2INT: the bit count is a C int.
    if (!(Math.abs(bits) < 2 ** 31)) {
      const f = args[0];
      if (f instanceof RFloat) it.raise("RangeError", `float ${f.v.toPrecision(10).replace(/\.?0+(e|$)/, "$1")} out of range of integer`);
      it.raise("RangeError", `integer ${bits} too big to convert to 'int'`);
    }
    let total = 0n;
    for (const b of bytesOf(self)) total += BigInt(b);
    // The sum of a String's bytes has far fewer than 64 bits: a wider mask keeps all of it.
    return bits > 0 && bits < 64 ? int(total & ((1n << BigInt(bits)) - 1n)) : int(total);
  }, [0, 1]);
}

function forceEncoding(it: Interp, self: RString, e: REncoding): void {
  void it;
  usAscii.delete(self);
  if (brokenUtf8.has(self)) {
    if (e === ENC_UTF8) return;
    brokenUtf8.delete(self); // its bytes become BINARY (or, for US-ASCII, are checked below)
  }
  if (e === ENC_ASCII) {
    forceEncoding(it, self, ENC_UTF8);
    if (!isAscii(self.s)) throw new UnsupportedRubyError("a US-ASCII String with non-ASCII bytes", {});
    usAscii.add(self);
    return;
  }
  if (e === ENC_BINARY) {
    if (!self.binary) {
      self.s = bytesToBinary(utf8(self.s));
      self.binary = true;
    }
    return;
  }
  if (self.binary) {
    const dec = binaryToUtf8(self.s);
    if (dec === null) {
      if (e === ENC_ASCII) throw new UnsupportedRubyError("a US-ASCII String with non-ASCII bytes", {});
      // UTF-8 holding invalid bytes: kept as bytes and marked (see string-broken.ts).
      brokenUtf8.add(self);
      return;
    }
    if (e === ENC_ASCII && !isAscii(dec)) throw new UnsupportedRubyError("a US-ASCII String with non-ASCII bytes", {});
    self.s = dec;
    self.binary = false;
    return;
  }
  if (e === ENC_ASCII && !isAscii(self.s)) throw new UnsupportedRubyError("a US-ASCII String with non-ASCII bytes", {});
}
