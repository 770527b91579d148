/**
 * Randomised differential test of the Ruby -> JS regexp translator: generated patterns and subject
 * strings (fixed seed) run through linkplate and CRuby 4.0, comparing scan, =~ and split results.
 */
import { beforeAll, expect, test } from "vitest";
import fc from "fast-check";
import { recordedOracle } from "../oracle/recorded.js";
import { installString } from "../../src/ruby/core/string.js";
import { installSymbol } from "../../src/ruby/core/symbol.js";
import { installRegexp } from "../../src/ruby/core/regexp.js";
import { rubyInspect } from "../helpers/ruby.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installRegexp();
installString();
installSymbol();

const viaHex = (code: string) => `eval(["${Buffer.from(`(${code}\n).inspect`, "utf8").toString("hex")}"].pack("H*").force_encoding("UTF-8"))`;

const atom = fc.constantFrom(
  "a", "b", "c", "A", "1", " ", "é", "😀", "\\n", ".", "\\d", "\\w", "\\s", "\\h", "\\W", "\\S", "[a-c]", "[^b]", "[[:alpha:]]",
  "[[:digit:]_]", "[\\d\\s]", "[^\\w]", "[a-z&&[^b]]", "\\p{L}", "^", "$", "\\A", "\\z", "\\Z", "\\b", "\\B",
  "(?<=a)", "(?<!b)", "É", "[à-ÿ]", "[^[:space:]]", "[[:upper:]]", "\\R",
);
const quant = fc.constantFrom("", "", "", "*", "+", "?", "{1,2}", "{,2}", "{2}", "*?", "+?", "??", "*+", "++");
const leaf = fc.tuple(atom, quant).map(([a, q]) => (/^[$^]|\\[AzZbB]$/.test(a) ? a : a + q));
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.array(leaf, { minLength: 1, maxLength: 4 }).map((xs) => xs.join("")),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}|${b}`),
    fc.tuple(fc.constantFrom("(", "(?:", "(?=", "(?!", "(?>", "(?i:", "(?m:", "(?<g>"), tie("expr"), quant).map(([o, e, q]) => `${o}${e})${o.startsWith("(?=") || o.startsWith("(?!") ? "" : q}`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}${b}`),
  ),
}));
const subject = fc.array(fc.constantFrom("a", "b", "c", "A", "B", "1", "2", " ", "\n", "_", "é", "😀", "f"), { maxLength: 10 }).map((xs) => xs.join(""));
const flags = fc.constantFrom("", "", "i", "m", "x", "mi");

const cases = fc.sample(fc.tuple(expr, subject, flags), { seed: 20261122, numRuns: 300 }).map(([re, s, f]) => {
  const lit = `/${re.replace(/\//g, "\\/")}/${f}`;
  const sl = JSON.stringify(s);
  return `[${sl}.scan(${lit}), ${sl} =~ ${lit}, $~ && $~.offset(0), ${sl}.split(${lit}, -1), ${sl}.gsub(${lit}, "<\\\\0>")]`;
});

let oracle: string[] = [];
beforeAll(async () => {
  oracle = await rubyEvalMany(cases.map(viaHex));
}, 120_000);

test("generated regexps agree with CRuby", () => {
  const mismatches: string[] = [];
  let compared = 0;
  let unsupported = 0;
  cases.forEach((c, i) => {
    const want = oracle[i];
    if (want.startsWith("!")) return; // Ruby rejects the pattern (e.g. nested repeat of an anchor)
    let got: string;
    try {
      got = rubyInspect(c);
    } catch (e) {
      if ((e as Error).name === "UnsupportedRubyError") {
        unsupported++;
        return;
      }
      got = `threw ${(e as Error).message}`;
    }
    if (got.startsWith("!Unsupported")) {
      unsupported++;
      return;
    }
    compared++;
    if (got !== want) mismatches.push(`${c}\n  linkplate: ${got}\n  ruby:      ${want}`);
  });
  expect(compared).toBeGreaterThan(200);
  expect(unsupported).toBeLessThan(60);
  expect(mismatches).toEqual([]);
});
