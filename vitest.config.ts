import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    globalSetup: ["__tests__/setup/compile-src.ts", "__tests__/setup/pool-dir.ts"],
    setupFiles: ["__tests__/setup/cleanup.ts"],
    // Integration tests spawn real processes and git; two cores are shared, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
    // Each worker runs its files one after another in one process: loading vitest and src/ once per
    // worker instead of once per file saves ~0.8 s of CPU per file. Files must therefore put back what they
    // change in the process (process.env, globals) and stop what they start: they all do (afterAll/finally).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
