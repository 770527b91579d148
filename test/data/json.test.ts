import { describe, expect, it } from "vitest";
import { InputError } from "../../src/diagnostics/errors.js";
import { JsonSyntaxError, parseJson, parseJsonRuby } from "../../src/ruby/data/json.js";
import { RArray, RFloat, RHash, RString } from "../../src/ruby/runtime/values.js";
import { recordedOracle } from "../oracle/recorded.js";
import { rinspect } from "./rinspect.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

/**
 * A Ruby double-quoted literal for `s` (JSON escapes are valid Ruby escapes). `#` is written as
 * `\u0023`: rubyEvalMany embeds each snippet in a double-quoted string, so `#{` would interpolate.
 */
const rb = (s: string): string => JSON.stringify(s).replace(/#/g, "\\u0023");

const VALID = [
  "2",
  "-0",
  "-0.0",
  "1.0",
  '"x"',
  "null",
  "true",
  "false",
  "[]",
  "{}",
  "[1, /* c */ 2]",
  "[1, // c\n 2]",
  '{"a":1,"a":2,"b":3}',
  '{"b":1,"503":2,"a":{"z":[1.0,2.50,3e2]}}',
  "[1e400, -1e400, -0, -0.0, 1E2, 1.5e-3, 1e-7, 1.0E+2, 1e5, 12.0e0]",
  "[12345678901234567890123, -12345678901234567890123, 9007199254740993, 999999999999999, 1234567890123456]",
  "[0.1, 0.30000000000000004, 123456789.123, 1e15, 1e16, 5e-324, 1.7976931348623157e308]",
  '["\\u0000", "\\/\\b\\f\\n\\r\\t\\"\\\\", "\\ud83d\\ude00", "\\u00e9", "é", "#{x}"]',
  '  {"a" : [ ] , "b":{ }}  ',
  '{"":1, "a b":"c"}',
  "\n\r\t[\n1\n]\n",
  '[true,false,null,"true"]',
  '{"k": "\\u2028\\u007f"}',
  '{"a"/**/:1}',
  "[1] // x",
  "[1]  /* x */ ",
];

const INVALID = [
  "",
  "   ",
  "[01]",
  '["a\tb"]',
  ...Array.from({ length: 32 }, (_, i) => `["a${String.fromCharCode(i)}b"]`),
  '["a\u0000b\u0001"]',
  '["\\x"]',
  '["\\ud800"]',
  '["\\ud800x"]',
  '["\\u12"]',
  "[NaN]",
  "[Infinity]",
  "[-Infinity]",
  "[1,]",
  '{"a":1,}',
  "[1] x",
  "[1]]",
  "[tru]",
  "nul",
  '["abc',
  '{"a" 1}',
  '{"a"',
  '{"a":',
  "{a:1}",
  "[1.]",
  "[.5]",
  "[-]",
  "[1 2]",
  '{"a":1 "b":2}',
  "[1,\n  2,\n  x]",
  "[1,\n2\n,x]",
  "[",
  "{",
  "[1",
  "\uFEFF[1]",
  "[1e]",
  "[1e+]",
  "[+1]",
  "'a'",
  "[/]",
  "[1] /* x",
  '{"a":1',
  '{"a":1,',
  '{"a":1, x}',
  "[1,",
  '{"a":',
  "[/* x",
  "[1 /",
  '{"a" /',
  "[1,/]",
  "/",
  "[1] /",
  '{"a":1 x',
  "[1]  /* x */  /* y",
  "{1:2}",
  '{"a":1,,}',
  "[1,,2]",
  "[,]",
  '"abc\\u00e9',
  "[1e5x]",
  "[1x]",
  "[-01]",
  "[0x1]",
  "[truex]",
  "[nullnull]",
  "[1.5.5]",
  '["\\u00e9\\ud800"]',
  '["\\ud800\\u0041"]',
  '["\\ud800\\ud800"]',
  '["\\u00zz"]',
  "[1,\n2,\n3,\n]",
  '{\n"a": 1,\n"b"\n}',
  '{"a":1,"b"',
  '{"a":1,"b" 2}',
];

describe("parseJsonRuby against CRuby's JSON.parse", () => {
  it("parses values identically", async () => {
    const ruby = await rubyEvalMany(VALID.map((t) => `JSON.parse(${rb(t)}).inspect`));
    VALID.forEach((t, i) => expect(rinspect(parseJsonRuby(t)), t).toBe(ruby[i]));
  });

  it("rejects what Ruby rejects, with json 2.18's message", async () => {
    const ruby = await rubyEvalMany(INVALID.map((t) => `JSON.parse(${rb(t)}).inspect`));
    INVALID.forEach((t, i) => {
      let msg = "(no error)";
      try {
        parseJsonRuby(t);
      } catch (e) {
        expect(e).toBeInstanceOf(JsonSyntaxError);
        msg = `!JSON::ParserError: ${(e as JsonSyntaxError).rubyMessage}`;
      }
      expect(ruby[i].startsWith("!JSON::ParserError"), `${t}: ${ruby[i]}`).toBe(true);
      expect(msg, JSON.stringify(t)).toBe(ruby[i]);
    });
  });

  it("raises a nesting error past max_nesting 100", async () => {
    const deep = "[".repeat(101) + "1" + "]".repeat(101);
    const [ruby] = await rubyEvalMany([`JSON.parse(${rb(deep)}); nil`]);
    try {
      parseJsonRuby(deep);
      expect.unreachable();
    } catch (e) {
      expect((e as JsonSyntaxError).nesting).toBe(true);
      expect(`!JSON::NestingError: ${(e as JsonSyntaxError).rubyMessage}`).toBe(ruby);
    }
    expect(() => parseJsonRuby("[".repeat(101) + "]".repeat(101))).not.toThrow();
    expect(() => parseJsonRuby("[".repeat(100) + "{}" + "]".repeat(100))).not.toThrow();
  });

  it("freezes keys but not string values", () => {
    const h = parseJsonRuby('{"a":"b"}') as RHash;
    const [[k, v]] = [...h.entries()];
    expect((k as RString).frozen).toBe(true);
    expect((v as RString).frozen).toBe(false);
  });
});

describe("parseJson (input files)", () => {
  it("keeps number kinds and key order", () => {
    const v = parseJson('{"b": 1, "503": 2.0, "a": [1.0, 10000000000000000000]}', "c.json") as RHash;
    expect([...v.entries()].map(([k]) => (k as RString).s)).toEqual(["b", "503", "a"]);
    expect(v.getStr("503")).toBeInstanceOf(RFloat);
    const a = v.getStr("a") as RArray;
    expect((a.a[0] as RFloat).v).toBe(1);
    expect(a.a[1]).toBe(10000000000000000000n);
  });

  it("reports file, line and column", () => {
    try {
      parseJson('{\n  "a": [1,\n    2,]\n}', "ctx.json");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const err = e as InputError;
      expect(err.where).toBe("ctx.json:3:7");
      expect(err.message).toContain("trailing comma");
      expect(err.frame).toContain("^");
    }
    try {
      parseJson('["é", x]', "u.json");
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).where).toBe("u.json:1:7");
      expect((e as InputError).message).toContain("unexpected character 'x'");
    }
    expect(() => parseJson('["abc', "s.json")).toThrow(/s\.json:1:2: invalid JSON: unterminated string/);
  });

  it("parses a 1.2 MB document (the test timeout is the only time bound)", () => {
    const big = JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ name: `n${i}`, v: i, f: i + 0.5, l: [true, null, "x\\ny"] })));
    const v = parseJson(big, "big.json");
    expect(v).toBeInstanceOf(RArray);
    expect((v as RArray).a.length).toBe(20000);
  }, 60_000);
});
