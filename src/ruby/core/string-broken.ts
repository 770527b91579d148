/**
 * Strings in UTF-8 that hold invalid bytes (`"\xff"`, `bytes.force_encoding("UTF-8")`). They are
 * kept as their bytes (like a BINARY String) and marked; String methods then behave as CRuby's do
 * on them: the regexp-based ones and a few scanners raise ArgumentError "invalid byte sequence in
 * UTF-8", case mapping raises "input string invalid", byte-level ones answer, and every other
 * method refuses with UnsupportedRubyError rather than answer as if the bytes were characters.
 */
import { Buffer } from "buffer";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { type Interp, type MethodFn, type Value, RArray, RHash, RProc, RRegexp, RString, RSymbol, cObject, cString, str, type RClass } from "../runtime/values.js";
import { inspectString } from "./string-format-inspect.js";
import { ENC_UTF8 } from "./string.js";

import { brokenUtf8, brokenUtf8String, byteChars, utf8FromByteChars } from "../runtime/broken-utf8.js";
import { checkFrozen } from "../runtime/coerce.js";

export const isBroken = (v: Value): v is RString => v instanceof RString && brokenUtf8.has(v);

function bytesOf(s: RString): number[] {
  return Array.from(s.s, (c) => c.charCodeAt(0));
}

/**
 * Splits bytes into valid UTF-8 characters (strings) and invalid units (byte arrays), as CRuby
 * walks them. For scrub/encode (`maximal`) an invalid unit is the longest prefix of a well-formed
 * sequence; character-wise (length, chars) every invalid byte is its own unit.
 */
function pieces(bytes: number[], maximal = false): (string | number[])[] {
  const out: (string | number[])[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) {
      out.push([b]);
      i++;
      continue;
    }
    let k = 1;
    while (k < n && i + k < bytes.length) {
      const c = bytes[i + k];
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) break;
      k++;
    }
    if (k === n) out.push(new TextDecoder().decode(Uint8Array.from(bytes.slice(i, i + n))));
    else if (maximal) out.push(bytes.slice(i, i + k));
    else {
      // Character-wise (length, chars) each byte of an invalid unit counts alone.
      out.push([b]);
      k = 1;
    }
    i += k;
  }
  return out;
}

const hexBytes = (u: number[]): string => u.map((x) => `\\x${x.toString(16).toUpperCase().padStart(2, "0")}`).join("");

function inspectBroken(s: RString): string {
  let out = '"';
  for (const p of pieces(bytesOf(s))) {
    out += typeof p === "string" ? inspectString(p).slice(1, -1) : hexBytes(p);
  }
  return `${out}"`;
}

function scrub(it: Interp, s: RString, rep: Value, blk: RProc | null): RString {
  let out = "";
  for (const p of pieces(bytesOf(s), true)) {
    if (typeof p === "string") out += p;
    else if (blk) out += it.toS(it.yield(blk, [new RString(String.fromCharCode(...p), true)]));
    else out += rep === null || rep === undefined ? "\ufffd" : it.toS(rep);
  }
  return str(out);
}

const INVALID = "invalid byte sequence in UTF-8";
/** Methods CRuby refuses on an invalid receiver (they scan it as characters or with a regexp). */
const RAISES = new Set(["=~", "match", "match?", "scan", "split", "gsub", "gsub!", "sub", "sub!", "tr", "tr!", "tr_s", "tr_s!", "delete", "delete!", "squeeze", "squeeze!", "count"]);
/** Joining methods: a String holding invalid UTF-8 on either side joins as bytes. */
const JOINING = new Set(["+", "<<", "concat"]);
const CASE = new Set(["upcase", "downcase", "capitalize", "swapcase", "upcase!", "downcase!", "capitalize!", "swapcase!"]);
/** Methods that take a Regexp argument and then scan the receiver. */
const REGEXP_ARG = new Set(["index", "rindex", "slice", "[]", "start_with?", "slice!", "partition", "rpartition"]);
/** Byte-level methods whose BINARY answer is CRuby's answer for the invalid UTF-8 String too. */
const BYTEWISE = new Set(["bytes", "bytesize", "getbyte", "unpack", "unpack1", "hash", "eql?", "==", "===", "empty?", "frozen?", "freeze", "b", "force_encoding", "equal?", "!", "!=", "nil?", "class", "is_a?", "kind_of?", "instance_of?", "respond_to?", "itself", "then", "tap", "object_id", "instance_variable_get", "instance_variables", "send", "public_send", "__send__"]);

let installed = false;

