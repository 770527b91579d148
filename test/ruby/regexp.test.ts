/**
 * Differential tests for Regexp and MatchData (and the Ruby -> JS regexp translator): each snippet
 * runs through linkplate (`rubyInspect`) and through CRuby 4.0 (the oracle) in one round trip.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installString } from "../../src/ruby/core/string.js";
import { installSymbol } from "../../src/ruby/core/symbol.js";
import { installRegexp, compileRegexp, translateRegexp, regexpToS, regexpInspect, RegexpSyntaxError } from "../../src/ruby/core/regexp.js";
import { type Interp, type Value, RString, RRegexp, RMatchData, cRegexp, singletonClassOf, str, sym, arr } from "../../src/ruby/runtime/values.js";
import { UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { rubyInspect } from "../helpers/ruby.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installRegexp();
installString();
installSymbol();

const viaHex = (code: string) => `eval(["${Buffer.from(`(${code}\n).inspect`, "utf8").toString("hex")}"].pack("H*").force_encoding("UTF-8"))`;

const CASES: Record<string, string[]> = {
  // the regexps real templates use (design/ruby-surface.md)
  corpus: [
    `"a_b_c".split(/_/)`,
    `"---\\nfoo: 1\\n".sub(/\\A---\\s*\\n/, "")`,
    `"a:b\\\\c\\"d\\x01e\\x7f" =~ /[:\\\\"\\x00-\\x1f\\x7f]/`,
    `"a b!c".gsub(/[ !#'&%*,:>@\\[\\]\\\\\`{|}]/) { |c| "\\\\" + c }`,
    `chars_to_escape = /[;,]/; "a;b,c".gsub(/(#{chars_to_escape})/, '\\\\\\1')`,
    `"host.example:8080" =~ /^[a-z0-9.-]+:[0-9]+$/`,
    `"x\\nhost:80" =~ /^[a-z0-9.-]+:[0-9]+$/`,
    `"5s 10ms 2.5h".scan(/([\\d.]+)(ns|us|ms|s|m|h)/)`,
    `"127.0.0.1:9000" =~ /^127\\.0\\.0\\.1:/`,
    `"host:4443"[/:(\\d+)/, 1]`,
    `"a\\nb\\nc".split(/\\n/)`,
    `"a b\\\\ c d".gsub(/(?!:\\\\)( )/, "_")`,
    `"a b c".gsub(/(?!:\\\\) /, "_")`,
    `"10.0.0.1" =~ /^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/`,
    `"512 MB" =~ /[0-9]+ (B|KB|MB|GB|\\%)/; $1`,
    `"https://x" =~ /^https?:\\/\\//`,
    `"$6$salt$hash" =~ /^\\$6\\$/`,
    `"x\\n-----BEGIN CERTIFICATE-----\\nabc\\n-----END CERTIFICATE-----\\ny".scan(/(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)/m)`,
    `"x\\n-----BEGIN CERTIFICATE-----\\nabc\\n-----END CERTIFICATE-----".scan(/(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)/)`,
    `"/var/vcap/jobs/foo/bin/run".sub(/(^\\/var\\/vcap\\/jobs\\/[^\\/]*)\\/.*/, '\\1')`,
    `["#A0b1c2", "#abc", "#abcd"].map { |c| c =~ /^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/ }`,
    `"login.saml.keys" =~ /login.saml.keys/`,
    `"implicit" =~ /implicit|authorization_code/`,
    `"http://x" =~ /^http.*:\\/\\//`,
    `"https://user:pw@a-b.example.com:8443/path" =~ /^http(\\*|s)?:\\/\\/(.*:.*@)?(([a-zA-Z0-9\\-\\*]+\\.)*[a-zA-Z0-9\\-]+\\.)?[a-zA-Z0-9\\-]+(:[0-9]+)?(\\/.*|$)/; [$1, $2, $3, $4, $5, $6]`,
    `"a-Z.0:_\\\\" =~ /^[a-zA-Z0-9.\\-:_\\\\]*$/`,
    `["30s", "30", "5m", "2h", "x"].map { |v| v =~ /^(\\d+)s?$/ ? $1 : (v =~ /^(\\d+)m$/ ? "m#{$1}" : (v =~ /^(\\d+)h$/ ? "h#{$1}" : nil)) }`,
  ],
  anchors: [
    `"a\\nb".scan(/^./)`,
    `"a\\nb".scan(/.$/)`,
    `"a\\n".scan(/^/).size`,
    `"a\\n".scan(/$/).size`,
    `"\\n".scan(/^/).size`,
    `"a\\nb" =~ /\\Ab/`,
    `"a\\nb" =~ /a\\z/`,
    `"ab\\n" =~ /b\\Z/`,
    `"ab\\n" =~ /b\\z/`,
    `"a\\r\\nb" =~ /a$/`,
    `"a\\u2028b".scan(/^./)`,
    `"foo bar" =~ /\\bbar/`,
    `"é" =~ /\\bé/`,
    `"aé" =~ /a\\b/`,
    `"foobar" =~ /o\\Bb/`,
  ],
  classes: [
    `"é" =~ /\\w/`,
    `"٣" =~ /\\d/`,
    `"٣" =~ /[[:digit:]]/`,
    `"\\u00a0" =~ /\\s/`,
    `"\\v" =~ /\\s/`,
    `"é" =~ /[[:alpha:]]/`,
    `"aB1_ é".scan(/[[:alnum:]]/)`,
    `"aB1_ é".scan(/[[:upper:]]/)`,
    `"a!b$c+".scan(/[[:punct:]]/)`,
    `"a\\tb c".scan(/[[:space:]]/)`,
    `"abc" =~ /[[:^alpha:]]/`,
    `"0xfF g".scan(/\\h/)`,
    `"0xfF g".scan(/\\H/)`,
    `"abcdef".scan(/[a-z&&[^aeiou]]/)`,
    `"abc]" =~ /[\\]]/`,
    `"a-b" =~ /[a\\-]+/`,
    `"a-b".scan(/[-a]/)`,
    `"a^b".scan(/[\\^b]/)`,
    `"ab\\ncd" =~ /b.c/`,
    `"ab\\ncd" =~ /b.c/m`,
    `"a😀b".scan(/./)`,
    `"a😀b" =~ /b/`,
    `"a😀b".match(/(.)b/).begin(1)`,
    `"a\\x00b" =~ /\\x00/`,
    `"tab\\there" =~ /\\t/`,
    `"é" =~ /\\u00e9/`,
    `"é" =~ /\\u{e9}/`,
    `"é" =~ /\\xC3\\xA9/`,
    `"\\e" =~ /\\e/`,
    `"a.b" =~ /a[.]b/`,
    `"a b" =~ /a[\\s]b/`,
    `"a1" =~ /[\\D]1/`,
    `"aBc" =~ /[^\\W]B/`,
    `"x\\r\\ny" =~ /x\\Ry/`,
    `"Hello" =~ /\\p{Upper}/`,
    `"hello wörld".scan(/\\p{L}+/)`,
    `"ab12".scan(/\\p{^Alpha}/)`,
  ],
  groups: [
    `/(?<a>x)(y)/.match("xy").to_a`,
    `/(?<a>x)(?<b>y)?/.match("x").named_captures`,
    `/(?<a>.)(?<b>.)?/.match("x")`,
    `/(.)(.)?/.match("xa")`,
    `/(?:ab)+/.match("ababx")[0]`,
    `"abab" =~ /(ab)\\1/`,
    `"aa" =~ /(?<c>a)\\k<c>/`,
    `"foobar".sub(/foo(?=bar)/, "X")`,
    `"foobaz".sub(/foo(?!bar)/, "X")`,
    `"xbar".sub(/(?<=x)bar/, "Y")`,
    `"ybar".sub(/(?<!x)bar/, "Y")`,
    `"aaab" =~ /(?>a+)b/`,
    `"aaa" =~ /(?>a+)a/`,
    `"aaa" =~ /a++a/`,
    `"aaab".match(/(a)*+b/)[1]`,
    `"xaaab" =~ /a{2,}+b/`,
    `"aaa".match(/a{,2}/)[0]`,
    `"aaa".match(/a{2}/)[0]`,
    `"aaa".match(/a{1,2}?/)[0]`,
    `"x{a}".match(/x{a}/)[0]`,
    `"x{,}".match(/x{,}/)[0]`,
    `"aaa".match(/a**/)[0]`,
    `"aB" =~ /a(?i)b|c/`,
    `"c" =~ /a(?i)b|c/`,
    `"aC" =~ /a(?i)b|c/`,
    `"AB" =~ /(?i:a)b/`,
    `"Ab" =~ /(?i:a)b/`,
    `"ABC" =~ /a(?-i)bc/i`,
    `"Abc" =~ /a(?-i)bc/i`,
    `inner = /b/; "AB" =~ /a#{inner}/i`,
    `inner = /b/; "Ab" =~ /a#{inner}/i`,
    `"a\\nb" =~ /a(?m:.)b/`,
    `"ab" =~ /a (?#comment) b/x`,
    `"ab" =~ /a # comment\\n b/x`,
    `"a b" =~ /a\\ b/x`,
    `"a b" =~ /a[ ]b/x`,
    `"ABC" =~ /abc/i`,
    `"ÉCOLE" =~ /école/i`,
    `"xY" =~ /[a-z]y/i`,
  ],
  escapes: [
    `"A" =~ /\\101/`,
    `"\\x01" =~ /\\cA/`,
    `"ab" =~ /\\u{61 62}/`,
    `"aa" =~ /(a)\\k<-1>/`,
    `"a\\0b" =~ /\\0/`,
    `"ab12" =~ /[[:^alpha:]]/`,
    `"a_1".scan(/[\\w&&[^\\d]]/)`,
    `"ab" =~ /(?x) a b # c/`,
    `"a\\\\ b" =~ /(?<!\\\\) /`,
    `"a1".scan(/\\p{Alnum}/)`,
    `"x+y" =~ /x\\+y/`,
    `"x{2}" =~ /x\\{2}/`,
    `"a|b" =~ /a\\|b/`,
    `"a.b".split(/\\./)`,
    `"tab\\t" =~ /[\\t]/`,
    `"a-z" =~ /[a\\-z]{3}/`,
    `"^" =~ /[\\^]/`,
    `"-" =~ /[+-]/`,
    `"ab\\ncd".scan(/^\\w/)`,
    `"AbC" =~ /abc/i`,
    `"K" =~ /\\u212a/i`,
  ],
  errors: [
    `Regexp.new("(")`,
    `Regexp.new(")")`,
    `Regexp.new("*a")`,
    `Regexp.new("a{2,1}")`,
    `Regexp.new("[b-a]")`,
    `Regexp.new("[a")`,
    `Regexp.new("(?<a>x)\\\\1")`,
    `Regexp.new("\\\\1")`,
    `Regexp.new(1)`,
  ],
  regexp_methods: [
    `/a\\/b\\n/`,
    `Regexp.new("a/b\\n\\x01")`,
    `Regexp.new("a/b").to_s`,
    `Regexp.new("a/b").source`,
    `/(?i:a)/.to_s`,
    `/(?-mix:a)/.to_s`,
    `/(?i)a/.to_s`,
    `/(?i:a)|(b)/.to_s`,
    `/a/ix.to_s`,
    `/x/mix`,
    `/x/mix.to_s`,
    `/a/.source`,
    `/a\\.b/.source`,
    `/a/.source.frozen?`,
    `Regexp.escape("a.b c\\n\\t#-[]{}()*?+^$|\\\\/")`,
    `Regexp.quote("1+1")`,
    `Regexp.union("a.b", /c/i)`,
    `Regexp.union`,
    `Regexp.union(["a", "b"])`,
    `Regexp.union("a")`,
    `Regexp.union(/a/m)`,
    `Regexp.new("a", "i")`,
    `Regexp.new("a", true)`,
    `Regexp.new("a", Regexp::IGNORECASE | Regexp::MULTILINE)`,
    `Regexp.new("a", nil)`,
    `Regexp.new(/a/i)`,
    `/a/.options`,
    `/a/mix.options`,
    `/a/i.casefold?`,
    `/x/.names`,
    `/(?<n>a)(?<m>b)/.names`,
    `/(?<n>a)(?<m>b)/.named_captures`,
    `/a/ == /a/`,
    `/a/ == /a/i`,
    `/a/.eql?(/a/)`,
    `/a/.hash == /a/.hash`,
    `/a/ === "cat"`,
    `/a/ === :a`,
    `/a/ === 1`,
    `/a/ === nil`,
    `/a/ =~ nil`,
    `/a/.match(nil)`,
    `/a/.match?(nil)`,
    `/b/.match("abc")`,
    `/b/.match("abcb", 2).begin(0)`,
    `/b/.match("abcb", -1).begin(0)`,
    `/b/.match?("abc")`,
    `/b/.match?("abc", 2)`,
    `/b/.match(:abc)`,
    `/b/.match("abc") { |m| m.pre_match }`,
    `/(.)(.)/.match("héllo", 1).begin(2)`,
    `/b/ =~ "abc"`,
    `/z/ =~ "abc"`,
    `"abc" =~ /b/; $~`,
    `"abc" =~ /b/; Regexp.last_match`,
    `"abc" =~ /(b)/; Regexp.last_match(1)`,
    `"zz" =~ /q/; "abc".match?(/b/); $~`,
    `"zz" =~ /q/; /b/.match?("abc"); $~`,
    `"abc" =~ /z/; $~`,
    `"xay" =~ /(?<q>a)/; Regexp.last_match(:q)`,
    `case "hello" when /ell/ then $~[0] else nil end`,
    `/a/.frozen?`,
    `/a/.freeze.equal?(/a/)`.replace(".equal?(/a/)", ".frozen?"),
  ],
  matchdata: [
    `m = /(a)(b)?(?:c)/.match("xacy"); [m[0], m[1], m[2], m[3], m[-1], m[-3]]`,
    `m = /(?<x>a)(?<y>b)/.match("ab"); [m[:x], m["y"]]`,
    `/(?<x>a)/.match("a")["z"]`,
    `/(?<x>a)/.match("a")[:z]`,
    `/(a)/.match("a")[5]`,
    `/(a)(b)(c)/.match("abc")[1, 2]`,
    `/(a)(b)(c)/.match("abc")[1..]`,
    `/(a)(b)/.match("ab").captures`,
    `/(a)(x)?/.match("ab").captures`,
    `/(a)(b)/.match("ab").to_a`,
    `/(a)(b)/.match("ab").to_s`,
    `/(a)(b)/.match("ab").size`,
    `/(a)(b)/.match("ab").length`,
    `/b/.match("abc").pre_match`,
    `/b/.match("abc").post_match`,
    `/b/.match("abc").string`,
    `/b/.match("abc").string.frozen?`,
    `/b/.match("abc").regexp`,
    `/(a)(b)/.match("xab").begin(0)`,
    `/(a)(b)/.match("xab").end(2)`,
    `/(a)(x)?/.match("xab").begin(2)`,
    `/(?<n>b)/.match("abc").begin(:n)`,
    `/(a)/.match("a").begin(3)`,
    `/(a)(b)/.match("xab").offset(1)`,
    `/(a)(b)/.match("ab").values_at(0, 2, -1)`,
    `/(?<a>x)(?<b>y)/.match("xy").names`,
    `/(a)/.match("a").names`,
    `/(?<a>x)/.match("x").named_captures(symbolize_names: true)`,
    `/(a)(b)/.match("xab") == /(a)(b)/.match("xab")`,
    `/(.)(.)/.match("h😀llo").begin(2)`,
    `/(.)(.)/.match("h😀llo").end(2)`,
    `/é(.)/.match("aébc").pre_match`,
  ],
};

