import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The longest files (about 10-30 s each on a quiet 2-core machine), slowest first. Started before the
 * rest so that the two workers end together: the default order (vitest's timings of the last run, else
 * the file size, as in a fresh clone) can leave a long, short-texted file such as workflow-e2e.test.ts to
 * run alone at the end while the other worker idles. A file missing here only runs in the default order.
 */
const SLOW_FIRST = [
  "github/jobs.test.ts",
  "github/workflow-e2e-cases.test.ts",
  "github/workflow-e2e.test.ts",
  "attacks/process-escape.test.ts",
  "integration/demo-faults.test.ts",
  "github/dist.test.ts",
  "attacks/policy-kinds.test.ts",
  "integration/pull-request.test.ts",
  "integration/commit.test.ts",
  "github/workflow-resume.test.ts",
  "agents/real-clis.test.ts",
  "integration/process.test.ts",
  "github/callers-dispatch.test.ts",
  "integration/engine.test.ts",
  "integration/locks.test.ts",
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = SLOW_FIRST.findIndex((s) => f.moduleId.endsWith(`/__tests__/${s}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    const base = await super.sort(files);
    return base
      .map((f, i) => ({ f, i, r: rank(f) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.f);
  }
}

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
    sequence: { sequencer: SlowFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
