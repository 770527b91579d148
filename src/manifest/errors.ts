import { LinkplateError } from "../diagnostics/errors.js";

/**
 * A failure of the manifest pipeline (YAML, ops files, variables, vars store). `message` is the
 * bosh CLI's own text for the same failure, so that `linkplate int` prints what `bosh int` prints.
 */
export class ManifestError extends LinkplateError {}
