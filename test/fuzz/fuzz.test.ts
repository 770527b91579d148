/**
 * Issue 4: fast-check fuzz of the whole engine. Random templates (ERB tag soup, random Ruby tokens
 * and snippets, random nesting) against random contexts: every case ends with output or a typed
 * LinkplateError, within the limits, without touching a JS prototype. A bounded slice with a
 * fixed seed; `npx tsx tools/fuzz.ts --runs N` runs the big one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { context, fuzzOne, prototypeFingerprint, rubyExpr, templateWithoutKnownGaps as template } from "./arbitraries.js";

const engine = await createEngine();
// A bounded slice (a few seconds of CPU); `npm run fuzz` runs 100 000 cases.
const RUNS = Number(process.env.LINKPLATE_FUZZ_RUNS ?? 1500);
const EXPR_RUNS = 300;
// Only a real hang should fail: the limits stop runaway templates long before this on any machine,
// however busy (the tools/fuzz.ts report flags renders over 2 s).
const HANG_MS = 20_000;

describe("fuzz", () => {
  it(`templates × contexts: output or typed error (${RUNS} cases, seed 4)`, () => {
    const before = prototypeFingerprint();
    fc.assert(
      fc.property(template, context, (src, ctx) => {
        const r = fuzzOne(engine, src, ctx);
        if (r.kind === "untyped") throw new Error(`untyped error for ${JSON.stringify(src)}: ${r.detail}`);
        if (r.ms > HANG_MS) throw new Error(`render took ${r.ms.toFixed(0)} ms: ${JSON.stringify(src)}`);
        return prototypeFingerprint() === before && ({} as Record<string, unknown>).polluted === undefined;
      }),
      { seed: 4, numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`single Ruby expressions with a BOSH context (${EXPR_RUNS} cases, seed 7)`, () => {
    fc.assert(
      fc.property(rubyExpr, (e) => {
        const r = fuzzOne(engine, `<%= ${e} %>`, { properties: { a: { b: 1 } }, links: { l: { instances: [{ address: "10.0.0.1" }], properties: {} } } });
        if (r.kind === "untyped") throw new Error(`untyped error for ${JSON.stringify(e)}: ${r.detail}`);
        expect(r.ms).toBeLessThan(HANG_MS);
      }),
      { seed: 7, numRuns: EXPR_RUNS, endOnFailure: true },
    );
  });
});
