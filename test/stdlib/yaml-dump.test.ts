import { beforeAll, describe, expect, it } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { dumpYaml, tokenizesAsNonString } from "../../src/ruby/stdlib/yaml-dump.js";
import { RArray, RHash, RString, str } from "../../src/ruby/runtime/values.js";
import { asOracle, callS, call, fakeIt, kw } from "./fake-interp.js";
import { type D, f, m, s, toRuby, toValue } from "./rv.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installStdlib();

const long = "word ".repeat(30);
const VALUES: D[] = [
  null,
  true,
  false,
  0,
  -3,
  123456789,
  12345678901234567890n,
  f(1.0),
  f(1.5),
  f(-0.0),
  f(1e20),
  f(1.5e-7),
  f(Infinity),
  f(-Infinity),
  f(NaN),
  "",
  "foo",
  "foo bar",
  "true",
  "false",
  "yes",
  "No",
  "on",
  "off",
  "null",
  "Null",
  "NULL",
  "nil",
  "~",
  "y",
  "Y",
  "n",
  "1",
  "-1",
  "+1",
  "1.5",
  "1.",
  ".5",
  "-.5",
  "1e3",
  "1.0e3",
  "1.0e+3",
  "1_000",
  "1,000",
  "0x1F",
  "0o17",
  "0b101",
  "017",
  "019",
  "12:30",
  "1:2:3",
  "12:30.5",
  "2024-01-01",
  "2024-02-30",
  "2024-13-01",
  "2024-01-01 10:00:00",
  "2024-01-01T10:00:00Z",
  ".inf",
  "-.Inf",
  ".nan",
  ":sym",
  "a: b",
  "a:b",
  "x:",
  "x: ",
  "a #b",
  "a#b",
  "# comment",
  "-x",
  "- x",
  "-",
  "--",
  "---",
  "--- x",
  "...x",
  "?x",
  "? x",
  "?",
  "@x",
  "`x",
  "!x",
  "%x",
  "&x",
  "*a",
  "a*",
  "|x",
  ">x",
  "'a",
  '"a',
  "a'b",
  'a"b: c',
  "=",
  "a,b",
  "[a]",
  "a[0]",
  "{a}",
  "<<",
  " x",
  "x ",
  " ",
  "a\tb",
  "\u0000abc",
  "é",
  "naïve café",
  "日本語",
  "😀",
  "a\u00a0b",
  "\ufeffx",
  "x\u2028y",
  "\u0085",
  "\r\n",
  "a\r\nb",
  "a\nb",
  "a\nb\n",
  "a\nb\n\n",
  "x\n",
  "\n",
  "a\n\n",
  "  \n",
  "  lead\nx",
  "trail \nx",
  "line1\nline2 \n",
  "x\n  y\n",
  "http://x.y/z?a=b#c",
  "/var/vcap/jobs/x/config",
  "1.2.3",
  "1__0",
  long,
  long + "end",
  "'quoted' ".repeat(20) + "true",
  "x".repeat(200),
  "a b ".repeat(30),
  "a  b ".repeat(30) + "c",
  "é ".repeat(50) + "x",
  s("sym"),
  s("with space"),
  s("a: b"),
  s(""),
  s("y"),
  { bin: "abc" },
  { bin: "\xff\x00" },
  [],
  {map: []},
  [1, [2, 3], [], [[]], { map: [] }],
  m(["a", 1], ["b", [1, 2]], ["c", m(["d", null])]),
  m([s("a"), null], ["b", []], ["c", m()], ["d", [1, [2, 3], m(["e", null])]], ["f", ""]),
  [[1, 2], [], m(["a", 1], ["b", [1]])],
  m([s("a"), 1], [s("b c"), 2], [1, 3], [null, 4], [true, 5], [f(1.5), 6], [[1], 7], [m(), 8], [[], 9]),
  m(["k".repeat(130), 1]),
  m(["a\nb", 1]),
  m(["k", "a\nb\n"], ["j", "a\nb\n\n"], ["l", " x\ny"], ["m", "x\n"]),
  m(["j", "x\ny\n\n"], ["k", "v"]),
  m(["j", "x\ny\n\n"], ["k", "a\nb"]),
  ["x\ny\n\n", 1],
  [m(["a", "x\ny\n\n"])],
  m(["k", long + "end"]),
  m(["a", m(["b", m(["c", ["deep", long]])])]),
  [m(["name", "x"], ["properties", m(["port", 8080], ["tls", m(["enabled", true])])])],
  m(["y", 1], ["n", 2], ["yes", 3], ["1", 4], ["", 5], ["~", 6]),
];

