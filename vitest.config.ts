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
    // Each pull request the suite opens against its local fake GitHub would otherwise wait out GitHub's
    // spacing of writes (1 s, 3 s for notifying ones: seconds per PR, minutes over the suite). Child
    // processes get it through BASE_ENV and the simulated runner's environment; pulls.test.ts covers the
    // spacing itself, with this unset.
    env: { AGENT_FLOW_GITHUB_WRITE_SPACING: "off" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
