/**
 * Library classes with value semantics (IPAddr, Set, URI, Time, OpenSSL::X509::Name) as Hash keys
 * and in the eql?-based Array operations (uniq, -, &, |, intersect?, tally, group_by), through
 * the whole engine, compared with CRuby 4.0.
 */
import { describe, it } from "vitest";
import { sameAsRuby } from "../helpers/compare.js";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";

const expectSameAsRuby = sameAsRuby(recordedOracle(import.meta.url));

installStdlib();

// Test certificate generated with `openssl req -x509` for the stdlib tests (not from any release):
// subject C=US, ST=California, O=Example Org, OU=Platform, CN=router.example.com.
const CERT = "-----BEGIN CERTIFICATE-----\nMIICkzCCAjmgAwIBAgICEjQwCgYIKoZIzj0EAwIwaDELMAkGA1UEBhMCVVMxEzAR\nBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC0V4YW1wbGUgT3JnMREwDwYDVQQL\nDAhQbGF0Zm9ybTEbMBkGA1UEAwwScm91dGVyLmV4YW1wbGUuY29tMB4XDTI2MTEy\nMjAwMzIzNVoXDTM2MTExOTAwMzIzNVowaDELMAkGA1UEBhMCVVMxEzARBgNVBAgM\nCkNhbGlmb3JuaWExFDASBgNVBAoMC0V4YW1wbGUgT3JnMREwDwYDVQQLDAhQbGF0\nZm9ybTEbMBkGA1UEAwwScm91dGVyLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYI\nKoZIzj0DAQcDQgAEmlE169azh6Zp0sUjvcqPoxZaxcdTfAPCHC50l/K0tIwFBWbu\n9yxf/kErBaCHonsWGzOXB2DOheRn8wNC91mk4aOB0jCBzzBxBgNVHREEajBoghJy\nb3V0ZXIuZXhhbXBsZS5jb22CEiouYXBwcy5leGFtcGxlLmNvbYcECgAAAYcQIAEN\nuAAAAAAAAAAAAAAAAYEPb3BzQGV4YW1wbGUuY29thhVodHRwczovL2V4YW1wbGUu\nY29tL3gwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCBaAwHQYDVR0lBBYwFAYI\nKwYBBQUHAwEGCCsGAQUFBwMCMB0GA1UdDgQWBBQS9DxsZ13sq2IYruYbESVuDE6t\nLTAKBggqhkjOPQQDAgNIADBFAiBuK9OY1/1U5GABxhKMeOAtsJss0lHwtESpeuJq\nP00qbwIhAI1xieshVLu8PX/bgX3iE4yfbkJ4jd4kl2ky9m39lglt\n-----END CERTIFICATE-----\n";

/** Each line binds `a` (two equal values, separately built), `b` (a third, different) and `x`. */
function ops(setup: string): string[] {
  const s = `${setup}; `;
  return [
    `${s}[a, a2, b].uniq`,
    `${s}[a, a2, b].uniq.size`,
    `${s}h = {a => 1, b => 2}; [h[a2], h.key?(a2), h[x]]`,
    `${s}h = {}; h[a] = 1; h[a2] = 2; [h.size, h[a]]`,
    `${s}[a, b] - [a2]`,
    `${s}[a, b] & [a2]`,
    `${s}[a] | [a2, b]`,
    `${s}[[a, b].include?(a2), [b].include?(a2)]`,
    `${s}[[a].intersect?([b, a2]), [a].intersect?([b]), [a, b].intersection([a2], [b, a2])]`,
    `${s}[a, a2, b].tally.values`,
    `${s}[a, a2, b].group_by(&:itself).values.map(&:size)`,
    `${s}[a.eql?(a2), a.hash == a2.hash, a.eql?(b), a.eql?(x)]`,
    `${s}[[a, 1], [a2, 1]].uniq.size`,
    `${s}[a, a2].to_h { |v| [v, 1] }.size`,
  ];
}

