/**
 * Every case of ../shared/design/erb-syntax-cases.json rendered through the whole engine:
 * the output (or the error class, message and line) must be what Ruby 4.0 produced.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { TemplateRenderError, TemplateSyntaxError, UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";

const CASES = new URL("../../../shared/design/erb-syntax-cases.json", import.meta.url);

interface ErbCase {
  template: string;
  note: string;
  locals?: Record<string, unknown>;
  src4?: string;
  output?: string;
  error?: { class: string; message: string; line?: number; phase?: string };
}

/** Cases whose Ruby linkplate refuses on purpose: they must fail with UnsupportedRubyError naming it. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  "to_s of Symbol/Float/Integer/Rational": "Rational literal",
  "binary string appended after non-ASCII text": "method Array#pack (not implemented by linkplate)",
};

const cases: ErbCase[] = existsSync(CASES) ? JSON.parse(readFileSync(CASES, "utf8")) : [];
const engine = await createEngine();

describe.skipIf(cases.length === 0)("ERB cases rendered end to end (Ruby 4.0 results)", () => {
  test.each(cases.map((c, i) => [i, c.note, c] as const))("case %i: %s", (_i, _note, c) => {
    const locals = Object.keys(c.locals ?? {});
    const run = () => engine.compile(c.template, { locals }).render({}, { locals: c.locals as never });
    const refused = KNOWN_UNSUPPORTED[c.note];
    if (refused !== undefined) {
      expect(run).toThrow(UnsupportedRubyError);
      expect(run).toThrow(refused);
      return;
    }
    if (c.output !== undefined) {
      expect(run()).toBe(c.output);
      return;
    }
    const err = c.error!;
    let thrown: unknown;
    try {
      run();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, "expected an error").toBeDefined();
    if (err.class === "SyntaxError") {
      expect(thrown).toBeInstanceOf(TemplateSyntaxError);
      expect((thrown as TemplateSyntaxError).line).toBe(err.line);
    } else {
      expect(thrown).toBeInstanceOf(TemplateRenderError);
      const r = thrown as TemplateRenderError;
      expect(r.rubyClass).toBe(err.class);
      expect(r.rubyMessage).toBe(err.message);
      if (err.line !== undefined && err.phase === undefined) expect(r.rubyLine).toBe(err.line);
    }
  });
});
