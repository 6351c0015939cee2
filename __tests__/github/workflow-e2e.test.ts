import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { ACTION, cliAsync, ROOT, tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import { checkout, WHOLE_FLOW as FLOW, makeWorld, TOKEN, type World } from "../helpers/jobs.js";
import { git } from "../helpers/repo.js";
import { simulateWorkflow } from "../helpers/workflow-sim.js";
import type { StepEnv, StepOutcome } from "../helpers/workflow-steps.js";

// Whole workflow runs of the committed reusable workflow: every job as the runner runs it (the action's
// entry started with INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH), every matrix leg in
// its own clone, state between jobs through the real @actions/cache client against the emulated cache
// service, and the pull request through the OpenAPI-validated REST server.

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

/** actions/checkout, as jobs.ts makes a job's clone: the GitHub URL is the origin, served by the bare repo. */
function checkoutStep(w: World) {
  return (step: { uses?: string }, s: StepEnv): StepOutcome | undefined => {
    if (!step.uses?.startsWith("actions/checkout@")) return undefined;
    const dir = checkout(w);
    execFileSync("rm", ["-rf", s.workspace]);
    execFileSync("mv", [dir, s.workspace]);
    return { ok: true, outputs: {}, env: {}, path: [], log: "", summary: "" };
  };
}

function simulate(w: World, inputs: Record<string, string>, artifacts: string) {
  return simulateWorkflow({
    workflow: join(ROOT, ".github/workflows/agent-flow.yml"),
    inputs,
    origin: w.remote,
    actions: { "agent-flow/agent-flow": { entry: ACTION, metadata: join(ROOT, "action.yml") } },
    artifacts,
    env: { ...cache.env(), AGENT_FLOW_RETRY_DELAY_MS: "10" },
    github: {
      repository: w.repository,
      repository_owner: "acme",
      api_url: fake.url,
      token: TOKEN,
      ref: "refs/heads/main",
      run_id: "4242",
    },
    step: checkoutStep(w),
    work: tempDir("agent-flow-sim-"),
  });
}

describe("the reusable workflow, simulated end to end", () => {
  it("runs the flow with a parallel group and a tests_failed -> triage loop to the same PR tree as agent-flow run", async () => {
    const w = makeWorld(fake, "e2e", FLOW);
    const artifacts = tempDir("agent-flow-artifacts-");
    const sim = await simulate(w, { feature: "e2e", request: "Add the api and the ui." }, artifacts);
    const ran = Object.values(sim.jobs)
      .filter((j) => j.ran)
      .map((j) => `${j.id}:${j.result}`);
    const failedLogs = Object.values(sim.jobs)
      .filter((j) => j.ran && j.result !== "success")
      .flatMap((j) => j.legs.flatMap((l) => l.steps.map((s) => `${j.id} ${s.name}: ${s.log.slice(-2000)}`)));
    expect(failedLogs).toEqual([]);
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
    const local = checkout(w);
    const r = await cliAsync(["run", "--feature", "local", "--quiet"], {
      cwd: local,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url, AGENT_FLOW_RETRY_DELAY_MS: "10" },
    });
    expect(r.stderr).toBe("");
    const localBranch = git(
      w.remote,
      "for-each-ref",
      "--format=%(refname:short)",
      "refs/heads/feature/local-*",
    );
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
    const times = Object.values(sim.jobs)
      .filter((j) => j.ran)
      .map((j) => `${j.id} ${Math.round(j.durationMs)} ms`);
    console.log(`simulated run: ${times.join(", ")}; wall clock ${Math.round(sim.wallClockMs)} ms`);
  }, 240_000); // a dozen jobs, each a fresh clone and a Node start: about 25 s alone, more in the suite
});
