import { beforeAll, describe, expect, it } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { type Value, RArray, RHash, RString, flo, hashKeyOf, str } from "../../src/ruby/runtime/values.js";
import { call, callS, fakeIt, RubyRaised } from "./fake-interp.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installStdlib();

// Test certificates generated with `openssl req -x509` for these tests (not from any release).
const CERT = "-----BEGIN CERTIFICATE-----\nMIICkzCCAjmgAwIBAgICEjQwCgYIKoZIzj0EAwIwaDELMAkGA1UEBhMCVVMxEzAR\nBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC0V4YW1wbGUgT3JnMREwDwYDVQQL\nDAhQbGF0Zm9ybTEbMBkGA1UEAwwScm91dGVyLmV4YW1wbGUuY29tMB4XDTI2MTEy\nMjAwMzIzNVoXDTM2MTExOTAwMzIzNVowaDELMAkGA1UEBhMCVVMxEzARBgNVBAgM\nCkNhbGlmb3JuaWExFDASBgNVBAoMC0V4YW1wbGUgT3JnMREwDwYDVQQLDAhQbGF0\nZm9ybTEbMBkGA1UEAwwScm91dGVyLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYI\nKoZIzj0DAQcDQgAEmlE169azh6Zp0sUjvcqPoxZaxcdTfAPCHC50l/K0tIwFBWbu\n9yxf/kErBaCHonsWGzOXB2DOheRn8wNC91mk4aOB0jCBzzBxBgNVHREEajBoghJy\nb3V0ZXIuZXhhbXBsZS5jb22CEiouYXBwcy5leGFtcGxlLmNvbYcECgAAAYcQIAEN\nuAAAAAAAAAAAAAAAAYEPb3BzQGV4YW1wbGUuY29thhVodHRwczovL2V4YW1wbGUu\nY29tL3gwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCBaAwHQYDVR0lBBYwFAYI\nKwYBBQUHAwEGCCsGAQUFBwMCMB0GA1UdDgQWBBQS9DxsZ13sq2IYruYbESVuDE6t\nLTAKBggqhkjOPQQDAgNIADBFAiBuK9OY1/1U5GABxhKMeOAtsJss0lHwtESpeuJq\nP00qbwIhAI1xieshVLu8PX/bgX3iE4yfbkJ4jd4kl2ky9m39lglt\n-----END CERTIFICATE-----\n";
const CA = "-----BEGIN CERTIFICATE-----\nMIIBVjCB/qADAgECAgEBMAoGCCqGSM49BAMCMBIxEDAOBgNVBAMMB1Rlc3QgQ0Ew\nHhcNMjYxMTIyMDAzMjM1WhcNMjYxMTIzMDAzMjM1WjASMRAwDgYDVQQDDAdUZXN0\nIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+P1n7rLx3RBr3NC/nq/TnH1o\nFrwCCpyMou5xockoxSu0tyV12lyvomyrC1bWN0DSjgZMYPjQ3xWu6EI7JNNtWaNF\nMEMwEgYDVR0TAQH/BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYE\nFCNcW+gCZzGig2fW82kibwTABBO5MAoGCCqGSM49BAMCA0cAMEQCIEeajePR0BzF\n/hNubqFY/L+myoGpFTXRHdf0wG2eZ4WKAiBqot9AM8ve3rvTeDDwlQ4ifMsWpzYS\nTX4vNJdki8hd4Q==\n-----END CERTIFICATE-----\n";
const LEAF = "-----BEGIN CERTIFICATE-----\nMIIB1DCCAXugAwIBAgIBBzAKBggqhkjOPQQDAjASMRAwDgYDVQQDDAdUZXN0IENB\nMB4XDTI2MTEyMjAwMzMzMVoXDTI2MTIyMjAwMzMzMVowKTEZMBcGA1UEAwwQbGVh\nZi5leGFtcGxlLmNvbTEMMAoGA1UECgwDT3JnMFkwEwYHKoZIzj0CAQYIKoZIzj0D\nAQcDQgAEfDqm24PmjHFgCsX4efQ/4C0mBVWzQHIYKy09B6/d3umeHXy8PJvPlVAQ\n8N+d51/cLdYhJjH/Dph1EkmjLB/N86OBqjCBpzAbBgNVHREEFDASghBsZWFmLmV4\nYW1wbGUuY29tMB8GA1UdIwQYMBaAFCNcW+gCZzGig2fW82kibwTABBO5MB0GA1Ud\nDgQWBBT5/VaY7a5087QpTFJztBING3r8nTAZBgNVHSUEEjAQBggrBgEFBQcDAwYE\nKgMEBTAtBgNVHR8EJjAkMCKgIKAehhxodHRwOi8vY3JsLmV4YW1wbGUuY29tL3gu\nY3JsMAoGCCqGSM49BAMCA0cAMEQCIBOc3RlDCvjTdykDnzGIhIBmjGtfR3EF2psB\n9eDM74GKAiAl0qmJztg5+jGzsQgIEn+7p02DhJ8g35DKHP3I/i9bQg==\n-----END CERTIFICATE-----\n";