const all = Object.values(CASES).flat();
let oracle = new Map<string, string>();

beforeAll(async () => {
  const out = await rubyEvalMany(all.map(viaHex));
  oracle = new Map(all.map((c, i) => [c, out[i]]));
}, 120_000);

for (const [group, cases] of Object.entries(CASES)) {
  describe(`Regexp ${group}`, () => {
    test.each(cases)("%s", (code) => {
      expect(rubyInspect(code)).toBe(oracle.get(code));
    });
  });
}

describe("translator", () => {
  test("unsupported constructs raise UnsupportedRubyError", () => {
    for (const src of ["\\Ga", "a\\Kb", "(?~abc)", "(?(1)a|b)", "\\X", "\\g<1>", "(?a)x", "\\p{Bogus}"]) {
      expect(() => compileRegexp(src, 0), src).toThrow(UnsupportedRubyError);
    }
  });
  test("syntax errors carry Ruby's message", () => {
    expect(() => compileRegexp("a{2,1}", 0)).toThrow(RegexpSyntaxError);
    expect(() => compileRegexp("(", 0)).toThrow("end pattern with unmatched parenthesis: /(/");
  });
  test("hidden atomic-group captures do not shift Ruby group numbers", () => {
    const t = translateRegexp("(a)(?>(b)c)(d)\\3", 0);
    expect(t.info.groupMap).toEqual([0, 1, 3, 4]);
    const m = t.js.exec("abcdd")!;
    expect([m[t.info.groupMap[1]], m[t.info.groupMap[2]], m[t.info.groupMap[3]]]).toEqual(["a", "b", "d"]);
  });
  test("the n (no encoding) flag shows in inspect only", () => {
    const re = compileRegexp("x", 32);
    expect(regexpInspect(re)).toBe("/x/n");
    expect(regexpToS(re)).toBe("(?-mix:x)");
  });
  test("to_s of a to_s round-trips without nesting", () => {
    const inner = compileRegexp("a|b", 1);
    const outer = compileRegexp(regexpToS(inner), 0);
    expect(regexpToS(outer)).toBe("(?i-mx:a|b)");
  });
});

