/**
 * Strings holding invalid UTF-8 joined with others (`+`, `<<`, `concat`, interpolation, `join`):
 * CRuby joins the bytes (both are UTF-8), so the result is invalid UTF-8 too, or valid again when
 * the bytes complete a character; BINARY non-ASCII on the other side is a CompatibilityError.
 * Each expectation is CRuby 4.0's own answer (the wasm oracle), as `[s, s.encoding, s.valid_encoding?]`.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";
import { rubyInspect } from "../helpers/ruby.js";

const CASES: [string, string][] = [
  ["(\"é\" + \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\\xFF\", #<Encoding:UTF-8>, false]"],
  ["(\"\\xc3\" + \"\\xa9\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\", #<Encoding:UTF-8>, true]"],
  ["(\"a\" + \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFF\", #<Encoding:UTF-8>, false]"],
  ["(\"a\".b + \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFF\", #<Encoding:UTF-8>, false]"],
  ["(\"é\".b + \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","!Encoding::CompatibilityError: incompatible character encodings: BINARY (ASCII-8BIT) and UTF-8"],
  ["(\"\\xff\" + \"é\".b).then { |s| [s, s.encoding, s.valid_encoding?] }","!Encoding::CompatibilityError: incompatible character encodings: UTF-8 and BINARY (ASCII-8BIT)"],
  ["(\"a\" + \"\\xff\" + \"b\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFFb\", #<Encoding:UTF-8>, false]"],
  ["((+\"a\") << \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFF\", #<Encoding:UTF-8>, false]"],
  ["((+\"é\") << \"\\xff\" << \"\\xa9\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\\xFF\\xA9\", #<Encoding:UTF-8>, false]"],
  ["(\"\\xff\".dup << \"é\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"\\xFFé\", #<Encoding:UTF-8>, false]"],
  ["(\"\\xc3\".dup << \"\\xa9\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\", #<Encoding:UTF-8>, true]"],
  ["(\"\\xff\".dup.concat(\"a\", \"é\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"\\xFFaé\", #<Encoding:UTF-8>, false]"],
  ["((+\"a\").concat(\"\\xff\", \"b\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFFb\", #<Encoding:UTF-8>, false]"],
  ["(\"x\".dup.concat(\"\\xc3\", \"\\xa9\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"xé\", #<Encoding:UTF-8>, true]"],
  ["(s = \"\\xff\".dup; s << s; s).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"\\xFF\\xFF\", #<Encoding:UTF-8>, false]"],
  ["(\"é\".b << \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","!Encoding::CompatibilityError: incompatible character encodings: BINARY (ASCII-8BIT) and UTF-8"],
  ["((+\"é\") << \"\\xff\".b).then { |s| [s, s.encoding, s.valid_encoding?] }","!Encoding::CompatibilityError: incompatible character encodings: UTF-8 and BINARY (ASCII-8BIT)"],
  ["(\"\\xff\".freeze << \"a\").then { |s| [s, s.encoding, s.valid_encoding?] }","!FrozenError: can't modify frozen String: \"\\xFF\""],
  ["(\"x#{\"\\xff\"}y\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"x\\xFFy\", #<Encoding:UTF-8>, false]"],
  ["(\"é#{\"\\xff\"}#{1}\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\\xFF1\", #<Encoding:UTF-8>, false]"],
  ["(\"#{\"\\xc3\"}#{\"\\xa9\"}\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\", #<Encoding:UTF-8>, true]"],
  ["(\"#{1}\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"1\\xFF\", #<Encoding:UTF-8>, false]"],
  ["(\"#{:a}\\xc3\\xa9\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"aé\", #<Encoding:UTF-8>, true]"],
  ["([\"\\xff\", \"a\", \"é\"].join).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"\\xFFaé\", #<Encoding:UTF-8>, false]"],
  ["([\"\\xff\", 1, :s].join(\"-\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"\\xFF-1-s\", #<Encoding:UTF-8>, false]"],
  ["([\"a\", \"b\"].join(\"\\xff\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFFb\", #<Encoding:UTF-8>, false]"],
  ["([\"\\xc3\", \"\\xa9\"].join).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"é\", #<Encoding:UTF-8>, true]"],
  ["([\"a\", [\"\\xff\", [\"b\"]]].join(\",\")).then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a,\\xFF,b\", #<Encoding:UTF-8>, false]"],
  ["([\"a\", \"b\"] * \"\\xff\").then { |s| [s, s.encoding, s.valid_encoding?] }","[\"a\\xFFb\", #<Encoding:UTF-8>, false]"],
  ["(:\"a#{\"\\xff\"}\").then { |s| [s, s.encoding, s.valid_encoding?] }","!EncodingError: invalid symbol in encoding UTF-8 :\"a\\xFF\""],
];

describe("joining Strings that hold invalid UTF-8", () => {
  it.each(CASES)("%s", (code, expected) => {
    expect(rubyInspect(code)).toBe(expected);
  });
});

const engine = await createEngine();

describe("where linkplate stops instead", () => {
  it.each([
    ["a codepoint appended to one", '<%= "\\xff".dup << 233 %>'],
    ["a BINARY non-ASCII String joined with one", '<%= ["\\u00e9".b, "\\xff"].join %>'],
    ["a template output that is not valid UTF-8 (linkplate renders text)", '<%= "\\xff" %>'],
  ])("%s is an UnsupportedRubyError", (_what, src) => {
    expect(() => engine.render(src, {})).toThrow(UnsupportedRubyError);
  });

  it("an output buffer that took bytes forming valid UTF-8 renders them as text, as BOSH writes them", () => {
    expect(engine.render('a<%= "\\xc3" %><%= "\\xa9" %>', {})).toBe("a\u00e9");
    expect(engine.render('<%= "\\xc3\\xa9".b %>', {})).toBe("\u00e9");
  });
});
