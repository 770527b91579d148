import type { Interp, RRegexp } from "../runtime/values.js";
import { hooks } from "./hooks.js";

export function compileRegexpLiteral(it: Interp, source: string, options: number): RRegexp {
  if (!hooks.compileRegexp) throw new Error("internal: regexp support not installed");
  return hooks.compileRegexp(it, source, options);
}

export function regexpToS(re: RRegexp): string {
  if (!hooks.regexpToS) throw new Error("internal: regexp support not installed");
  return hooks.regexpToS(re);
}
