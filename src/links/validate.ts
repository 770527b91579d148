/**
 * A small JSON Schema validator (the subset the link graph schema uses: type, const, enum,
 * required, properties, additionalProperties, items, anyOf, minimum, minLength, $ref to $defs)
 * working directly on Ruby values, so every error can point at file:line:col.
 */
import { RArray, RFloat, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { show } from "./rb.js";

export interface SchemaError {
  /** JSON-pointer-like path, e.g. `/instance_groups/0/jobs/1/name`. */
  path: string;
  message: string;
  container: RHash | RArray | null;
  key: Value | number | undefined;
}

type Schema = { readonly [k: string]: unknown };

function typeOf(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number" || typeof v === "bigint") return "integer";
  if (v instanceof RFloat) return "number";
  if (v instanceof RString) return "string";
  if (v instanceof RArray) return "array";
  if (v instanceof RHash) return "object";
  return "unknown";
}

function matchesType(v: Value, t: string): boolean {
  const k = typeOf(v);
  return k === t || (t === "number" && k === "integer");
}

function describe(s: Schema): string {
  if ("const" in s) return show(s.const as Value);
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((x) => JSON.stringify(x)).join(", ")}`;
  if (s.type) return Array.isArray(s.type) ? s.type.join(" or ") : String(s.type);
  if (s.$ref) return String(s.$ref).split("/").pop()!;
  return "a valid value";
}

export function validateSchema(root: Schema, value: Value): SchemaError[] {
  const errors: SchemaError[] = [];
  const resolve = (s: Schema): Schema => {
    if (typeof s.$ref === "string") {
      const parts = s.$ref.replace(/^#\//, "").split("/");
      let cur: unknown = root;
      for (const p of parts) cur = (cur as Record<string, unknown>)[p];
      return cur as Schema;
    }
    return s;
  };
  const walk = (s0: Schema, v: Value, path: string, container: RHash | RArray | null, key: Value | number | undefined, out: SchemaError[]): void => {
    const s = resolve(s0);
    const fail = (message: string): void => void out.push({ path: path || "/", message, container, key });
    if (Array.isArray(s.anyOf)) {
      const branches = s.anyOf as Schema[];
      const tries = branches.map((b) => {
        const e: SchemaError[] = [];
        walk(b, v, path, container, key, e);
        return e;
      });
      if (tries.some((e) => e.length === 0)) return;
      // Report the errors of the branch whose type matched, else a summary.
      const typed = branches.findIndex((b) => {
        const r = resolve(b);
        return r.type === undefined || (Array.isArray(r.type) ? (r.type as string[]).some((t) => matchesType(v, t)) : matchesType(v, r.type as string));
      });
      if (typed >= 0) out.push(...tries[typed]);
      else fail(`expected ${branches.map((b) => describe(resolve(b))).join(" or ")}, got ${typeOf(v)}`);
      return;
    }
    if ("const" in s && !(typeOf(v) === "integer" && v === s.const)) return fail(`expected ${show(s.const as Value)}, got ${show(v)}`);
    if (Array.isArray(s.enum) && !(v instanceof RString && (s.enum as unknown[]).includes(v.s))) return fail(`expected ${describe(s)}, got ${show(v)}`);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => matchesType(v, t))) return fail(`expected ${types.join(" or ")}, got ${typeOf(v)}`);
    }
    if (typeof s.minimum === "number" && (typeof v === "number" || typeof v === "bigint") && v < s.minimum) fail(`must be >= ${s.minimum}`);
    if (typeof s.minLength === "number" && v instanceof RString && v.s.length < s.minLength) fail(`must not be empty`);
    if (v instanceof RHash) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!v.has(new RString(r))) fail(`missing required key '${r}'`);
      for (const [k, x] of v.entries()) {
        const ks = k instanceof RString ? k.s : null;
        const sub = ks !== null && Object.hasOwn(props, ks) ? props[ks] : undefined;
        const p = `${path}/${ks ?? show(k)}`;
        if (sub) walk(sub, x, p, v, k, out);
        else if (s.additionalProperties === false) out.push({ path: p, message: `unknown key '${ks ?? show(k)}'`, container: v, key: k });
        else if (typeof s.additionalProperties === "object") walk(s.additionalProperties as Schema, x, p, v, k, out);
        if (ks === null && (s.properties || s.additionalProperties)) out.push({ path: p, message: `keys must be strings, got ${show(k)}`, container: v, key: k });
      }
    }
    if (v instanceof RArray && s.items) v.a.forEach((x, i) => walk(s.items as Schema, x, `${path}/${i}`, v, i, out));
  };
  walk(root, value, "", null, undefined, errors);
  return errors;
}
