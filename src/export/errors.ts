/** The typed error of the service-link export (docs/service-links.md). */
import { InputError, type SourcePosition } from "../diagnostics/errors.js";

/**
 * What went wrong:
 * `unknown-group`, `unknown-index`, `unknown-job` (the consuming instance does not exist; `available`
 * lists what does), `unknown-link` (ports given for a link the instance does not consume),
 * `bad-port`, `bad-value` (a link property that is not plain data), `conflict` (two sources export
 * one name with different values), `host-name` (a link name with no usable host label),
 * `flavor` (bad flavour options).
 */
export type ServiceLinkErrorCode = "unknown-group" | "unknown-index" | "unknown-job" | "unknown-link" | "bad-port" | "bad-value" | "conflict" | "host-name" | "flavor";

export class ServiceLinkError extends InputError {
  override name = "ServiceLinkError";
  constructor(
    readonly code: ServiceLinkErrorCode,
    message: string,
    /** The names (groups, indexes, jobs, links) that do exist, when the error is about a missing one. */
    readonly available: readonly string[] = [],
    pos: Partial<SourcePosition> = {},
  ) {
    super(message, pos);
  }
}

/** `a, b, c` or `(none)`: what exists, for error messages. */
export function listOrNone(names: readonly string[]): string {
  return names.length ? names.join(", ") : "(none)";
}
