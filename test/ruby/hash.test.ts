/**
 * Hash: every snippet's `inspect` must equal CRuby 4.0's (the wasm oracle), exceptions included.
 */
import { describe, test, expect, beforeAll } from "vitest";
import { rubyInspect } from "../helpers/ruby.js";
import { rubyEvalMany } from "../oracle/ruby.js";

/** The oracle's `inspect` of each snippet (base64-wrapped: the oracle embeds snippets in a Ruby "..." literal, where `#{}` would interpolate). */
async function oracleInspect(snippets: string[]): Promise<string[]> {
  return rubyEvalMany(snippets.map((c) => `eval("${Buffer.from(`(${c}\n).inspect`).toString("base64")}".unpack1("m").force_encoding("UTF-8"), binding)`));
}

const CASES: string[] = [
  // inspect (Ruby 3.4+/4.0 format)
  `{}`,
  `{a: 1, "b" => 2, :"foo bar" => 3, :+ => 4, :a? => 5, :a= => 6, :@x => 7, :A => 8, :b! => 9, nil => 10, 1 => [1, nil, "x"], [1] => {c: :d}, 1.5 => true}`,
  `{"k" => {"n" => [1, {x: nil}]}}`,
  `h = {a: 1}; h[:self] = h; h`,
  `h = {a: 1}; h.to_s`,
  `h = {}; a = [h]; h[:a] = a; a`,
  // construction
  `Hash.new(5)[:x]`,
  `h = Hash.new { |hash, k| hash[k] = k.to_s * 2 }; h[:ab]; h`,
  `Hash.new(1) { }`,
  `Hash.new(1, 2)`,
  `Hash[[[:a, 1], [:b, 2]]]`,
  `Hash[:a, 1, :b, 2]`,
  `Hash[:a, 1, :b]`,
  `Hash[{x: 1}]`,
  `Hash.new.default`,
  `Hash.new(3).default`,
  `h = Hash.new(3); h.default = 4; h[:q]`,
  `Hash.new { |h, k| k }.default_proc.nil?`,
  `Hash.new { |h, k| k * 2 }.default(4)`,
  // access
  `{a: 1}[:a]`,
  `{a: 1}[:b]`,
  `{"a" => 1}["a"]`,
  `{1 => :int, 1.0 => :float}[1.0]`,
  `{[1, 2] => :arr}[[1, 2]]`,
  `h = {}; h[:x] = 1; h["y"] = 2; h.store(:z, 3); h`,
  `s = "key"; h = {}; h[s] = 1; s << "!"; [h, h.keys[0].frozen?]`,
  `{a: 1}.fetch(:a)`,
  `{"x" => 1}.fetch("x2")`,
  `{x: 1}.fetch(:y)`,
  `{x: 1}.fetch(:y, 0)`,
  `{x: 1}.fetch(:y) { |k| k.to_s }`,
  `{a: {b: [10, 20]}}.dig(:a, :b, 1)`,
  `{a: nil}.dig(:a, :b)`,
  `{a: 1}.dig(:a, 1)`,
  `{a: 1}.key?(:a)`,
  `{a: 1}.has_key?(:b)`,
  `{a: 1}.include?(:a)`,
  `{a: 1}.member?(:a)`,
  `{a: 1}.value?(1.0)`,
  `{a: 1}.has_value?(2)`,
  `{a: 1, b: 2}.key(2)`,
  `{a: 1, b: 2}.key(3)`,
  `{a: 1, b: 2}.keys`,
  `{a: 1, b: 2}.values`,
  `{a: 1, b: 2}.values_at(:b, :c)`,
  `{a: 1, b: 2}.fetch_values(:b, :a)`,
  `{a: 1}.fetch_values(:a, :z)`,
  `{a: 1, b: 2}.length`,
  `{a: 1}.size`,
  `{}.empty?`,
  `{a: 1, b: 2}.first`,
  `{a: 1, b: 2}.first(1)`,
  `{}.first`,
  `{a: 1, b: 2, c: 3}.slice(:c, :a, :z)`,
  `{a: 1, b: 2, c: 3}.except(:b)`,
  `{a: 1}.assoc(:a)`,
  `{a: 1}.rassoc(1)`,
  // removal
  `h = {a: 1, b: 2}; [h.delete(:a), h]`,
  `{a: 1}.delete(:z)`,
  `{a: 1}.delete(:z) { |k| "no #{k}" }`,
  `h = {a: 1, b: 2}; [h.shift, h]`,
  `h = {a: 1}; h.clear; h`,
  `h = {a: 1}; h.replace({b: 2}); h`,
  `h = {a: 1, b: 2, c: 3}; [h.delete_if { |k, v| v.odd? }, h]`,
  `h = {a: 1, b: 2, c: 3}; [h.reject! { |k, v| v > 5 }, h]`,
  `h = {a: 1, b: 2, c: 3}; [h.select! { |k, v| v > 1 }, h]`,
  `h = {a: 1, b: 2}; [h.keep_if { |k, v| k == :a }, h]`,
  `h = {a: 1}; h.filter! { true }`,
  // iteration
  `r = []; {a: 1, b: 2}.each { |k, v| r << [k, v] }; r`,
  `r = []; {a: 1, b: 2}.each { |pair| r << pair }; r`,
  `r = []; {a: 1, b: 2}.each_pair { |k, v| r << k }; r`,
  `{a: 1}.each { }`,
  `r = []; {a: 1, b: 2}.each_key { |k| r << k }; r`,
  `r = []; {a: 1, b: 2}.each_value { |v| r << v }; r`,
  `r = []; {a: 1, b: 2}.each_with_index { |(k, v), i| r << [k, v, i] }; r`,
  `r = []; {a: 1, b: 2}.each_with_index { |kv, i| r << [kv, i] }; r`,
  `{a: 1, b: 2}.each_with_object([]) { |(k, v), acc| acc << k }`,
  `{a: 1, b: 2}.each_with_object({}) { |pair, acc| acc[pair[1]] = pair[0] }`,
  `h = {a: 1}; h.each { |k, v| h[:b] = 2 }`,
  `h = {a: 1}; h.each { |k, v| h[:a] = 2 }; h`,
  `h = {a: 1, b: 2}; h.each { |k, v| h.delete(:b) }; h`,
  `{a: 1, b: 2}.map { |k, v| [k, v * 2] }`,
  `{a: 1, b: 2}.map { |pair| pair }`,
  `{a: 1, b: 2}.collect { |k, v| v }`,
  `{a: 1, b: 2}.flat_map { |k, v| [k] * v }`,
  `{a: 1, b: 2}.filter_map { |k, v| k if v > 1 }`,
  `{a: 1, b: 2}.select { |k, v| v > 1 }`,
  `{a: 1, b: 2}.filter { |k| k == :a }`,
  `{a: 1, b: 2}.reject { |k, v| v > 1 }`,
  `{a: 1, b: 2}.find_all { |k, v| v > 1 }`,
  `{a: 1, b: 2}.find { |k, v| v > 1 }`,
  `{a: 1, b: 2}.detect { |k, v| v > 5 }`,
  `{a: 1, b: 2}.any? { |k, v| v > 1 }`,
  `{}.any?`,
  `{a: 1}.any?`,
  `{a: 1}.any?([:a, 1])`,
  `{a: 1, b: 2}.all? { |k, v| v > 0 }`,
  `{a: 1, b: 2}.none? { |k, v| v > 5 }`,
  `{a: 1, b: 2}.count`,
  `{a: 1, b: 2}.count { |k, v| v.even? }`,
  `{b: 2, a: 1}.min_by { |k, v| v }`,
  `{b: 2, a: 1}.max_by { |k, v| v }`,
  `{b: 2, a: 1, c: 0}.sort_by { |k, v| v }`,
  `{b: 2, a: 1}.sort_by { |k, v| k }.to_h`,
  `{b: 2, a: 1}.sort`,
  `{b: 2, a: 1}.min`,
  `{a: 1, b: 2, c: 3}.group_by { |k, v| v.odd? }`,
  `{a: 1, b: 2, c: 3}.partition { |k, v| v.odd? }`,
  `{a: 1, b: 2}.sum { |k, v| v }`,
  `{a: 1, b: 2}.sum([])`,
  `{a: 1, b: 2}.reduce(0) { |s, (k, v)| s + v }`,
  `{a: 1, b: 2}.inject { |a, b| a + b }`,
  `{a: 1, b: 2, c: 3}.each_slice(2).to_a`,
  `{a: 1, b: 2}.zip([1, 2])`,
  `{a: 1, b: 2}.to_a`,
  `{a: 1, b: 2}.entries`,
  `{a: 1, b: 2}.uniq { |k, v| v % 1 }`,
  `{a: 1, b: 1}.tally`,
  // merging / transforming
  `{a: 1, b: 2}.merge({b: 3, c: 4})`,
  `{a: 1, b: 2}.merge({b: 3}, {c: 5})`,
  `{a: 1, b: 2}.merge({b: 3}) { |key, old, new| old + new }`,
  `{a: 1}.merge`,
  `h = {a: 1}; h.merge!(b: 2); h`,
  `h = {a: 1}; h.update({a: 5}) { |k, o, n| [k, o, n] }; h`,
  `{a: 1}.merge(1)`,
  `{a: 1, b: 2}.transform_values { |v| v * 10 }`,
  `h = {a: 1}; h.transform_values! { |v| v.to_s }; h`,
  `{a: 1, b: 2}.transform_keys(&:to_s)`,
  `{a: 1, b: 2}.transform_keys({a: :x})`,
  `{a: 1, b: 2}.transform_keys({a: :x}) { |k| k.to_s }`,
  `h = {a: 1, b: 2}; h.transform_keys! { |k| k.to_s }; h`,
  `{a: 1, b: 2}.invert`,
  `{a: 1, b: nil}.compact`,
  `h = {a: nil}; [h.compact!, h]`,
  `{a: 1}.compact!`,
  `{a: 1}.to_h`,
  `{a: 1, b: 2}.to_h { |k, v| [v, k] }`,
  `{a: 1}.to_h { |k, v| k }`,
  `{a: 1}.to_h { |k, v| [k] }`,
  `{a: 1}.to_hash`,
  // equality
  `{a: 1, b: 2} == {b: 2, a: 1}`,
  `{a: 1} == {a: 1.0}`,
  `{a: 1}.eql?({a: 1.0})`,
  `{a: 1}.eql?({a: 1})`,
  `{a: 1} == [[:a, 1]]`,
  `{a: 1}.hash == {a: 1}.hash`,
  `h = {a: 1}; h[:h] = h; g = {a: 1}; g[:h] = g; h == g`,
  // copying / freezing
  `h = Hash.new(7); h[:a] = [1]; d = h.dup; d[:b] = 2; d[:a] << 2; [h, d, d[:zz]]`,
  `{a: 1}.freeze.frozen?`,
  `{a: 1}.freeze[:b] = 1`,
  `{a: 1}.freeze.dup.frozen?`,
  `{a: 1}.freeze.clone.frozen?`,
  `{a: 1}.freeze.merge(b: 2)`,
  `{a: 1}.freeze.delete(:a)`,
];

describe("Hash matches CRuby 4.0", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await oracleInspect(CASES);
  });
  for (const [i, code] of CASES.entries()) {
    test(code, () => {
      expect(rubyInspect(code)).toBe(expected[i]);
    });
  }
});

test("Hash#inspect uses Ruby 4.0's `key: value` for simple symbols", () => {
  expect(rubyInspect(`{a: 1, "b c": 2, "d" => :e}`)).toBe(`{a: 1, "b c": 2, "d" => :e}`);
});
