/** Node kinds come from Prism's visitor protocol, so minified node classes still compile. */
import { describe, expect, it } from "vitest";
import { nodeKind } from "../../src/ruby/parse/node-kind.js";
import { loadPrismParser } from "../../src/ruby/parse/prism.js";

describe("nodeKind", () => {
  it("names every node of a program as its class does", async () => {
    const parse = await loadPrismParser();
    const result = parse("x = [1, *y]; def f(a, b: 2, &c) = a&.b { |q| q ** 2 }; case x in [Integer => n] then n end; /re#{x}/ =~ 's'");
    const seen = new Set<string>();
    const walk = (n: unknown): void => {
      if (n === null || typeof n !== "object") return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (typeof (n as { accept?: unknown }).accept === "function") {
        expect(nodeKind(n)).toBe(n.constructor.name);
        seen.add(nodeKind(n));
        for (const v of Object.values(n)) walk(v);
      }
    };
    walk(result.value);
    expect(seen.size).toBeGreaterThan(20);
  });

  it("does not depend on the class's name", async () => {
    const parse = await loadPrismParser();
    const node = parse("self").value;
    class Renamed extends (node.constructor as new (...a: unknown[]) => object) {}
    Object.defineProperty(Renamed, "name", { value: "e" });
    const copy = Object.setPrototypeOf({ ...node }, Renamed.prototype) as object;
    expect(nodeKind(copy)).toBe("ProgramNode");
  });
});