export function installBrokenUtf8(): void {
  if (installed) return;
  installed = true;
  const C = cString;
  const own = new Map<string, MethodFn>([
    ["inspect", (self: RString) => str(inspectBroken(self))],
    ["encoding", () => ENC_UTF8],
    ["chars", (self: RString) => new RArray(pieces(bytesOf(self)).map(piece))],
    ["include?", (self: RString, args, _b, it) => bytesOfArg(it, args[0]).length === 0 || self.s.includes(bytesOfArg(it, args[0]))],
    ["start_with?", (self: RString, args, _b, it) => args.some((a) => (a instanceof RRegexp ? it.raise("ArgumentError", INVALID) : self.s.startsWith(bytesOfArg(it, a))))],
    ["end_with?", (self: RString, args, _b, it) => args.some((a) => self.s.endsWith(bytesOfArg(it, a)))],
    ["+", (self: RString, args, _b, it) => concatInvalid(it, self, args[0])],
    ["<<", (self: RString, args, _b, it) => appendInvalid(it, self, args)],
    ["concat", (self: RString, args, _b, it) => appendInvalid(it, self, args)],
    ["*", (self: RString, args, _b, it) => {
      const n = it.send(args[0], "to_int");
      if (typeof n !== "number" || n < 0) return it.raise("ArgumentError", "negative argument");
      it.checkSize(self.s.length * n, "String");
      return utf8FromByteChars(self.s.repeat(n));
    }],
    ["valid_encoding?", () => false],
    ["ascii_only?", () => false],
    ["scrub", (self: RString, args, blk, it) => scrub(it, self, args[0] ?? null, blk)],
    ["length", (self: RString) => pieces(bytesOf(self)).length],
    ["size", (self: RString) => pieces(bytesOf(self)).length],
    ["dup", (self: RString) => marked(self.s)],
    ["+@", (self: RString) => (self.frozen ? marked(self.s) : self)],
    ["to_s", (self: RString) => self],
    ["to_str", (self: RString) => self],
    ["encode", (self: RString, args, _b, it) => encodeBroken(it, self, args)],
  ]);
  // Equality: an invalid String equals only another with the same bytes (never a valid or BINARY one).
  for (const name of ["==", "===", "eql?"]) {
    const m = C.methods.get(name)!;
    const fn = m.fn;
    C.define(name, (self, args, blk, it) => (isBroken(self) || isBroken(args[0] ?? null) ? isBroken(self) && isBroken(args[0] ?? null) && self.s === (args[0] as RString).s : fn(self, args, blk, it)), m.arity, m.visibility);
  }
  for (const [name, m] of [...C.methods]) {
    if (name === "==" || name === "===" || name === "eql?") continue;
    const fn = m.fn;
    let guarded: MethodFn;
    if (JOINING.has(name)) {
      const mine = own.get(name)!;
      guarded = (self, args, blk, it) => (isBroken(self) || args.some(isBroken) ? mine(self, args, blk, it) : fn(self, args, blk, it));
    } else if (own.has(name)) {
      const mine = own.get(name)!;
      guarded = (self, args, blk, it) => (isBroken(self) ? mine(self, args, blk, it) : fn(self, args, blk, it));
    } else if (RAISES.has(name)) {
      guarded = (self, args, blk, it) => (isBroken(self) ? it.raise("ArgumentError", INVALID) : fn(self, args, blk, it));
    } else if (CASE.has(name)) {
      guarded = (self, args, blk, it) => (isBroken(self) ? it.raise("ArgumentError", "input string invalid") : fn(self, args, blk, it));
    } else if (BYTEWISE.has(name)) {
      continue;
    } else {
      guarded = (self, args, blk, it) => {
        if (isBroken(self)) {
          if (REGEXP_ARG.has(name) && args[0] instanceof RRegexp) return it.raise("ArgumentError", INVALID);
          throw new UnsupportedRubyError(`String#${name} on a String with invalid UTF-8 bytes`, {});
        }
        for (let i = 0; i < args.length; i++) {
          if (isBroken(args[i])) throw new UnsupportedRubyError(`String#${name} with a String argument holding invalid UTF-8 bytes`, {});
        }
        return fn(self, args, blk, it);
      };
    }
    C.define(name, guarded, m.arity, m.visibility);
  }
  for (const [name, fn] of own) if (!C.methods.has(name)) C.define(name, (self, args, blk, it) => (isBroken(self) ? fn(self, args, blk, it) : it.raise("NoMethodError", `undefined method '${name}'`)));
  // Matching a Regexp against one raises too.
  const R = cObject.consts.get("Regexp") as RClass;
  for (const name of ["=~", "match", "match?", "==="]) {
    const m = R.methods.get(name);
    if (!m) continue;
    const fn = m.fn;
    R.define(name, (self, args, blk, it) => (isBroken(args[0] ?? null) ? it.raise("ArgumentError", INVALID) : fn(self, args, blk, it)), m.arity, m.visibility);
  }
}

