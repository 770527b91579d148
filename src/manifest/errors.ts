import { LinkplateError, type SourcePosition } from "../diagnostics/errors.js";

/**
 * The shape of a bosh CLI error: a message, a message wrapping a cause (bosh-utils'
 * ComplexError), or several errors at once (MultiError). bosh prints them one per line, causes
 * indented under their wrapper and siblings bulleted.
 */
export type GoError = string | { wrap: string; cause: GoError } | { multi: GoError[] };

/** Go's `err.Error()`: `wrapper: cause`, multi errors joined by newlines. */
function flat(e: GoError): string {
  if (typeof e === "string") return e;
  if ("wrap" in e) return `${e.wrap}: ${flat(e.cause)}`;
  return e.multi.map(flat).join("\n");
}

/** bosh-cli's ui/fmt MultilineError. */
function multiline(e: GoError, prefix: string, bullet: string): string {
  const curr = prefix + bullet;
  const next = prefix + " ".repeat(bullet.length);
  if (typeof e === "string") return curr + e;
  if ("wrap" in e) return `${curr}${e.wrap}:\n${multiline(e.cause, next + "  ", "")}`;
  return e.multi.map((x) => multiline(x, next, "- ")).join("\n");
}

/**
 * A failure of the manifest pipeline (YAML, ops files, variables, vars store). `message` is the
 * bosh CLI's own text for the same failure (Go's `err.Error()`), `multiline` what `bosh int`
 * prints on stderr, so that `linkplate int` reports what `bosh int` reports.
 */
export class ManifestError extends LinkplateError {
  override name = "ManifestError";
  readonly goError: GoError;
  constructor(error: GoError, pos: Partial<SourcePosition> = {}) {
    super(flat(error), pos);
    this.goError = error;
  }
  get multiline(): string {
    return multiline(this.goError, "", "");
  }
}

/** bosherr.WrapError: `message` wrapping `cause` (a ManifestError keeps its structure). */
export function wrapError(message: string, cause: unknown): ManifestError {
  const inner: GoError = cause instanceof ManifestError ? cause.goError : cause instanceof Error ? cause.message : String(cause);
  const pos = cause instanceof LinkplateError ? { filename: cause.filename, line: cause.line, column: cause.column } : {};
  return new ManifestError({ wrap: message, cause: inner }, pos);
}
