/**
 * Issue 8, class 3: named adversarial cases for "limits as an invariant". Each one used to abort
 * the process (V8 fatal "invalid size", heap out of memory), escape as a raw JS error ("Invalid
 * string length", "Maximum BigInt size exceeded", a JS stack overflow), or run unbounded; each must
 * now end in the typed error named here, and a canary template must render correctly right after
 * in the same process.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LimitExceededError, TemplateRenderError } from "../../src/diagnostics/errors.js";
import type { Limits } from "../../src/engine.js";
import { run } from "./helpers.js";

type Want = { limit: string } | { ruby: string; message?: string };

/** Smaller limits where the shape, not the absolute size, is the point (keeps the suite fast on a busy machine). */
const SMALL: Partial<Limits> = { stringSize: 1_000_000, arraySize: 100_000, hashSize: 100_000, steps: 2_000_000 };
const DAG30 = "a = [1]; 30.times { a = [a, a] }";
/** 5 MB of zeros, gzipped (about 5 KB): a decompression bomb. */
const BOMB = gzipSync(Buffer.alloc(5_000_000)).toString("base64");

const CASES: readonly (readonly [string, string, Partial<Limits> | undefined, Want])[] = [
  // JSON and YAML emitters
  ["to_json of a shared nested Array", "<% a = [[1] * 1000] * 1000; b = [a] * 1000 %><%= b.to_json.size %>", SMALL, { limit: "String size" }],
  ["JSON.generate of a shared nested Array", "<% a = [[1] * 1000] * 1000 %><%= JSON.generate([a] * 1000).size %>", SMALL, { limit: "String size" }],
  ["JSON.pretty_generate with a huge indent", "<%= JSON.pretty_generate([[[1]]], indent: 'x' * 600_000).size %>", SMALL, { limit: "String size" }],
  ["to_json of a 2**30 DAG", `<% ${DAG30} %><%= a.to_json.size %>`, SMALL, { limit: "String size" }],
  ["to_yaml of many long Strings", "<%= (['x' * 1000] * 2_000).to_yaml.size %>", SMALL, { limit: "String size" }],
  ["YAML.dump of a wide Hash of long values", "<% h = {}; 2_000.times { |i| h[i] = 'y' * 1000 } %><%= YAML.dump(h).size %>", SMALL, { limit: "String size" }],
  // join
  ["join of nested shared Arrays (default limits)", "<% a = ['x' * 100] * 1000; b = [a] * 1000; c = [b] * 10 %><%= c.join.size %>", undefined, { limit: "String size" }],
  ["join of a 2**30 DAG", `<% ${DAG30} %><%= a.join(',').size %>`, SMALL, { limit: "String size" }],
  ["join with a long separator", "<%= (Array.new(50_000, 1)).join('-' * 100).size %>", SMALL, { limit: "String size" }],
  // one element per character/byte/line
  ["chars of a 60 M String (default limits)", "<% s = 'ab' * 30_000_000 %><%= s.chars.size %>", undefined, { limit: "Array size" }],
  ["each_char.to_a of a long String", "<%= ('ab' * 100_000).each_char.to_a.size %>", SMALL, { limit: "Array size" }],
  ["lines of a 60 M String (default limits)", "<% s = \"ab\\n\" * 20_000_000 %><%= s.lines.size %>", undefined, { limit: "Array size" }],
  ["each_line.to_a of many lines", "<%= (\"a\\n\" * 200_000).each_line.to_a.size %>", SMALL, { limit: "Array size" }],
  ["bytes of a 60 M String (default limits)", "<% s = 'ab' * 30_000_000 %><%= s.bytes.size %>", undefined, { limit: "Array size" }],
  ["bytes of a multibyte String", "<%= ('é' * 60_000).bytes.size %>", SMALL, { limit: "Array size" }],
  ["each_byte.to_a", "<%= ('ab' * 100_000).each_byte.to_a.size %>", SMALL, { limit: "Array size" }],
  ["codepoints of a long String", "<%= ('ab' * 100_000).codepoints.size %>", SMALL, { limit: "Array size" }],
  ["unpack('C*') of a long String", "<%= ('ab' * 100_000).unpack('C*').size %>", SMALL, { limit: "Array size" }],
  ["split('') of a long String", "<%= ('x' * 200_000).split('').size %>", SMALL, { limit: "Array size" }],
  ["split(',') of many fields", "<%= ('x,' * 200_000).split(',').size %>", SMALL, { limit: "Array size" }],
  ["values_at with a huge Range", "<%= [1].values_at(0..10**9).size %>", SMALL, { limit: "Array size" }],
  ["Zlib.gunzip of a gzip bomb", `<%= Zlib.gunzip(Base64.decode64('${BOMB}')).size %>`, { stringSize: 1_000_000 }, { limit: "String size" }],
  ["GzipReader#read of a gzip bomb", `<%= Zlib::GzipReader.new(StringIO.new(Base64.decode64('${BOMB}'))).read.size %>`, { stringSize: 1_000_000 }, { limit: "String size" }],
  // inspect
  ["inspect of a shared nested Array (default limits)", "<% a = [[1] * 1000] * 1000; b = [a] * 1000 %><%= b.inspect.size %>", undefined, { limit: "String size" }],
  ["inspect of a 2**30 DAG", `<% ${DAG30} %><%= a.inspect.size %>`, SMALL, { limit: "String size" }],
  ["inspect of a Hash of shared values", `<% ${DAG30}; h = { a: a, b: a } %><%= h.inspect.size %>`, SMALL, { limit: "String size" }],
  ["inspect of control characters (6x longer)", "<%= (\"\\u0001\" * 400_000).inspect.size %>", SMALL, { limit: "String size" }],
  ["dump of non-ASCII characters", "<%= ('é' * 400_000).dump.size %>", SMALL, { limit: "String size" }],
  ["p-style %p of a shared Array", `<% ${DAG30} %><%= format('%p', a).size %>`, SMALL, { limit: "String size" }],
  // format and padding
  ["format with a huge zero-padded width", "<%= format('%0999999999d', 1).size %>", undefined, { limit: "String size" }],
  ["format with a huge precision", "<%= format('%.999999999f', 1.0).size %>", undefined, { limit: "String size" }],
  ["format %s with a huge left-justified width", "<%= format('%-999999999s', 'x').size %>", undefined, { limit: "String size" }],
  ["format with a * width argument", "<%= format('%*d', 10**9, 1).size %>", undefined, { limit: "String size" }],
  ["String#% with a huge width", "<%= ('%0999999999d' % 1).size %>", undefined, { limit: "String size" }],
  ["format %e with a huge precision", "<%= format('%.99999999e', 1.5).size %>", SMALL, { limit: "String size" }],
  ["format %b of a huge negative Integer", "<%= format('%b', -(2 ** 3_000_000)).size %>", { stringSize: 1_000_000 }, { limit: "String size" }],
  ["Time#strftime with a huge width", "<%= Time.utc(2000, 1, 2).strftime('%999999999Y').size %>", undefined, { limit: "String size" }],
  ["Time#iso8601 with a huge digit count", "<%= Time.utc(2000, 1, 2).iso8601(10**9).size %>", undefined, { limit: "String size" }],
  ["center to a huge width", "<%= 'x'.center(10**9).size %>", undefined, { limit: "String size" }],
  ["ljust with a pattern to a huge width", "<%= 'x'.ljust(10**9, 'ab').size %>", undefined, { limit: "String size" }],
  ["String#* over the limit", "<%= ('ab' * 600_000).size %>", SMALL, { limit: "String size" }],
  ["String#<< growing past the limit", "<% s = +''; 100.times { s << 'x' * 20_000 } %><%= s.size %>", SMALL, { limit: "String size" }],
  // collected Arrays
  ["cycle.first(10**8)", "<%= [1, 2].cycle.first(100_000_000).size %>", SMALL, { limit: "Array size" }],
  ["cycle.take(10**8)", "<%= [1, 2].cycle.take(100_000_000).size %>", SMALL, { limit: "Array size" }],
  ["endless Range first(10**8)", "<%= (1..).first(100_000_000).size %>", SMALL, { limit: "Array size" }],
  ["Array#| past the Array limit", "<% a = (1..60_000).to_a %><%= (a | a.map { |x| -x }).size %>", SMALL, { limit: "Array size" }],
  ["Array#+ past the Array limit", "<% a = (1..60_000).to_a %><%= (a + a).size %>", SMALL, { limit: "Array size" }],
  ["Array#product past the Array limit", "<% a = (1..400).to_a %><%= a.product(a).size %>", SMALL, { limit: "Array size" }],
  ["flatten of a 2**30 DAG", `<% ${DAG30} %><%= a.flatten.size %>`, SMALL, { limit: "Array size" }],
  ["flat_map into a huge Array", "<%= (1..1_000).flat_map { |x| [x] * 1_000 }.size %>", SMALL, { limit: "Array size" }],
  ["Array.new(10**9)", "<%= Array.new(10**9).size %>", undefined, { limit: "Array size" }],
  ["Range#to_a of a String range", "<%= ('a'..'zzzzzz').to_a.size %>", SMALL, { limit: "Array size" }],
  ["Range#map over 10**12", "<%= (1..10**12).map { |x| x }.size %>", SMALL, { limit: "Array size" }],
  ["each_slice(2).to_a over 10**12", "<%= (1..10**12).each_slice(2).to_a.size %>", SMALL, { limit: "Array size" }],
  // hashing and equality of shared structures
  ["a 2**30 DAG as a Hash key", `<% ${DAG30}; h = { a => 1 } %><%= h.size %>`, undefined, { limit: "String size" }],
  ["Array#hash of a 2**30 DAG", `<% ${DAG30} %><%= a.hash.class %>`, SMALL, { limit: "String size" }],
  ["uniq of 2**30 DAGs", `<% ${DAG30} %><%= [a, a].uniq.size %>`, SMALL, { limit: "String size" }],
  ["eql? of two 2**30 DAGs", `<% ${DAG30}; b = [1]; 30.times { b = [b, b] } %><%= a.eql?(b) %>`, SMALL, { limit: "String size" }],
  ["a 2**30 DAG in a Set", `<% ${DAG30} %><%= Set[a].size %>`, SMALL, { limit: "String size" }],
  ["a DAG of Hashes as a key", "<% h = { x: 1 }; 30.times { h = { a: h, b: h } } %><%= { h => 1 }.size %>", SMALL, { limit: "String size" }],
  // big Integers
  ["to_i of 5,000,000 nines (default limits)", "<%= ('9' * 5_000_000).to_i.bit_length %>", undefined, { limit: "steps" }],
  ["Integer() of 5,000,000 nines (default limits)", "<%= Integer('9' * 5_000_000).bit_length %>", undefined, { limit: "steps" }],
  ["to_i(36) of a long base-36 String", "<%= ('z' * 5_000_000).to_i(36).bit_length %>", undefined, { limit: "steps" }],
  ["(10**(10**6)).digits counts its work", "<%= (10**(10**6)).digits.size %>", { steps: 100_000 }, { limit: "steps" }],
  ["(10**(10**6)).digits past a small Array limit", "<%= (10**(10**6)).digits.size %>", { arraySize: 100_000 }, { limit: "Array size" }],
  ["pow with a huge modulus", "<%= 3.pow(10**9, 10**100_000) %>", { steps: 100_000 }, { limit: "steps" }],
  ["Integer.sqrt of a huge number counts its work", "<%= Integer.sqrt(10**100_000).bit_length %>", { steps: 20_000 }, { limit: "steps" }],
  ["to_s of a 3,000,000-bit Integer", "<%= (2**3_000_000).to_s.size %>", { steps: 100_000 }, { limit: "steps" }],
  ["repeated squaring past the Integer budget", "<% x = 3; 40.times { x = x * x } %><%= x.bit_length %>", SMALL, { limit: "Integer size (bits)" }],
  ["a shift past the Integer budget", "<%= (1 << 20_000_000).bit_length %>", SMALL, { limit: "Integer size (bits)" }],
  ["** past the Integer budget", "<%= (7 ** 5_000_000).bit_length %>", SMALL, { limit: "Integer size (bits)" }],
  ["factorial by inject counts its work", "<%= (1..200_000).inject(:*).bit_length %>", { steps: 1_000_000 }, { limit: "steps" }],
  ["exponent too large is Ruby's ArgumentError", "<%= (2**(2**40)).bit_length %>", undefined, { ruby: "ArgumentError", message: "exponent is too large" }],
  ["String#sum with a float bit count", "<%= 'ab'.sum(1e300) %>", undefined, { ruby: "RangeError", message: "float 1e+300 out of range of integer" }],
];

