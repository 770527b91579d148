import { beforeAll, describe, expect, it } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { jsonFloat } from "../../src/ruby/stdlib/json.js";
import { type Value, RArray, RClass, RObject, RString, cObject, str } from "../../src/ruby/runtime/values.js";
import { asOracle, call, callS, fakeIt, kw } from "./fake-interp.js";
import { type D, f, m, s, toRuby, toValue } from "./rv.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

installStdlib();

const VALUES: D[] = [
  null,
  true,
  false,
  0,
  -42,
  12345678901234567890n,
  f(1.0),
  f(-0.0),
  f(0.1),
  f(1.5),
  f(100.0),
  f(1e7),
  f(1e14),
  f(1e15),
  f(1.5e15),
  f(1e16),
  f(1e20),
  f(1e-5),
  f(1e-9),
  f(1e-10),
  f(2.5e-10),
  f(123456789.123),
  f(1234567890123456.5),
  f(0.30000000000000004),
  f(1.7976931348623157e308),
  f(5e-324),
  f(-1e100),
  f(NaN),
  f(Infinity),
  "",
  "plain",
  'quote " backslash \\ slash /',
  "\u0000\u0001\u001f\b\f\n\r\t\u007f",
  "é日本😀",
  "\u2028\u2029",
  "</script>",
  s("sym"),
  s("with space"),
  [],
  {map: []},
  [1, [2, [3, []]], {map: []}],
  m(["a", 1], ["b", [1, f(2.5), null]]),
  m([s("a"), 1], [1, 2], [null, 3], [f(1.5), 4], [true, 5], [[1], 6]),
  m(["a", []], ["b", m()], ["c", [[], m()]], ["d", m(["e", [1, m(["f", 2])]])]),
  m(["name", "x"], ["properties", m(["port", 8080], ["tls", m(["enabled", true], ["ca", "-----BEGIN\nX\n-----END\n"])])]),
  { bin: "abc" },
  { bin: "\xc3\xa9" },
  { bin: "\xff" },
];

describe("JSON generation (against Ruby 4.0 / json 2.18)", () => {
  const kinds = ["JSON.generate(%)", "JSON.pretty_generate(%)", "JSON.dump(%)", "(%).to_json"] as const;
  let expected: string[][] = [];
  beforeAll(async () => {
    const flat = await rubyEvalMany(VALUES.flatMap((d) => kinds.map((k) => k.replace("%", toRuby(d)))));
    expected = VALUES.map((_, i) => flat.slice(i * kinds.length, (i + 1) * kinds.length));
  }, 120_000);

  VALUES.forEach((d, i) => {
    it(`generate/pretty_generate/dump/to_json ${toRuby(d).slice(0, 60)}`, () => {
      const ours = [
        asOracle(() => callS("JSON", "generate", toValue(d))),
        asOracle(() => callS("JSON", "pretty_generate", toValue(d))),
        asOracle(() => callS("JSON", "dump", toValue(d))),
        asOracle(() => call(toValue(d), "to_json")),
      ];
      expect(ours).toEqual(expected[i]);
    });
  });
});

