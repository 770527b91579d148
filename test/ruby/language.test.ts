/**
 * The interpreter's language features, each snippet checked against CRuby 4.0 (the oracle):
 * same `inspect` of the result, or the same exception class and message.
 */
import { describe, expect, test } from "vitest";
import { rubyInspect } from "../helpers/ruby.js";
import { recordedOracle } from "../oracle/recorded.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

const SNIPPETS: Record<string, string> = {
  "locals and operator assignment": "a = 1; a += 2; a *= 3; b ||= a; c = nil; c &&= 1; [a, b, c]",
  "multiple assignment with splat": "a, (b, *c), d = 1, [2, 3, 4], 5; [a, b, c, d]",
  "swap and nested rhs": "x, y = 1, 2; x, y = y, x; [x, y]",
  "rest in the middle": "a, *m, z = *1..5; [a, m, z]",
  "block auto-splat": "[[1, 2], [3, 4]].map { |a, b| a * b }",
  "block with one param keeps the pair": "{a: 1}.map { |pair| pair }",
  "block destructuring": "[[1, [2, 3]]].map { |a, (b, c)| a + b + c }",
  "block-local variables": "x = 10; [1].each { |i; x| x = i }; x",
  "closures capture locals": "n = 0; 3.times { n += 1 }; n",
  "next with a value": "[1, 2, 3].map { |i| next 0 if i == 2; i }",
  "break out of an iterator": "[1, 2, 3].each { |i| break i * 10 if i == 2 }",
  "return from a block inside a method": "def f; [1, 2, 3].each { |i| return i if i > 1 }; :none; end; f",
  "while with break and next": "i = 0; s = 0; while i < 10; i += 1; next if i.odd?; break if i > 6; s += i; end; s",
  "until and begin/end while": "i = 0; i += 1 until i >= 3; j = 10; begin; j += 1; end while j < 5; [i, j]",
  "for loop leaks its variable": "for k in [1, 2]; end; k",
  "loop with StopIteration-free break": "i = 0; loop { i += 1; break if i == 4 }; i",
  "method with defaults, splat, keywords": "def m(a, b = a * 2, *r, k: 1, **o, &blk); [a, b, r, k, o, blk&.call]; end; m(1, 2, 3, k: 4, z: 5) { 6 }",
  "required keyword missing": "def m(a:); a; end; m",
  "unknown keyword": "def m(a: 1); a; end; m(b: 2)",
  "wrong number of arguments": "def m(a, b = 1); end; m",
  "too many arguments": "def m(a); end; m(1, 2)",
  "hash passed positionally to a method without keywords": "def m(h); h; end; m(a: 1, 'b' => 2)",
  "yield and block_given?": "def m; block_given? ? yield(2) : :no; end; [m, m { |x| x * 3 }]",
  "lambda arity is strict": "l = ->(a, b) { a + b }; [l.call(1, 2), l.arity, (l.call(1) rescue $!.message)]",
  "proc arity is lenient": "pr = proc { |a, b| [a, b] }; [pr.call(1), pr.call(1, 2, 3), pr.call([4, 5])]",
  "symbol to_proc": "%w[a b].map(&:upcase)",
  "method reference via &": "def dbl(x) = x * 2; [1, 2].map { |x| dbl(x) }",
  "case with ranges, classes, regexps, splat": "r = [5, 'x', :s, 2.5].map { |v| case v when 1..3 then :low when 4..6 then :mid when String, Symbol then :text when *[Float] then :float end }; r",
  "case without subject": "x = 3; case when x < 2 then :a when x < 5 then :b else :c end",
  "if/elsif/else and unless/else": "[1, 5, 9].map { |v| if v < 3 then :s elsif v < 7 then :m else :l end } + [(unless true then 1 else 2 end)]",
  "ternary and modifiers": "a = 5; b = a > 3 ? :big : :small; c = :x if false; d = :y unless false; [b, c, d]",
  "and/or/not keywords": "t = true and false; [t, (nil or 2), (not nil)]",
  "safe navigation": "a = nil; [a&.length, 'ab'&.length]",
  "string interpolation calls to_s": "class P; def to_s; 'pee'; end; end; \"<#{P.new}> #{nil} #{:sym} #{1.5} #{[1, nil]}\"",
  "heredocs": "a = <<~EOS\n  one\n    two\n  EOS\nb = <<-EOS\n  keep\n  EOS\n[a, b]",
  "percent literals": "[%w[a b], %i[c d], %q(it's), %Q(#{1 + 1})]",
  "string escapes": "\"tab\\tnl\\n\\u00e9\\x41\\e\".bytes.size",
  "begin/rescue/else/ensure": "log = []; r = begin; log << :body; raise ArgumentError, 'bad'; rescue TypeError; log << :type; rescue ArgumentError => e; log << e.message; :rescued; else; :else; ensure; log << :ensure; end; [r, log]",
  "rescue modifier and $!": "[(raise 'x' rescue $!.message), (1 / 0 rescue $!.class)]",
  "retry-free nested rescue re-raise": "begin; begin; raise 'inner'; rescue => e; raise ArgumentError, e.message + '!'; end; rescue => e2; [e2.class, e2.message]; end",
  "raise with class and message": "begin; raise KeyError.new('k'); rescue => e; [e.class, e.message, e.is_a?(IndexError)]; end",
  "custom exception class": "class MyErr < StandardError; def initialize(msg = 'default!'); super; end; end; begin; raise MyErr; rescue MyErr => e; e.message; end",
  "ensure runs on break": "log = []; [1, 2].each { |i| begin; break; ensure; log << i; end }; log",
  "classes: attr_accessor, initialize, to_s": "class Pt; attr_accessor :x, :y; def initialize(x, y); @x, @y = x, y; end; def to_s; \"(#{x}, #{y})\"; end; end; p1 = Pt.new(1, 2); p1.x = 5; p1.to_s",
  "class methods and constants": "class K; LIMIT = 3; def self.make; new; end; def limit; LIMIT; end; end; [K.make.limit, K::LIMIT, K.name]",
  "inheritance and super-free override": "class A1; def hi; 'a'; end; end; class B1 < A1; def hi; 'b'; end; end; [B1.new.hi, B1.superclass, B1.new.is_a?(A1)]",
  "modules as namespaces and mixins": "module Greet; def greet; \"hi #{name}\"; end; end; class Pn; include Greet; def name; 'bo'; end; end; Pn.new.greet",
  "comparable via <=>": "class V; include Comparable; attr_reader :n; def initialize(n); @n = n; end; def <=>(o); n <=> o.n; end; end; [V.new(1) < V.new(2), [V.new(3), V.new(1)].max.n]",
  "private methods": "class Pv; def pub; sec; end; private; def sec; :s; end; end; [Pv.new.pub, (Pv.new.sec rescue $!.class)]",
  "defined?": "a = 1; [defined?(a), defined?(b), defined?(puts), defined?(String), defined?(Nope), defined?(@iv)]",
  "constants and NameError": "Nope",
  "NoMethodError on nil": "nil.upcase",
  "NoMethodError on a user object": "class Zed; end; Zed.new.frob",
  "undefined local variable or method": "frob",
  "instance variables default to nil": "class Iv; def get; @nope; end; end; Iv.new.get",
  "integers: big and negative literals": "[2**64, -2**63, 0x1f, 0b101, 0o17, 1_000, 9007199254740993]",
  "floats": "[1.0, 1e20, 1.5e-7, 100.0 / 3, -0.0, 2.0**70]",
  "ranges": "[(1..4).to_a, (1...4).to_a, ('a'..'e').step(2).to_a, (1..).first(2)]",
  "regexp literal and match globals": "if 'key=val' =~ /(\\w+)=(\\w+)/ then [$~[0], $1, $2, $`, $'] end",
  "named captures assign locals": "/(?<k>\\w+)-(?<v>\\d+)/ =~ 'ab-12'; [k, v]",
  "regexp interpolation": "sep = '-'; inner = /b+/; 'a-bbb' =~ /a#{sep}#{inner}/ ? $~[0] : nil",
  "__method__": "def where_am_i; __method__; end; where_am_i",
  "object equality and hash keys": "h = {[1, 'a'] => :arr, 1 => :int, 1.0 => :float, 'a' => :str, a: :sym}; [h[[1, 'a']], h[1], h[1.0], h['a'], h[:a]]",
  "frozen string literal mutation allowed (chilled)": "s = 'ab'; s << 'c'; s",
  "frozen strings raise": "s = 'ab'.freeze; s << 'c'",
  "throw/catch": "catch(:done) { 10.times { |i| throw :done, i if i == 3 }; :never }",
  "Integer() and Float()": "[Integer('0x1A', exception: false), Integer('42'), Float('1.5'), (Integer('4x') rescue $!.message)]",
  "format and %": "[format('%05.1f|%-3s|%+d', 3.14159, 'a', 5), '%s and %p' % ['x', 'x']]",
  "inspect forms (Ruby 4.0)": "[{'a' => 1, b: 2, 'c d': 3}, :sym, :\"with space\", nil, 'q\"uote', 1..2]",
};

const names = Object.keys(SNIPPETS);
const expected = await rubyEvalMany(names.map((n) => `(${SNIPPETS[n]}\n).inspect`));

describe("Ruby language features agree with CRuby 4.0", () => {
  test.each(names.map((n, i) => [n, i] as const))("%s", (name, i) => {
    expect(rubyInspect(SNIPPETS[name])).toBe(expected[i]);
  });
});
