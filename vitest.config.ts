import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    globalSetup: ["__tests__/setup/compile-src.ts", "__tests__/setup/pool-dir.ts"],
    setupFiles: ["__tests__/setup/cleanup.ts"],
    // Integration tests spawn real processes and git; two cores are shared, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