const piece = (p: string | number[]): RString => (typeof p === "string" ? str(p) : marked(String.fromCharCode(...p)));

/** A String argument's UTF-8 bytes, one char per byte (as the marked receiver holds its own). */
function bytesOfArg(it: Interp, v: Value): string {
  if (!(v instanceof RString)) return it.raise("TypeError", `no implicit conversion of ${v === null ? "nil" : it.inspect(it.send(v, "class"))} into String`);
  const broken = brokenUtf8.has(v);
  if (v.binary && !broken && /[^\x00-\x7f]/.test(v.s)) return it.raise("Encoding::CompatibilityError", "incompatible character encodings: UTF-8 and BINARY (ASCII-8BIT)");
  return byteChars(v);
}

/**
 * `a + b` where either holds invalid UTF-8: the bytes joined (both UTF-8, so compatible), except
 * that a BINARY String with non-ASCII bytes on either side is CRuby's CompatibilityError.
 */
function concatInvalid(it: Interp, a: RString, b: Value): RString {
  if (!(b instanceof RString)) return it.raise("TypeError", `no implicit conversion of ${b === null ? "nil" : it.inspect(it.send(b, "class"))} into String`);
  if (a.binary && !brokenUtf8.has(a) && /[^\x00-\x7f]/.test(a.s)) return it.raise("Encoding::CompatibilityError", "incompatible character encodings: BINARY (ASCII-8BIT) and UTF-8");
  return utf8FromByteChars(byteChars(a) + bytesOfArg(it, b));
}

/** `<<` and `concat` where a String involved holds invalid UTF-8: the receiver takes the joined bytes. */
function appendInvalid(it: Interp, self: RString, args: Value[]): RString {
  checkFrozen(it, self);
  let r = self;
  for (const a of args.map((x) => (x !== self ? x : brokenUtf8.has(self) ? marked(self.s) : new RString(self.s, self.binary)))) {
    if (!(a instanceof RString)) throw new UnsupportedRubyError("String#<< of a codepoint where a String holds invalid UTF-8 bytes", {});
    r = concatInvalid(it, r, a);
  }
  it.checkSize(r.s.length, "String");
  self.s = r.s;
  self.binary = r.binary;
  if (isBroken(r)) brokenUtf8.add(self);
  else brokenUtf8.delete(self);
  return self;
}

/** String#encode of an invalid receiver: scrubbed with `invalid: :replace`, else CRuby's first error. */
function encodeBroken(it: Interp, self: RString, args: Value[]): Value {
  const last = args[args.length - 1];
  const kw = last instanceof RHash && last.kw ? last : null;
  const pos = kw ? args.slice(0, -1) : args;
  const dst = pos.length ? it.toS(it.send(pos[0], "to_s")).toUpperCase() : "UTF-8";
  const invalid = kw?.lookup(RSymbol.of("invalid"));
  if (invalid instanceof RSymbol && invalid.name === "replace") {
    const rep = kw!.lookup(RSymbol.of("replace"));
    const clean = scrub(it, self, rep ?? str(dst === "UTF-8" || dst === "UTF8" ? "\ufffd" : "?"), null);
    return it.send(clean, "encode", args);
  }
  if (pos.length <= 1 && kw === null && (dst === "UTF-8" || dst === "UTF8")) return marked(self.s);
  const ps = pieces(bytesOf(self), true);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (typeof p !== "string") {
      // An incomplete sequence is reported with the byte that cut it short.
      const lead = p[0];
      const incomplete = lead >= 0xc2 && lead <= 0xf4;
      const next = i + 1 < ps.length ? ps[i + 1] : null;
      const nb = next === null ? null : typeof next === "string" ? Buffer.from(next, "utf8")[0] : next[0];
      const follow = incomplete && nb !== null && nb !== undefined ? ` followed by "${nb >= 0x20 && nb < 0x7f ? String.fromCharCode(nb).replace(/["\\]/, (c) => `\\${c}`) : hexBytes([nb])}"` : "";
      const prefix = incomplete && next === null ? "incomplete " : "";
      return it.raise("Encoding::InvalidByteSequenceError", `${prefix}"${hexBytes(p)}"${follow} on UTF-8`);
    }
    it.send(str(p), "encode", args);
  }
  throw new UnsupportedRubyError("String#encode of a String with invalid UTF-8 bytes", {});
}

function marked(s: string): RString {
  return brokenUtf8String(Array.from(s, (c) => c.charCodeAt(0)));
}

/** Regexp matching against an invalid UTF-8 String raises as CRuby's does. */
export function checkMatchable(it: Interp, v: Value): void {
  if (isBroken(v)) it.raise("ArgumentError", INVALID);
}
