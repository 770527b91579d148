/** Typed linkplate errors across a thread boundary: plain data out, the same classes back in. */
import {
  AggregateLinkplateError,
  InputError,
  LimitExceededError,
  LinkplateError,
  SandboxError,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsupportedRubyError,
} from "../diagnostics/errors.js";

const CLASSES = new Map<string, typeof LinkplateError>([
  ["LinkplateError", LinkplateError],
  ["TemplateSyntaxError", TemplateSyntaxError as unknown as typeof LinkplateError],
  ["TemplateRenderError", TemplateRenderError as unknown as typeof LinkplateError],
  ["UnsupportedRubyError", UnsupportedRubyError as unknown as typeof LinkplateError],
  ["SandboxError", SandboxError as unknown as typeof LinkplateError],
  ["LimitExceededError", LimitExceededError as unknown as typeof LinkplateError],
  ["InputError", InputError],
  ["AggregateLinkplateError", AggregateLinkplateError as unknown as typeof LinkplateError],
]);

/** Fields every subclass adds (copied when present). */
const FIELDS = ["message", "filename", "line", "column", "frame", "limit", "max", "feature", "construct", "rubyClass", "rubyMessage", "rubyLine", "parserMessages"] as const;

export type SerializedError = { cls: string; fields: Record<string, unknown>; errors?: SerializedError[] };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof LinkplateError) {
    const fields: Record<string, unknown> = Object.create(null);
    for (const f of FIELDS) if (f in e) fields[f] = (e as unknown as Record<string, unknown>)[f];
    const cls = CLASSES.has(e.name) ? e.name : "LinkplateError";
    return { cls, fields, ...(e instanceof AggregateLinkplateError ? { errors: e.errors.map(serializeError) } : {}) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { cls: "LinkplateError", fields: { message: `internal error in linkplate: ${message}` } };
}

export function deserializeError(s: SerializedError): LinkplateError {
  const cls = CLASSES.get(s.cls) ?? LinkplateError;
  const e = Object.create(cls.prototype) as LinkplateError;
  Error.captureStackTrace(e, deserializeError);
  Object.defineProperty(e, "name", { value: cls.name, writable: true, configurable: true, enumerable: false });
  for (const f of FIELDS) if (Object.hasOwn(s.fields, f)) (e as unknown as Record<string, unknown>)[f] = s.fields[f];
  if (s.errors) (e as unknown as { errors: LinkplateError[] }).errors = s.errors.map(deserializeError);
  return e;
}
