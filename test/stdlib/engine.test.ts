/**
 * The stdlib through the whole engine (parser + interpreter + core), compared with CRuby 4.0.
 * Skipped while the interpreter cannot yet dispatch singleton (class-level) methods.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { rubyToS } from "../helpers/ruby.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installStdlib();

const classMethodsWork = !rubyToS(`JSON.generate([1])`).startsWith("!");

const SNIPPETS = [
  `require "json"; JSON.pretty_generate({"a" => [1, 2.5, nil, {"b" => {}}], :c => "é\\u0001", 1 => []})`,
  `{"name" => "x", "list" => [1, "two", :three, 4.0, nil, true]}.to_json`,
  `JSON.dump({"a" => Float::NAN})`,
  `begin; JSON.generate(Float::INFINITY); rescue => e; "#{e.class}: #{e.message}"; end`,
  `JSON.parse('{"a": [1, 2.0, "x", null]}', symbolize_names: true).inspect`,
  `begin; JSON.parse("{"); rescue JSON::ParserError => e; e.class.name; end`,
  `{"a" => {"b" => [1, {"c" => "d"}], "e" => "true"}, :f => nil}.to_yaml`,
  `YAML.dump({"s" => "multi\\nline\\n", "n" => "123", "list" => []}, :indentation => 2)`,
  `{"broker_credentials" => [{"username" => "u", "password" => "p:w"}]}.to_yaml.lines[1..-1].join`,
  `YAML.load("a: 1\\nb: [x, y]\\n").inspect`,
  `Base64.strict_encode64("hello world")`,
  `Digest::SHA256.hexdigest("prefix")[0..5]`,
  `ERB::Util.url_encode("p@ss w/rd")`,
  `"it's".shellescape`,
  `Shellwords.escape("a b")`,
  `ip = IPAddr.new("10.0.0.0/8"); [ip.to_s, ip.prefix, ip.include?("10.1.2.3"), ip.ipv4?].inspect`,
  `begin; IPAddr.new("300.1.1.1"); rescue IPAddr::Error => e; "#{e.class}: #{e.message}"; end`,
  `u = URI.parse("http://routing-api.service.cf.internal:3000"); u.scheme = "https"; u.to_s`,
  `begin; p = URI.parse("not a uri"); rescue URI::InvalidURIError; "invalid"; end`,
  `URI.parse("https://example.com/x").instance_of?(URI::Generic)`,
  `Time.utc(2030, 1, 2).iso8601`,
  `YAML.load("a: :b\nc: [1, 2.5, ~]").inspect`,
  `begin; YAML.safe_load("a: :b"); rescue => e; "#{e.class}: #{e.message}"; end`,
  `YAML.safe_load("a: :b", permitted_classes: [Symbol]).inspect`,
  `begin; YAML.load("a: &x 1\nb: *x"); rescue => e; "#{e.class}: #{e.message}"; end`,
  `YAML.load("a: &x 1\nb: *x", aliases: true).inspect`,
  `YAML.unsafe_load("a: &x 1\nb: *x").inspect`,
  `YAML.load("a: {b: 1}", symbolize_names: true).inspect`,
  `begin; YAML.load("a: [1"); rescue Psych::SyntaxError => e; e.class.name; end`,
  `YAML.load("").inspect`,
  `YAML.load(YAML.dump({"x" => ["y", 1, nil, true, 1.5, "1"]})).inspect`,
  // user classes and #to_json
  `class Foo; def initialize(h); @h = h; end; def to_json(*a); @h.to_json(*a); end; end; JSON.pretty_generate({"x" => Foo.new({"a" => [1, {"b" => 2}]}), "y" => [Foo.new([])]})`,
  `class Bar; def to_s; "bar!"; end; end; JSON.pretty_generate({"x" => Bar.new})`,
  `class Baz; def to_json(*a); "RAW"; end; end; JSON.generate([Baz.new])`,
  `class Qux; def to_json(*a); 5; end; end; begin; JSON.generate([Qux.new]); rescue TypeError => e; e.message; end`,
  // Set
  `Set.new([1, 2, 2, 3]).inspect`,
  `Set.new.inspect`,
  `Set[1, "a"].to_s`,
  `s = Set.new; s << 1; s.add(2); [s.add?(2), s.add?(3), s.size].inspect`,
  `[Set.new([1, 2]).include?(2), Set.new([1, 2]).include?(5)].inspect`,
  `Set.new([1, 2]).map { |x| x * 2 }.inspect`,
  `[(Set.new([1, 2]) | Set.new([3])), (Set.new([1, 2]) & [2, 3]), (Set.new([1, 2]) - [2]), (Set.new([1, 2]) ^ [2, 3])].inspect`,
  `Set.new([1, 2]) == Set.new([2, 1])`,
  `Set.new([1, 2]).to_json`,
  `Set.new([1, "b"]).to_yaml`,
  `{"s" => Set.new([:a])}.to_yaml`,
  `[1, 2, 2].to_set.inspect`,
  `Set.new([3, 1, 2]).sort.inspect`,
  `[Set.new([1, 2]).subset?(Set.new([1, 2, 3])), Set.new([1, 2]).superset?(Set.new([1]))].inspect`,
  `Set.new([1, 2]).select(&:odd?).inspect`,
  `Set.new([1, 2]).delete(1).inspect`,
  `Set.new(nil).inspect`,
  `begin; Set.new(5); rescue ArgumentError => e; e.message; end`,
  `Set.new([1, 2]) { |x| x * 10 }.inspect`,
  `[Set.new([1, 2]).first, Set.new([1, 2]).length, Set.new([]).empty?].inspect`,
  `[1, 2, 3].each_slice(2).to_set.inspect`,
];

describe.skipIf(!classMethodsWork)("stdlib through the engine", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(SNIPPETS.map((s) => `Socket::AF_UNSPEC = 0 unless defined?(Socket::AF_UNSPEC); require "uri"; require "digest"; require "time"; ${s.replace(/Base64\.strict_encode64\((.*)\)/, "[$1].pack('m0')")}`));
  }, 120_000);
  SNIPPETS.forEach((src, i) => {
    it(src.slice(0, 100), () => {
      expect(rubyToS(src)).toBe(expected[i]);
    });
  });
});

describe("require", () => {
  it.skipIf(!classMethodsWork)("accepts the libraries templates require", () => {
    for (const lib of ["json", "yaml", "zlib", "stringio", "base64", "cgi", "shellwords", "uri", "openssl", "ipaddr", "time", "digest"]) {
      expect(rubyToS(`require ${JSON.stringify(lib)}`)).not.toMatch(/^!/);
    }
  });
});