const IPADDR = [
  ...ops(`a = IPAddr.new("10.0.0.1"); a2 = IPAddr.new("10.0.0.1"); b = IPAddr.new("10.0.0.2"); x = IPAddr.new("10.0.0.1/8")`),
  ...ops(`a = IPAddr.new("10.0.0.0/8"); a2 = IPAddr.new("10.9.9.9/8"); b = IPAddr.new("10.0.0.0/16"); x = "10.0.0.0/8"`),
  ...ops(`a = IPAddr.new("fe80::1%eth0"); a2 = IPAddr.new("FE80:0::1%eth0"); b = IPAddr.new("fe80::1"); x = IPAddr.new("::1")`),
  ...ops(`a = IPAddr.new("::ffff:1.2.3.4"); a2 = IPAddr.new("1.2.3.4").ipv4_mapped; b = IPAddr.new("1.2.3.4"); x = IPAddr.new("::1.2.3.4")`),
  `[IPAddr.new("0.0.0.1"), IPAddr.new("::1"), IPAddr.new(1, 2)].uniq.size`,
  `[IPAddr.new("1.2.3.4/24").ipv4_mapped, IPAddr.new("1.2.3.4/24").ipv4_mapped.eql?(IPAddr.new("::ffff:1.2.3.0/120"))]`,
  `IPAddr.new("::1").ipv4_mapped`,
  `ip = IPAddr.new("10.1.2.3"); ip2 = IPAddr.new("10.1.2.3"); ip2.prefix = 24; [ip.eql?(ip2), [ip, ip2, IPAddr.new("10.1.2.0/24")].uniq.size]`,
];

const SET = [
  ...ops(`a = Set[1, "x", :y]; a2 = Set[:y, "x", 1]; b = Set[1, "x"]; x = [1, "x", :y]`),
  ...ops(`a = Set[Set[1, 2], [3, 4]]; a2 = Set[[3, 4], Set[2, 1]]; b = Set[Set[1], [3, 4]]; x = Set[]`),
  ...ops(`a = Set[1.0, nil, true]; a2 = Set[true, nil, 1.0]; b = Set[1, nil, true]; x = Set[false, nil, 1.0]`),
  ...ops(`a = Set[IPAddr.new("10.0.0.1")]; a2 = Set[IPAddr.new("10.0.0.1")]; b = Set[IPAddr.new("10.0.0.2")]; x = Set[]`),
  `[Set[], Set.new, Set.new([])].uniq.size`,
  `s = Set[1]; t = Set[1]; h = {s => :a}; [h[t], Set[s, t].size]`,
  `class Foo; end; o = Foo.new; [Set[o], Set[o], Set[Foo.new]].uniq.size`,
  `s = Set[1]; s << s; [s.size, s.include?(s)]`,
  // Text whose characters spell another kind's key (Integer, Symbol, nil) stays apart from it.
  ...ops(`a = Set["i5", "yname", "n"]; a2 = Set["n", "i5", "yname"]; b = Set[5, :name, nil]; x = "i5"`),
  `h = {"\\0b5" => 1, 5 => 2, "5" => 3, :"5" => 4, 5.0 => 5, "\\0s" => 6, "" => 7, 2**70 => 8, "\\0b1180591620717411303424" => 9}; [h.size, h["\\0b5"], h[5], h["5"], h[:"5"], h[5.0], h["\\0s"], h[""], h[2**70], h["\\0b1180591620717411303424"]]`,
];

const URIS = [
  ...ops(`a = URI("http://example.com/x?q=1"); a2 = URI.parse("http://example.com:80/x?q=1"); b = URI("http://Example.com/x?q=1"); x = "http://example.com/x?q=1"`),
  ...ops(`a = URI("https://u@h.example/p#f"); a2 = URI("https://u@h.example/p#f"); b = URI("https://u@h.example/p#g"); x = URI("http://u@h.example:443/p#f")`),
  ...ops(`a = URI("ws://h/p#one"); a2 = URI("ws://h/p#two"); b = URI("ws://h/p?q"); x = URI("wss://h/p")`),
  ...ops(`a = URI("file:///etc/x#a"); a2 = URI("file:///etc/x?q#b"); b = URI("file://h/etc/x"); x = URI("/etc/x")`),
  ...ops(`a = URI("relative/path?q"); a2 = URI("relative/path?q"); b = URI("relative/path"); x = URI("urn:relative/path")`),
  ...ops(`a = URI("urn:isbn:1"); a2 = URI("urn:isbn:1"); b = URI("urn:isbn:2"); x = URI("URN:isbn:1")`),
  `u = URI("http://a/b"); v = URI("http://a/b"); v.port = 80; w = URI("http://a/b"); w.port = "8080"; [u, v, w].uniq.size`,
  `[URI("http://a/b"), URI("https://a/b"), URI("http://a:443/b"), URI("https://a:443/b")].uniq.size`,
  `[URI("http://a") == URI("http://A/"), URI("") == URI("/"), URI("http:x") == URI("http:y"), URI("ws://h/p#a") == URI("ws://h/p#b"), URI("http://a/b?q") == URI("http://a/b?Q")]`,
];

