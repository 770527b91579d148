import { defineConfig } from "vitest/config";
import { POOL } from "./vitest.config.js";

/**
 * `npm run test:slow`: suites that spawn the CLI dozens of times (the output folder killed at every
 * write and rename). CI runs them after the unit tests; `npm test` leaves them out to stay quick.
 */
export default defineConfig({
  test: {
    ...POOL,
    include: ["test/**/*.slow.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
  },
});
