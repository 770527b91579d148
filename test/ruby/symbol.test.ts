/** Differential tests for Symbol against CRuby 4.0 (one oracle round trip). */
import { beforeAll, describe, expect, test } from "vitest";
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

const CASES: Record<string, string[]> = {
  inspect: [
    `:foo`,
    `:"foo bar"`,
    `:foo=`,
    `:foo?`,
    `:foo!`,
    `:+`,
    `:[]=`,
    `:[]`,
    `:<=>`,
    `:!`,
    `:"9a"`,
    `:@a`,
    `:@@a`,
    `:$a`,
    `:"@1"`,
    `:A`,
    `:"a?b"`,
    `:"a?="`,
    `:""`,
    `:"é"`,
    `:"a\\nb"`,
    `:"foo-bar"`,
    `"foo bar".to_sym`,
    `[:a, :"b c"]`,
    `{ a: 1, "b c": 2 }`,
  ],
  methods: [
    `:abc.to_s`,
    `:abc.id2name`,
    `:abc.name`,
    `:abc.name.frozen?`,
    `:abc.to_s.frozen?`,
    `:abc.to_sym`,
    `:abc.length`,
    `:héllo.size`,
    `:abc.upcase`,
    `:ABC.downcase`,
    `:abc.capitalize`,
    `:aBc.swapcase`,
    `:abc.succ`,
    `:az.next`,
    `:abc.start_with?("ab")`,
    `:abc.end_with?("bc", "x")`,
    `:abc[1]`,
    `:abc[0, 2]`,
    `:abc.empty?`,
    `:"".empty?`,
    `:abc <=> :abd`,
    `:b <=> :a`,
    `:a <=> "a"`,
    `:a < :b`,
    `:a < "b"`,
    `:a == :a`,
    `:a == "a"`,
    `:a.equal?(:a)`,
    `:abc =~ /b/`,
    `:abc.match(/b/)`,
    `:abc.match?(/z/)`,
    `:a.casecmp(:A)`,
    `:a.casecmp?(:A)`,
    `:a.casecmp("a")`,
    `:a.hash == :a.hash`,
    `:abc.encoding`,
    `%w[a b].map(&:upcase)`,
    `[1, 2].map(&:to_s)`,
    `[[1, 2], [3, 4]].map(&:first)`,
    `:upcase.to_proc.call("x")`,
    `:+.to_proc.call(1, 2)`,
    `:upcase.to_proc.call`,
    `:upcase.to_proc.lambda?`,
    `[3, 1, 2].sort_by(&:-@)`,
  ],
};

const all = Object.values(CASES).flat();
let oracle = new Map<string, string>();

beforeAll(async () => {
  const out = await rubyEvalMany(all.map(viaHex));
  oracle = new Map(all.map((c, i) => [c, out[i]]));
}, 120_000);

for (const [group, cases] of Object.entries(CASES)) {
  describe(`Symbol ${group}`, () => {
    test.each(cases)("%s", (code) => {
      expect(rubyInspect(code)).toBe(oracle.get(code));
    });
  });
}
