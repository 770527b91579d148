import { describe, expect, it } from "vitest";
import { dumpBinaryString, detectMagicComment, findRubyEncoding } from "../../src/erb/index.js";

describe("dumpBinaryString (String#dump of a binary string)", () => {
  it("escapes like Ruby", () => {
    expect(dumpBinaryString("")).toBe('""');
    expect(dumpBinaryString('q"uote\\ #{x} \\#@y\t|')).toBe('"q\\"uote\\\\ \\#{x} \\\\\\#@y\\t|"');
    expect(dumpBinaryString("#$a #@b #c #")).toBe('"\\#$a \\#@b #c #"');
    expect(dumpBinaryString("\n\r\t\f\v\b\u0007\u001b\u0000\u001f\u007f ~")).toBe(
      '"\\n\\r\\t\\f\\v\\b\\a\\e\\x00\\x1F\\x7F ~"',
    );
    expect(dumpBinaryString("é€😀\ufeff")).toBe('"\\xC3\\xA9\\xE2\\x82\\xAC\\xF0\\x9F\\x98\\x80\\xEF\\xBB\\xBF"');
    expect(dumpBinaryString("a\ud800b\udc00")).toBe('"a\\xEF\\xBF\\xBDb\\xEF\\xBF\\xBD"');
  });
});

describe("magic comments", () => {
  it("finds coding and frozen_string_literal as ERB does", () => {
    expect(detectMagicComment("<%# coding: utf-8 %>")).toMatchObject({ encoding: "UTF-8", frozen: null });
    expect(detectMagicComment("<%# -*- coding: sjis -*- %>")).toMatchObject({ encoding: "Windows-31J" });
    expect(detectMagicComment("<%# frozen-string_literal: yes %>")).toMatchObject({ encoding: undefined, frozen: "yes" });
    expect(detectMagicComment(" <%# coding: utf-8 %>").comment).toBeNull();
    expect(detectMagicComment("<%# Content-Encoding: gzip %>")).toMatchObject({ unknownEncoding: true, codingName: "gzip" });
    expect(detectMagicComment("<%# coding: utf-8-mac %>").encoding).toBe("UTF-8");
    expect(findRubyEncoding("binary")).toBe("ASCII-8BIT");
    expect(findRubyEncoding("internal")).toBeNull();
    expect(findRubyEncoding("latin1")).toBeUndefined();
  });
});
