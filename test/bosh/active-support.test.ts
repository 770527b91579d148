/** `blank?` / `present?` / `presence` (ActiveSupport, loaded by bosh-common's evaluation context). */
import { beforeAll, describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { type Engine, createEngine } from "../../src/engine.js";

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

function render(src: string): string {
  try {
    return engine.render(src, { properties: { s: "  ", list: [], h: {}, n: 0, word: "x" } }, { filename: "t/blank.erb" });
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
}

describe("ActiveSupport blank?", () => {
  it.each([
    ["nil.blank?", "true"],
    ["false.blank?", "true"],
    ["true.blank?", "false"],
    ["0.blank?", "false"],
    ["1.5.blank?", "false"],
    ["''.blank?", "true"],
    ["\" \\t\\n\".blank?", "true"],
    ["\"\\u00a0\\u3000\".blank?", "true"],
    ["'a'.blank?", "false"],
    ["[].blank?", "true"],
    ["[nil].blank?", "false"],
    ["{}.blank?", "true"],
    [":''.blank?", "true"],
    [":a.blank?", "false"],
    ["p('s').blank?", "true"],
    ["p('list').blank?", "true"],
    ["p('h').present?", "false"],
    ["p('n').present?", "true"],
    ["p('word').presence.inspect", "\"x\""],
    ["p('s').presence.inspect", "nil"],
    ["nil.presence.inspect", "nil"],
    ["properties.blank?", "false"],
  ])("%s", (expr, expected) => {
    expect(render(`<%= ${expr} %>`)).toBe(expected);
  });
});
