/**
 * Kernel#singleton_class as Ruby answers it (expected values are Ruby's, any 3.x/4.0):
 * nil/true/false give their class, Integers/Floats/Symbols raise TypeError "can't define singleton",
 * other objects get their own singleton class (the one `def obj.x` and `extend` use).
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";

const engine = await createEngine();
const render = (src: string) => engine.render(src, {});

describe("singleton_class", () => {
  it.each([
    ["<%= nil.singleton_class %> <%= true.singleton_class %> <%= false.singleton_class %>", "NilClass TrueClass FalseClass"],
    ["<% class Q; end; o = Q.new %><%= o.singleton_class == o.class %> <%= o.singleton_class.superclass == Q %>", "false true"],
    ["<% class Q; end; o = Q.new %><%= o.singleton_class.equal?(o.singleton_class) %>", "true"],
    ["<% s = 'x'; def s.shout; upcase; end %><%= s.shout %> <%= s.singleton_class.instance_methods(false).inspect %>", "X [:shout]"],
    ["<% module M; end; class Q; end; o = Q.new; o.extend(M) %><%= o.singleton_class.include?(M) %> <%= Q.include?(M) %>", "true false"],
    ["<%= String.singleton_class %>", "#<Class:String>"],
  ])("%s", (src, out) => {
    expect(render(src)).toBe(out);
  });

  it.each(["<%= 1.singleton_class %>", "<%= 1.5.singleton_class %>", "<%= :a.singleton_class %>"])("%s raises TypeError", (src) => {
    expect(() => render(src)).toThrow("can't define singleton (TypeError)");
  });
});
