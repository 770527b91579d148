import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { type Value, RArray, RString, str, sym } from "../../src/ruby/runtime/values.js";
import { call, callS, fakeIt, kw, RubyRaised } from "./fake-interp.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installStdlib();

/** Ours as the oracle shows `(expr).inspect`: the value's inspect or "!Class: message". */
function ours(f: () => Value): string {
  try {
    return fakeIt.inspect(f());
  } catch (e) {
    if (e instanceof RubyRaised) return `!${e.className}: ${e.rubyMessage}`;
    throw e;
  }
}

const b = (s: string) => new RString(s, true);
const gz = (text: string) => gzipSync(Buffer.from(text, "utf8")).toString("base64");
const gzText = "10.0.0.0/8\n192.168.0.0/16\nhé\n";
const GZ = gz(gzText);
// The oracle's Socket stand-in lacks AF_UNSPEC, which IPAddr.new reads.
const PRELUDE = `Socket::AF_UNSPEC = 0 unless defined?(Socket::AF_UNSPEC); require "digest"; require "zlib"; require "cgi"; require "uri"; `;

type Case = [string, () => Value];
const ip = (s: string) => callS("IPAddr", "new", str(s));
const uri = (s: Value) => callS("URI", "parse", s);

const CASES: Case[] = [
  // Base64 (= pack("m") / unpack1("m"); the base64 gem is not in the oracle, pack is what it calls)
  [`["a" * 50].pack("m")`, () => callS("Base64", "encode64", str("a".repeat(50)))],
  [`[""].pack("m")`, () => callS("Base64", "encode64", str(""))],
  [`["é\\x00"].pack("m")`, () => callS("Base64", "encode64", str("é\u0000"))],
  [`["a" * 50].pack("m0")`, () => callS("Base64", "strict_encode64", str("a".repeat(50)))],
  [`"aGVsbG8=".unpack1("m")`, () => callS("Base64", "decode64", str("aGVsbG8="))],
  [`"aGV sbG8\\n".unpack1("m")`, () => callS("Base64", "decode64", str("aGV sbG8\n"))],
  [`"aGVsbA".unpack1("m")`, () => callS("Base64", "decode64", str("aGVsbA"))],
  [`"aGVsbG8=garbage".unpack1("m")`, () => callS("Base64", "decode64", str("aGVsbG8=garbage"))],
  [`"YQ=".unpack1("m")`, () => callS("Base64", "decode64", str("YQ="))],
  [`"Y".unpack1("m")`, () => callS("Base64", "decode64", str("Y"))],
  [`"YW=Jj".unpack1("m")`, () => callS("Base64", "decode64", str("YW=Jj"))],
  [`"/+8=".unpack1("m")`, () => callS("Base64", "decode64", str("/+8="))],
  [`"aGVsbA==".unpack1("m0")`, () => callS("Base64", "strict_decode64", str("aGVsbA=="))],
  [`"aGVsbA".unpack1("m0")`, () => callS("Base64", "strict_decode64", str("aGVsbA"))],
  [`"aGVsbB==".unpack1("m0")`, () => callS("Base64", "strict_decode64", str("aGVsbB=="))],
  [`"aGVsbG8=\\n".unpack1("m0")`, () => callS("Base64", "strict_decode64", str("aGVsbG8=\n"))],
  [`["\\xff\\xfe\\xfd".b].pack("m0").tr("+/", "-_").delete("=")`, () => callS("Base64", "urlsafe_encode64", b("\xff\xfe\xfd"), kw([["padding", false]]))],
  [`["\\xfb\\xff".b].pack("m0").tr("+/", "-_")`, () => callS("Base64", "urlsafe_encode64", b("\xfb\xff"))],
  [`"__79".tr("-_", "+/").unpack1("m0")`, () => callS("Base64", "urlsafe_decode64", str("__79"))],
  [`"-_8".tr("-_", "+/").+("=").unpack1("m0")`, () => callS("Base64", "urlsafe_decode64", str("-_8"))],
  [`nil.unpack1("m")`, () => callS("Base64", "decode64", null)],
  [`12.unpack1("m")`, () => callS("Base64", "decode64", 12)],
  [`[nil].pack("m")`, () => callS("Base64", "encode64", null)],
  // Digest
  [`Digest::SHA256.hexdigest("abc")`, () => callS("Digest::SHA256", "hexdigest", str("abc"))],
  [`Digest::SHA256.hexdigest("é")[0..5]`, () => str((callS("Digest::SHA256", "hexdigest", str("é")) as RString).s.slice(0, 6))],
  [`Digest::MD5.hexdigest("abc")`, () => callS("Digest::MD5", "hexdigest", str("abc"))],
  [`Digest::SHA1.hexdigest("abc")`, () => callS("Digest::SHA1", "hexdigest", str("abc"))],
  [`Digest::SHA512.hexdigest("abc")`, () => callS("Digest::SHA512", "hexdigest", str("abc"))],
  [`Digest::SHA256.digest("abc")`, () => callS("Digest::SHA256", "digest", str("abc"))],
  [`Digest::SHA256.base64digest("abc")`, () => callS("Digest::SHA256", "base64digest", str("abc"))],
  [`Digest::SHA256.hexdigest(12)`, () => callS("Digest::SHA256", "hexdigest", 12)],
  [`Digest::SHA256.hexdigest(nil)`, () => callS("Digest::SHA256", "hexdigest", null)],
  [`Digest::SHA256.new.update("a").update("bc").hexdigest`, () => call(call(call(callS("Digest::SHA256", "new"), "update", str("a")), "update", str("bc")), "hexdigest")],
  // Zlib + StringIO
  [`Zlib::GzipReader.new(StringIO.new(${JSON.stringify(GZ)}.unpack1("m"))).read`, () => call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", callS("Base64", "decode64", str(GZ)))), "read")],
  [`Zlib::GzipReader.new(StringIO.new(${JSON.stringify(GZ)}.unpack1("m"))).readlines`, () => call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", callS("Base64", "decode64", str(GZ)))), "readlines")],
  [`Zlib::GzipReader.new(StringIO.new("notgzip")).read`, () => call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", str("notgzip"))), "read")],
  [`Zlib::GzipReader.new(StringIO.new("")).read`, () => call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", str(""))), "read")],
  [`Zlib::GzipReader.new(StringIO.new("\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x03garbage".b)).read`, () => call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", b("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage"))), "read")],
  [`Zlib::GzipReader.new(StringIO.new(${JSON.stringify(GZ)}.unpack1("m")[0..-5])).read`, () => {
    const raw = (callS("Base64", "decode64", str(GZ)) as RString).s;
    return call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", b(raw.slice(0, -4)))), "read");
  }],
  [`Zlib::GzipFile::Error.ancestors.take(3)`, () => new RArray(["Zlib::GzipFile::Error", "Zlib::Error", "StandardError"].map((n) => fakeIt.constGet(n)))],
  [`StringIO.new("abc").read`, () => call(callS("StringIO", "new", str("abc")), "read")],
  [`s = StringIO.new("abc"); s.read; s.read`, () => {
    const s = callS("StringIO", "new", str("abc"));
    call(s, "read");
    return call(s, "read");
  }],
  [`StringIO.new("abc").read(2)`, () => call(callS("StringIO", "new", str("abc")), "read", 2)],
  [`s = StringIO.new; s.write("x"); s << "y"; s.string`, () => {
    const s = callS("StringIO", "new");
    call(s, "write", str("x"));
    call(s, "<<", str("y"));
    return call(s, "string");
  }],
  [`StringIO.new("a\\nb").gets`, () => call(callS("StringIO", "new", str("a\nb")), "gets")],
  // ERB::Util, CGI
  [`ERB::Util.url_encode("a b&c=d/é~_.-*!")`, () => callS("ERB::Util", "url_encode", str("a b&c=d/é~_.-*!"))],
  [`ERB::Util.u(12)`, () => callS("ERB::Util", "u", 12)],
  [`ERB::Util.html_escape("<a href='x'>\\"&</a>")`, () => callS("ERB::Util", "html_escape", str(`<a href='x'>"&</a>`))],
  [`ERB::Util.h(nil)`, () => callS("ERB::Util", "h", null)],
  [`CGI.escape("a b&c=d/é~_.-*!")`, () => callS("CGI", "escape", str("a b&c=d/é~_.-*!"))],
  [`CGI.unescape("a+b%26c%3Dd%2F%C3%A9~_.-*%21%zz")`, () => callS("CGI", "unescape", str("a+b%26c%3Dd%2F%C3%A9~_.-*%21%zz"))],
  [`CGI.escapeHTML("<a href='x'>\\"&</a>")`, () => callS("CGI", "escapeHTML", str(`<a href='x'>"&</a>`))],
  [`CGI.unescapeHTML("&lt;a&gt;&amp;&quot;&#39;&#x41;&#65;&foo;")`, () => callS("CGI", "unescapeHTML", str("&lt;a&gt;&amp;&quot;&#39;&#x41;&#65;&foo;"))],
  [`CGI.escapeURIComponent("a b+")`, () => callS("CGI", "escapeURIComponent", str("a b+"))],
  // Shellwords
  [`"it's a \\"test\\" $x \`y\` \\n é".shellescape`, () => call(str(`it's a "test" $x \`y\` \n é`), "shellescape")],
  [`"".shellescape`, () => call(str(""), "shellescape")],
  [`Shellwords.escape("a=b,c:d/e.f_g-h+i@j%k")`, () => callS("Shellwords", "escape", str("a=b,c:d/e.f_g-h+i@j%k"))],
  [`Shellwords.escape(12)`, () => callS("Shellwords", "escape", 12)],
  [`["a b", "c", 3].shelljoin`, () => call(new RArray([str("a b"), str("c"), 3]), "shelljoin")],
  [`"a 'b c' \\"d e\\" f\\\\ g \\"h\\\\\\"i\\"".shellsplit`, () => call(str(`a 'b c' "d e" f\\ g "h\\"i"`), "shellsplit")],
  [`Shellwords.split("a 'b")`, () => callS("Shellwords", "split", str("a 'b"))],
  [`Shellwords.split("  x   y  ")`, () => callS("Shellwords", "split", str("  x   y  "))],
  [`Shellwords.shellwords("a\\"b\\"c d")`, () => callS("Shellwords", "shellwords", str(`a"b"c d`))],
  // URI
  ...[
    "http://user:pw@Example.com:8080/a/b?x=1&y=2#frag",
    "https://example.com",
    "HTTP://X.COM/",
    "example.com:80",
    "foo",
    "",
    "postgres://u:p@db:5432/name?sslmode=require",
    "http://[::1]:80/x",
    "mailto:a@b.com",
    "//x.com/a",
    "http://x.com:/p",
    "ws://x.com/",
    "http://exa mple.com",
    "http://x.com/%zz",
    "http://x.com/a b",
    "http://x.com/?q=a b",
  ].map((u): Case => [
    `u = URI.parse(${JSON.stringify(u)}); [u.class, u.scheme, u.userinfo, u.user, u.password, u.host, u.hostname, u.port, u.path, u.opaque, u.query, u.fragment, u.to_s, u.inspect]`,
    () => {
      const v = uri(str(u));
      const cls = v === null || typeof v !== "object" ? null : v.cls;
      return new RArray([cls, ...["scheme", "userinfo", "user", "password", "host", "hostname", "port", "path", "opaque", "query", "fragment", "to_s", "inspect"].map((n) => call(v, n))]);
    },
  ]),
  [`URI.parse(nil)`, () => uri(null)],
  [`u = URI.parse("http://example.com:8080/x"); u.scheme = "https"; [u.to_s, u.port, u.class]`, () => {
    const u = uri(str("http://example.com:8080/x"));
    call(u, "scheme=", str("https"));
    return new RArray([call(u, "to_s"), call(u, "port"), (u as RString).cls]);
  }],
  [`u = URI.parse("http://example.com/x"); u.scheme = "https"; u.to_s`, () => {
    const u = uri(str("http://example.com/x"));
    call(u, "scheme=", str("https"));
    return call(u, "to_s");
  }],
  [`u=URI.parse("http://x.com/a"); u.host = "y.com"; u.port = 9000; u.path = "/b"; u.query = "z=1"; u.to_s`, () => {
    const u = uri(str("http://x.com/a"));
    call(u, "host=", str("y.com"));
    call(u, "port=", 9000);
    call(u, "path=", str("/b"));
    call(u, "query=", str("z=1"));
    return call(u, "to_s");
  }],
  [`URI.parse("https://x.com").request_uri`, () => call(uri(str("https://x.com")), "request_uri")],
  [`URI.parse("http://x.com/p?q").request_uri`, () => call(uri(str("http://x.com/p?q")), "request_uri")],
  [`URI.parse("http://x.com") == URI.parse("http://X.com")`, () => call(uri(str("http://x.com")), "==", uri(str("http://X.com")))],
  [`URI.parse("http://x.com").instance_of?(URI::Generic)`, () => uri(str("http://x.com"))!.constructor === undefined],
  [`URI::InvalidURIError.ancestors.take(3)`, () => new RArray(["URI::InvalidURIError", "URI::Error", "StandardError"].map((n) => fakeIt.constGet(n)))],
  [`URI.encode_www_form_component("a b&c=d/é~_.-*!")`, () => callS("URI", "encode_www_form_component", str("a b&c=d/é~_.-*!"))],
  [`URI.decode_www_form_component("a+b%26%C3%A9")`, () => callS("URI", "decode_www_form_component", str("a+b%26%C3%A9"))],
  [`URI.decode_www_form_component("a%2")`, () => callS("URI", "decode_www_form_component", str("a%2"))],
  [`URI.encode_www_form([["a", "1 2"], ["b", nil]])`, () => callS("URI", "encode_www_form", new RArray([new RArray([str("a"), str("1 2")]), new RArray([str("b"), null])]))],
  // IPAddr
  ...[
    "10.0.0.1",
    "10.0.0.1/24",
    "10.0.0.1/255.255.0.0",
    "::1",
    "::",
    "2001:db8::1/64",
    "2001:DB8:0:0:0:0:0:1",
    "::ffff:1.2.3.4",
    "::ffff:a00:1",
    "0:0:0:0:0:0:1.2.3.4",
    "1:0:0:2:0:0:0:3",
    "0:0:1:0:0:0:0:0",
    "[::1]",
    "fe80::1%eth0",
  ].map((a): Case => [`a = IPAddr.new(${JSON.stringify(a)}); [a.to_s, a.to_string, a.inspect, a.prefix, a.ipv4?, a.ipv6?, a.to_i, a.family, a.cidr]`, () => {
    const v = ip(a);
    return new RArray(["to_s", "to_string", "inspect", "prefix", "ipv4?", "ipv6?", "to_i", "family", "cidr"].map((n) => call(v, n)));
  }]),
  ...[
    "1.2.3",
    "1.2.3.256",
    "1.2.3.256/24",
    "01.2.3.4",
    "",
    "hostname",
    "10.0.0.1/33",
    "10.0.0.1/abc",
    "10.0.0.1/024",
    "10.0.0.1/255.0.255.0",
    "10.0.0.1/::1",
    " 10.0.0.1",
    "1.2.3.4:80",
    "::1/129",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "::1.2.3.256",
  ].map((a): Case => [`IPAddr.new(${JSON.stringify(a)})`, () => ip(a)]),
  [`IPAddr.new(nil)`, () => callS("IPAddr", "new", null)],
  [`IPAddr.new(167772165)`, () => callS("IPAddr", "new", 167772165)],
  [`IPAddr.new(167772165, 2).to_s`, () => call(callS("IPAddr", "new", 167772165, 2), "to_s")],
  [`IPAddr.new("10.0.0.0/8").include?(IPAddr.new("10.1.2.3"))`, () => call(ip("10.0.0.0/8"), "include?", ip("10.1.2.3"))],
  [`IPAddr.new("10.0.0.0/8").include?("10.1.2.3")`, () => call(ip("10.0.0.0/8"), "include?", str("10.1.2.3"))],
  [`IPAddr.new("10.0.0.0/8").include?("11.1.2.3")`, () => call(ip("10.0.0.0/8"), "include?", str("11.1.2.3"))],
  [`IPAddr.new("10.0.0.0/8").include?("::1")`, () => call(ip("10.0.0.0/8"), "include?", str("::1"))],
  [`IPAddr.new("10.0.0.0/8").include?("garbage")`, () => call(ip("10.0.0.0/8"), "include?", str("garbage"))],
  [`IPAddr.new("10.0.0.5").mask(16).to_s`, () => call(call(ip("10.0.0.5"), "mask", 16), "to_s")],
  [`IPAddr.new("1.2.3.4").mask("255.255.0.0").to_s`, () => call(call(ip("1.2.3.4"), "mask", str("255.255.0.0")), "to_s")],
  [`IPAddr.new("10.0.0.5/24").netmask.to_s`, () => call(call(ip("10.0.0.5/24"), "netmask"), "to_s")],
  [`IPAddr.new("10.0.0.5") == IPAddr.new("10.0.0.5")`, () => call(ip("10.0.0.5"), "==", ip("10.0.0.5"))],
  [`IPAddr.new("10.0.0.5") == "10.0.0.5"`, () => call(ip("10.0.0.5"), "==", str("10.0.0.5"))],
  [`IPAddr.new("1.2.3.4") == "garbage"`, () => call(ip("1.2.3.4"), "==", str("garbage"))],
  [`IPAddr.new("1.2.3.4") == nil`, () => call(ip("1.2.3.4"), "==", null)],
  [`IPAddr.new("1.2.3.4") <=> "1.2.3.5"`, () => call(ip("1.2.3.4"), "<=>", str("1.2.3.5"))],
  [`IPAddr.new("1.2.3.4") <=> nil`, () => call(ip("1.2.3.4"), "<=>", null)],
  [`IPAddr.new("10.0.0.1").eql?(IPAddr.new("10.0.0.1"))`, () => call(ip("10.0.0.1"), "eql?", ip("10.0.0.1"))],
  [`IPAddr.new("10.0.0.5").hton`, () => call(ip("10.0.0.5"), "hton")],
  [`IPAddr.new("10.0.0.5").reverse`, () => call(ip("10.0.0.5"), "reverse")],
  [`IPAddr.new("2001:db8::/32").reverse`, () => call(ip("2001:db8::/32"), "reverse")],
  [`[IPAddr.new("10.0.0.5").private?, IPAddr.new("8.8.8.8").private?, IPAddr.new("fd00::1").private?]`, () => new RArray([call(ip("10.0.0.5"), "private?"), call(ip("8.8.8.8"), "private?"), call(ip("fd00::1"), "private?")])],
  [`[IPAddr.new("127.0.0.1").loopback?, IPAddr.new("::1").loopback?, IPAddr.new("169.254.1.1").link_local?]`, () => new RArray([call(ip("127.0.0.1"), "loopback?"), call(ip("::1"), "loopback?"), call(ip("169.254.1.1"), "link_local?")])],
  [`IPAddr.new("10.0.0.5").succ.inspect`, () => call(call(ip("10.0.0.5"), "succ"), "inspect")],
  [`IPAddr.new("10.0.0.1") | 3`, () => call(call(ip("10.0.0.1"), "|", 3), "to_s")],
  [`IPAddr.new("10.0.0.5").ipv4_mapped.to_s`, () => call(call(ip("10.0.0.5"), "ipv4_mapped"), "to_s")],
  [`x = IPAddr.new("1.2.3.4"); x.prefix = 8; x.to_s`, () => {
    const x = ip("1.2.3.4");
    call(x, "prefix=", 8);
    return call(x, "to_s");
  }],
  [`IPAddr::InvalidPrefixError.ancestors.take(4)`, () => new RArray(["IPAddr::InvalidPrefixError", "IPAddr::InvalidAddressError", "IPAddr::Error", "ArgumentError"].map((n) => fakeIt.constGet(n)))],
];

// Some expectations read better as Ruby inspect of what we compute; adjust the two structural ones.
CASES.forEach((c) => {
  if (c[0].endsWith(".ancestors.take(3)") || c[0].endsWith(".ancestors.take(4)")) return;
  if (c[0] === `URI.parse("http://x.com").instance_of?(URI::Generic)`) {
    c[1] = () => (uri(str("http://x.com")) as RString).cls === fakeIt.constGet("URI::Generic");
  }
  if (c[0] === `IPAddr.new("10.0.0.1") | 3`) c[0] = `(IPAddr.new("10.0.0.1") | 3).to_s`;
});

describe("stdlib shims against Ruby 4.0", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(CASES.map(([src]) => `${PRELUDE}(${src}).inspect`));
  }, 120_000);
  CASES.forEach(([src, f], i) => {
    it(src.slice(0, 110), () => {
      expect(ours(f)).toBe(expected[i]);
    });
  });
});

describe("gzip text", () => {
  it("reads the fixture back", () => {
    const r = call(callS("Zlib::GzipReader", "new", callS("StringIO", "new", callS("Base64", "decode64", str(GZ)))), "read");
    expect((r as RString).s).toBe(gzText);
    expect(sym("x").name).toBe("x");
  });
});
