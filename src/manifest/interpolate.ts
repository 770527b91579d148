import type { YamlValue } from "./values.js";
import type { Op } from "./patch/ops.js";
import type { Pointer } from "./patch/pointer.js";
import type { VarsSource } from "./vars/sources.js";

export interface InterpolateOptions {
  /** go-patch operations applied before interpolation (all ops files in order). */
  ops?: Op[];
  /** Variable sources (static flags, then the vars store). */
  vars?: VarsSource;
  /** `--var-errs`: fail when a variable is not found. */
  varErrs?: boolean;
  /** `--var-errs-unused`: fail when a provided variable is not used. */
  varErrsUnused?: boolean;
  /** `--path`: extract this value after interpolation. */
  path?: Pointer | null;
}

export interface InterpolateResult {
  value: YamlValue;
  /** Names of variables that were not found (sorted). */
  missing: string[];
}

/** `Template.Evaluate` on a decoded document: ops, then variables, then the `--path` find. */
export function interpolate(doc: YamlValue, opts: InterpolateOptions = {}): InterpolateResult {
  void opts;
  return { value: doc, missing: [] };
}
