import { defineConfig } from "vitest/config";
import { POOL } from "./vitest.config.js";

/**
 * `npm run test:slow`: suites too heavy for a quick `npm test`: the CLI spawned dozens of times
 * (the output folder killed at every write and rename), the worker heap bound, and every
 * interpreter method called on adversarial receivers (method-budget). CI runs them after the unit
 * tests.
 */
export default defineConfig({
  test: {
    ...POOL,
    include: ["test/**/*.slow.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
  },
});
