import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Leg } from "../../src/engine/jobs/outputs.js";
import { packageKeys } from "../../src/engine/jobs/package-store.js";
import { cacheJob } from "../helpers/cache-job-runner.js";
import { type CacheServer, startCacheServer } from "../helpers/cache-server.js";
import { ACTION, ROOT, tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import { hostilePackage, hostileTar } from "../helpers/hostile-archive.js";
import { checkout, makeWorld, TOKEN, type World } from "../helpers/jobs.js";
import { git } from "../helpers/repo.js";
import { type SimResult, type StepSpec, simulateWorkflow } from "../helpers/workflow-sim.js";
import type { StepEnv, StepOutcome } from "../helpers/workflow-steps.js";

// A run resumed across dispatches of the committed reusable workflow, simulated as workflow-e2e.test.ts
// does (each job as the runner runs it, the real @actions/cache client against the emulated service, the
// PR through the OpenAPI-validated REST server). The resume is anchored on the resume-state that the job
// ending the first dispatch printed; a state a leg planted in the cache is never taken, and a hostile
// archive a leg saved under its own key is refused in advance without writing anything outside.

const GROUP = `version: 1
agents:
  a:
    run: 'mkdir -p a && echo a > a/a.txt'
    writes: [a/**]
  b:
    run: 'mkdir -p b && echo b > b/b.txt'
    writes: [b/**]
workflows:
  idea_to_feature:
    steps:
      - parallel: [a, b]
      - commit: { labels: [agent-flow] }
`;

let fake: FakeGitHub;
let cache: CacheServer;
let root: string;
beforeAll(async () => {
  fake = await FakeGitHub.start(TOKEN);
  cache = await startCacheServer();
  root = tempDir("agent-flow-resume-");
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await cache.close();
  await fake.close();
});

type Override = (step: StepSpec, s: StepEnv) => Promise<StepOutcome | undefined> | StepOutcome | undefined;

/** actions/checkout, as jobs.ts makes a job's clone; then the test's own override, if any. */
function steps(w: World, extra: Override = () => undefined): Override {
  return (step, s) => {
    if (!step.uses?.startsWith("actions/checkout@")) return extra(step, s);
    const dir = checkout(w);
    execFileSync("rm", ["-rf", s.workspace]);
    execFileSync("mv", [dir, s.workspace]);
    return { ok: true, outputs: {}, env: {}, path: [], log: "", summary: "" };
  };
}

function simulate(
  w: World,
  inputs: Record<string, string>,
  step: Override,
  artifacts = tempDir("agent-flow-artifacts-"),
) {
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
      run_id: "4343",
    },
    step,
    work: tempDir("agent-flow-sim-"),
  });
}

const ran = (sim: SimResult): string[] =>
  Object.values(sim.jobs)
    .filter((j) => j.ran)
    .map((j) => `${j.id}:${j.result}`);

const text = (sim: SimResult, job: string, what: "summary" | "log"): string =>
  (sim.jobs[job]?.legs ?? []).flatMap((l) => l.steps.map((s) => s[what])).join("\n");

