/**
 * Golden test: our Psych-rules YAML loader against CRuby 4.0's `YAML.load(doc, aliases: true)`
 * (Psych 5.3), compared through `inspect`. Syntax errors are compared by class only (messages
 * come from libyaml in Ruby and from the `yaml` package here).
 */
import { describe, expect, it } from "vitest";
import { PsychError, loadYamlRuby } from "../../src/ruby/data/yaml.js";
import { recordedOracle } from "../oracle/recorded.js";
import { rinspect } from "./rinspect.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

const rb = (s: string): string => JSON.stringify(s).replace(/#/g, "\\u0023");

const CASES: string[] = [
  // booleans and null
  "[yes, Yes, YES, yEs, y, n, Y, N, on, On, ON, off, Off, no, No, NO, true, True, TRUE, tRuE, false, FALSE]",
  "[~, null, Null, NULL, nUlL, '', \"\", nil, None]",
  "a:\nb: ~\nc: null\n",
  "[yes please, Yes!, nulls, true1, ~x, off2, 'no', \"on\", 'yes', !!str yes]",
  "{yes: 1, no: 2, on: 3, off: 4, y: 5, n: 6, ~: 7}",
  // integers
  "[0, -0, +0, 00, 1, +12, -12, 1_000, 1_0_0, +1_0, 1__0, 1_, _1, 0_]",
  "[0755, -0755, 0o17, 08, 09, 0_7, 0b101, 0b1_0, -0b11, 0b, 0b2, 0x1F, 0x_1, -0x1F, 0X1F, 0x, 0xg]",
  "- 1,000\n- 1,000,000\n- 1,0\n- 1,,0\n- 0,7\n- 0b1,0\n- 0x1,F\n- '1,000'\n- 1,000.5",
  "- 12345678901234567890\n- 0x123456789ABCDEF01\n- -9007199254740993\n- 9007199254740991",
  // base 60
  "[1:20, -1:20, +1:20, 12:30:45, 1:2:3, 1:60, 1:2:3:4, 190:20:30, 1_0:20, 1:20.5, 1:2:3.5, 190:20:30.15, 1:20.]",
  // floats
  "[1.0, 1., -1.0, +0.5, .5, -.5, 0., -0.0, 1.5e-3, 1.0e+3, 1.0e3, 1e3, 1e+3, 12e3, 1.e+3]",
  "[6.8523015e+5, 685.230_15e+03, 685_230.15, 1_000.5, 0.1, 3.14159, 1.5E+2, 123456789.123456789]",
  "[.inf, .Inf, .INF, +.inf, -.inf, -.Inf, .nan, .NaN, .NAN, inf, -inf, nan, .infinity]",
  "[., -., +., .e, 1.2.3, 1e, 0.0001, 0.00001, 100000000000000000.0]",
  // strings that look like other things
  "[123abc, 1a, a1, 1 2, '123', \"1.5\", 1.5.5, 0.1.2, v1.2, 1-2, 1/2, 1+2, 12:60, 2:3:4:5]",
  "[<<, =, '<<', '=', ==, '~', ~~, ---a, a---, '---']",
  "- foo bar\n- foo  bar\n- 'foo # bar'\n- foo # bar\n- foo#bar\n- \"a\\tb\"\n- 'a\\tb'",
  "- a b c d e f\n- hello world this is long\n- \"quoted\\nnewline\"",
  "plain: this is\n  folded over\n  lines\nblank: a\n\n  b\n",
  "a: no\n\n  x\nb: 1\n\n  2\nc: yes\n\n  \n",
  // block scalars
  "a: |\n  yes\nb: >\n  123\nc: |-\n  ~\nd: >-\n  1.5\ne: |+\n  x\n\nf: |2\n   indented\n",
  "a: |\n  line1\n  line2\n\n  line4\nb: >\n  folded\n  text\n\n  para\n",
  "a: |\n text\n  more",
  "a: |+\n x",
  "a: |+\n x\n\n",
  "- |\n  a\n- |\n  b",
  "a: >\n x\n y",
  "a: |\n x\n  ",
  "a: |\n x\r\n",
  "a: |-\n x\n",
  "a: |\n  x\n ",
  "a: |\n  x\n   ",
  "a: >+\n  x\n\n  ",
  // quoting and escapes
  "key: \"\\x41\\u00e9\\N\\_\\L\\P\\0\\a\\e\"",
  "[\"\\\"\", 'it''s', \"\\\\\", \"\\/\", \"a\\\n  b\"]",
  "- \"line one\n  line two\"\n- 'single\n\n  blank'",
  // symbols
  "- :foo\n- ':foo'\n- \":foo\"\n- :foo_bar\n- :Foo\n- :\"quoted sym\"\n- :'single'\n- :1\n- :a:b\n- :a b",
  "- ::\n- :x y\n- !ruby/symbol foo\n- !ruby/sym bar\n- !ruby/symbol 12",
  ":a: 1\n:b: :c\n':c': :d",
  // tags
  "[!!str 123, !!float 1, !!int 3.5, !!bool yes, !foo bar, !!null '', !!str ~, !!str ]",
  "[!!str \"1\", !foo \"1\", !!float \"1\", !!null \"\", !!int '0x10', !!bool 'yes', ! 12, ! \"12\"]",
  "- !!binary aGVsbG8=\n- !binary |\n  aGVs\n  bG8=\n",
  "- !!float 1_000\n- !!float .inf\n- !!float '2'\n- !!int 0x1F\n- !!timestamp str",
  "!!map {a: 1}",
  "!!seq [1, 2]",
  "- !!omap [a: 1, b: 2]\n- !omap\n  - x: 1\n  - y: 2\n  - x: 3",
  // dates, times, disallowed classes
  "2001-01-01",
  "d: 2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10 -5",
  "2001-02-30",
  "2001-13-01",
  "[2001-1-1x, 12-01-2001, 2001-01-01T]",
  "!ruby/object:Foo {}",
  "- !!set {a, b}",
  "- !ruby/range 1..2",
  "- !ruby/regexp /a/",
  // merge keys
  "{a: 1, <<: {a: 2, b: 3}}",
  "x: &a {a: 2, b: 3}\ny:\n  a: 1\n  <<: *a\n  c: 4",
  "x: &a {a: 2}\nz: &b {a: 5, q: 1}\ny:\n  <<: [*a, *b]\n  c: 4",
  "x: &a {a: 2}\ny:\n  <<: *a\n  a: 9",
  "\"<<\": {a: 1}",
  "!!str <<: {a: 1}",
  "<<: [1, 2]",
  "<<: 3",
  "<<:",
  "x: &a [1]\ny:\n  <<: *a",
  "x: &a {a: 1}\ny:\n  <<: [*a, 3]",
  "base: &base\n  name: base\n  props: {p: 1}\nderived:\n  <<: *base\n  name: derived",
  // anchors, aliases, duplicates
  "a: &x 1\nb: *x\nc: &x 2\nd: *x",
  "a: &x [1, 2]\nb: *x",
  "a: *nope",
  "a: 1\na: 2\nb: 3\na: 4",
  "{1: a, 1.0: b, '1': c, true: d, ~: e}",
  "? [1, 2]\n: x\n? {a: 1}\n: y",
  // documents
  "--- 1\n--- 2",
  "---\na: 1\n...\n---\nb: 2",
  "",
  "# only a comment\n",
  "---",
  "--- |\n  text\n",
  "%YAML 1.1\n---\n- a",
  // nesting and flow style
  "a:\n  b:\n    - c: 1\n      d: [e, {f: g}]\n    - ~\n  h: {}\ni: []",
  "[a, [b, [c]], {d: [e]}, {}]",
  "- - a\n  - b\n- - c",
  "{a: , b: c, d}",
  // syntax errors (class only)
  "a: [1",
  "a: 1\n b: 2",
  "- a\nb: 1",
  "a: 'x",
  "a:\n\t- b",
  "{a: 1",
  "a: b: c",
];

function ours(doc: string): string {
  try {
    return rinspect(loadYamlRuby(doc, { aliases: true }));
  } catch (e) {
    if (e instanceof PsychError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
}

describe("YAML loading with Psych rules (golden vs CRuby 4.0)", () => {
  it(`matches YAML.load(doc, aliases: true) for ${CASES.length} documents`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const ruby = await rubyEvalMany(CASES.map((d) => `YAML.load(${rb(d)}, aliases: true).inspect`));
    const mismatches: string[] = [];
    CASES.forEach((doc, i) => {
      const got = ours(doc);
      const want = ruby[i];
      const same = want.startsWith("!Psych::SyntaxError") ? got.startsWith("!Psych::SyntaxError") : got === want;
      if (!same) mismatches.push(`${JSON.stringify(doc)}\n  ruby: ${want}\n  ours: ${got}`);
    });
    expect(mismatches.join("\n")).toBe("");
  });

  it("refuses aliases unless enabled, as YAML.load does", async () => {
    const doc = "a: &x 1\nb: *x";
    const [ruby] = await rubyEvalMany([`YAML.load(${rb(doc)}).inspect`]);
    expect(ours.length).toBe(1);
    let got = "";
    try {
      loadYamlRuby(doc);
    } catch (e) {
      got = `!${(e as PsychError).rubyClass}: ${(e as PsychError).rubyMessage}`;
    }
    expect(got).toBe(ruby);
  });

  it("refuses symbols with symbols: false, as YAML.safe_load does", async () => {
    const [ruby] = await rubyEvalMany([`YAML.safe_load(":foo").inspect`]);
    let got = "";
    try {
      loadYamlRuby(":foo", { symbols: false });
    } catch (e) {
      got = `!${(e as PsychError).rubyClass}: ${(e as PsychError).rubyMessage}`;
    }
    expect(got).toBe(ruby);
  });

  it("shares aliased objects", () => {
    const h = loadYamlRuby("a: &x {b: 1}\nc: *x\nd: &s str\ne: *s", { aliases: true }) as import("../../src/ruby/runtime/values.js").RHash;
    expect(h.getStr("a")).toBe(h.getStr("c"));
    expect(h.getStr("d")).toBe(h.getStr("e"));
  });
});
