/**
 * The manifest pipeline as the bosh CLI runs it (`bosh interpolate`, and the first steps of
 * `bosh deploy`/`create-env`): YAML read as Go's yaml.v2 reads it, go-patch ops files applied,
 * `((variables))` interpolated from `-v`/`-l`/`--var-file`/`--vars-env`/`--vars-store`, and the
 * result printed as yaml.v2 prints it. Values are plain YAML data (see values.ts), not Ruby values.
 */
export type { YamlValue, YamlMap } from "./values.js";
export { YMap, goTypeName, goFormat, deepEqual, cloneValue } from "./values.js";
export { parseYaml } from "./yaml-read.js";
export { toYaml } from "./yaml-write.js";
export { ManifestError } from "./errors.js";
export { Pointer, parsePointer } from "./patch/pointer.js";
export { type Op, parseOps, applyOps, findPath } from "./patch/ops.js";
export { type VarsSource, type VariableDefinition, type Lookup, StaticVars, MultiVars } from "./vars/sources.js";
export { parseVarFlag, readVarFileFlag, readVarsFile, varsFromEnv, readOpsFile, readTemplate } from "./vars/flags.js";
export { VarsStore } from "./vars/store.js";
export { interpolate, renderResult, type InterpolateOptions, type InterpolateResult } from "./interpolate.js";
