/**
 * Operators on Integers and Strings, and `[]` on plain Hashes and Arrays, evaluated without method dispatch. Valid because templates
 * cannot reopen core classes. Returns undefined whenever the general method must decide
 * (other types, Integer overflow into bignum, errors).
 */
import { type Value, RArray, RClass, RFloat, RHash, RString, RSymbol, cArray, cHash, cString, isA, truthy } from "../runtime/values.js";

type Fast = (a: Value, b: Value) => Value | undefined;

/** Kernel#is_a? / kind_of? cannot be redefined for a core value; a non-Class argument goes to the method (TypeError). */
function isAFast(a: Value, b: Value): Value | undefined {
  return b instanceof RClass && isCoreValue(a) ? isA(a, b) : undefined;
}

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
  "is_a?": isAFast,
  "kind_of?": isAFast,
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

/**
 * A value of a core class that nothing can give methods of its own: nil, true, false, Integers,
 * Floats, Symbols (no singleton methods allowed), and Strings, Arrays and Hashes of exactly their
 * class (a singleton method gives an object its own class).
 */
function isCoreValue(v: Value): boolean {
  if (v === null || typeof v !== "object") return true;
  if (v instanceof RString) return v.cls === cString;
  if (v instanceof RArray) return v.cls === cArray;
  if (v instanceof RHash) return v.cls === cHash;
  return v instanceof RSymbol || v instanceof RFloat;
}

type FastUnary = (a: Value) => Value | undefined;

/** Array#length/size and Hash#length/size. Strings count characters, not UTF-16 units: String#length decides. */
function sizeFast(a: Value): Value | undefined {
  if (a instanceof RArray && a.cls === cArray) return a.a.length;
  if (a instanceof RHash && a.cls === cHash) return a.size;
  return undefined;
}

const unaryOps: Record<string, FastUnary> = Object.assign(Object.create(null) as Record<string, FastUnary>, {
  "!": (a: Value) => (isCoreValue(a) ? !truthy(a) : undefined),
  "nil?": (a: Value) => (isCoreValue(a) ? a === null : undefined),
  length: sizeFast,
  size: sizeFast,
  "empty?": (a: Value) =>
    a instanceof RArray && a.cls === cArray ? a.a.length === 0 : a instanceof RHash && a.cls === cHash ? a.size === 0 : a instanceof RString && a.cls === cString ? a.s.length === 0 : undefined,
});

/** Methods without arguments answered without dispatch for core values (as CRuby's opt_not, opt_nil_p, opt_length ... do). */
export function fastUnary(name: string): FastUnary | null {
  return unaryOps[name] ?? null;
}