describe("JSON options, nesting, parse", () => {
  const nest = (n: number): Value => {
    let a: Value = new RArray([]);
    for (let i = 0; i < n; i++) a = new RArray([a]);
    return a;
  };
  const obj = () => toValue(m(["a", [1, m(["b", 2])]], ["c", m()]));
  const cases: [string, () => Value][] = [
    [`JSON.pretty_generate({"a"=>[1, {"b"=>2}], "c"=>{}}, indent: "\\t")`, () => callS("JSON", "pretty_generate", obj(), kw([["indent", str("\t")]]))],
    [`JSON.pretty_generate({"a"=>[1, {"b"=>2}], "c"=>{}}, {indent: "    ", space: "  "})`, () => callS("JSON", "pretty_generate", obj(), kw([["indent", str("    ")], ["space", str("  ")]]))],
    [`JSON.pretty_generate({"a"=>[1, {"b"=>2}], "c"=>{}}, object_nl: "", array_nl: "")`, () => callS("JSON", "pretty_generate", obj(), kw([["object_nl", str("")], ["array_nl", str("")]]))],
    [`JSON.generate({"a"=>[1, {"b"=>2}], "c"=>{}}, space: " ", space_before: " ")`, () => callS("JSON", "generate", obj(), kw([["space", str(" ")], ["space_before", str(" ")]]))],
    [`{"a"=>[1, {"b"=>2}], "c"=>{}}.to_json(indent: "  ")`, () => call(obj(), "to_json", kw([["indent", str("  ")]]))],
    [`JSON.generate([1, 2], space: " ", indent: " ")`, () => callS("JSON", "generate", toValue([1, 2]), kw([["space", str(" ")], ["indent", str(" ")]]))],
    [`JSON.generate(["é", "/", "\\u2028"], ascii_only: true, script_safe: true)`, () => callS("JSON", "generate", toValue(["é", "/", "\u2028"]), kw([["ascii_only", true], ["script_safe", true]]))],
    [`JSON.generate([Float::NAN], allow_nan: true)`, () => callS("JSON", "generate", toValue([f(NaN)]), kw([["allow_nan", true]]))],
    [`JSON.generate(nil, nil)`, () => callS("JSON", "generate", null, null)],
    [`a=[]; 99.times{ a = [a] }; JSON.generate(a).size`, () => callS("JSON", "generate", nest(99))],
    [`a=[]; 100.times{ a = [a] }; JSON.generate(a)`, () => callS("JSON", "generate", nest(100))],
    [`a=[]; 100.times{ a = [a] }; JSON.pretty_generate(a)`, () => callS("JSON", "pretty_generate", nest(100))],
    [`a=[]; 100.times{ a = [a] }; JSON.dump(a).size`, () => callS("JSON", "dump", nest(100))],
    [`JSON.parse('{"a":{"b":[1,2.5,null,true,"x"]}}').inspect`, () => str(fakeIt.inspect(callS("JSON", "parse", str('{"a":{"b":[1,2.5,null,true,"x"]}}'))))],
    [`JSON.parse('{"a":{"b":[{"c":1}]}}', symbolize_names: true).inspect`, () => str(fakeIt.inspect(callS("JSON", "parse", str('{"a":{"b":[{"c":1}]}}'), kw([["symbolize_names", true]]))))],
    [`JSON.parse('[1,')`, () => callS("JSON", "parse", str("[1,"))],
    [`JSON.parse('')`, () => callS("JSON", "parse", str(""))],
    [`JSON.parse(nil)`, () => callS("JSON", "parse", null)],
    [`JSON.load(nil).inspect`, () => str(fakeIt.inspect(callS("JSON", "load", null)))],
    [`JSON.load('[1]').inspect`, () => str(fakeIt.inspect(callS("JSON", "load", str("[1]"))))],
    [`JSON.parse('2')`, () => callS("JSON", "parse", str("2"))],
    [`JSON::ParserError.ancestors.take(4).inspect`, () => str(ancestors("JSON::ParserError"))],
    [`JSON::NestingError.ancestors.take(4).inspect`, () => str(ancestors("JSON::NestingError"))],
    [`JSON::GeneratorError.ancestors.take(4).inspect`, () => str(ancestors("JSON::GeneratorError"))],
    [`JSON.generate(Comparable)`, () => callS("JSON", "generate", cObject.consts.get("Comparable")!)],
  ];
  function ancestors(path: string): string {
    const c = fakeIt.constGet(path) as RClass;
    return `[${c.ancestors().filter((x) => !x.isModule).slice(0, 4).map((x) => x.name).join(", ")}]`;
  }
  let expected: string[] = [];
  beforeAll(async () => {
    expected = await rubyEvalMany(cases.map(([src]) => src));
  }, 120_000);
  cases.forEach(([src, ours], i) => {
    it(src, () => {
      let got = asOracle(ours);
      if (src.endsWith(".size") && !got.startsWith("!")) got = String([...got].length);
      expect(got).toBe(expected[i]);
    });
  });
});

describe("to_json dispatch on user objects", () => {
  it("falls back to to_s, or uses a user-defined to_json", () => {
    const cFoo = new RClass("Foo", cObject);
    cFoo.cls = cObject.cls;
    cFoo.define("to_s", () => str("foo!"));
    const foo = new RObject(cFoo);
    expect(asOracle(() => callS("JSON", "generate", new RArray([foo])))).toBe('["foo!"]');
    const cBar = new RClass("Bar", cObject);
    cBar.define("to_json", () => str('{"bar":1}'));
    expect(asOracle(() => callS("JSON", "generate", new RArray([new RObject(cBar)])))).toBe('[{"bar":1}]');
  });
  it("lays floats out as json 2.18 does", () => {
    expect(jsonFloat(1e20)).toBe("1e+20");
    expect(jsonFloat(1e-5)).toBe("0.00001");
    expect(jsonFloat(100)).toBe("100.0");
    expect(jsonFloat(2.5e-10)).toBe("2.5e-10");
    expect(jsonFloat(1e100)).toBe("1e+100");
  });
  it("keeps unknown string contents", () => {
    expect(asOracle(() => call(new RString("a"), "to_json"))).toBe('"a"');
  });
});

describe("json float digits (Grisu2, as json 2.18's vendored fpconv)", () => {
  const xs: number[] = [-1.2345678901234567e-7, 1.2345678901234567e-9, 5e-324, 1.7976931348623157e308, 0.1, 1e23, 2.2250738585072014e-308, 18813403564884050, 727132018062813.2];
  let seed = 7;
  const r = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < 2000; i++) {
    const kind = i % 4;
    if (kind === 0) xs.push(r() * 10 ** Math.floor(r() * 30 - 12));
    else if (kind === 1) xs.push(((Math.round(r() * 1000) / 100) * 0.1) * 3);
    else if (kind === 2) xs.push(Math.round(r() * 1e6) / 1e3);
    else {
      const b = new DataView(new ArrayBuffer(8));
      b.setUint32(0, Math.floor(r() * 0x7fefffff));
      b.setUint32(4, Math.floor(r() * 0xffffffff));
      xs.push(b.getFloat64(0));
    }
  }
  it("matches Ruby on 2000 random and edge-case doubles", async () => {
    const exp = await rubyEvalMany(xs.map((x) => `[${x.toExponential(17)}].to_json`));
    const bad = xs.map((x, i) => [x, `[${jsonFloat(x)}]`, exp[i]] as const).filter(([, g, e]) => g !== e);
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120_000);
});
