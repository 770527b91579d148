/**
 * Behaviours the differential fuzzer (tools/fuzz-ruby.ts) found wrong, each checked against CRuby 4.0
 * (the wasm oracle). Cases where the 32-bit oracle and 64-bit Linux CRuby differ are not here.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { rubyInspect } from "../helpers/ruby.js";
import { recordedOracle } from "../oracle/recorded.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

const CASES = [
  // to_h with a block names nil/true/false by value (rb_builtin_class_name)
  `{a: 1}.to_h { |k, v| false }`,
  `{a: 1}.to_h { |k, v| nil }`,
  `(1..2).to_h { |k| true }`,
  `[1].to_h { |k| false }`,
  // Array#[]= / insert / transpose messages
  `x = []; x[-1] = 1`,
  `x = [1]; x[-3] = 1`,
  `[[1, 2], [], nil].transpose`,
  `[[1, 2], nil].transpose`,
  // Integer#chr below 128 is US-ASCII: controls inspect as \\xNN
  `1.chr`,
  `127.chr`,
  `65.chr`,
  `(1.chr + "é")`,
  // "comparison of X with Y failed": Array#min/max compare `best <=> v`, Enumerable's `v <=> best`
  `a = [nil, 1]; a.min`,
  `a = [1, nil]; a.max`,
  `a = [:foo, [1]]; a.min`,
  `a = [1, [1]]; a.max`,
  `a = [1.5, "a"]; a.min`,
  `[[34], [29, 31], 15].minmax`,
  `[15, [1]].minmax`,
  `[[1], 1].sort`,
  `[3, 1, nil].sort_by { |x| x }`,
  `[1, nil, 2].max_by { |x| x }`,
  `{a: nil, b: 1}.min_by { |k, v| v }`,
  `(1..3).min { nil }`,
  // RegexpError messages show the source as rb_reg_expr_str does
  `Regexp.new("\\x7f)")`,
  `Regexp.new("a\\u0001)")`,
  `Regexp.new("\\\\\\\\é\\x7f)")`,
  `Regexp.new("\\t\\n)")`,
  `Regexp.new("a/b)")`,
  `"a".match?("\\u{7f}😀)")`,
  `"".match?("cı|x\\t_[ +")`,
  `"".match?("\\\\C0")`,
  `"".match?("\\\\C-")`,
  `"".match?("\\\\Ca")`,
  `"".match?("\\\\M0")`,
  `"".match?("\\\\c")`,
  `"".match?("[\\\\C0]")`,
  `"a".match?("(\\\\")`,
  `"a, b".match?("%)b+\\\\")`,
  // \\1..\\9 in a replacement expand to nothing when the pattern has named groups
  `"hello world".sub(/(?<w>\\w+)/, "\\\\1")`,
  `"hello world".gsub(/(?<w>\\w+)/, "<\\\\1>")`,
  `"hello".sub(/(?<w>l)/, "\\\\0\\\\k<w>")`,
  `"hello".sub(/(l)/, "<\\\\1>")`,
  // tr-style sets: the range end is taken as is; non-ASCII ranges are not quoted
  `"hello".squeeze("z-a")`,
  `"x".squeeze("İ-,")`,
  `"x".count("é-a")`,
  `"a".count("9-\\\\x")`,
  `"\\\\".count("9-\\\\x")`,
  `"ßa日{-!".count("\\\\y9-\\\\x(-")`,
  `"b".count("a-\\\\c")`,
  `"-".count("(-")`,
  // String#delete on an empty string ignores its arguments
  `"".delete(1)`,
  `"".delete`,
  `"ab".delete("a")`,
  // capitalize uses titlecase mappings
  `"ßa".capitalize`,
  `"ﬁx".capitalize`,
  `"ǆa".capitalize`,
  // ASCII-only Symbols are US-ASCII
  `:"\\u{7f}"`,
  `"\\u0001".to_sym`,
  `:"é\\u{7f}"`,
  // Float#truncate of NaN
  `(Float::NAN).truncate`,
  `(Float::NAN).truncate(2)`,
  `(-0.0).truncate(2)`,
  `(-0.5).truncate`,
  // Numeric#step towards an infinite limit
  `r = []; (0.0).step(-Float::INFINITY, -1) { |i| r << i; break if r.size > 3 }; r`,
  `r = []; (0.0).step(Float::INFINITY, 2) { |i| r << i; break if r.size > 3 }; r`,
  `r = []; (1).step(Float::INFINITY, 2) { |i| r << i; break if r.size > 3 }; r`,
  `r = []; (1).step(3, Float::INFINITY) { |i| r << i; break if r.size > 3 }; r`,
  `r = []; (1.0).step(3, 0.5) { |i| r << i }; r`,
  // Integer() with a NUL byte
  `Integer("12\\0")`,
  `Integer("\\0")`,
  // Array#uniq with a block on 0 or 1 elements does not call the block
  `[[1]].uniq { |x| x > 0 }`,
  `[].uniq { |x| x.foo }`,
  `x = [:a]; [x.uniq! { |v| v.even? }, x]`,
  // Hash#flatten, Hash#<= and friends, nil.to_f
  `{a: [1, [2]], b: 2}.flatten`,
  `{a: [1, [2]], b: 2}.flatten(0)`,
  `{a: [1, [2]], b: 2}.flatten(2)`,
  `{a: [1, [2]], b: 2}.flatten(-1)`,
  `{}.flatten`,
  `{a: 1}.flatten("x")`,
  `{a: 1}.flatten(nil)`,
  `{a: 1} > {}`,
  `{a: 1} >= {a: 1}`,
  `{a: 1} > {a: 1}`,
  `{a: 1} < {a: 1, b: 2}`,
  `{a: 1} <= {a: 2}`,
  `{a: 1.0} <= {a: 1}`,
  `{a: 1} > 1`,
  `nil.to_f`,
  // Integer#remainder: a Bignum divides as a Float
  `(720114831111505600919324199).remainder(-Float::INFINITY)`,
  `(720114831111505600919324199).remainder(7.5)`,
  `(5).remainder(-Float::INFINITY)`,
  // format %a / %A
  `"%a" % 3`,
  `"%a" % 0.1`,
  `"%A" % -1.5`,
  `"%a" % 0`,
  `"%a" % -0.0`,
  `"%10a|" % 1`,
  `"%-10a|" % 1`,
  `"%+a" % 1`,
  `"% a" % 1`,
  `"%#a" % 1`,
  `"%a" % Float::INFINITY`,
  `"%a" % Float::NAN`,
  `"%a" % 1e-320`,
  `"%010a" % 1`,
  `"%.2a" % 1`,
  `"%a" % 5e-324`,
  `"%a" % (2**70)`,
  `"%-+12A|" % 0.75`,
  `"%020.3a" % -3.0`,
  `"%a" % 1.7976931348623157e308`,
];

describe("fuzzer findings match CRuby 4.0", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(CASES.map((c) => `(${c}\n).inspect`));
  });
  for (const [i, code] of CASES.entries()) {
    test(code, () => {
      expect(rubyInspect(code)).toBe(expected[i]);
    });
  }
});
