/**
 * The stdlib through the whole engine (parser + interpreter + core), compared with CRuby 4.0.
 * Skipped while the interpreter cannot yet dispatch singleton (class-level) methods.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rubyEvalMany } from "../oracle/ruby.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { rubyToS } from "../helpers/ruby.js";

installStdlib();

const classMethodsWork = !rubyToS(`JSON.generate([1])`).startsWith("!");

const SNIPPETS = [
  `require "json"; JSON.pretty_generate({"a" => [1, 2.5, nil, {"b" => {}}], :c => "é\\u0001", 1 => []})`,
  `{"name" => "x", "list" => [1, "two", :three, 4.0, nil, true]}.to_json`,
  `JSON.dump({"a" => Float::NAN})`,
  `JSON.generate(Float::INFINITY) rescue "#{$!.class}: #{$!.message}"`,
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
