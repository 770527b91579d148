/**
 * YAML read and written as Go's yaml.v2 does (what `bosh int` prints). Expectations are yaml.v2's
 * behaviour as recorded from the bosh CLI 7.10.6 on inputs of the same shape.
 */
import { describe, expect, it } from "vitest";
import { ManifestError, YMap, parseYaml, toYaml } from "../../src/manifest/index.js";

const roundTrip = (text: string): string => toYaml(parseYaml(text));

describe("yaml.v2 typing of plain scalars", () => {
  it("follows YAML 1.1 booleans and nulls", () => {
    const doc = parseYaml("a: yes\nb: off\nc: y\nd: ~\ne:\nf: Null\ng: 'yes'\n") as YMap;
    expect(doc.get("a")).toBe(true);
    expect(doc.get("b")).toBe(false);
    expect(doc.get("c")).toBe(true);
    expect(doc.get("d")).toBe(null);
    expect(doc.get("e")).toBe(null);
    expect(doc.get("f")).toBe(null);
    expect(doc.get("g")).toBe("yes");
  });
  it("reads Go integer syntax as ints and keeps 1.0 a float", () => {
    const doc = parseYaml("hex: 0x1F\noct: 0777\nunder: 1_000\nbin: 0b101\nfloat: 1.0\nnotoct: 09\nbig: 18446744073709551615\n") as YMap;
    expect(doc.get("hex")).toBe(31n);
    expect(doc.get("oct")).toBe(511n);
    expect(doc.get("under")).toBe(1000n);
    expect(doc.get("bin")).toBe(5n);
    expect(doc.get("float")).toBe(1);
    expect(typeof doc.get("float")).toBe("number");
    expect(doc.get("notoct")).toBe(9);
    expect(doc.get("big")).toBe(18446744073709551615n);
  });
  it("keeps timestamps as strings", () => {
    expect((parseYaml("d: 2001-12-14\n") as YMap).get("d")).toBe("2001-12-14");
  });
  it("decodes each alias afresh and merges keys in order", () => {
    const doc = parseYaml("base: &b {x: 1, w: 2}\nuse:\n  <<: *b\n  w: 3\ncopy: *b\n") as YMap;
    expect(toYaml(doc)).toBe("base:\n  w: 2\n  x: 1\ncopy:\n  w: 2\n  x: 1\nuse:\n  w: 3\n  x: 1\n");
    expect(doc.get("copy")).not.toBe(doc.get("base"));
  });
  it("keeps the last of repeated keys and reads only the first document", () => {
    expect(roundTrip("a: 1\nb: 2\na: 3\n---\nc: 4\n")).toBe("a: 3\nb: 2\n");
  });
  it("rejects what yaml.v2 rejects", () => {
    expect(() => parseYaml("a: *nowhere\n")).toThrow("yaml: unknown anchor 'nowhere' referenced");
    expect(() => parseYaml("? [a, b]\n: c\n")).toThrow('yaml: invalid map key: []interface {}{"a", "b"}');
    expect(() => parseYaml("a: 'open\n")).toThrow(ManifestError);
  });
  it("reads an empty stream as null", () => {
    expect(parseYaml("")).toBe(null);
    expect(toYaml(parseYaml("---\n"))).toBe("null\n");
  });
});

describe("yaml.v2 output", () => {
  it("sorts keys in yaml.v2's natural order", () => {
    expect(roundTrip("a10: x\naa: x\na9: x\na09: x\nB: x\n")).toBe("B: x\na9: x\na09: x\na10: x\naa: x\n");
    expect(roundTrip("b: 1\n2: 1\ntrue: 1\n1.5: 1\n")).toBe("true: 1\n1.5: 1\n2: 1\nb: 1\n");
  });
  it("quotes strings that would read back as another type", () => {
    expect(toYaml(YMap.from([["a", "yes"], ["b", "1"], ["c", ""], ["d", "1:20"], ["e", "2001-12-14"], ["f", "null"]]))).toBe(
      'a: "yes"\nb: "1"\nc: ""\nd: "1:20"\ne: "2001-12-14"\nf: "null"\n',
    );
  });
  it("single-quotes indicators and double-quotes special characters", () => {
    expect(toYaml(YMap.from([["a", "- x"], ["b", "x: y"], ["c", "#c"], ["d", " lead"], ["e", "tab\there"], ["f", "it's"]]))).toBe(
      "a: '- x'\nb: 'x: y'\nc: '#c'\nd: ' lead'\ne: \"tab\\there\"\nf: it's\n",
    );
    expect(toYaml(YMap.from([["bom", "\uFEFFx"], ["emoji", "\u{1F389} party"], ["nel", "a\u0085b"]]))).toBe(
      'bom: "\\uFEFF\\x78"\nemoji: "\\U0001F389 party"\nnel: "a\\Nb"\n',
    );
  });
  it("writes multi-line strings as literal blocks with yaml.v2's hints", () => {
    expect(toYaml(YMap.from([["keep", "a\n\n"], ["lead", "  x\ny\n"], ["strip", "a\nb"], ["clip", "a\nb\n"]]))).toBe(
      "clip: |\n  a\n  b\nkeep: |+\n  a\n\nlead: |2\n    x\n  y\nstrip: |-\n  a\n  b\n",
    );
    expect(toYaml(YMap.from([["crlf", "one\r\ntwo\r\n"], ["trailing", "x  \nnext"]]))).toBe('crlf: "one\\r\\ntwo\\r\\n"\ntrailing: "x  \\nnext"\n');
  });
  it("folds long plain strings at 80 columns", () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    expect(toYaml(YMap.from([["k", words]]))).toBe(
      "k: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n  word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24\n  word25 word26 word27 word28 word29\n",
    );
  });
  it("indents lists inside maps the yaml.v2 way and writes empty collections in flow style", () => {
    expect(roundTrip("a:\n  - x: 1\n    z: [1, 2]\n  - []\n  - {}\nb: [[1, 2]]\n")).toBe("a:\n- x: 1\n  z:\n  - 1\n  - 2\n- []\n- {}\nb:\n- - 1\n  - 2\n");
  });
  it("prints floats as Go's %g and specials as YAML words", () => {
    expect(toYaml([1000000, 123456, 0.5, 1e-5, -0.75, Infinity, NaN, 1e21, 3n])).toBe("- 1e+06\n- 123456\n- 0.5\n- 1e-05\n- -0.75\n- .inf\n- .nan\n- 1e+21\n- 3\n");
  });
  it("writes a key longer than 128 bytes as a complex key", () => {
    const key = "k".repeat(129);
    expect(toYaml(YMap.from([[key, 1]]))).toBe(`? ${key}\n: 1\n`);
  });
  it("writes struct values in field order", () => {
    const s = YMap.from([["z", "1"], ["a", "2"]]);
    s.struct = true;
    expect(toYaml(YMap.from([["v", s]]))).toBe('v:\n  z: "1"\n  a: "2"\n');
  });
});
