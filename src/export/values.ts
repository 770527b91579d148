/**
 * Ruby values of a link's properties as environment-variable text (link-resolution.md §13.3
 * rule 7): Strings and Symbols verbatim, numbers and booleans as JSON text, Arrays and Hashes as
 * compact JSON, all written exactly as Ruby's `JSON.dump` would (Floats keep `.0`, `1.0e+20` is
 * `1e+20`, NaN and Infinity are written bare, Hash keys are `to_s` of the key).
 */
import { jsonFloat, jsonQuote } from "../ruby/stdlib/json.js";
import { floatToS } from "../ruby/core/float-to-s.js";
import { RArray, RFloat, RHash, RString, RSymbol, realClassOf, type Value } from "../ruby/runtime/values.js";
import { ServiceLinkError } from "./errors.js";

function floatJson(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return jsonFloat(x);
}

/** `key.to_s` for a Hash key, as Ruby's JSON generator uses it. */
function keyText(k: Value, where: string): string {
  if (k instanceof RString) return k.s;
  if (k instanceof RSymbol) return k.name;
  if (k === null) return "";
  if (typeof k === "boolean" || typeof k === "number" || typeof k === "bigint") return String(k);
  if (k instanceof RFloat) return floatToS(k.v);
  throw badValue(k, where);
}

function badValue(v: Value, where: string): ServiceLinkError {
  return new ServiceLinkError("bad-value", `${where}: a ${realClassOf(v).name} cannot be exported as an environment variable (only plain data: strings, numbers, booleans, lists, maps)`);
}

/** Compact JSON of plain Ruby data. */
export function compactJson(v: Value, where: string): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RString) return jsonQuote(v.s);
  if (v instanceof RSymbol) return jsonQuote(v.name);
  if (v instanceof RFloat) return floatJson(v.v);
  if (v instanceof RArray) return `[${v.a.map((x) => compactJson(x, where)).join(",")}]`;
  if (v instanceof RHash) return `{${[...v.entries()].map(([k, x]) => `${jsonQuote(keyText(k, where))}:${compactJson(x, where)}`).join(",")}}`;
  throw badValue(v, where);
}

/** The text of one property leaf (never called for nil, which is skipped). */
export function leafText(v: Value, where: string): string {
  if (v instanceof RString) return v.s;
  if (v instanceof RSymbol) return v.name;
  return compactJson(v, where);
}

export interface Leaf {
  /** Key path from the top of `properties` (each key as `to_s`). */
  path: string[];
  value: Value;
}

/**
 * The leaves of a properties Hash, in its order: every value that is not a non-empty Hash (an
 * empty Hash is a leaf, `{}`); nil leaves are skipped.
 */
export function leaves(props: Value, where: string): Leaf[] {
  const out: Leaf[] = [];
  const walk = (h: RHash, path: string[]): void => {
    for (const [k, v] of h.entries()) {
      const p = [...path, keyText(k, where)];
      if (v instanceof RHash && v.size > 0) walk(v, p);
      else if (v !== null) out.push({ path: p, value: v });
    }
  };
  if (props instanceof RHash) walk(props, []);
  return out;
}
