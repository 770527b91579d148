/**
 * linkplate's own JavaScript string scans on template-controlled input (issue 8, class 4): each
 * helper gets a 1 MB adversarial string shaped against the regexp it used to run (long runs that
 * a `x+$`-style regexp rescans from every position, many BEGIN markers without an END, ...). They
 * must complete (generous timeout, no timing assertion) with Ruby's answer.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { detectMagicComment } from "../../src/erb/magic-comment.js";

const engine = await createEngine();
const M = 1_000_000;
const run = (src: string) => engine.render(src, { properties: {} });

describe("linear scans on 1 MB adversarial strings", () => {
  it.each([
    ["File.basename, slashes around a name", `<%= File.basename("/" * ${M} + "x" + "/" * ${M}) %>`, "x"],
    ["File.basename, alternating", `<%= File.basename("a/" * ${M / 2}).size %>`, "1"],
    ["File.dirname, slashes around a name", `<%= File.dirname("/" * ${M} + "x" + "/" * ${M}) %>`, "/"],
    ["File.dirname, inner slash run", `<%= File.dirname("a" + "/" * ${M} + "b") %>`, "a"],
    ["File.extname, dots", `<%= File.extname("." * ${M}).inspect %>`, '""'],
    ["File.join, slash runs", `<%= File.join("/" * ${M}, "/" * ${M}) %>`, "/"],
    ["Integer(), leading whitespace", `<%= (Integer(" " * ${M} + "x") rescue "E") %>`, "E"],
    ["Integer(), inner whitespace", `<%= (Integer("1" + " " * ${M} + "x") rescue "E") %>`, "E"],
    ["Integer(), underscores", `<%= (Integer("1" + "_1" * ${M / 2} + "_") rescue "E") %>`, "E"],
    ["Float(), leading whitespace", `<%= (Float(" " * ${M} + "x") rescue "E") %>`, "E"],
    ["Float(), inner whitespace", `<%= (Float("1.5" + " " * ${M} + "x") rescue "E") %>`, "E"],
    ["Float(), trailing whitespace", `<%= Float("1.5" + " " * ${M}) %>`, "1.5"],
    ["unpack('A*'), inner spaces", `<%= (" " * ${M} + "x" + " " * ${M}).unpack("A*")[0].size %>`, String(M + 1)],
    ["unpack('A*'), spaces and NULs", `<%= ("x" + " \\0" * ${M / 2} + "y").unpack("A*")[0].size %>`, String(M + 2)],
    ["X509 PEM, BEGIN lines without END", `<%= require "openssl"; (OpenSSL::X509::Certificate.new("-----BEGIN CERTIFICATE-----\\n" * ${Math.floor(M / 28)}) rescue $!.class) %>`, "OpenSSL::X509::CertificateError"],
    ["X509 PEM, BEGIN prefixes", `<%= require "openssl"; (OpenSSL::X509::Certificate.new("-----BEGIN " * ${Math.floor(M / 11)}) rescue $!.class) %>`, "OpenSSL::X509::CertificateError"],
    ["Base64.urlsafe_decode64, padding run", `<%= require "base64"; (Base64.urlsafe_decode64("=" * ${M} + "QQ") rescue $!.class) %>`, "ArgumentError"],
    ["IPAddr#mask, a long prefix string", `<%= require "ipaddr"; (IPAddr.new("10.1.2.3").mask("1" + "9" * ${M} + " ") rescue $!.class) %>`, "IPAddr::InvalidAddressError"],
    ["Regexp.new, many inline-flag groups", `<%= Regexp.new("(?" + "x" * ${M} + ")").source.size %>`, String(M + 3)],
    ["format, zeros in %f digits", `<%= format("%.1000f", 0.1).size %>`, "1002"],
  ])("%s", (_name, src, out) => {
    expect(run(src)).toBe(out);
  }, 60_000);

  it.each([
    // `-%>` trims the newline after the tag; `%>` keeps it.
    ["ERB emacs magic comment, many -*-", "<%#" + "-*-".repeat(M / 3) + "%>\nx", "x"],
    ["ERB emacs magic comment, whitespace between", "<%# -*-" + " ".repeat(M) + "a" + " ".repeat(M) + "%>\nx", "\nx"],
    ["ERB coding comment, whitespace runs", "<%#" + "coding".repeat(10) + " ".repeat(M) + "%>\nx", "\nx"],
  ])("%s", (_name, template, out) => {
    expect(detectMagicComment(template).comment).not.toBeNull();
    expect(engine.render(template, { properties: {} })).toBe(out);
  }, 60_000);

  it("the emacs form still reads the coding name", () => {
    expect(detectMagicComment("<%# -*- coding: us-ascii -*- %>\n").codingName).toBe("us-ascii");
    expect(detectMagicComment("<%# -*- frozen_string_literal: true -*- %>\n").frozen).toBe("true");
    expect(detectMagicComment("<%# -*- -*- %>\n").codingName).toBeNull();
  });
});
