import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import { WHOLE_FLOW as FLOW, makeWorld, runLocally, TOKEN } from "../helpers/jobs.js";
import { git } from "../helpers/repo.js";
import { failedLogs, ranJobs, simulate } from "../helpers/workflow-e2e.js";
import { formatTimings } from "../helpers/workflow-sim.js";

// Whole workflow runs of the committed reusable workflow: every job as the runner runs it (the action's
// entry started with INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH), every matrix leg in
// its own clone, state between jobs through the real @actions/cache client against the emulated cache
// service, and the pull request through the OpenAPI-validated REST server. This case starts the bundled
// dist/index.js in every job (the suite's one whole-flow check of the bundle: it needs a fresh
// `npm run build`); the other cases (workflow-e2e-cases.test.ts) start the compiled src.

let fake: FakeGitHub;
let cache: CacheServer;
beforeAll(async () => {
  fake = await FakeGitHub.start(TOKEN);
  cache = await startCacheServer();
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await cache.close();
  await fake.close();
});

describe("the reusable workflow, simulated end to end", () => {
  it("runs the flow with a parallel group and a tests_failed -> triage loop to the same PR tree as agent-flow run", async () => {
    const w = makeWorld(fake, "e2e", FLOW);
    const artifacts = tempDir("agent-flow-artifacts-");
    const sim = await simulate(
      { fake, cache },
      w,
      { feature: "e2e", request: "Add the api and the ui." },
      artifacts,
      { entry: "dist" },
    );
    expect(failedLogs(sim)).toEqual([]);
    const ran = ranJobs(sim);
    // planner, the group (two legs), the check, the fixer, the check again; then commit.
    expect(ran).toEqual([
      "plan:success",
      "run-1:success",
      "advance-1:success",
      "run-2:success",
      "advance-2:success",
      "run-3:success",
      "advance-3:success",
      "run-4:success",
      "advance-4:success",
      "run-5:success",
      "advance-5:success",
      "commit:success",
      "report:success",
    ]);
    expect(
      sim.jobs["run-2"]?.legs.map((l) => (l.matrix?.leg as { agent: string } | undefined)?.agent),
    ).toEqual(["api", "ui"]);
    expect(sim.outputs.outcome).toBe("succeeded");
    const pulls = fake.pulls("acme", "e2e");
    expect(pulls).toHaveLength(1);
    expect(sim.outputs["pr-url"]).toBe(pulls[0]?.html_url);
    const branch = sim.outputs.branch as string;

    // The same flow run locally by the CLI ends in the same tree.
    const localBranch = await runLocally(w, fake);
    expect(git(w.remote, "rev-parse", `${branch}^{tree}`)).toBe(
      git(w.remote, "rev-parse", `${localBranch}^{tree}`),
    );
    // State moved through the cache: one state entry per transition, one per leg.
    const keys = cache.entries().map((e) => e.key);
    expect(keys.filter((k) => k.includes("-state-")).length).toBeGreaterThanOrEqual(6);
    expect(keys.filter((k) => k.includes("-leg-")).length).toBe(6);
    // The run folder was uploaded as an artifact by the job that ended the run.
    const runId = sim.outputs["run-id"] as string;
    expect(readdirSync(join(artifacts, `agent-flow-run-${runId}`))).toContain("pipeline_status.json");
    // Per-job time and the wall clock come out of the simulation (the closing note quotes them).
    console.log(`simulated run (dist/index.js in every job):\n${formatTimings(sim)}`);
  }, 240_000); // a dozen jobs, each a fresh clone and a Node start: about 25 s alone, more in the suite
});
