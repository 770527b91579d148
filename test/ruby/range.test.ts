/**
 * Range (and the Enumerable methods it gets): every snippet's `inspect` must equal CRuby 4.0's.
 */
import { describe, test, expect, beforeAll } from "vitest";
import { rubyInspect } from "../helpers/ruby.js";
import { recordedOracle } from "../oracle/recorded.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);


/** The oracle's `inspect` of each snippet (base64-wrapped: the oracle embeds snippets in a Ruby "..." literal, where `#{}` would interpolate). */
async function oracleInspect(snippets: string[]): Promise<string[]> {
  return rubyEvalMany(snippets.map((c) => `eval("${Buffer.from(`(${c}\n).inspect`).toString("base64")}".unpack1("m").force_encoding("UTF-8"), binding)`));
}

const CASES: string[] = [
  `(1..2).to_h { |x| x }`,
  `(1..2).to_h { |x| [x] }`,
  `(1..2).each_slice(1).to_h`,
  `(1..3).step(-1).to_a`,
  `(1..3).step(-1) { }`,
  `(1..3).step(0) { }`,
  `(1.0..2.0).step(0.5).to_a`,
  `(1.0...2.0).step(0.5).to_a`,
  `(1..2).step(0.5).to_a`,
  `(1..3.5).size`,
  `(1...3.0).size`,
  `(1...3.5).size`,
  `("a".."e").step(2).to_a`,
  `(1..3).count`,
  `(1..).count`,
  `(1..3).count(2)`,
  `(1..3).count(&:odd?)`,
  `(1..3).sum { |x| x * 2 }`,
  `(1..3).sum(0.0)`,
  `(1...1).sum`,
  `(1..3).reduce(:*)`,
  `(1..3).minmax`,
  `(3..1).min`,
  `(1...1).max`,
  `(1.5..3).min`,
  `(1..3.5).min`,
  `(1..3).min(2)`,
  `(1..3).max { |a, b| b <=> a }`,
  `(..3).max`,
  `(1..).min`,
  `(1..3).last(2)`,
  `(1...3).last(2)`,
  `(1..3).last`,
  `(1..).last`,
  `("a".."c").last(2)`,
  `(1..3).include?(2.5)`,
  `(1..3).member?(3)`,
  `(1...3).include?(3)`,
  `(1..3).cover?(1..2)`,
  `(1..3).cover?(1..4)`,
  `(1..3).cover?(1...4)`,
  `("a"..).include?("b")`,
  `(..5).include?(3)`,
  `(1..3) === 2`,
  `(1..3).to_s`,
  `(1...3).inspect`,
  `("a".."c").inspect`,
  `(1.0..2.0).to_s`,
  `(1..nil).to_s`,
  `(nil..1).inspect`,
  `(1..3) == (1..3)`,
  `(1..3) == (1...3)`,
  `(1..3).eql?(1.0..3.0)`,
  `(1..3) == (1.0..3.0)`,
  `(1..3).hash == (1..3).hash`,
  `(1..3).exclude_end?`,
  `(1...3).exclude_end?`,
  `r = []; (1..3).reverse_each { |x| r << x }; r`,
  `(1..3).each_slice(2).to_a`,
  `(1..4).each_with_index.map { |x, i| x * i }`,
  `(1..3).each`,
  `(1..3).size`,
  `("a".."z").size`,
  `(nil..1).size`,
  `(1.5..3).to_a`,
  `(nil..1).to_a`,
  `Range.new(1, 3, true)`,
  `Range.new(1, "a")`,
  `(1..3).first`,
  `(1..3).first(2)`,
  `(1..3).first(-1)`,
  `("a".."e").first(2)`,
  `("a".."e").to_a`,
  `("az".."bc").to_a`,
  `("A".."c").to_a.size`,
  `(:a..:c).to_a`,
  `(1..10).step(3).map { |x| x }`,
  `(1..10) % 3`,
  `(1..3).map { |x| x * 2 }`,
  `(1..3).select(&:odd?)`,
  `(1..3).each_with_object([]) { |x, a| a.unshift(x) }`,
  `r = []; (1..3).each { |i| r << i }; r`,
  `r = []; (1...3).each { |i| r << i }; r`,
  `r = []; (1..2.5).each { |i| r << i }; r`,
  `(1..3).to_a`,
  `(1..3).entries`,
  `(1..0).to_a`,
  `("a".."e").include?("bb")`,
  `("a".."e").cover?("bb")`,
  `("a".."e") === "c"`,
  `("y".."ab").to_a`,
  `("8".."11").to_a`,
  `("08".."11").to_a`,
  `("a"..."e").to_a`,
  `("A".."c").to_a`,
  `(1..).first(2)`,
  `(..1).first`,
  `(1..nil).to_a`,
  `(1..).inspect`,
  `(..1).inspect`,
  `(nil..nil).inspect`,
  `(1..3).step(2).to_a`,
  `r = []; (1..10).step(4) { |x| r << x }; r`,
  `r = []; (3..1).step(-1) { |x| r << x }; r`,
  `(1..2**64).size`,
  `(2**64..2**64 + 2).to_a`,
  `(1..3).sum`,
  `(1..100).sum`,
  `(1...101).sum(5)`,
  `(1..Float::INFINITY).size`,
  `(1.0..3).size`,
  `(1..3).include?(2)`,
  `(1..3).find { |x| x > 1 }`,
  `(1..3).min_by { |x| -x }`,
  `(1..6).each_slice(2).map(&:sum)`,
  `(1..3).zip(4..6)`,
  `(1..3).tally`,
  `(1..3).reject(&:even?)`,
  `(1..3).flat_map { |x| [x, x] }`,
  `(1..3).to_h { |x| [x, x * x] }`,
  `(1..3).group_by(&:odd?)`,
  `(1..4).partition(&:odd?)`,
  `(1..3).each_cons(2).to_a`,
  `(1..3).inject(:+)`,
  `(1..3).sort_by { |x| -x }`,
  `(1..3).any? { |x| x > 2 }`,
  `(1..3).all?(Integer)`,
  `(1..3).filter_map { |x| x * 2 if x > 1 }`,
  `(1..3).take(2)`,
  `(1..).take(2)`,
  `(1..3).drop(1)`,
  `(1..3).take_while { |x| x < 2 }`,
  `(1..3).uniq`,
  `(1..3).max(2)`,
  `(1..3).minmax_by { |x| -x }`,
  `(1..3).count { |x| x > 1 }`,
  `(1..3).first(0)`,
  `(1..3).dup`,
  `(1..3).frozen?`,
  `(1.0..nil).to_a`,
  `(nil..nil).to_a`,
  `("1".."ab").to_a.size`,
  `("az".."Z").to_a`,
  `(1..3).first(nil)`,
  `(0.5...2.5).step(0.5).to_a`,
  `(1..2).step(0.3).to_a`,
];

// Enumerator / ArithmeticSequence inspect shows an object address in CRuby.
const SKIP = new Set([`(1..3).each`, `(1..10) % 3`]);

describe("Range matches CRuby 4.0", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await oracleInspect(CASES);
  });
  for (const [i, code] of CASES.entries()) {
    if (SKIP.has(code)) continue;
    test(code, () => {
      expect(rubyInspect(code)).toBe(expected[i]);
    });
  }
});

test("Range#each without a block is an Enumerator", () => {
  expect(rubyInspect(`(1..3).each.class`)).toBe("Enumerator");
  expect(rubyInspect(`(1..3).each.size`)).toBe("3");
});