const CANARY = "<%= [1, 2, 3].map { |x| x * 2 }.join(',') %> <%= { 'a' => [1, 'b'] }.to_json %> <%= format('%05.1f', 3.14159) %> <%= (2**70).to_s %>";
const CANARY_OUT = '2,4,6 {"a":[1,"b"]} 003.1 1180591620717411303424';

describe("limits hold for methods that build big results in one step (issue 8, class 3)", () => {
  it("has at least 50 named cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)("%s", { timeout: 120_000 }, (_name, src, limits, want) => {
    const r = run(src, { properties: {} }, limits);
    expect(r.ok ? `rendered ${r.output.slice(0, 80)}` : "").toBe("");
    const e = (r as { error: unknown }).error;
    if ("limit" in want) {
      expect(e).toBeInstanceOf(LimitExceededError);
      expect((e as LimitExceededError).limit).toBe(want.limit);
      expect((e as LimitExceededError).message).toContain(`limit exceeded: ${want.limit}`);
    } else {
      expect(e).toBeInstanceOf(TemplateRenderError);
      expect((e as TemplateRenderError).rubyClass).toBe(want.ruby);
      if (want.message) expect((e as TemplateRenderError).message).toContain(want.message);
    }
    const canary = run(CANARY);
    expect(canary.ok && canary.output).toBe(CANARY_OUT);
  });
});

