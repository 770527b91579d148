import { describe, expect, test } from "vitest";
import { TemplateRenderError, TemplateSyntaxError, UnsupportedRubyError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";

const engine = await createEngine();

describe("compile once, render many", () => {
  test("rendering a compiled template twice parses nothing the second time", () => {
    const before = engine.parseCount;
    const t = engine.compile("<% 3.times do |i| %><%= i %>,<% end %>", { filename: "job/x.erb" });
    expect(engine.parseCount).toBe(before + 1);
    expect(t.render({})).toBe("0,1,2,");
    expect(t.render({})).toBe("0,1,2,");
    expect(engine.parseCount).toBe(before + 1);
  });

  test("renders are independent: template-defined methods and mutated properties do not leak", () => {
    const t = engine.compile("<% def twice(x) x * 2 end %><%= twice(p('n')) %><% p('list') << 9 %><%= p('list').inspect %>");
    const ctx = { properties: { n: 2, list: [1] } };
    expect(t.render(ctx)).toBe("4[1, 9]");
    expect(t.render(ctx)).toBe("4[1, 9]");
    expect(() => engine.compile("<%= twice(1) %>").render({})).toThrow(/undefined method 'twice'/);
  });
});

describe("contexts are read as Ruby reads them", () => {
  test("JSON keeps whole-number floats and key order", () => {
    const ctx = engine.parseContext('{"properties": {"f": 1.0, "h": {"b": 1, "503": 2}}}', "json");
    expect(engine.render("<%= p('f') %> <%= p('h').keys.inspect %>", ctx)).toBe('1.0 ["b", "503"]');
  });
  test("YAML follows Psych: yes is true, 0755 is octal, 1:20 is sexagesimal", () => {
    const ctx = engine.parseContext("properties:\n  a: yes\n  b: 0755\n  c: 1:20\n  d: n\n", "yaml");
    expect(engine.render("<%= [p('a'), p('b'), p('c'), p('d')].inspect %>", ctx)).toBe('[true, 493, 4800, "n"]');
  });
  test("plain JS data works as a context", () => {
    expect(engine.render("<%= spec.name %>/<%= spec.index %> <%= p('a.b') %>", { name: "web", index: 1, properties: { a: { b: "c" } } })).toBe("web/1 c");
  });
});

describe("errors carry Ruby's class and message and the template position", () => {
  test("a Ruby exception", () => {
    const t = engine.compile("line one\n<%= p('x').foo %>\n", { filename: "web/config.erb" });
    let err: unknown;
    try {
      t.render({ properties: { x: 1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateRenderError);
    const r = err as TemplateRenderError;
    expect(r.rubyClass).toBe("NoMethodError");
    expect(r.rubyMessage).toBe("undefined method 'foo' for an instance of Integer");
    expect([r.filename, r.line, r.column]).toEqual(["web/config.erb", 2, 12]);
    expect(r.frame).toContain("> 2 | <%= p('x').foo %>");
  });
  test("BOSH's UnknownProperty message built from the array of names", () => {
    expect(() => engine.render("<%= p('a.b') %>", { properties: {} })).toThrow(`Can't find property '["a.b"]'`);
  });
  test("a syntax error is a TemplateSyntaxError at the template line", () => {
    let err: unknown;
    try {
      engine.compile("ok\n<% if true %>\n<%= 1 +  %>\n", { filename: "t.erb" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect((err as TemplateSyntaxError).line).toBe(3);
    expect((err as TemplateSyntaxError).filename).toBe("t.erb");
  });
  test("unsupported Ruby names the construct and line", () => {
    let err: unknown;
    try {
      engine.render("\n<% x = case 1\n in Integer then 1\n end %>", {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedRubyError);
    expect((err as UnsupportedRubyError).construct).toBe("pattern matching (case/in)");
    expect((err as UnsupportedRubyError).line).toBe(2);
  });
});
