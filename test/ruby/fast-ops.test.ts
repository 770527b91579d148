/**
 * Operators the compiled code answers without dispatch (src/ruby/interp/fast-ops.ts) must answer
 * exactly as the methods do, and step aside for everything they do not cover: defaults, default
 * procs, objects extended with their own methods, negative and out-of-range indexes, bignum overflow.
 * (Expected values are Ruby's, as any Ruby 3.x/4.0 prints them.)
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";

const engine = await createEngine();
const render = (src: string) => engine.render(src, {});

describe("fast operators", () => {
  it.each([
    ["<%= {'a' => 1}['a'] %>", "1"],
    ["<%= {'a' => 1}['b'].inspect %>", "nil"],
    ["<%= Hash.new(7)['missing'] %>", "7"],
    ["<%= Hash.new { |h, k| k * 2 }['ab'] %>", "abab"],
    ["<% module Mine; def [](k); 'mine'; end; end; h = {'x' => 1}; h.extend(Mine) %><%= h['x'] %>", "mine"],
    ["<% module Mine; def [](k); 'mine'; end; end; a = [1]; a.extend(Mine) %><%= a[0] %>", "mine"],
    ["<%= [1, 2, 3][-1] %>", "3"],
    ["<%= [1, 2, 3][3].inspect %>", "nil"],
    ["<%= [1, 2, 3][-4].inspect %>", "nil"],
    ["<%= [1, 2, 3][1.9] %>", "2"],
    ["<%= {1 => 'i', 1.0 => 'f'}[1.0] %>", "f"],
    ["<%= {[1, 'a'] => 'k'}[[1, 'a']] %>", "k"],
    ["<%= 9007199254740991 + 1 %>", "9007199254740992"],
    ["<%= 'a' == 'a' %> <%= 1 != 1 %>", "true false"],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });
});

describe("call-site method caches", () => {
  it.each([
    // A singleton method defined after the call site has cached the class's method.
    ["<% class Q; end; o = Q.new; def o.x; 1; end; r = []; 2.times { r << o.x; def o.x; 2; end } %><%= r.inspect %>", "[1, 2]"],
    // A class's method redefined.
    ["<% class K; def x; 1; end; end; k = K.new; r = []; 2.times { r << k.x; class K; def x; 2; end; end } %><%= r.inspect %>", "[1, 2]"],
    // A module extended into the receiver after the first call.
    ["<% module M; def x; 'm'; end; end; class K2; def x; 'k'; end; end; k = K2.new; r = []; 2.times { r << k.x; k.extend(M) } %><%= r.inspect %>", '["k", "m"]'],
    // One site, receivers of different classes in turn.
    ["<%= [1, 'a', :b, 2.5, nil].map { |v| v.to_s }.inspect %>", '["1", "a", "b", "2.5", ""]'],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });
});

describe("String#<< and String#to_s without dispatch (every ERB append)", () => {
  it.each([
    ["<% s = +'a'; s << 'b' << 'c' %><%= s %>", "abc"],
    ["<% s = +'a'; t = s; s << 'b' %><%= t %> <%= s.equal?(t) %>", "ab true"],
    ["<% s = +'a'; def s.<<(x); 'custom'; end %><%= s << 'b' %> <%= s %>", "custom a"],
    ["<% module Loud; def <<(x); super(x.upcase); end; end; s = +'a'; s.extend(Loud); s << 'b' %><%= s %>", "aB"],
    ["<% s = +'x'; def s.to_s; 'mine'; end %><%= s %>", "mine"],
    ["<% s = +'a'; s << 233 %><%= s %>", "aé"],
    ["<% s = +'a'; s << 'é'.b rescue (r = $!.class) %><%= r.inspect %> <%= s.encoding %>", "nil ASCII-8BIT"],
    ["<% s = 'a'.freeze; s << 'b' rescue (r = $!.message) %><%= r %>", "can't modify frozen String: \"a\""],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });

  it("counts a step per append and per to_s, as the method calls do", () => {
    // The smallest step limit each template renders under: `<<` and `concat` (always a call) agree.
    const minSteps = (src: string) => {
      let lo = 1;
      let hi = 10_000;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        try {
          engine.render(src, {}, { limits: { steps: mid } });
          hi = mid;
        } catch {
          lo = mid + 1;
        }
      }
      return lo;
    };
    expect(minSteps("<% s = +''; 40.times { s << 'x' } %><%= s.size %>")).toBe(minSteps("<% s = +''; 40.times { s.concat('x') } %><%= s.size %>"));
    expect(minSteps("<% 40.times { 'x'.to_s } %>")).toBe(minSteps("<% 40.times { 'x'.itself } %>"));
  });

  it("stops at the String size limit as the method does", () => {
    expect(() => engine.render("<% s = +''; 100.times { s << 'x' * 10 } %>", {}, { limits: { stringSize: 500 } })).toThrow(/String size/);
  });
});

describe("literals CRuby makes once", () => {
  // Checked on Debian's ruby 3.1 (opt_str_freeze; Hash keys dedup'd as fstrings).
  it.each([
    ["<% a = []; 2.times { a << 'text'.freeze } %><%= a[0].equal?(a[1]) %> <%= a[0].frozen? %>", "true true"],
    ["<% s = 'text'.freeze %><%= s.frozen? %> <%= (s + '!').frozen? %> <%= s.dup.frozen? %>", "true false false"],
    ["<% k = []; 2.times { k << {'key' => 1}.keys[0] } %><%= k[0].equal?(k[1]) %> <%= k[0].frozen? %>", "true true"],
    ["<% s = 'text'.freeze %><% begin; s << '!'; rescue => e; %><%= e.class %><% end %>", "FrozenError"],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });
});

describe("methods without arguments answered without dispatch", () => {
  // Expected: Debian's ruby 3.1 on the same expressions.
  it.each([
    ["<%= [!nil, !false, !0, !'', ![], !{}].inspect %>", "[true, true, false, false, false, false]"],
    ["<%= [nil.nil?, false.nil?, 0.nil?, :a.nil?, 1.5.nil?, ''.nil?].inspect %>", "[true, false, false, false, false, false]"],
    ["<%= [[1, 2].length, {a: 1}.size, 'héllo'.length, '😀'.length, [].empty?, {}.empty?, ''.empty?, 'x'.empty?].inspect %>", "[2, 1, 5, 1, true, true, true, false]"],
    ["<%= [1.is_a?(Integer), 1.is_a?(Comparable), 'a'.is_a?(Object), [].kind_of?(Enumerable), nil.is_a?(NilClass), {}.is_a?(Array)].inspect %>", "[true, true, true, true, true, false]"],
    // A class of the template's own, and objects with singleton methods, keep their methods.
    ["<% class Odd; def !; :not; end; def nil?; :maybe; end; def length; 7; end; def is_a?(c); :sure; end; end; o = Odd.new %><%= [!o, o.nil?, o.length, o.is_a?(String)].inspect %>", "[:not, :maybe, 7, :sure]"],
    ["<% a = [1, 2]; def a.length; 99; end; def a.empty?; :no; end; s = 'ab'; def s.nil?; :odd; end %><%= [a.length, a.empty?, s.nil?].inspect %>", "[99, :no, :odd]"],
    ["<%= begin; 1.is_a?(3); rescue TypeError => e; e.message; end %>", "class or module required"],
    ["<%= 42 %> <%= -7.to_s %> <%= 9007199254740991 %> <%= 2**62 %> <%= 0.to_s.frozen? %>", "42 -7 9007199254740991 4611686018427387904 false"],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });
});

describe("h[k] = v without dispatch", () => {
  // Expected: Debian's ruby 3.1 (Hash#inspect in Ruby 4.0's form).
  it.each([
    ["<% h = {}; k = 'key'; r = (h[k] = 1); k << '!' %><%= [r, h.keys, h.keys[0].frozen?].inspect %>", '[1, ["key"], true]'],
    ["<% h = {a: 1}.freeze %><%= begin; h[:b] = 2; rescue => e; e.class.to_s + ': ' + e.message; end %>", "FrozenError: can't modify frozen Hash: {a: 1}"],
    ["<% h = {a: 1} %><%= begin; h.each { |k, v| h[:b] = 2 }; rescue => e; e.class.to_s + ': ' + e.message; end %>", "RuntimeError: can't add a new key into hash during iteration"],
    ["<% h = {a: 1}; h.each { |k, v| h[:a] = 5 } %><%= h.inspect %>", "{a: 5}"],
    ["<% h = {}; def h.[]=(k, v); :mine; end; x = (h[:a] = 3) %><%= [x, h.size].inspect %>", "[3, 0]"],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });
});
