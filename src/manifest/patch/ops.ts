import type { YamlValue } from "../values.js";
import type { Pointer } from "./pointer.js";

/** One go-patch operation: returns the new document (maps are changed in place, as in Go). */
export type Op = (doc: YamlValue) => YamlValue;

/**
 * `patch.NewOpsFromDefinitions` on a decoded ops file (a list of `{type, path, value, absent}`);
 * `label(i)` names operation i in errors (bosh: `operation [i] in FILE failed`).
 */
export function parseOps(defs: YamlValue, label?: (index: number) => string): Op[] {
  void defs;
  void label;
  return [];
}

export function applyOps(doc: YamlValue, ops: Op[]): YamlValue {
  return ops.reduce((d, op) => op(d), doc);
}

/** `patch.FindOp`: the value at `path` (what `bosh int --path` prints). */
export function findPath(doc: YamlValue, path: Pointer): YamlValue {
  void path;
  return doc;
}
