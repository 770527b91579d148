/** Ruby's implicit conversions and the class descriptions its error messages use (Ruby 4.0 wording). */
import { type Interp, type Value, RString, RSymbol, RFloat, RArray, RHash, RClass, RObject, classOf, realClassOf } from "./values.js";

/** How Ruby 4.0 names a value's class in "no implicit conversion of X into Y": nil, true, false, or the class name. */
export function conversionName(v: Value): string {
  if (v === null) return "nil";
  if (v === true) return "true";
  if (v === false) return "false";
  return realClassOf(v).name;
}

/** Top-level `self` objects of plain Ruby programs, which Ruby calls "main". */
export const mainObjects = new WeakSet<object>();

/** How Ruby 4.0 describes a receiver in NoMethodError/NameError: "nil", "an instance of String", "class Foo", "module Bar", "main". */
export function receiverDescription(v: Value): string {
  if (v === null) return "nil";
  if (v instanceof RObject && mainObjects.has(v)) return "main";
  if (v === true) return "true";
  if (v === false) return "false";
  if (v instanceof RClass) return `${v.isModule ? "module" : "class"} ${v.name}`;
  return `an instance of ${realClassOf(v).name}`;
}

export function noImplicit(it: Interp, v: Value, into: string): never {
  return it.raise("TypeError", `no implicit conversion of ${conversionName(v)} into ${into}`);
}

/** String argument (implicit conversion via to_str). */
export function toStr(it: Interp, v: Value): string {
  if (v instanceof RString) return v.s;
  if (v !== null && typeof v === "object" && !(v instanceof RSymbol) && it.respondTo(v, "to_str", true)) {
    const r = it.send(v, "to_str");
    if (r instanceof RString) return r.s;
  }
  return noImplicit(it, v, "String");
}

/** Integer argument (implicit conversion: Float truncates, to_int otherwise). Returns a JS number; bigints out of range raise RangeError. */
export function toInt(it: Interp, v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return it.raise("RangeError", `bignum too big to convert into 'long'`);
  if (v instanceof RFloat) {
    if (!Number.isFinite(v.v)) return it.raise("FloatDomainError", String(v.v));
    return Math.trunc(v.v);
  }
  if (v !== null && typeof v === "object" && it.respondTo(v, "to_int", true)) {
    const r = it.send(v, "to_int");
    if (typeof r === "number") return r;
  }
  // rb_num2long words nil differently from every other type.
  if (v === null) return it.raise("TypeError", "no implicit conversion from nil to integer");
  return noImplicit(it, v, "Integer");
}

export function toAry(it: Interp, v: Value): Value[] {
  if (v instanceof RArray) return v.a;
  if (v !== null && typeof v === "object" && it.respondTo(v, "to_ary", true)) {
    const r = it.send(v, "to_ary");
    if (r instanceof RArray) return r.a;
  }
  return noImplicit(it, v, "Array");
}

export function toHash(it: Interp, v: Value): RHash {
  if (v instanceof RHash) return v;
  if (v !== null && typeof v === "object" && it.respondTo(v, "to_hash", true)) {
    const r = it.send(v, "to_hash");
    if (r instanceof RHash) return r;
  }
  return noImplicit(it, v, "Hash");
}

/** Raises FrozenError as Ruby 4.0 words it when `v` is frozen. */
export function checkFrozen(it: Interp, v: Value): void {
  if (v !== null && typeof v === "object" && v.frozen) {
    it.raise("FrozenError", `can't modify frozen ${realClassOf(v).name}: ${it.inspect(v)}`);
  }
}

/** ArgumentError for a wrong argument count, worded as Ruby 4.0 does. */
export function arityError(it: Interp, given: number, expected: string): never {
  return it.raise("ArgumentError", `wrong number of arguments (given ${given}, expected ${expected})`);
}

/** The `freeze:` option of `clone`: the copy's frozen state (the original's when not given). */
export function cloneFrozen(it: Interp, self: RObject, args: Value[]): boolean {
  const kw = args[0];
  if (!(kw instanceof RHash)) return self.frozen;
  const f = kw.lookup(RSymbol.of("freeze"));
  if (f === undefined || f === null) return self.frozen;
  if (typeof f !== "boolean") it.raise("ArgumentError", `unexpected value for freeze: ${realClassOf(f).name}`);
  return f === true;
}

export { classOf };
