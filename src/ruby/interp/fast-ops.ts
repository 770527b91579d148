/**
 * Operators on Integers and Strings, and `[]` on plain Hashes and Arrays, evaluated without method dispatch. Valid because templates
 * cannot reopen core classes. Returns undefined whenever the general method must decide
 * (other types, Integer overflow into bignum, errors).
 */
import { type Value, RArray, RHash, RString, cArray, cHash } from "../runtime/values.js";

type Fast = (a: Value, b: Value) => Value | undefined;

const ops: Record<string, Fast> = Object.assign(Object.create(null) as Record<string, Fast>, {
  "+": (a: Value, b: Value) => {
    if (typeof a === "number" && typeof b === "number") {
      const r = a + b;
      return Number.isSafeInteger(r) ? r : undefined;
    }
    return undefined;
  },
  "-": (a: Value, b: Value) => {
    if (typeof a === "number" && typeof b === "number") {
      const r = a - b;
      return Number.isSafeInteger(r) ? r : undefined;
    }
    return undefined;
  },
  "*": (a: Value, b: Value) => {
    if (typeof a === "number" && typeof b === "number") {
      const r = a * b + 0; // + 0 turns JS -0 (e.g. -26 * 0) into the Integer 0
      return Number.isSafeInteger(r) ? r : undefined;
    }
    return undefined;
  },
  "<": (a: Value, b: Value) => (typeof a === "number" && typeof b === "number" ? a < b : undefined),
  ">": (a: Value, b: Value) => (typeof a === "number" && typeof b === "number" ? a > b : undefined),
  "<=": (a: Value, b: Value) => (typeof a === "number" && typeof b === "number" ? a <= b : undefined),
  ">=": (a: Value, b: Value) => (typeof a === "number" && typeof b === "number" ? a >= b : undefined),
  "==": (a: Value, b: Value) => {
    if (typeof a === "number" && typeof b === "number") return a === b;
    // Two text Strings compare by characters; a BINARY (or invalid UTF-8) one goes to String#==.
    if (a instanceof RString && b instanceof RString && !a.binary && !b.binary) return a.s === b.s;
    if (a === null || typeof a === "boolean") return a === b;
    return undefined;
  },
  // A present key or index; a missing one goes to the method (default value, default proc, nil).
  "[]": (a: Value, b: Value) => {
    if (a instanceof RHash && a.cls === cHash) return a.lookup(b);
    if (a instanceof RArray && a.cls === cArray && typeof b === "number") {
      const i = b < 0 ? a.a.length + b : b;
      return i >= 0 && i < a.a.length ? a.a[i] : undefined;
    }
    return undefined;
  },
  "!=": (a: Value, b: Value) => {
    if (typeof a === "number" && typeof b === "number") return a !== b;
    if (a instanceof RString && b instanceof RString && !a.binary && !b.binary) return a.s !== b.s;
    if (a === null || typeof a === "boolean") return a !== b;
    return undefined;
  },
});

export function fastBinary(op: string): Fast | null {
  return ops[op] ?? null;
}
