/**
 * Test-only approximation of Ruby 4.0's `inspect` for the values the data loaders produce
 * (nil, booleans, Integer, Float, String, Symbol, Array, Hash). Used to compare with the oracle.
 */
import { RArray, RFloat, RHash, RString, RSymbol, type Value } from "../../src/ruby/runtime/values.js";

export function floatToS(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const [mant, expS] = v.toExponential().split("e");
  const exp = Number(expS);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const decpt = exp + 1;
  let out: string;
  if (decpt > 0 && decpt <= 15) {
    const ip = digits.slice(0, decpt).padEnd(decpt, "0");
    const fp = digits.slice(decpt) || "0";
    out = `${ip}.${fp}`;
  } else if (decpt <= 0 && decpt > -4) {
    out = `0.${"0".repeat(-decpt)}${digits}`;
  } else {
    const e = decpt - 1;
    out = `${digits[0]}.${digits.slice(1) || "0"}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return neg ? `-${out}` : out;
}

export function strInspect(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\x1b") out += "\\e";
    else if (ch === "#") out += "#";
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  // Ruby escapes "#{", "#$" and "#@".
  return out.replace(/#(?=[{$@])/g, "\\#") + '"';
}

const SIMPLE_SYM = /^(?:[A-Za-z_][A-Za-z0-9_]*[?!=]?|\[\]=?|[+\-*\/%<>!~^&|]|\*\*|[<>=!]=|<=>|===?|=~|!~|<<|>>|[+-]@)$/;

export function rinspect(v: Value): string {
  if (v === null) return "nil";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RFloat) return floatToS(v.v);
  if (v instanceof RString) return strInspect(v.s);
  if (v instanceof RSymbol) return SIMPLE_SYM.test(v.name) ? `:${v.name}` : `:${strInspect(v.name)}`;
  if (v instanceof RArray) return `[${v.a.map(rinspect).join(", ")}]`;
  if (v instanceof RHash) {
    if (v.size === 0) return "{}";
    const parts: string[] = [];
    for (const [k, x] of v.entries()) {
      if (k instanceof RSymbol && /^[A-Za-z_][A-Za-z0-9_]*[?!]?$/.test(k.name)) parts.push(`${k.name}: ${rinspect(x)}`);
      else if (k instanceof RSymbol) parts.push(`${strInspect(k.name)}: ${rinspect(x)}`);
      else parts.push(`${rinspect(k)} => ${rinspect(x)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  return `#<${v.cls.name}>`;
}