function ours(f: () => Value): string {
  try {
    return fakeIt.inspect(f());
  } catch (e) {
    if (e instanceof RubyRaised) return `!${e.className}: ${e.rubyMessage}`;
    throw e;
  }
}

const PRELUDE = `require "openssl"; require "time"; CERT = ${JSON.stringify(CERT)}; CA = ${JSON.stringify(CA)}; LEAF = ${JSON.stringify(LEAF)}; `;
const cert = (pem: string) => callS("OpenSSL::X509::Certificate", "new", str(pem));
const list = (recv: Value, names: string[]) => new RArray(names.map((n) => call(recv, n)));
const utc = (...a: Value[]) => callS("Time", "utc", ...a);
const name = (entries: (string | number)[][]) => callS("OpenSSL::X509::Name", "new", new RArray(entries.map((e) => new RArray(e.map((x) => (typeof x === "string" ? str(x) : x))))));

type Case = [string, () => Value];
const CASES: Case[] = [
  // Time
  [`t = Time.utc(2030, 1, 2, 3, 4, 5); [t.to_s, t.inspect, t.iso8601, t.xmlschema(3), t.utc.iso8601, t.to_i, t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.zone, t.utc?]`, () => {
    const t = utc(2030, 1, 2, 3, 4, 5);
    return new RArray([...list(t, ["to_s", "inspect", "iso8601"]).a, call(t, "xmlschema", 3), call(call(t, "utc"), "iso8601"), ...list(t, ["to_i", "year", "month", "day", "hour", "min", "sec", "wday", "yday", "zone", "utc?"]).a]);
  }],
  [`Time.utc(2030, 1, 2, 3, 4, 5).strftime("%Y-%m-%d %H:%M:%S %z %Z %a %A %b %B %j %e %y %I %p %F %T %s %L %% %-d %-m %k %l %P %u %N %3N %D %R %r %c %x %X %h %n %t %:z|")`, () => call(utc(2030, 1, 2, 3, 4, 5), "strftime", str("%Y-%m-%d %H:%M:%S %z %Z %a %A %b %B %j %e %y %I %p %F %T %s %L %% %-d %-m %k %l %P %u %N %3N %D %R %r %c %x %X %h %n %t %:z|"))],
  [`t = Time.utc(2030, 1, 2, 3, 4, 5.5); [t.to_s, t.inspect, t.iso8601, t.iso8601(2), t.to_f, t.usec]`, () => {
    const t = utc(2030, 1, 2, 3, 4, flo(5.5));
    return new RArray([...list(t, ["to_s", "inspect", "iso8601"]).a, call(t, "iso8601", 2), ...list(t, ["to_f", "usec"]).a]);
  }],
  [`Time.utc(2030,1,1) - Time.utc(2029,12,31)`, () => call(utc(2030, 1, 1), "-", utc(2029, 12, 31))],
  [`Time.utc(2030,1,1) + 86400.5`, () => call(utc(2030, 1, 1), "+", flo(86400.5))],
  [`Time.utc(2030,1,1) - 60`, () => call(utc(2030, 1, 1), "-", 60)],
  [`Time.utc(2030,1,1) <=> Time.utc(2030,1,2)`, () => call(utc(2030, 1, 1), "<=>", utc(2030, 1, 2))],
  [`Time.utc(2030,1,1) == Time.utc(2030,1,1)`, () => call(utc(2030, 1, 1), "==", utc(2030, 1, 1))],
  [`Time.utc(2030,13,1)`, () => utc(2030, 13, 1)],
  [`Time.utc(2030,2,31)`, () => utc(2030, 2, 31)],
  [`Time.utc(2030,"jan",1)`, () => utc(2030, str("jan"), 1)],
  [`Time.utc(2030)`, () => utc(2030)],
  [`Time.gm(2030, 5)`, () => callS("Time", "gm", 2030, 5)],
  [`Time.utc(1969,12,31,23,59,59).to_i`, () => call(utc(1969, 12, 31, 23, 59, 59), "to_i")],
  [`Time.utc(2030,1,1).to_json`, () => call(utc(2030, 1, 1), "to_json")],
  [`{"t" => Time.utc(2030,1,1)}.to_yaml`, () => {
    const h = new RHash();
    h.set(str("t"), utc(2030, 1, 1));
    return call(h, "to_yaml");
  }],
  // OpenSSL
  [`c = OpenSSL::X509::Certificate.new(CERT); [c.not_after, c.not_before, c.not_after.utc.iso8601, c.not_after.class, c.not_after.utc?, c.version]`, () => {
    const c = cert(CERT);
    const na = call(c, "not_after");
    return new RArray([na, call(c, "not_before"), call(call(na, "utc"), "iso8601"), (na as RString).cls, call(na, "utc?"), call(c, "version")]);
  }],
  ...[["CERT", CERT], ["CA", CA], ["LEAF", LEAF]].map(([n, pem]): Case => [
    `OpenSSL::X509::Certificate.new(${n}).extensions.map { |e| u = e.oid == "crlDistributionPoints"; [e.oid, u ? "?" : e.value, e.critical?, u ? "?" : e.to_s, u ? "?" : e.to_a] }`,
    () => new RArray((call(cert(pem), "extensions") as RArray).a.map((e) => {
      const safe = (f: () => Value) => { try { return f(); } catch { return str("?"); } };
      return new RArray([call(e, "oid"), safe(() => call(e, "value")), call(e, "critical?"), safe(() => call(e, "to_s")), safe(() => call(e, "to_a"))]);
    })),
  ]),
  [`c = OpenSSL::X509::Certificate.new(CERT); [c.subject.to_s, c.subject.to_a, c.issuer.to_s, c.subject.inspect, c.subject.to_s(OpenSSL::X509::Name::RFC2253)]`, () => {
    const c = cert(CERT);
    const s = call(c, "subject");
    return new RArray([call(s, "to_s"), call(s, "to_a"), call(call(c, "issuer"), "to_s"), call(s, "inspect"), call(s, "to_s", 17892119)]);
  }],
  [`c = OpenSSL::X509::Certificate.new(LEAF); [c.subject.to_s, c.issuer.to_s, c.not_after.to_s]`, () => {
    const c = cert(LEAF);
    return new RArray([call(call(c, "subject"), "to_s"), call(call(c, "issuer"), "to_s"), call(call(c, "not_after"), "to_s")]);
  }],
  [`c = OpenSSL::X509::Certificate.new(CERT); c.extensions.map { |ext| x = OpenSSL::X509::Extension.new ext; x.oid == "2.5.29.17" || x.oid == "subjectAltName" }.reduce(:|)`, () =>
    (call(cert(CERT), "extensions") as RArray).a.some((e) => {
      const o = (call(callS("OpenSSL::X509::Extension", "new", e), "oid") as RString).s;
      return o === "2.5.29.17" || o === "subjectAltName";
    })],
  [`OpenSSL::X509::Certificate.new("garbage")`, () => cert("garbage")],
  [`OpenSSL::X509::Certificate.new("")`, () => cert("")],
  [`OpenSSL::X509::Certificate.new(nil)`, () => callS("OpenSSL::X509::Certificate", "new", null)],
  [`OpenSSL::X509::Certificate.new(CERT.sub("MII", "MIX"))`, () => cert(CERT.replace("MII", "MIX"))],
  [`OpenSSL::X509::Certificate.new(CERT + CA).subject.to_s`, () => call(call(cert(CERT + CA), "subject"), "to_s")],
  [`OpenSSL::X509::Certificate.new("junk\\n" + CERT).subject.to_s`, () => call(call(cert("junk\n" + CERT), "subject"), "to_s")],
  [`OpenSSL::X509::Certificate.new(CERT).to_pem == CERT`, () => (call(cert(CERT), "to_pem") as RString).s === CERT],
  [`OpenSSL::X509::CertificateError.ancestors.take(3)`, () => new RArray(["OpenSSL::X509::CertificateError", "OpenSSL::OpenSSLError", "StandardError"].map((n) => fakeIt.constGet(n)))],
  [`n = OpenSSL::X509::Name.new([["O", "Example Org"], ["CN", "router.example.com"]]); [n.to_s, n.to_a]`, () => {
    const n = name([["O", "Example Org"], ["CN", "router.example.com"]]);
    return new RArray([call(n, "to_s"), call(n, "to_a")]);
  }],
  [`n = OpenSSL::X509::Name.new([["C", "US"], ["emailAddress", "a@b"], ["DC", "x"], ["CN", "é"], ["commonName", "z"]]); [n.to_s, n.to_a]`, () => {
    const n = name([["C", "US"], ["emailAddress", "a@b"], ["DC", "x"], ["CN", "é"], ["commonName", "z"]]);
    return new RArray([call(n, "to_s"), call(n, "to_a")]);
  }],
  [`n = OpenSSL::X509::Name.new([["CN", "a b"], ["O", "x/y"]]); [n.to_s, n.to_s(OpenSSL::X509::Name::RFC2253)]`, () => {
    const n = name([["CN", "a b"], ["O", "x/y"]]);
    return new RArray([call(n, "to_s"), call(n, "to_s", 17892119)]);
  }],
  [`OpenSSL::X509::Name.new([["XX", "a"]])`, () => name([["XX", "a"]])],
  [`OpenSSL::X509::Name.new([["CN", "A"]]) == OpenSSL::X509::Name.new([["CN", "a"]])`, () => call(name([["CN", "A"]]), "==", name([["CN", "a"]]))],
  [`OpenSSL::X509::Name.new([["CN", "A", 19]]) == OpenSSL::X509::Name.new([["CN", "A"]])`, () => call(name([["CN", "A", 19]]), "==", name([["CN", "A"]]))],
  [`c = OpenSSL::X509::Certificate.new(CERT); f = c.subject.to_a.sort{|a,b|a[0] <=> b[0]}; n = OpenSSL::X509::Name.new(f); m = OpenSSL::X509::Name.new([["C","US"],["CN","router.example.com"],["O","Example Org"],["OU","Platform"],["ST","California"]]); [n == m, n.eql?(m), n.to_s, (n <=> m)]`, () => {
    const c = cert(CERT);
    const f = [...(call(call(c, "subject"), "to_a") as RArray).a].sort((a, b) => ((a as RArray).a[0] as RString).s < ((b as RArray).a[0] as RString).s ? -1 : 1);
    const n = callS("OpenSSL::X509::Name", "new", new RArray(f));
    const m = name([["C", "US"], ["CN", "router.example.com"], ["O", "Example Org"], ["OU", "Platform"], ["ST", "California"]]);
    return new RArray([call(n, "==", m), call(n, "eql?", m), call(n, "to_s"), call(n, "<=>", m)]);
  }],
  [`OpenSSL::X509::Extension.new("subjectAltName", "DNS:a.com").value`, () => call(callS("OpenSSL::X509::Extension", "new", str("subjectAltName"), str("DNS:a.com")), "value")],
  [`OpenSSL::X509::Extension.new("2.5.29.17", "DNS:a.com", true).to_s`, () => call(callS("OpenSSL::X509::Extension", "new", str("2.5.29.17"), str("DNS:a.com"), true), "to_s")],
];


describe("Time and OpenSSL against Ruby 4.0", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(CASES.map(([src]) => `${PRELUDE}(${src}).inspect`));
  }, 120_000);
  CASES.forEach(([src, f], i) => {
    it(src.slice(0, 110), () => {
      expect(ours(f)).toBe(expected[i]);
    });
  });
  it("keeps the clock out", () => {
    expect(() => callS("Time", "now")).toThrow(/unsupported Ruby/);
  });
  it("builds a new Name each time; equal ones are one Hash key", () => {
    const a = name([["CN", "x"], ["O", "y"]]);
    const b = name([["CN", "X"], ["O", "y"]]);
    expect(a).not.toBe(b);
    expect(hashKeyOf(a)).toBe(hashKeyOf(b));
    expect(hashKeyOf(a)).not.toBe(hashKeyOf(name([["CN", "x"], ["O", "z"]])));
  });
});
