import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import { WHOLE_FLOW as FLOW, makeWorld, TOKEN } from "../helpers/jobs.js";
import { git } from "../helpers/repo.js";
import { actionLog, failedLogs, ranJobs, remoteRefs, simulate } from "../helpers/workflow-e2e.js";
import { forgeLegPackage, forgeStatePackage } from "../helpers/workflow-forge.js";
import { formatTimings } from "../helpers/workflow-sim.js";
import { runStep, type StepEnv, type StepOutcome } from "../helpers/workflow-steps.js";

// The committed reusable workflow run end to end (see workflow-e2e.ts) in the cases the whole-flow test
// does not reach: a leg that fails and is retried, a hostile leg, a flow too long for the slots. They
// start the compiled src; the whole-flow test is the one that starts the bundle.

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

const isAction = (step: { uses?: string }, s: StepEnv, command: string): boolean =>
  step.uses?.startsWith("agent-flow/agent-flow@") === true && s.with.command === command;
const legAgent = (s: StepEnv): string => (JSON.parse(s.with.leg ?? "{}") as { agent?: string }).agent ?? "";
const attempt = (s: StepEnv): string => String((s.ctx.github as Record<string, unknown>).run_attempt);

interface AgentView {
  agent: string;
  state: string;
  attempts: number;
  error: string | null;
}
const agentsOf = (artifacts: string, runId: string): AgentView[] =>
  (
    JSON.parse(readFileSync(join(artifacts, `agent-flow-run-${runId}`, "pipeline_status.json"), "utf8")) as {
      steps: { agents: AgentView[] }[];
    }
  ).steps.flatMap((s) => s.agents);

describe("the reusable workflow, simulated end to end: retries", () => {
  it("a leg job that dies is re-run ('re-run failed jobs') with the same inputs; an agent that fails once succeeds on its retry", async () => {
    const counter = join(tempDir("agent-flow-counter-"), "ui-attempts");
    const flow = `version: 1
agents:
  api:
    run: 'mkdir -p api && echo "export const api = 1;" > api/index.js'
    writes: [api/**]
  ui:
    run: 'n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${counter}; [ $n -ge 2 ] && mkdir -p ui && echo "export const ui = 1;" > ui/index.js'
    writes: [ui/**]
    retries: 1
workflows:
  idea_to_feature:
    steps:
      - parallel: [api, ui]
      - commit: { labels: [agent-flow] }
`;
    const w = makeWorld(fake, "rerun", flow);
    const artifacts = tempDir("agent-flow-artifacts-");
    // Attempt 1: the runner of api's leg is lost before the action saved anything.
    const died = (step: { uses?: string }, s: StepEnv): StepOutcome | undefined =>
      isAction(step, s, "run") && legAgent(s) === "api" && attempt(s) === "1"
        ? { ok: false, outputs: {}, env: {}, path: [], log: "The runner lost communication\n", summary: "" }
        : undefined;
    const inputs = { feature: "rerun", request: "Add the api and the ui." };
    const one = await simulate({ fake, cache }, w, inputs, artifacts, { step: died });
    expect(ranJobs(one)).toEqual(["plan:success", "run-1:failure", "advance-1:failure", "report:success"]);
    // advance-1 failed: the workflow still says so, with the newest state saved (advance-1's or plan's).
    expect(one.outputs.outcome).toBe("failed");
    const saved = one.jobs["advance-1"]?.outputs["resume-state"] || one.jobs.plan?.outputs["resume-state"];
    expect(one.outputs["resume-state"]).toMatch(/^\d{4}-[0-9a-f]{64}$/);
    expect(one.outputs["resume-state"]).toBe(saved);
    expect(one.jobs["run-1"]?.legs.map((l) => l.result)).toEqual(["failure", "success"]);
    expect(actionLog(one, "advance-1")).toMatch(/api.*left no result package/);
    expect(fake.pulls("acme", "rerun")).toHaveLength(0);
    const runId = one.outputs["run-id"] as string;
    // ui failed its first attempt and passed its retry, inside its leg.
    expect(agentsOf(artifacts, runId).map((a) => [a.agent, a.state, a.attempts])).toEqual([
      ["api", "failed", 0],
      ["ui", "succeeded", 2],
    ]);

    // Attempt 2: "Re-run failed jobs": api's leg runs again with the same leg input, ui's leg is kept,
    // advance-1 runs again on the same state and both packages, and the run goes on to the PR.
    const two = await simulate({ fake, cache }, w, inputs, artifacts, { step: died, rerun: one });
    expect(failedLogs(two)).toEqual([]);
    expect(ranJobs(two)).toEqual([
      "plan:success (kept)",
      "run-1:success",
      "advance-1:success",
      "commit:success",
      "report:success",
    ]);
    const legs = two.jobs["run-1"]?.legs ?? [];
    expect(
      legs.map((l) => [(l.matrix?.leg as { agent?: string } | undefined)?.agent, l.attempt ?? 2]),
    ).toEqual([
      ["api", 2],
      ["ui", 1],
    ]);
    expect(legs[0]?.matrix).toEqual(one.jobs["run-1"]?.legs[0]?.matrix);
    expect(two.outputs.outcome).toBe("succeeded");
    const pulls = fake.pulls("acme", "rerun");
    expect(pulls).toHaveLength(1);
    const files = git(w.remote, "ls-tree", "-r", "--name-only", two.outputs.branch as string).split("\n");
    expect(files).toEqual(expect.arrayContaining(["api/index.js", "ui/index.js"]));
    expect(readFileSync(counter, "utf8").trim()).toBe("2");
    expect(agentsOf(artifacts, runId).map((a) => [a.agent, a.state, a.attempts])).toEqual([
      ["api", "succeeded", 1],
      ["ui", "succeeded", 2],
    ]);
    console.log(`re-run case:\n${formatTimings(one)}\n${formatTimings(two)}`);
  }, 240_000);
});

