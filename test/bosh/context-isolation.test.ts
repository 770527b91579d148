/**
 * The render's copy of the context is made lazily (src/bosh/lazy-properties.ts), with the same
 * guarantees as the director's whole copy per template: a template never changes the caller's
 * input or another render's, and inside one render every path to a value reaches the same copy
 * (BOSH's `p` reads the copied `raw_properties` Hash: mutations through one path show through the
 * others, shared objects stay shared).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Engine, createEngine } from "../../src/engine.js";
import { parseJson } from "../../src/ruby/data/json.js";
import { RArray, RHash, RString, type Value, str } from "../../src/ruby/runtime/values.js";

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

const JSON_CONTEXT = JSON.stringify({
  name: "web",
  index: 0,
  properties: { a: { b: "B", list: [1, { c: "C" }] }, s: "S", port: 80, nested: { deep: { x: "X" } } },
  links: {},
});

const SNAPSHOT = "<%= raw_properties.inspect %>|<%= spec.name %>";
const PRISTINE = '{"a" => {"b" => "B", "list" => [1, {"c" => "C"}]}, "s" => "S", "port" => 80, "nested" => {"deep" => {"x" => "X"}}}|web';

function render(src: string, ctx: Value): string {
  return engine.compile(src, { filename: "t/iso.erb" }).render(ctx);
}

describe("lazy per-render copy of the context", () => {
  const mutating: Array<[string, string, string]> = [
    ["string through p", "<% p('a.b') << '!' -%><%= p('a')['b'] %> <%= raw_properties['a']['b'] %> <%= properties.a.b %>", "B! B! B!"],
    ["hash through p, read by path", "<% p('a')['b'] = 'new' -%><%= p('a.b') %> <%= raw_properties['a']['b'] %>", "new new"],
    ["array through p", "<% p('a.list') << 2 -%><% p('a.list')[1]['c'] = 'D' -%><%= p('a.list').inspect %> <%= p('a')['list'].length %>", '[1, {"c" => "D"}, 2] 3'],
    ["raw_properties first, then p", "<% raw_properties['a']['b'] = 1 -%><% raw_properties['s'] = 'T' -%><%= p('a.b') %> <%= p('s') %>", "1 T"],
    ["p first, then raw_properties", "<% x = p('nested.deep') -%><% x['x'] = 'Y' -%><%= raw_properties['nested']['deep'].equal?(x) %> <%= raw_properties.dig('nested', 'deep', 'x') %> <%= p('nested.deep.x') %>", "true Y Y"],
    ["deleting a key", "<% p('a').delete('b') -%><%= p('a.b', 'gone') %><% if_p('a.b') do -%> there<% end -%>", "gone"],
    ["replacing @raw_properties", "<% @raw_properties = { 'a' => { 'b' => 42 } } -%><%= p('a.b') %> <%= p('s', 'none') %>", "42 none"],
    ["instance_variable_set", "<% instance_variable_set(:@raw_properties, { 's' => 'Z' }) -%><%= p('s') %>", "Z"],
    ["spec view shares leaves", "<% p('s') << '?' -%><%= spec.properties.s %> <%= properties.s %>", "S? S?"],
    ["name copy", "<% spec.name << '-x' -%><%= name %> <%= spec.name %>", "web-x web-x"],
  ];
  for (const [label, src, expected] of mutating) {
    it(`${label}: visible inside the render, invisible to the next one and to the caller`, () => {
      const ctx = parseJson(JSON_CONTEXT, "ctx.json");
      expect(render(src, ctx)).toBe(expected);
      expect(render(src, ctx)).toBe(expected);
      expect(render(SNAPSHOT, ctx)).toBe(PRISTINE);
    });
  }

  it("the same value is the same object on every path within a render", () => {
    const ctx = parseJson(JSON_CONTEXT, "ctx.json");
    expect(render("<%= p('a').equal?(p('a')) %> <%= p('a.b').equal?(p('a')['b']) %> <%= p('a').equal?(raw_properties['a']) %> <% if_p('a') do |a| -%><%= a.equal?(p('a')) ? 'same' : 'other' %><% end -%>", ctx)).toBe("true true true same");
  });

  it("objects shared in the input stay shared in the copy, and stay untouched outside it", () => {
    const shared = new RString("v");
    const list = new RArray([shared]);
    const props = new RHash();
    props.set(str("x"), shared);
    props.set(str("y"), list);
    const ctx = new RHash();
    ctx.set(str("properties"), props);
    expect(render("<% p('x') << 'w' -%><%= p('x').equal?(p('y')[0]) %> <%= p('y').inspect %>", ctx)).toBe('true ["vw"]');
    expect(shared.s).toBe("v");
    expect(render("<%= p('y').inspect %>", ctx)).toBe('["v"]');
  });

  it("walks remembered from earlier renders of a context still see what this render changed", () => {
    const ctx = parseJson(JSON_CONTEXT, "ctx.json");
    const reader = "<%= p('a.b') %> <%= p('nested.deep.x') %> <%= p('s.x', 'd') %>";
    expect(render(reader, ctx)).toBe("B X d");
    const writer = "<% p('a')['b'] = 'new' -%><% p('nested')['deep'] = { 'x' => 'Q' } -%><% raw_properties['s'] = { 'x' => 'T' } -%>";
    expect(render(`${writer}${reader}`, ctx)).toBe("new Q T");
    expect(render(reader, ctx)).toBe("B X d");
  });

  it("names beyond the remembered ones are still looked up, each the same way", () => {
    const ctx = parseJson(JSON.stringify({ properties: { a: { n: 2 } } }), "ctx.json");
    const src = "<%= (0...5000).sum { |i| p(\"a.k#{i}\", 1) } + p('a.n') %>";
    expect(render(src, ctx)).toBe("5002");
    expect(render(src, ctx)).toBe("5002");
  });

  it("a property path through a non-Hash takes Ruby's dispatch (same errors as before)", () => {
    const ctx = parseJson(JSON_CONTEXT, "ctx.json");
    expect(() => render("<%= p('a.list.c') %>", ctx)).toThrow(/no implicit conversion of String into Integer/);
    expect(render("<%= p('s.x', 'd') %>", ctx)).toBe("d");
  });
});

/**
 * `spec` and `properties` are built a level at a time as the template reads them; Ruby built them
 * whole in `EvaluationContext.new`. Expected values recorded from bosh-common's EvaluationContext
 * (../shared/reference) on Debian's ruby 3.1.
 */
