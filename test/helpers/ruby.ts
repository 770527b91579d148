/**
 * Test helpers: evaluate Ruby source through the full engine (all core and stdlib installed).
 * `rubyInspect` returns the result's Ruby `inspect`; Ruby exceptions come back as
 * "!Class: message", the same shape as the oracle's rubyEval.
 */
import { TemplateRenderError, UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { evalPlain, loadRuby } from "../../src/ruby/index.js";
import { RString, type Value } from "../../src/ruby/runtime/values.js";

const parse = await loadRuby();

export function evalRuby(code: string): Value {
  return evalPlain(parse, code);
}

export function rubyInspect(code: string): string {
  try {
    const v = evalPlain(parse, `(${code}\n).inspect`);
    return v instanceof RString ? v.s : String(v);
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    if (e instanceof UnsupportedRubyError) return `!Unsupported: ${e.construct}`;
    throw e;
  }
}

/** Like the oracle's rubyEval: the result's `to_s`. */
export function rubyToS(code: string): string {
  try {
    const v = evalPlain(parse, `(${code}\n).to_s`);
    return v instanceof RString ? v.s : String(v);
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    if (e instanceof UnsupportedRubyError) return `!Unsupported: ${e.construct}`;
    throw e;
  }
}
