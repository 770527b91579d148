/** Unit tests of the evaluation context's data side (no interpreter needed). */
import { describe, expect, it } from "vitest";
import { InputError, UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import {
  cActiveElseBlock,
  cEvaluationContext,
  cEvaluationLink,
  cEvaluationLinkInstance,
  cInactiveElseBlock,
  cUnknownLink,
  cUnknownProperty,
} from "../../src/bosh/classes.js";
import { createEvaluationContext, deepCopy, rubyFromPlainJson } from "../../src/bosh/evaluation-context.js";
import { ROpenStruct, cBackCompatOpenStruct, cOpenStruct, openstruct, openstructView } from "../../src/bosh/open-struct.js";
import { splitDots } from "../../src/bosh/property-helper.js";
import { parseJson } from "../../src/ruby/data/json.js";
import { RArray, RFloat, RHash, RString, cStandardError, invalidateMethodCaches, str, sym } from "../../src/ruby/runtime/values.js";

const CONTEXT = `{"name":"web","index":0,"networks":{"default":{"ip":"10.0.0.1"}},"properties":{"a":{"b":"c"},"f":1.0,"list":[{"x":1}]},"links":{"db":{"instances":[]}}}`;

describe("class names", () => {
  it("are bosh-common's", () => {
    expect(cEvaluationContext.name).toBe("Bosh::Common::Template::EvaluationContext");
    expect(cEvaluationLink.name).toBe("Bosh::Common::Template::EvaluationLink");
    expect(cEvaluationLinkInstance.name).toBe("Bosh::Common::Template::EvaluationLinkInstance");
    expect(cActiveElseBlock.name).toBe("Bosh::Common::Template::EvaluationContext::ActiveElseBlock");
    expect(cInactiveElseBlock.name).toBe("Bosh::Common::Template::EvaluationContext::InactiveElseBlock");
    expect(cUnknownProperty.name).toBe("Bosh::Common::Template::UnknownProperty");
    expect(cUnknownLink.name).toBe("Bosh::Common::Template::UnknownLink");
    expect(cBackCompatOpenStruct.name).toBe("Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct");
    expect(cOpenStruct.name).toBe("OpenStruct");
  });
  it("exceptions are StandardErrors", () => {
    expect(cUnknownProperty.isSubclassOf(cStandardError)).toBe(true);
    expect(cUnknownLink.isSubclassOf(cStandardError)).toBe(true);
  });
});

describe("splitDots (String#split('.'))", () => {
  it.each([
    ["a.b.c", ["a", "b", "c"]],
    ["a", ["a"]],
    ["", []],
    ["a..b", ["a", "", "b"]],
    ["a.b.", ["a", "b"]],
    [".a", ["", "a"]],
    ["...", []],
  ])("%j", (input, expected) => {
    expect(splitDots(input)).toEqual(expected);
  });
});

describe("createEvaluationContext", () => {
  it("builds name, index, spec, properties, raw_properties and links", () => {
    const ctx = createEvaluationContext(parseJson(CONTEXT), { dns: null });
    expect(ctx.cls).toBe(cEvaluationContext);
    expect((ctx.getIvar("@name") as RString).s).toBe("web");
    expect(ctx.getIvar("@index")).toBe(0);
    const spec = ctx.getIvar("@spec") as ROpenStruct;
    expect(spec).toBeInstanceOf(ROpenStruct);
    expect(spec.cls).toBe(cBackCompatOpenStruct);
    expect([...spec.table.entries()].map(([k]) => k)).toEqual([sym("name"), sym("index"), sym("networks"), sym("properties"), sym("links")]);
    const nets = spec.table.lookup(sym("networks")) as ROpenStruct;
    expect(nets.cls).toBe(cBackCompatOpenStruct);
    const props = ctx.getIvar("@properties") as ROpenStruct;
    expect(props.cls).toBe(cOpenStruct);
    const list = props.table.lookup(sym("list")) as RArray;
    expect(list).toBeInstanceOf(RArray);
    expect((list.a[0] as ROpenStruct).cls).toBe(cOpenStruct);
    const raw = ctx.getIvar("@raw_properties") as RHash;
    expect(raw).toBeInstanceOf(RHash);
    expect(raw.getStr("f")).toBeInstanceOf(RFloat);
    // The OpenStruct view and the raw hash share leaf objects (openstruct keeps non-Hash values).
    const a = props.table.lookup(sym("a")) as ROpenStruct;
    expect(a.table.lookup(sym("b"))).toBe((raw.getStr("a") as RHash).getStr("b"));
    expect((ctx.getIvar("@links") as RHash).getStr("db")).toBeInstanceOf(RHash);
    expect(ctx.getIvar("@dns_encoder")).toBe(null);
  });

  it("deep-copies the context: each context has its own values", () => {
    const input = parseJson(CONTEXT) as RHash;
    const c1 = createEvaluationContext(input, { dns: null });
    const c2 = createEvaluationContext(input, { dns: null });
    const r1 = c1.getIvar("@raw_properties") as RHash;
    const r2 = c2.getIvar("@raw_properties") as RHash;
    expect(r1).not.toBe(r2);
    expect(r1).not.toBe(input.getStr("properties"));
    ((r1.getStr("a") as RHash).getStr("b") as RString).s = "mutated";
    expect(((r2.getStr("a") as RHash).getStr("b") as RString).s).toBe("c");
    expect((((input.getStr("properties") as RHash).getStr("a") as RHash).getStr("b") as RString).s).toBe("c");
  });

  it("defaults missing properties and links to empty hashes", () => {
    const ctx = createEvaluationContext(parseJson(`{"name":"x"}`), { dns: null });
    expect(ctx.getIvar("@raw_properties")).toBeInstanceOf(RHash);
    expect((ctx.getIvar("@raw_properties") as RHash).size).toBe(0);
    expect((ctx.getIvar("@links") as RHash).size).toBe(0);
    expect(ctx.getIvar("@index")).toBe(null);
  });

  it("accepts plain JSON data", () => {
    const ctx = createEvaluationContext({ name: "n", properties: { x: 1.5, y: 2 } }, { dns: null });
    const raw = ctx.getIvar("@raw_properties") as RHash;
    expect(raw.getStr("x")).toBeInstanceOf(RFloat);
    expect(raw.getStr("y")).toBe(2);
  });

  it("rejects a context that is not a Hash with BOSH's message", () => {
    expect(() => createEvaluationContext(parseJson("[1]"), { dns: null })).toThrow(InputError);
    expect(() => createEvaluationContext(parseJson("[1]"), { dns: null })).toThrow("Invalid spec provided for template evaluation context, Hash expected, Array given");
  });

  it("builds a director encoder from DNS index tables", () => {
    const ctx = createEvaluationContext(parseJson(CONTEXT), {
      dns: { azIndices: new Map([["z1", 1]]), shortDns: false, serviceGroups: [], instanceIndices: new Map(), networkIndices: new Map() },
    });
    expect(ctx.getIvar("@dns_encoder")?.toString()).not.toBe(null);
    expect((ctx.getIvar("@dns_encoder") as { cls: { name: string } }).cls.name).toBe("Bosh::Director::DnsEncoder");
  });
});

describe("deepCopy (Marshal round trip)", () => {
  it("keeps sharing and cycles", () => {
    const shared = new RString("s");
    const a = new RArray([shared, shared]);
    a.a.push(a);
    const c = deepCopy(a) as RArray;
    expect(c).not.toBe(a);
    expect(c.a[0]).toBe(c.a[1]);
    expect(c.a[0]).not.toBe(shared);
    expect(c.a[2]).toBe(c);
  });
  it("keeps a String's encoding (Marshal does)", () => {
    const ascii = new RString("a");
    ascii.encTag = 1;
    const broken = new RString("\xff", true);
    broken.encTag = 2;
    const c = deepCopy(new RArray([ascii, broken])) as RArray;
    expect((c.a[0] as RString).encTag).toBe(1);
    expect((c.a[1] as RString).encTag).toBe(2);
    expect((c.a[1] as RString).binary).toBe(true);
  });
  it("unfreezes string values but keeps frozen string keys", () => {
    const h = new RHash();
    const v = new RString("v");
    v.frozen = true;
    h.set(new RString("k"), v);
    const c = deepCopy(h) as RHash;
    const [[k, x]] = [...c.entries()];
    expect((k as RString).frozen).toBe(true);
    expect((x as RString).frozen).toBe(false);
  });
});

describe("openstruct()", () => {
  it("converts hashes inside arrays and keeps other values", () => {
    const v = rubyFromPlainJson({ a: [{ b: 1 }, 2, "s"] });
    const os = openstruct(v) as ROpenStruct;
    const arr = os.table.lookup(sym("a")) as RArray;
    expect(arr.a[0]).toBeInstanceOf(ROpenStruct);
    expect(arr.a[1]).toBe(2);
    expect((arr.a[2] as RString).s).toBe("s");
  });
  it("returns arrays and scalars converted at top level too", () => {
    expect(openstruct(null)).toBe(null);
    expect(openstruct(rubyFromPlainJson([{ a: 1 }])) as RArray).toBeInstanceOf(RArray);
  });
});

describe("openstructView() (spec and properties, a level at a time)", () => {
  it("builds a level when its table is first read, from the source as it was", () => {
    const source = rubyFromPlainJson({ a: { b: { c: 1 } } }) as RHash;
    const os = openstructView(source, cOpenStruct, (x) => x) as ROpenStruct;
    // The fields exist (accessors decided) before the values are converted.
    expect(os.getIvar("@table")).toBeInstanceOf(RHash);
    const a = os.table.lookup(sym("a")) as ROpenStruct;
    expect(a).toBeInstanceOf(ROpenStruct);
    expect([...a.table.entries()].map(([k]) => k)).toEqual([sym("b")]);
  });

  it("reads one field without converting the others, and the table keeps what that read made", () => {
    const source = new RHash();
    source.set(str("a"), 1);
    source.set(str("b"), rubyFromPlainJson({ c: 1 }));
    source.set(sym("a"), 2);
    let conversions = 0;
    const os = openstructView(source, cOpenStruct, (x) => (conversions++, x)) as ROpenStruct;
    const b = os.field(sym("b"));
    expect(b).toBeInstanceOf(ROpenStruct);
    expect(conversions).toBe(0);
    // ostruct's table: "a" then :a is one field, in the first one's place, with the last value.
    expect(os.field(sym("a"))).toBe(2);
    expect([...os.table.entries()]).toEqual([[sym("a"), 2], [sym("b"), b]]);
    expect(os.table.lookup(sym("b"))).toBe(b);
  });

  it("refuses to build a level after a method was added to OpenStruct since the view was made", () => {
    const source = rubyFromPlainJson({ a: { b: { c: 1 } } }) as RHash;
    const os = openstructView(source, cOpenStruct, (x) => x) as ROpenStruct;
    const a = os.table.lookup(sym("a")) as ROpenStruct;
    // Ruby decided which fields a method shadows when it built the whole view, before any such change.
    cOpenStruct.define("added_by_a_test", () => null, 0);
    try {
      expect(() => a.table).toThrow(UnsupportedRubyError);
      expect(() => a.table).toThrow("unsupported Ruby: reading spec or properties after the template defined methods on OpenStruct or its ancestors");
    } finally {
      cOpenStruct.methods.delete("added_by_a_test");
      invalidateMethodCaches();
    }
  });
});

