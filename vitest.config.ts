import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/testing/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