describe("YAML dump golden (against Ruby 4.0 / Psych)", () => {
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(VALUES.map((d) => `(${toRuby(d)}).to_yaml`));
  }, 120_000);

  it("has at least 60 golden values", () => {
    expect(VALUES.length).toBeGreaterThanOrEqual(60);
  });

  VALUES.forEach((d, i) => {
    it(`to_yaml ${toRuby(d).slice(0, 60)}`, () => {
      expect(asOracle(() => call(toValue(d), "to_yaml"))).toBe(expected[i]);
    });
  });
});

describe("YAML dump options and identity", () => {
  const cases: [string, () => string][] = [
    [`{"a"=>{"b"=>[1,{"c"=>2}]}}.to_yaml(indentation: 4)`, () => dumpYaml(fakeIt, toValue(m(["a", m(["b", [1, m(["c", 2])]])])), { indentation: 4 })],
    [`YAML.dump({"a"=>[1, {"b"=>[2]}]}, :indentation => 3)`, () => asOracle(() => callS("YAML", "dump", toValue(m(["a", [1, m(["b", [2]])]])), kw([["indentation", 3]])))],
    [`YAML.dump({"a"=>"word " * 30 + "z"}, line_width: -1)`, () => asOracle(() => callS("YAML", "dump", toValue(m(["a", long + "z"])), kw([["line_width", -1]])))],
    [`a=[1]; {"x"=>a, "y"=>a}.to_yaml`, () => {
      const a = new RArray([1]);
      const h = new RHash();
      h.set(str("x"), a);
      h.set(str("y"), a);
      return dumpYaml(fakeIt, h);
    }],
    [`h={"q"=>1}; [h, [h], h].to_yaml`, () => {
      const h = new RHash();
      h.set(str("q"), 1);
      return dumpYaml(fakeIt, new RArray([h, new RArray([h]), h]));
    }],
    [`a=[1]; b={"k"=>"v"}; [b, a, a, b].to_yaml`, () => {
      const a = new RArray([1]);
      const b = new RHash();
      b.set(str("k"), str("v"));
      return dumpYaml(fakeIt, new RArray([b, a, a, b]));
    }],
    [`h = {}; {"a"=>h, "b"=>h}.to_yaml`, () => {
      const h = new RHash();
      const o = new RHash();
      o.set(str("a"), h);
      o.set(str("b"), h);
      return dumpYaml(fakeIt, o);
    }],
    [`a = []; a << a; a.to_yaml`, () => {
      const a = new RArray([]);
      a.a.push(a);
      return dumpYaml(fakeIt, a);
    }],
    [`s = "a b"; {"x"=>s, "y"=>s}.to_yaml`, () => {
      const x = new RString("a b");
      const h = new RHash();
      h.set(str("x"), x);
      h.set(str("y"), x);
      return dumpYaml(fakeIt, h);
    }],
  ];
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(cases.map(([src]) => src));
  }, 120_000);
  cases.forEach(([src, ours], i) => {
    it(src, () => {
      expect(ours()).toBe(expected[i]);
    });
  });
});

describe("Psych scalar scanner (dump side)", () => {
  it("classifies plain scalars", () => {
    expect(tokenizesAsNonString("1")).toBe(true);
    expect(tokenizesAsNonString("abc")).toBe(false);
    expect(tokenizesAsNonString("true")).toBe(true);
    expect(tokenizesAsNonString("2024-02-30")).toBe(false);
  });
  it("refuses load_file", () => {
    expect(() => callS("YAML", "load_file", str("/etc/passwd"))).toThrow(/sandbox/);
  });
});
