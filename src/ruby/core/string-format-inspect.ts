/** String#inspect and String#dump, and Symbol#inspect's notion of a plain symbol name (Ruby 4.0). */
import { checkGrowth } from "../runtime/budget.js";

/** Characters Onigmo's Unicode `print` class rejects: controls, surrogates, unassigned, and white space other than Zs. */
const NONPRINT = /^(?:[\p{Cc}\p{Cs}\p{Cn}]|(?![\p{Zs}])\p{White_Space})$/u;

const ESC: Record<number, string> = { 10: "\\n", 13: "\\r", 9: "\\t", 12: "\\f", 11: "\\v", 8: "\\b", 7: "\\a", 27: "\\e" };

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, "0");
}

/** UTF-8 bytes of a (possibly lone-surrogate) code point. */
function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

export function isPrintableChar(ch: string): boolean {
  return !NONPRINT.test(ch);
}

/** Ruby's String#inspect. `binary` strings hold bytes 0-255 as chars. */
export function inspectString(s: string, binary = false): string {
  let out = '"';
  const n = s.length;
  for (let i = 0, next = 4096; i < n; ) {
    if (i >= next) {
      checkGrowth(out.length);
      next += 4096;
    }
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const ch = s.slice(i, i + w);
    i += w;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "#") {
      const nx = s[i];
      out += nx === "{" || nx === "$" || nx === "@" ? "\\#" : "#";
    } else if (ESC[cp] !== undefined) out += ESC[cp];
    else if (binary) {
      out += cp < 0x20 || cp >= 0x7f ? `\\x${hex2(cp)}` : ch;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      for (const b of utf8Bytes(cp)) out += `\\x${hex2(b)}`;
    } else if (NONPRINT.test(ch)) {
      out += cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

/** Ruby's String#dump: ASCII-only output. */
export function dumpString(s: string, binary = false): string {
  let out = '"';
  const n = s.length;
  for (let i = 0, next = 4096; i < n; ) {
    if (i >= next) {
      checkGrowth(out.length);
      next += 4096;
    }
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const ch = s.slice(i, i + w);
    i += w;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "#") {
      const nx = s[i];
      out += nx === "{" || nx === "$" || nx === "@" ? "\\#" : "#";
    } else if (ESC[cp] !== undefined) out += ESC[cp];
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x80 || binary) out += `\\x${hex2(cp)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) {
      for (const b of utf8Bytes(cp)) out += `\\x${hex2(b)}`;
    } else out += cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out + '"';
}

const OPERATORS = new Set(["<", "<<", "<=", "<=>", ">", ">>", ">=", "=~", "==", "===", "*", "**", "+", "-", "+@", "-@", "|", "^", "&", "/", "%", "~", "`", "[]", "[]=", "!", "!=", "!~"]);
const IDENT = /^[A-Za-z_\u0080-\u{10ffff}][A-Za-z0-9_\u0080-\u{10ffff}]*$/u;

/** Whether `:name` prints without quotes (rb_enc_symname_type). */
export function isPlainSymbol(name: string): boolean {
  if (OPERATORS.has(name)) return true;
  if (name.startsWith("@@")) return IDENT.test(name.slice(2)) && !/^[0-9]/.test(name.slice(2));
  if (name.startsWith("@")) return IDENT.test(name.slice(1)) && !/^[0-9]/.test(name.slice(1));
  if (name.startsWith("$")) {
    const rest = name.slice(1);
    if (/^[~*$?!@/\\;,.=:<>"&`'+0_]$/.test(rest)) return true;
    if (/^-[A-Za-z0-9_]$/.test(rest)) return true;
    if (/^[1-9][0-9]*$/.test(rest)) return true;
    return IDENT.test(rest);
  }
  let base = name;
  const last = name[name.length - 1];
  if (last === "?" || last === "!" || last === "=") base = name.slice(0, -1);
  if (!IDENT.test(base)) return false;
  if (last === "=" && (name.endsWith("?=") || name.endsWith("!="))) return false;
  for (const ch of name) if (NONPRINT.test(ch)) return false;
  return true;
}

export function inspectSymbol(name: string): string {
  // An ASCII-only name makes a US-ASCII Symbol, whose inspect shows controls as \xNN.
  return isPlainSymbol(name) ? `:${name}` : `:${inspectString(name, /^[\x00-\x7f]*$/.test(name))}`;
}
