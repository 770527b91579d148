/** The resource limits of a render, their defaults, and validation of user-given limits. */
import { InputError } from "../../diagnostics/errors.js";

/**
 * Resource limits of one render. All but `regexpTimeMs` are counts, so they are exact and
 * machine-independent. Every limit raises {@link LimitExceededError} naming it.
 */
export interface Limits {
  /** Evaluation steps: method calls, loop iterations and iterator elements. */
  steps: number;
  /** Nested method/block calls (the JavaScript stack overflowing first is reported as this limit too). */
  depth: number;
  /** Characters of template output. */
  output: number;
  /** Characters in any single String. */
  stringSize: number;
  /** Elements in any single Array. */
  arraySize: number;
  /** Entries in any single Hash. */
  hashSize: number;
  /**
   * Total allocation estimate of one render: characters of Strings plus elements of Arrays plus
   * entries of Hashes built, summed over the render (counted by the runtime as values are built).
   */
  allocation: number;
  /**
   * Wall-clock milliseconds one regexp search may take when its static cost bound is too high to
   * run inline (see docs/security.md, "Regular expressions").
   */
  regexpTimeMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  steps: 50_000_000,
  depth: 1_000,
  output: 64 * 1024 * 1024,
  stringSize: 64 * 1024 * 1024,
  arraySize: 10_000_000,
  hashSize: 10_000_000,
  allocation: 512 * 1024 * 1024,
  regexpTimeMs: 1_000,
});

/** Every limit off (for benchmarks and trusted templates). */
export const NO_LIMITS: Readonly<Limits> = Object.freeze({
  steps: Number.MAX_SAFE_INTEGER,
  depth: Number.MAX_SAFE_INTEGER,
  output: Number.MAX_SAFE_INTEGER,
  stringSize: Number.MAX_SAFE_INTEGER,
  arraySize: Number.MAX_SAFE_INTEGER,
  hashSize: Number.MAX_SAFE_INTEGER,
  allocation: Number.MAX_SAFE_INTEGER,
  regexpTimeMs: Number.MAX_SAFE_INTEGER,
});

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/**
 * Merges partial limits over the defaults, left to right, and checks them: each must be a
 * non-negative number (Infinity allowed); unknown names and other values are an InputError, so a
 * typo never silently turns a limit off.
 */
export function resolveLimits(...parts: (Partial<Limits> | null | undefined)[]): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const part of parts) {
    if (part === null || part === undefined) continue;
    if (typeof part !== "object") throw new InputError(`limits must be an object, got ${typeof part}`);
    for (const key of Object.keys(part)) {
      if (!(LIMIT_NAMES as string[]).includes(key)) throw new InputError(`unknown limit '${key}' (known: ${LIMIT_NAMES.join(", ")})`);
      const v = (part as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || Number.isNaN(v) || v < 0) throw new InputError(`limit '${key}' must be a non-negative number, got ${String(v)}`);
      out[key as keyof Limits] = v;
    }
  }
  return out;
}


/** The limits as given when all are numbers; otherwise each missing or non-numeric one is the default (never "no limit"). */
export function normalizeLimits(limits: Partial<Limits>): Limits {
  if (LIMIT_NAMES.every((k) => typeof limits[k] === "number" && !Number.isNaN(limits[k]))) return limits as Limits;
  return fillLimits(limits);
}

function fillLimits(limits: Partial<Limits>): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const k of LIMIT_NAMES) {
    const v = limits[k];
    if (typeof v === "number" && !Number.isNaN(v)) out[k] = v;
  }
  return out;
}