describe("Regexp class methods (direct calls)", () => {
  // Independent of how the interpreter dispatches singleton methods of classes.
  let last: unknown = null;
  const it = {
    raise(cls: string, msg: string): never {
      throw new Error(`${cls}: ${msg}`);
    },
    setLastMatch(m: unknown) {
      last = m;
    },
    getLastMatch() {
      return last;
    },
    respondTo: () => false,
  } as unknown as Interp;
  const call = (name: string, ...args: Value[]) => singletonClassOf(cRegexp).findMethod(name)!.fn(cRegexp, args, null, it);
  const src = (v: Value) => (v instanceof RString ? v.s : regexpInspect(v as RRegexp));
  test("escape / quote", () => {
    expect(src(call("escape", str("a.b c\n\t#-[]{}()*?+^$|\\/")))).toBe("a\\.b\\ c\\n\\t\\#\\-\\[\\]\\{\\}\\(\\)\\*\\?\\+\\^\\$\\|\\\\/");
    expect(src(call("quote", str("1+1")))).toBe("1\\+1");
  });
  test("union", () => {
    expect(src(call("union"))).toBe("/(?!)/");
    expect(src(call("union", str("a.b"), compileRegexp("c", 1)))).toBe("/a\\.b|(?i-mx:c)/");
    expect(src(call("union", arr([str("a"), str("b")])))).toBe("/a|b/");
    expect(src(call("union", str("a")))).toBe("/a/");
    expect(src(call("union", compileRegexp("a", 4)))).toBe("/a/m");
  });
  test("new", () => {
    expect(src(call("new", str("a"), str("i")))).toBe("/a/i");
    expect(src(call("new", str("a"), true))).toBe("/a/i");
    expect(src(call("new", str("a"), 5))).toBe("/a/mi");
    expect(src(call("new", str("a"), null))).toBe("/a/");
    expect(src(call("new", compileRegexp("a", 1)))).toBe("/a/i");
    expect(src(call("new", str("a/b\n\x01")))).toBe("/a\\/b\n\\x01/");
    expect(() => call("new", str("("))).toThrow("RegexpError: end pattern with unmatched parenthesis: /(/");
    expect(() => call("new", str(")"))).toThrow("RegexpError: unmatched close parenthesis: /)/");
    expect(() => call("new", str("*a"))).toThrow("RegexpError: target of repeat operator is not specified: /*a/");
    expect(() => call("new", str("[b-a]"))).toThrow("RegexpError: empty range in char class: /[b-a]/");
    expect(() => call("new", str("[a"))).toThrow("RegexpError: premature end of char-class: /[a/");
    expect(() => call("new", str("(?<a>x)\\1"))).toThrow("RegexpError: numbered backref/call is not allowed. (use name): /(?<a>x)\\1/");
    expect(() => call("new", str("\\1"))).toThrow("RegexpError: invalid backref number/name: /\\1/");
    expect(() => call("new", 1)).toThrow("TypeError: no implicit conversion of Integer into String");
  });
  test("last_match", () => {
    const re = compileRegexp("(?<q>a)", 0);
    last = null;
    expect(call("last_match")).toBe(null);
    re.cls.findMethod("=~")!.fn(re, [str("xay")], null, it);
    expect(call("last_match")).toBeInstanceOf(RMatchData);
    expect(src(call("last_match", 1))).toBe("a");
    expect(src(call("last_match", sym("q")))).toBe("a");
  });
});
