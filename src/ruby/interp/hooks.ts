/**
 * Services the evaluator needs from core libraries that are installed later (core/index.ts
 * fills these in). Keeps the evaluator free of imports from core/.
 */
import type { Interp, RRegexp, Value } from "../runtime/values.js";

export const hooks: {
  /** Compiles a Ruby regexp source with option bits (1 i, 2 x, 4 m). */
  compileRegexp: ((it: Interp, source: string, options: number) => RRegexp) | null;
  /** Regexp#to_s, the `(?-mix:...)` form used when a Regexp is interpolated into another. */
  regexpToS: ((re: RRegexp) => string) | null;
  /** `[...].max` (sign 1) / `.min` (sign -1) on an array literal, CRuby's opt_newarray_send. */
  newarrayMinMax: ((it: Interp, list: Value[], sign: number) => Value) | null;
} = { compileRegexp: null, regexpToS: null, newarrayMinMax: null };

export function compileRegexpLiteral(it: Interp, source: string, options: number): RRegexp {
  if (!hooks.compileRegexp) throw new Error("internal: regexp support not installed");
  return hooks.compileRegexp(it, source, options);
}

export function regexpToS(re: RRegexp): string {
  if (!hooks.regexpToS) throw new Error("internal: regexp support not installed");
  return hooks.regexpToS(re);
}

export function literalMinMax(it: Interp, list: Value[], sign: number): Value {
  if (!hooks.newarrayMinMax) throw new Error("internal: core library not installed");
  return hooks.newarrayMinMax(it, list, sign);
}
