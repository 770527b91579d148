import { defineConfig, type ViteUserConfig } from "vitest/config";

/**
 * `npm test`: the unit suites, CRuby answers read from test/fixtures/oracle (the live wasm oracle
 * is for vitest.oracle.config.ts only). Two forked workers with a bounded heap: the machines that
 * run this have two cores, and an unbounded pool there has crashed workers under load.
 */
export const POOL: NonNullable<ViteUserConfig["test"]> = {
  pool: "forks",
  maxWorkers: 2,
  execArgv: ["--max-old-space-size=2048"],
};

export default defineConfig({
  test: {
    ...POOL,
    include: ["test/**/*.test.ts", "examples/testing/**/*.test.ts"],
    // The oracle's own checks load the wasm VM: `npm run test:oracle`.
    // The built site in Chromium: `npm run test:browser`.
    // Suites too heavy for a quick run (CLI crash tests, the method budget harness): `npm run test:slow`.
    exclude: ["test/oracle/**", "test/**/*.slow.test.ts", "test/browser/**", "**/node_modules/**"],
    // Generous bounds against hangs only; no test relies on being fast.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
