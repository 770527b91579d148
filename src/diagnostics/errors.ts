/**
 * Every error a user can cause is one of these: typed, positioned (file, line, column) and with a
 * message a person can act on. Nothing else should escape the public API.
 */

export interface SourcePosition {
  filename: string;
  /** 1-based line, or null when unknown. */
  line: number | null;
  /** 1-based column (in characters), or null when unknown. */
  column: number | null;
}

export class LinkplateError extends Error {
  // Spelled out: minifying bundlers rename classes, and error names are part of the API.
  override name = "LinkplateError";
  filename: string;
  line: number | null;
  column: number | null;
  /** A few source lines around the failure with a caret under the column (empty when no source). */
  frame: string;
  constructor(message: string, pos: Partial<SourcePosition> = {}, frame = "") {
    super(message);
    // Subclasses of linkplate's set their own; a subclass from elsewhere goes by its class name.
    if (new.target !== LinkplateError) this.name = new.target.name;
    this.filename = pos.filename ?? "(unknown)";
    this.line = pos.line ?? null;
    this.column = pos.column ?? null;
    this.frame = frame;
  }
  /** `file:line:col` as far as known. */
  get where(): string {
    return [this.filename, this.line, this.column].filter((x) => x !== null).join(":");
  }
}

/** The template (or the Ruby it compiles to) does not parse. */
export class TemplateSyntaxError extends LinkplateError {
  override name = "TemplateSyntaxError";
  /** Parser messages as Prism reports them. */
  readonly parserMessages: string[];
  constructor(message: string, pos: Partial<SourcePosition>, frame: string, parserMessages: string[]) {
    super(message, pos, frame);
    this.parserMessages = parserMessages;
  }
}

/** A Ruby exception escaped the template: `rubyClass`/`rubyMessage` are what Ruby would report. */
export class TemplateRenderError extends LinkplateError {
  override name = "TemplateRenderError";
  readonly rubyClass: string;
  readonly rubyMessage: string;
  /** The line Ruby itself reports (what BOSH prints); differs from `line` only after an ERB frozen_string_literal header. */
  rubyLine: number | null = null;
  constructor(rubyClass: string, rubyMessage: string, pos: Partial<SourcePosition>, frame = "") {
    const at = [pos.filename, pos.line, pos.column].filter((x) => x !== null && x !== undefined).join(":");
    super(`${at}: ${rubyMessage} (${rubyClass})${frame ? `\n${frame}` : ""}`, pos, frame);
    this.rubyClass = rubyClass;
    this.rubyMessage = rubyMessage;
  }
}

/** The template uses Ruby that linkplate does not implement. Never silently wrong output. */
export class UnsupportedRubyError extends LinkplateError {
  override name = "UnsupportedRubyError";
  readonly construct: string;
  constructor(construct: string, pos: Partial<SourcePosition>, frame = "") {
    super(`${[pos.filename, pos.line].filter((x) => x != null).join(":")}: unsupported Ruby: ${construct}${frame ? `\n${frame}` : ""}`, pos, frame);
    this.construct = construct;
  }
}

/** The template tried to reach something outside the sandbox (files, processes, eval...). */
export class SandboxError extends LinkplateError {
  override name = "SandboxError";
  readonly feature: string;
  constructor(feature: string, pos: Partial<SourcePosition>, frame = "") {
    super(`${[pos.filename, pos.line].filter((x) => x != null).join(":")}: sandbox: ${feature} is not available to templates${frame ? `\n${frame}` : ""}`, pos, frame);
    this.feature = feature;
  }
}

/** A configured limit (steps, depth, output, sizes) was exceeded. */
export class LimitExceededError extends LinkplateError {
  override name = "LimitExceededError";
  readonly limit: string;
  readonly max: number;
  constructor(limit: string, max: number, pos: Partial<SourcePosition>, frame = "") {
    super(`${[pos.filename, pos.line].filter((x) => x != null).join(":")}: limit exceeded: ${limit} (max ${max})${frame ? `\n${frame}` : ""}`, pos, frame);
    this.limit = limit;
    this.max = max;
  }
}

/** Bad user input outside templates: YAML/JSON syntax, malformed contexts, manifests, specs. */
export class InputError extends LinkplateError {
  override name = "InputError";
}

/** Several errors reported together (BOSH aggregates template and link errors). */
export class AggregateLinkplateError extends LinkplateError {
  override name = "AggregateLinkplateError";
  readonly errors: LinkplateError[];
  constructor(message: string, errors: LinkplateError[], pos: Partial<SourcePosition> = {}) {
    super(message, pos);
    this.errors = errors;
  }
}

/** What every {@link InternalError} tells the user to do. */
export const INTERNAL_ERROR_HINT = "this is a linkplate bug, please report it (with the template and context that trigger it)";

/**
 * A bug in linkplate, not in the template or its input: an unexpected JavaScript exception caught
 * at the public boundary. Carries the template position where it is known; `cause` keeps the
 * original exception for a bug report (its stack is never part of the message).
 */
export class InternalError extends LinkplateError {
  override name = "InternalError";
  constructor(cause: unknown, pos: Partial<SourcePosition> = {}, frame = "") {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : `thrown ${typeof cause}: ${String(cause)}`;
    const at = [pos.filename, pos.line, pos.column].filter((x) => x !== null && x !== undefined).join(":");
    super(`${at ? `${at}: ` : ""}internal error: ${what}${frame ? `\n${frame}` : ""}\n${INTERNAL_ERROR_HINT}`, pos, frame);
    this.cause = cause;
  }
}
