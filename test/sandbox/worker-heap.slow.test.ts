/**
 * A render that exhausts a worker's heap (slow: near its heap limit V8 collects garbage for tens of
 * seconds before giving up). Runs with `npm run test:slow`; worker-isolate.test.ts has the rest.
 */
import { describe, expect, it } from "vitest";
import { LimitExceededError } from "../../src/diagnostics/errors.js";
import { createEngine } from "../../src/engine.js";

const CANARY = "port: <%= p('port') %> <%= [1, 2].map { |x| x * 3 }.inspect %>\n";

describe("worker isolation, heap", () => {
  it("a render that exhausts the worker's heap is a LimitExceededError and the host survives", async () => {
    // A generous clock: near its heap limit V8 collects garbage for a long time before giving up,
    // and on a loaded machine that must not turn into a timeout instead.
    const big = await createEngine({ isolate: "worker", timeoutMs: 200_000, maxHeapMb: 96 });
    const err = await big
      .render("<% a = []; loop { a << ('x' * 4_000_000 + a.size.to_s) } %>", { properties: {} }, { limits: { steps: 1e15, allocation: 1e15, arraySize: 1e15 } })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(LimitExceededError);
    expect((err as LimitExceededError).limit).toBe("worker heap (MiB)");
    expect(await big.render(CANARY, { properties: { port: 8080 } })).toBe("port: 8080 [3, 6]\n");
    await big.close();
  }, 240_000);

});