const TIME = [
  ...ops(`a = Time.utc(2030, 1, 2, 3, 4, 5); a2 = Time.utc(2030, 1, 2, 3, 4, 5); b = Time.utc(2030, 1, 2, 3, 4, 6); x = Time.utc(2030, 1, 2, 3, 4, 5).to_i`),
  ...ops(`a = Time.utc(2030, 1, 2, 3, 4, 5.5); a2 = Time.utc(2030, 1, 2, 3, 4, 5) + 0.5; b = Time.utc(2030, 1, 2, 3, 4, 5); x = Time.utc(2030, 1, 2, 3, 4, 5).to_f + 0.5`),
  ...ops(`a = Time.gm(2000); a2 = Time.utc(1999, 12, 31, 23, 59, 59) + 1; b = Time.gm(2000, 1, 1, 0, 0, 0, 1); x = Time.utc(2000).iso8601`),
  `c = OpenSSL::X509::Certificate.new(${JSON.stringify(CERT)}); [c.not_before, c.not_before, Time.utc(2026, 11, 22, 0, 32, 35)].uniq.size`,
];

const NAME = (entries: string) => `OpenSSL::X509::Name.new(${entries})`;
const X509 = [
  ...ops(`a = ${NAME(`[["CN", "a"], ["O", "org"]]`)}; a2 = ${NAME(`[["CN", "a"], ["O", "org"]]`)}; b = ${NAME(`[["O", "org"], ["CN", "a"]]`)}; x = "/CN=a/O=org"`),
  ...ops(`a = ${NAME(`[["CN", "Router.Example.com"]]`)}; a2 = ${NAME(`[["commonName", "  router.example.COM "]]`)}; b = ${NAME(`[["CN", "router.example.org"]]`)}; x = ${NAME(`[["O", "router.example.com"]]`)}`),
  ...ops(`a = ${NAME(`[["CN", "a\\t b"]]`)}; a2 = ${NAME(`[["CN", "A B", 19]]`)}; b = ${NAME(`[["CN", "a\\u00a0b"]]`)}; x = ${NAME(`[["CN", "ab"]]`)}`),
  ...ops(`a = ${NAME(`[["CN", "é"]]`)}; a2 = ${NAME(`[["CN", "é"]]`)}; b = ${NAME(`[["CN", "É"]]`)}; x = ${NAME(`[["2.5.4.3", "é"]]`)}`),
  `[${NAME("[]")}, ${NAME("")}].uniq.size`,
  `${NAME("nil")}`,
  `n = ${NAME(`[["CN", "a\\x7fb\\x01,c"]]`)}; [n, n.to_s(OpenSSL::X509::Name::RFC2253)]`,
  `a = ${NAME(`[["CN", "A", 19]]`)}; b = ${NAME(`[["CN", "A"]]`)}; [a.to_a, b.to_a, a.frozen?]`,
  // gorouter's client-certificate metadata check: rule subjects built from sorted fields must
  // intersect the sorted subjects of the client CA certificates.
  `cert = OpenSSL::X509::Certificate.new(${JSON.stringify(CERT)});
   cert_subjects = [OpenSSL::X509::Name.new(cert.subject.to_a.sort { |p, q| p[0] <=> q[0] })];
   rules = [[["CN", "router.example.com"], ["OU", "Platform"], ["O", "Example Org"], ["ST", "California"], ["C", "US"]],
            [["CN", "router.example.com"], ["O", "Example Org"]]];
   rules.map { |f| [OpenSSL::X509::Name.new(f.sort { |p, q| p[0] <=> q[0] })].intersect?(cert_subjects) }`,
  `c = OpenSSL::X509::Certificate.new(${JSON.stringify(CERT)}); [c.subject.eql?(c.issuer), [c.subject, c.issuer, OpenSSL::X509::Certificate.new(${JSON.stringify(CERT)}).subject].uniq.size, c.subject.equal?(c.subject)]`,
];

const PRELUDE = `require "ipaddr"; require "set"; require "uri"; require "time"; require "openssl"; `;

describe("value-semantics library objects as Hash keys and in eql?-based Array operations", () => {
  it("IPAddr", () => expectSameAsRuby(IPADDR.map((s) => PRELUDE + s)), 120_000);
  it("Set", () => expectSameAsRuby(SET.map((s) => PRELUDE + s)), 120_000);
  it("URI", () => expectSameAsRuby(URIS.map((s) => PRELUDE + s)), 120_000);
  it("Time", () => expectSameAsRuby(TIME.map((s) => PRELUDE + s)), 120_000);
  it("OpenSSL::X509::Name", () => expectSameAsRuby(X509.map((s) => PRELUDE + s)), 120_000);
});
