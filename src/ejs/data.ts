/**
 * Context data for the ejs dialect: JSON-shaped JavaScript values. A context read with Ruby's rules
 * (a Ruby Hash) is converted; plain data is checked and copied, so a render never shares objects with
 * the caller or with another render.
 */
import { InputError } from "../diagnostics/errors.js";
import { RArray, RFloat, RHash, RObject, RString, RSymbol, type Value } from "../ruby/runtime/values.js";
import type { ContextInput } from "../bosh/evaluation-context.js";

export type JsonData = null | boolean | number | string | JsonData[] | { [key: string]: JsonData };

function fromRuby(v: Value, path: string): JsonData {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof RString) return v.s;
  if (v instanceof RFloat) return v.v;
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RArray) return v.a.map((x, i) => fromRuby(x, `${path}[${i}]`));
  if (v instanceof RHash) {
    const out: { [key: string]: JsonData } = Object.create(null);
    for (const [k, x] of v.entries()) {
      const key = k instanceof RString ? k.s : k instanceof RSymbol ? k.name : String(k);
      out[key] = fromRuby(x, `${path}.${key}`);
    }
    return out;
  }
  throw new InputError(`${path}: a ${v.cls.name} cannot be handed to an ejs template (JSON data only)`);
}

function fromPlain(v: unknown, path: string, active: Set<object>): JsonData {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new InputError(`${path}: ${v} is not JSON data`);
    return v;
  }
  if (typeof v !== "object") throw new InputError(`${path}: ${typeof v} is not JSON data`);
  if (v instanceof RObject) return fromRuby(v, path);
  if (active.has(v)) throw new InputError(`${path}: circular reference`);
  active.add(v);
  try {
    if (Array.isArray(v)) return v.map((x, i) => fromPlain(x, `${path}[${i}]`, active));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new InputError(`${path}: ${(v as object).constructor?.name ?? "object"} is not JSON data`);
    const out: { [key: string]: JsonData } = Object.create(null);
    for (const k of Object.keys(v)) out[k] = fromPlain((v as Record<string, unknown>)[k], `${path}.${k}`, active);
    return out;
  } finally {
    active.delete(v);
  }
}

/** The context as JSON data (a fresh copy); InputError when it is not a mapping or holds non-data. */
export function contextData(context: ContextInput): { [key: string]: JsonData } {
  const data = fromPlain(context, "context", new Set());
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(`Invalid spec provided for template evaluation context, Hash expected, ${Array.isArray(data) ? "Array" : data === null ? "NilClass" : typeof data} given`);
  }
  return data;
}
