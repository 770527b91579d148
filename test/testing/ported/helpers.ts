/** Shared by the ported RSpec suites: corpus paths, the recorded result of an example, YAML.load. */
import { join } from "node:path";
import { expect } from "vitest";
import { TemplateRenderError } from "../../../src/diagnostics/errors.js";
import { loadYaml } from "../../../src/ruby/data/yaml.js";
import { plainFromRuby } from "../../../src/testing/plain.js";
import { CORPUS, HAVE_CORPUS, caseAt } from "../../../tools/corpus-cases.js";

export { HAVE_CORPUS };

export const releasePath = (release: string): string => join(CORPUS, release);

/** Ruby's `YAML.load(text)` as plain data, for `toEqual` against the RSpec's expected Hash. */
export function yamlLoad(text: string): unknown {
  return plainFromRuby(loadYaml(text, "(rendered)"));
}

/** The output must be byte-identical to what BOSH's own helpers gave for this RSpec example. */
export function expectRecordedOutput(release: string, origin: string, output: string, nth = 0): void {
  const c = caseAt(release, origin, nth);
  expect(c.expected.output, `${c.id} recorded an error`).toBeDefined();
  expect(output).toBe(c.expected.output);
}

/** The render must fail as BOSH's own helpers failed for this RSpec example (class and message). */
export function expectRecordedError(release: string, origin: string, render: () => unknown, nth = 0): TemplateRenderError {
  const c = caseAt(release, origin, nth);
  let error: unknown = null;
  try {
    render();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TemplateRenderError);
  const e = error as TemplateRenderError;
  expect({ class: e.rubyClass, message: e.rubyMessage }).toEqual(c.expected.error);
  return e;
}