describe("OpenStruct views built level by level", () => {
  const recorded: Array<[string, string]> = [
    // The view was made before the template changed the Hash it came from.
    ["<% p('a')['b'] = 'new' %><%= spec.properties.a.b %>", "B"],
    ["<% p('a')['list'][1]['c'] = 'D' %><%= spec.properties.a.list[1].c %>", "C"],
    // ... and shares its leaves with raw_properties.
    ["<% p('nested.deep.x') << '!' %><%= spec.properties.nested.deep.x %>|<%= properties.nested.deep.x %>", "X!|X!"],
    ["<%= spec.properties.a.list.last.class %>", "Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct"],
    ["<%= properties.nested.deep.to_h.keys.first.inspect %>", ":x"],
  ];
  it.each(recorded)("%s", (src, expected) => {
    expect(render(src, parseJson(JSON_CONTEXT, "ctx.json"))).toBe(expected);
  });

  it("a key ostruct cannot make a Symbol fails the render wherever it is, as EvaluationContext.new does", () => {
    const ports = new RHash();
    ports.set(80, str("http"));
    const props = new RHash();
    props.set(str("deep"), new RArray([ports]));
    const ctx = new RHash();
    ctx.set(str("name"), str("web"));
    ctx.set(str("properties"), props);
    // Ruby: NoMethodError (undefined method `to_sym' for 80:Integer) before the template runs.
    expect(() => render("<%= name %>", ctx)).toThrow("context hash key 80 cannot become an OpenStruct field (Ruby calls to_sym on it)");
  });

  it("a context that contains itself is refused (Ruby overflows its stack converting it)", () => {
    const props = new RHash();
    props.set(str("self"), props);
    const ctx = new RHash();
    ctx.set(str("properties"), props);
    expect(() => render("<%= 1 %>", ctx)).toThrow("context contains itself (a Hash or Array nested in itself)");
  });

  it("a context sharing sub-structures many times over is checked in time linear in its size", () => {
    // 2^40 paths through 40 distinct Arrays (YAML aliases of aliases make such documents).
    let v: Value = str("leaf");
    for (let i = 0; i < 40; i++) v = new RArray([v, v]);
    const props = new RHash();
    props.set(str("x"), v);
    const ctx = new RHash();
    ctx.set(str("properties"), props);
    expect(render("<%= p('x').size %>", ctx)).toBe("2");
  });
});

