/**
 * Differential suite (issue 3 item 5): random Ruby values and small expressions over core methods,
 * evaluated with `.inspect` by CRuby 4.0 (wasm oracle) and by linkplate; results (or exception class
 * and message) must agree. This is the bounded slice run by `npm test` (fixed seed); the larger run
 * is `tsx tools/fuzz-ruby.ts [--runs N]`.
 */
import { expect, test } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { rubyInspect } from "../helpers/ruby.js";
import { coveredMethods, runDifferential, sampleCases } from "./gen.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

const SEED = 20261122;
const RUNS = 300;

test("the generators cover at least 150 core methods", () => {
  expect(coveredMethods().length).toBeGreaterThanOrEqual(150);
});

test(`${RUNS} random expressions agree with CRuby 4.0`, async () => {
  const cases = sampleCases(RUNS, SEED);
  const result = await runDifferential(cases, rubyEvalMany, rubyInspect);
  const report = result.disagreements.map((d) => `[${d.method}] ${d.code}\n  ruby: ${d.ruby}\n  ours: ${d.ours}`).join("\n");
  expect(report).toBe("");
  // A case linkplate refuses as unsupported is no agreement either: the generator must not produce one.
  expect(result.unsupported.map((c) => `[${c.method}] ${c.code}`)).toEqual([]);
});
