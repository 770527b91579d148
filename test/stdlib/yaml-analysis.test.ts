/**
 * The emitter's regexp path for common scalars must decide exactly what libyaml's character loop
 * decides (analyzeScalarByCharacter, a line-by-line port of yaml_emitter_analyze_scalar, is the
 * definition; its answers are checked against CRuby through the dump tests in yaml-dump.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeScalar, analyzeScalarByCharacter } from "../../src/ruby/stdlib/yaml-dump.js";

/** Mostly the common-scalar alphabet, with the characters that send a scalar to the loop. */
const CHARS = ["a", "Z", "0", "_", ".", "/", "+", "=", "-", " ", "\n", "-", " ", "\n", "#", ":", ",", "\t", "?", "é"];
const scalars = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join(""));

describe("YAML scalar analysis", () => {
  it("decides as libyaml's character loop for random scalars", () => {
    fc.assert(
      fc.property(scalars, (s) => {
        expect(analyzeScalar(s)).toEqual(analyzeScalarByCharacter(s));
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });

  it.each([
    ["-", { multiline: false, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: true }],
    ["---x", { multiline: false, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: true }],
    ["-x", { multiline: false, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true }],
    ["a \nb", { multiline: true, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: false, blockAllowed: false }],
    ["a\n b", { multiline: true, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: false, blockAllowed: true }],
    ["-----BEGIN X-----\nAB+/=\n-----END X-----\n", { multiline: true, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: true }],
    ["x ", { multiline: false, flowPlainAllowed: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false }],
  ])("%j", (s, expected) => {
    expect(analyzeScalar(s)).toEqual(expected);
    expect(analyzeScalarByCharacter(s)).toEqual(expected);
  });
});