const DEV_FLOW = `version: 1
agents:
  developer:
    run: 'echo "export const feature = 1;" > src/feature.js'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: developer
      - commit: { labels: [agent-flow] }
`;

const HOSTILE = {
  "src/feature.js": "export const feature = 1;\n",
  "tests/evil.test.js": "// always passes\n",
  ".github/workflows/evil.yml": "on: push\n",
};

describe("the reusable workflow, simulated end to end: a hostile leg", () => {
  it("advance refuses a leg package whose bundle holds changes outside the agent's scopes; nothing is pushed", async () => {
    const w = makeWorld(fake, "hostile-advance", DEV_FLOW);
    const before = remoteRefs(w);
    const artifacts = tempDir("agent-flow-artifacts-");
    let forgedKey = "";
    const sim = await simulate(
      { fake, cache },
      w,
      { feature: "hostile", request: "Add the feature." },
      artifacts,
      {
        step: async (step, s) => {
          if (!isAction(step, s, "run")) return undefined;
          forgedKey = await forgeLegPackage(s, HOSTILE);
          return { ok: true, outputs: {}, env: {}, path: [], log: "", summary: "" };
        },
      },
    );
    expect(forgedKey).toMatch(/-leg-0000-0-[0-9a-f]{16}$/);
    expect(ranJobs(sim)).toEqual(["plan:success", "run-1:success", "advance-1:failure", "report:success"]);
    expect(sim.outputs.outcome).toBe("failed");
    const [developer] = agentsOf(artifacts, sim.outputs["run-id"] as string);
    expect(developer?.state).toBe("failed");
    expect(developer?.error).toMatch(/its leg package was refused: changed files outside its scopes/);
    expect(developer?.error).toContain("tests/evil.test.js");
    expect(developer?.error).toContain(".github/workflows/evil.yml");
    const advanceLog = actionLog(sim, "advance-1");
    expect(advanceLog).toMatch(/developer/);
    expect(advanceLog).toContain("tests/evil.test.js");
    expect(remoteRefs(w)).toBe(before);
    expect(fake.pulls("acme", "hostile-advance")).toHaveLength(0);
  }, 180_000);

  it("commit refuses a forged state that slips the out-of-scope change past advance; nothing is pushed", async () => {
    const w = makeWorld(fake, "hostile-commit", DEV_FLOW);
    const before = remoteRefs(w);
    const artifacts = tempDir("agent-flow-artifacts-");
    let forged: { seq: number; digest: string } | null = null;
    const sim = await simulate(
      { fake, cache },
      w,
      { feature: "hostile", request: "Add the feature." },
      artifacts,
      {
        // The commit job is handed a forged state (as if advance had saved it): the checkout first.
        step: async (step, s) => {
          if (!isAction(step, s, "commit")) return undefined;
          forged = await forgeStatePackage(s, "developer", HOSTILE);
          const w2 = { ...s.with, seq: String(forged.seq), "state-digest": forged.digest };
          return runStep(step, { ...s, with: w2 });
        },
      },
    );
    expect(forged).not.toBeNull();
    expect(ranJobs(sim)).toEqual([
      "plan:success",
      "run-1:success",
      "advance-1:success",
      "commit:failure",
      "report:success",
    ]);
    expect(sim.outputs.outcome).toBe("failed");
    const log = actionLog(sim, "commit");
    expect(log).toMatch(
      /developer's accepted commit changes "(tests\/evil\.test\.js|\.github\/workflows\/evil\.yml)"/,
    );
    expect(remoteRefs(w)).toBe(before);
    expect(fake.pulls("acme", "hostile-commit")).toHaveLength(0);
  }, 180_000);
});

describe("the reusable workflow, simulated end to end: a flow too long for the slots", () => {
  it("plan refuses it, saying how to go on with a run id and a second dispatch", async () => {
    const long = FLOW.replace(
      "tests_failed: { workflow: triage, max: 2 }",
      "tests_failed: { workflow: triage, max: 12 }",
    );
    const w = makeWorld(fake, "too-long", long);
    const before = remoteRefs(w);
    const sim = await simulate(
      { fake, cache },
      w,
      { feature: "long", request: "x" },
      tempDir("agent-flow-artifacts-"),
    );
    expect(ranJobs(sim)).toEqual(["plan:failure", "report:success"]);
    // The workflow's outputs say so, though plan set none: the caller (e.g. the issue comment) can tell.
    expect(sim.outputs).toMatchObject({ outcome: "refused", "run-id": "", "resume-state": "" });
    expect(sim.jobs.report?.legs[0]?.steps[0]?.summary).toContain("## agent-flow run (none): refused");
    const log = actionLog(sim, "plan");
    expect(log).toMatch(/can take up to \d+ step executions .* more than the 23 slots/);
    expect(log).toMatch(/dispatch with a run id \(e\.g\. run-id: \d{8}-\d{6}-[0-9a-z]+\)/);
    expect(log).toMatch(/dispatching again with the same run id resumes it from the saved state/);
    expect(sim.outputs["run-id"]).toBe("");
    expect(remoteRefs(w)).toBe(before);
  }, 120_000);
});
