/** Stacked quantifiers (`a**`, `a+?*`, ...): Onigmo reduces them; compare all 36 pairs with CRuby 4.0. */
import { beforeAll, expect, test } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installString } from "../../src/ruby/core/string.js";
import { installRegexp } from "../../src/ruby/core/regexp.js";
import { rubyInspect } from "../helpers/ruby.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installRegexp();
installString();

const viaHex = (code: string) => `eval(["${Buffer.from(`(${code}\n).inspect`, "utf8").toString("hex")}"].pack("H*").force_encoding("UTF-8"))`;
const Q = ["?", "*", "+", "??", "*?", "+?"];
const cases: string[] = [];
for (const inner of Q) for (const outer of Q) for (const subj of ["aaa", "baa", ""]) cases.push(`["${subj}".match(/a${inner}${outer}/)&.offset(0), "${subj}".match(/(a${inner}${outer})b|/)&.offset(1)]`);

let oracle: string[] = [];
beforeAll(async () => {
  oracle = await rubyEvalMany(cases.map(viaHex));
}, 120_000);

test("stacked quantifiers agree with CRuby", () => {
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const got = rubyInspect(c);
    if (got.startsWith("!Unsupported")) return;
    if (got !== oracle[i]) bad.push(`${c}: linkplate ${got}, ruby ${oracle[i]}`);
  });
  expect(bad).toEqual([]);
});
