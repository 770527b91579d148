/**
 * A pattern V8's regexp engine refuses to compile ("Regular expression too large", raised at the
 * first search, not at construction) is Ruby linkplate cannot run: an UnsupportedRubyError naming
 * it, never an internal error. Both search paths: inline and through the watchdog worker.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";

const engine = await createEngine();

function failure(src: string): unknown {
  try {
    return engine.render(src, {});
  } catch (e) {
    return e;
  }
}

describe("regexps too large for JavaScript", () => {
  it.each([
    ["a String pattern (gsub)", "<%= ('a' * 90000).gsub('a' * 90000, 'b').size %>"],
    ["Regexp.new of an escaped String (=~)", "<%= ('a' * 90000) =~ Regexp.new(Regexp.escape('a' * 90000)) %>"],
    ["a quantified group (the watchdog path)", "<%= ('a' * 10) =~ Regexp.new('(?:' + 'a' * 90000 + ')+') %>"],
  ])("%s", (_, src) => {
    const e = failure(src);
    expect(e).toBeInstanceOf(UnsupportedRubyError);
    expect((e as Error).message).toContain("regexp that JavaScript's engine refuses to compile (Regular expression too large)");
  });

  it("a large pattern V8 does compile still runs", () => {
    expect(engine.render("<%= ('a' * 20000).gsub('a' * 10000, 'b') %>", {})).toBe("bb");
  });
});
