import { defineConfig } from "vitest/config";
import { POOL } from "./vitest.config.js";

/** `npm run test:browser`: the built site (npm run docs) in headless Chromium through playwright-core. */
export default defineConfig({
  test: {
    ...POOL,
    maxWorkers: 1,
    include: ["test/browser/**/*.browser.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
