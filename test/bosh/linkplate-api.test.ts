/**
 * The corpus folder written to exercise exactly BOSH's template API (../shared/corpus/linkplate-api):
 * every case must render byte for byte (or fail with the same Ruby error). Read at test time.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { type Engine, createEngine } from "../../src/engine.js";
import { parseJson } from "../../src/ruby/data/json.js";
import { RHash } from "../../src/ruby/runtime/values.js";

const DIR = resolve(process.cwd(), "../shared/corpus/linkplate-api");
const present = existsSync(join(DIR, "cases.jsonl"));

interface Case {
  id: string;
  job: string;
  template: string;
  dns: Record<string, unknown> | null;
  expected: { output?: string; error?: { class: string; message: string } };
}

const lines = present ? readFileSync(join(DIR, "cases.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "") : [];

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

describe.skipIf(!present)("corpus: linkplate-api", () => {
  it.each(lines.map((l) => [(JSON.parse(l) as Case).id, l]))("%s", (_id, line) => {
    const c = JSON.parse(line) as Case;
    const context = (parseJson(line, "cases.jsonl") as RHash).getStr("context")!;
    const source = readFileSync(join(DIR, c.template), "utf8");
    const filename = `${c.job}/${c.template.split("/templates/")[1]}`;
    const template = engine.compile(source, { filename });
    if (c.expected.error) {
      let err: unknown = null;
      try {
        template.render(context, { dns: c.dns });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TemplateRenderError);
      const e = err as TemplateRenderError;
      expect(`${e.rubyClass}: ${e.rubyMessage}`).toBe(`${c.expected.error.class}: ${c.expected.error.message}`);
    } else {
      expect(template.render(context, { dns: c.dns })).toBe(c.expected.output);
    }
  });
});
