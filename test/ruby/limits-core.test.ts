/**
 * Core methods honour the step and allocation limits: block-taking iterators count one step per
 * element, and the methods that build big values count what they allocate. Also: hash keys of
 * recursive Arrays/Hashes terminate.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { LimitExceededError } from "../../src/diagnostics/errors.js";
import { rubyInspect } from "../helpers/ruby.js";

const stepsEngine = await createEngine({ limits: { steps: 50 } });
const allocEngine = await createEngine({ limits: { allocation: 1000 } });

function failure(engine: typeof stepsEngine, src: string): unknown {
  try {
    engine.render(src, {});
  } catch (e) {
    return e;
  }
  return null;
}

describe("block iterators count a step per element", () => {
  // The 1000-element inputs come in as locals, so the only per-element work is the iterator under test.
  const a = Array.from({ length: 1000 }, (_, i) => i % 7);
  const h: Record<string, number> = {};
  for (let i = 0; i < 1000; i++) h[`k${i}`] = i;
  const cases: [string, string][] = [
    ["min_by", "<%= a.min_by { |x| x } %>"],
    ["max_by", "<%= a.max_by { |x| x } %>"],
    ["Hash#min_by", "<%= h.min_by { |k, v| v } %>"],
    ["uniq {}", "<%= a.uniq { |x| x }.size %>"],
    ["zip {}", "<% a.zip(a) { |p| p } %>"],
    ["Enumerable#zip {}", "<% (1..1000).zip(a) { |p| p } %>"],
    ["chunk_while", "<%= a.chunk_while { |x, y| x == y }.size %>"],
    ["slice_when", "<%= a.slice_when { |x, y| x != y }.size %>"],
    ["Hash#merge {}", "<%= h.merge(h) { |k, x, y| x }.size %>"],
    ["sort_by", "<%= a.sort_by { |x| x }.size %>"],
    ["min", "<%= a.min %>"],
  ];
  const render = (engine: typeof stepsEngine, src: string): unknown => {
    try {
      engine.compile(src, { locals: ["a", "h"] }).render({}, { locals: { a, h } });
    } catch (e) {
      return e;
    }
    return null;
  };
  it.each(cases)("%s", (_name, src) => {
    const e = render(stepsEngine, src);
    expect(e).toBeInstanceOf(LimitExceededError);
    expect((e as LimitExceededError).limit).toBe("steps");
  });

  it("receiving the 1000-element locals costs no steps by itself", () => {
    expect(render(stepsEngine, "<%= a.size %> <%= h.size %> <%= a.first %>")).toBe(null);
  });

  it("a generous step limit lets the same templates through", async () => {
    const engine = await createEngine({ limits: { steps: 1_000_000 } });
    for (const [, src] of cases) expect(render(engine, src)).toBe(null);
  });
});

describe("methods building big values count against the allocation limit", () => {
  const cases: [string, string][] = [
    ["String#*", "<%= ('a' * 5000).size %>"],
    ["Array.new", "<%= Array.new(5000, 0).size %>"],
    ["String#ljust", "<%= 'a'.ljust(5000).size %>"],
    ["String#center", "<%= 'a'.center(5000).size %>"],
    ["Array#*", "<%= ([0] * 5000).size %>"],
    ["Range#to_a", "<%= (1..5000).to_a.size %>"],
  ];
  it.each(cases)("%s", (_name, src) => {
    const e = failure(allocEngine, src);
    expect(e).toBeInstanceOf(LimitExceededError);
    expect((e as LimitExceededError).limit).toBe("allocation");
    expect((e as LimitExceededError).message).toContain("limit exceeded: allocation (max 1000)");
  });

  it("repeated growth adds up: String#+ and Array#+ in a loop", () => {
    for (const src of ["<% s = 'x' * 100; 20.times { s = s + s[0, 100] } %>", "<% a = [0] * 100; 20.times { a = a + [1] * 10 } %>", "<% a = []; 20.times { a.concat([0] * 100) } %>"]) {
      const e = failure(allocEngine, src);
      expect(e).toBeInstanceOf(LimitExceededError);
      expect((e as LimitExceededError).limit).toBe("allocation");
    }
  });

  it("small values stay under the limit", () => {
    expect(allocEngine.render("<%= ('a' * 100).size %> <%= Array.new(100, 0).size %>", {})).toBe("100 100");
  });
});

describe("hash keys of recursive structures", () => {
  it.each([
    ["a = []; a << a; a.hash.class", "Integer"],
    ["a = []; a << a; {a => 1}.size", "1"],
    ["a = []; a << a; [a, a].uniq.size", "1"],
    ["a = [1]; a << a; [a].uniq.size", "1"],
    ["h = {}; h[:x] = h; h.hash.class", "Integer"],
    ["h = {}; h[:x] = h; {h => 1}.size", "1"],
    ["a = []; a << a; b = [a, 1]; [b, b].uniq.size", "1"],
    ["a = []; a << a; a.inspect", '"[[...]]"'],
  ])("%s", (code, want) => {
    expect(rubyInspect(code)).toBe(want);
  });
});