describe("shapes that used to blow up now render what Ruby renders", () => {
  it.each([
    // Deep nesting no longer doubles escapes in hash keys (2**60 characters before).
    ["== of two 2**30 DAGs compares each pair of nodes once", "<% a = [1]; 30.times { a = [a, a] }; b = [1]; 30.times { b = [b, b] } %><%= a == b %>", "true"],
    ["== of 2**30 DAGs that differ in one leaf", "<% a = [1]; 30.times { a = [a, a] }; c = [1]; 30.times { c = [c, c] }; c[1] = 5 %><%= a == c %>", "false"],
    ["== and eql? stay apart", "<%= [[1], [1.0]] == [[1.0], [1]] %> <%= [[1]].eql?([[1.0]]) %> <%= { a: [1] } == { a: [1.0] } %>", "true false true"],
    ["a 60-deep Array as a Hash key", "<% a = [1]; 60.times { a = [a] } %><%= { a => 1 }.size %>", "1"],
    ["a 60-deep Set of Sets hashes", "<% s = Set[1]; 60.times { s = Set[s] } %><%= Set[s, s].size %>", "1"],
    ["a shared DAG of depth 12 as a key", "<% a = [1]; 12.times { a = [a, a] } %><%= { a => 1 }[a] %>", "1"],
    ["DAG keys that differ are different keys", "<% a = [1]; b = [2]; 12.times { a = [a, a]; b = [b, b] } %><%= { a => 1, b => 2 }.size %>", "2"],
    ["Integer.sqrt of 10**100000 (was an internal error)", "<%= Integer.sqrt(10**100_000) == 10**50_000 %>", "true"],
    ["Integer.sqrt just below a square", "<%= Integer.sqrt(10**400 - 1) == 10**200 - 1 %>", "true"],
    ["digits of a big Integer", "<%= (2**200).digits.first(5).inspect %>", "[6, 7, 3, 1, 0]"],
    ["digits in a base over 36", "<%= (2**200).digits(1000).first(3).inspect %>", "[376, 301, 835]"],
    ["pow with a modulus", "<%= 3.pow(10**20, 10**30 + 7) %>", "211170478351494470291451893420"],
    ["to_i(36) of a 40-digit String", "<%= ('z' * 40).to_i(36) == 36**40 - 1 %>", "true"],
    ["push(*a) of 200,000 elements (was a JS stack overflow)", "<% a = [0] * 200_000; b = []; b.push(*a) %><%= b.size %>", "200000"],
    ["unpack('U3a*') after multibyte characters", "<%= ('é' * 10).unpack('U3a*').inspect %>", '[233, 233, 233, "\\xC3\\xA9\\xC3\\xA9\\xC3\\xA9\\xC3\\xA9\\xC3\\xA9\\xC3\\xA9\\xC3\\xA9"]'],
    ["flat_map of a 200,000-element Array", "<%= [[0] * 200_000].flat_map { |x| x }.size %>", "200000"],
    ["inspect of a shared DAG of depth 3", "<% a = [1]; 3.times { a = [a, a] } %><%= a.inspect %>", "[[[[1], [1]], [[1], [1]]], [[[1], [1]], [[1], [1]]]]"],
    ["recursive inspect still shows [...]", "<% a = [1]; a << a; b = [a, a] %><%= b.inspect %>", "[[1, [...]], [1, [...]]]"],
    ["format %x of a negative big Integer", "<%= format('%x', -(2**70)) %>", "..fc00000000000000000"],
  ])("%s", (_name, src, want) => {
    const r = run(src);
    expect(r.ok ? r.output : String((r as { error: unknown }).error)).toBe(want);
  });
});