describe("resuming a run with a second dispatch", () => {
  it("goes on from the resume-state the ending job printed, never from a planted state or a bare run id", async () => {
    const w = makeWorld(fake, "resume", GROUP);
    // Dispatch 1: b's leg is hostile. Holding the cache token, it saves under its own key an archive
    // aimed at a canary folder (an absolute path, a ../ path, a symlink), with the real client. advance-1
    // refuses the archive (b failed, no package) and ends the run.
    const canary = join(root, "canary");
    mkdirSync(canary);
    const bin = join(root, "bin");
    hostileTar(bin);
    const hostile: Override = async (step, s) => {
      const leg = (s.ctx.matrix as { leg?: Leg } | undefined)?.leg;
      if (
        !(step.uses?.startsWith("agent-flow/agent-flow@") && s.with.command === "run" && leg?.agent === "b")
      )
        return undefined;
      const key = packageKeys.leg(s.with["run-id"] as string, leg.seq, leg.index, leg.nonce);
      const dir = hostilePackage(canary, ["abs", "up", "link"]);
      const saved = await cacheJob(cache, root, [{ op: "save", key, dir }], {
        PATH: `${bin}:${process.env.PATH}`,
        HOSTILE_CANARY: canary,
      });
      return { ok: true, outputs: {}, env: {}, path: [], log: JSON.stringify(saved), summary: "" };
    };
    const artifacts = tempDir("agent-flow-artifacts-");
    const first = await simulate(
      w,
      { feature: "resume", request: "Add a and b." },
      steps(w, hostile),
      artifacts,
    );
    expect(ran(first)).toEqual(["plan:success", "run-1:success", "advance-1:failure", "report:success"]);
    expect(text(first, "run-1", "log")).toMatch(/\[\{"key":"agent-flow-.*-leg-0000-1-[0-9a-f]{16}"\}\]/);
    expect(first.outputs.outcome).toBe("failed");
    const runId = first.outputs["run-id"] as string;
    const log = readFileSync(join(artifacts, `agent-flow-run-${runId}`, "pipeline.log"), "utf8");
    expect(log).toMatch(/cache entry agent-flow-\S+-leg-0000-1-\S+ is refused, nothing was unpacked/);
    expect(log).toContain("is an absolute path");
    expect(readdirSync(canary)).toEqual([]);
    const printed = /`resume-state`: `(\d+-[0-9a-f]{64})`/.exec(text(first, "advance-1", "summary"));
    expect(text(first, "advance-1", "summary")).toContain(`\`run-id\`: \`${runId}\``);
    const resumeState = printed?.[1] as string;
    expect(resumeState).toMatch(/^0001-/);
    // The same value is the workflow's resume-state output, for a caller that dispatches again.
    expect(first.outputs["resume-state"]).toBe(resumeState);

    // A hostile leg holding the cache token plants a newer state of the run (the old "newest by prefix"
    // resume would take it). Saved with the real client, under the state prefix.
    const forged = join(root, "forged");
    mkdirSync(forged);
    writeFileSync(join(forged, "state.json"), '{"forged": true}\n');
    const planted = `agent-flow-${runId}-state-9999-${"f".repeat(64)}`;
    expect(await cacheJob(cache, root, [{ op: "save", key: planted, dir: forged }])).toEqual([
      { key: planted },
    ]);

    // Dispatch 2: the run id alone is refused, saying where the resume-state is.
    const bare = await simulate(w, { feature: "resume", "run-id": runId }, steps(w));
    expect(ran(bare)).toEqual(["plan:failure", "report:success"]);
    expect(bare.outputs).toMatchObject({ outcome: "refused", "run-id": runId });
    expect(text(bare, "plan", "log")).toContain(
      `run ${runId} has saved state: to resume it, give input 'resume-state' too. Its value is in the summary of the last plan, advance-k or commit job`,
    );

    // Dispatch 3: run id and resume-state: only b is called again, and the PR holds both agents' work.
    const second = await simulate(
      w,
      { feature: "resume", "run-id": runId, "resume-state": resumeState },
      steps(w),
    );
    expect(ran(second)).toEqual([
      "plan:success",
      "run-1:success",
      "advance-1:success",
      "commit:success",
      "report:success",
    ]);
    expect(text(second, "plan", "log")).toContain(`resumed run ${runId} from transition 1`);
    expect(
      second.jobs["run-1"]?.legs.map((l) => (l.matrix?.leg as { agent?: string } | undefined)?.agent),
    ).toEqual(["b"]);
    expect(second.outputs.outcome).toBe("succeeded");
    const pulls = fake.pulls("acme", "resume");
    expect(pulls).toHaveLength(1);
    expect(second.outputs["pr-url"]).toBe(pulls[0]?.html_url);
    const files = git(w.remote, "ls-tree", "-r", "--name-only", second.outputs.branch as string).split("\n");
    expect(files).toEqual(expect.arrayContaining(["a/a.txt", "b/b.txt"]));
    // The resumed run succeeded: the commit job's summary offers no resume.
    expect(text(second, "commit", "summary")).not.toContain("To resume this run");
  }, 300_000);
});
