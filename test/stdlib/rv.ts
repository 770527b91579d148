/**
 * One description, two sides: `toValue(d)` builds the Ruby value for our implementation and
 * `toRuby(d)` prints the Ruby literal the oracle evaluates.
 */
import { type Value, RArray, RFloat, RHash, RString, RSymbol } from "../../src/ruby/runtime/values.js";

export type D =
  | null
  | boolean
  | number
  | bigint
  | string
  | { f: number }
  | { sym: string }
  | { bin: string }
  | D[]
  | { map: [D, D][] };

export const f = (x: number): D => ({ f: x });
export const s = (name: string): D => ({ sym: name });
export const m = (...pairs: [D, D][]): D => ({ map: pairs });

export function toValue(d: D): Value {
  if (d === null || typeof d === "boolean" || typeof d === "bigint") return d;
  if (typeof d === "number") return d;
  if (typeof d === "string") return new RString(d);
  if (Array.isArray(d)) return new RArray(d.map(toValue));
  if ("f" in d) return new RFloat(d.f);
  if ("sym" in d) return RSymbol.of(d.sym);
  if ("bin" in d) return new RString(d.bin, true);
  const h = new RHash();
  for (const [k, v] of d.map) h.set(toValue(k), toValue(v));
  return h;
}

function rubyStr(x: string): string {
  let out = '"';
  for (const ch of x) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\" || ch === "#") out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

export function toRuby(d: D): string {
  if (d === null) return "nil";
  if (typeof d === "boolean" || typeof d === "bigint") return String(d);
  if (typeof d === "number") return String(d);
  if (typeof d === "string") return rubyStr(d);
  if (Array.isArray(d)) return `[${d.map(toRuby).join(", ")}]`;
  if ("f" in d) {
    if (Number.isNaN(d.f)) return "Float::NAN";
    if (d.f === Infinity) return "Float::INFINITY";
    if (d.f === -Infinity) return "(-Float::INFINITY)";
    if (Object.is(d.f, -0)) return "(-0.0)";
    const t = String(d.f);
    return /[.e]/.test(t) ? (t.includes(".") || !t.includes("e") ? t : t.replace("e", ".0e")) : `${t}.0`;
  }
  if ("sym" in d) return `${rubyStr(d.sym)}.to_sym`;
  if ("bin" in d) {
    const bytes = [...d.bin].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
    return `"${bytes}".b`;
  }
  return `{${d.map.map(([k, v]) => `${toRuby(k)} => ${toRuby(v)}`).join(", ")}}`;
}
