/**
 * The live CRuby 4.0 oracle (ruby.wasm) behind the recorded answers in test/fixtures/oracle:
 *   npm run oracle:record   (--mode record) re-asks CRuby and rewrites the fixtures;
 *   npm run test:oracle     (--mode verify) runs the same suites on CRuby's live answers and fails
 *                           when a fixture is stale, missing an answer, or left without its test.
 * It runs every test file that uses recordedOracle, plus test/oracle (the oracle's own checks).
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { POOL } from "./vitest.config.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const FIXTURES = join(ROOT, "test", "fixtures", "oracle");

function walk(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, suffix) : p.endsWith(suffix) ? [p] : [];
  });
}

/** Test files that read recorded oracle answers (found by their call, so new suites join by themselves). */
const oracleSuites = walk(join(ROOT, "test"), ".test.ts").filter((f) => readFileSync(f, "utf8").includes("recordedOracle(import.meta.url)"));

/** Fixtures whose test file is gone or no longer uses the oracle. */
function orphanFixtures(): string[] {
  const wanted = new Set(oracleSuites.map((f) => join(FIXTURES, `${relative(join(ROOT, "test"), f).replace(/\.test\.ts$/, "")}.json`)));
  return walk(FIXTURES, ".json").filter((f) => !wanted.has(f));
}

export default defineConfig(({ mode }) => {
  if (mode !== "record" && mode !== "verify") throw new Error(`vitest.oracle.config.ts needs --mode record or --mode verify, got '${mode}'`);
  const orphans = orphanFixtures();
  if (mode === "record") for (const f of orphans) rmSync(f);
  else if (orphans.length > 0) throw new Error(`oracle fixtures without a test using recordedOracle (run \`npm run oracle:record\`): ${orphans.map((f) => relative(ROOT, f)).join(", ")}`);
  return {
    test: {
      ...POOL,
      include: [...oracleSuites.map((f) => relative(ROOT, f)), "test/oracle/**/*.test.ts"],
      env: { LINKPLATE_ORACLE: mode },
      testTimeout: 600_000,
      hookTimeout: 600_000,
    },
  };
});
