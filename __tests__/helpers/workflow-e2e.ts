import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CacheServer } from "./cache-server.js";
import { ACTION, DIST_ACTION, ROOT, tempDir } from "./cli.js";
import type { FakeGitHub } from "./github-api.js";
import { checkout, TOKEN, type World } from "./jobs.js";
import { type SimResult, type StepOverride, simulateWorkflow } from "./workflow-sim.js";
import type { StepEnv, StepOutcome } from "./workflow-steps.js";

/**
 * The committed reusable workflow run end to end on this machine: every job as the runner runs it,
 * the action's entry started per job, state through the real @actions/cache client against the emulated
 * cache service, the pull request through the OpenAPI-validated REST server.
 */

export const WORKFLOW = join(ROOT, ".github/workflows/agent-flow.yml");

/** Which build of the action every job starts: the compiled src (the suite's rule) or the bundle. */
export type Entry = "src" | "dist";

function entryFile(entry: Entry): string {
  if (entry === "src") return ACTION;
  if (!existsSync(DIST_ACTION))
    throw new Error(`${DIST_ACTION} is missing: run 'npm run build' (this case runs the bundled action)`);
  return DIST_ACTION;
}

/** actions/checkout, as jobs.ts makes a job's clone: the GitHub URL is the origin, served by the bare repo. */
export function checkoutStep(w: World) {
  return (step: { uses?: string }, s: StepEnv): StepOutcome | undefined => {
    if (!step.uses?.startsWith("actions/checkout@")) return undefined;
    const dir = checkout(w);
    execFileSync("rm", ["-rf", s.workspace]);
    execFileSync("mv", [dir, s.workspace]);
    return { ok: true, outputs: {}, env: {}, path: [], log: "", summary: "" };
  };
}

export interface E2eServers {
  fake: FakeGitHub;
  cache: CacheServer;
}

export interface E2eOptions {
  entry?: Entry;
  /** Runs before the checkout override: e.g. a leg that dies, or a hostile one. */
  step?: StepOverride;
  rerun?: SimResult;
}

export function simulate(
  servers: E2eServers,
  w: World,
  inputs: Record<string, string>,
  artifacts: string,
  o: E2eOptions = {},
): Promise<SimResult> {
  const co = checkoutStep(w);
  return simulateWorkflow({
    workflow: WORKFLOW,
    inputs,
    origin: w.remote,
    actions: {
      "agent-flow/agent-flow": { entry: entryFile(o.entry ?? "src"), metadata: join(ROOT, "action.yml") },
    },
    artifacts,
    env: { ...servers.cache.env(), AGENT_FLOW_RETRY_DELAY_MS: "10" },
    github: {
      repository: w.repository,
      repository_owner: "acme",
      api_url: servers.fake.url,
      token: TOKEN,
      ref: "refs/heads/main",
      run_id: "4242",
    },
    step: async (step, s) => (await o.step?.(step, s)) ?? co(step, s),
    rerun: o.rerun,
    work: tempDir("agent-flow-sim-"),
  });
}

/** `job:result` for the jobs that ran in this attempt (kept ones are marked `(kept)`). */
export const ranJobs = (sim: SimResult): string[] =>
  Object.values(sim.jobs)
    .filter((j) => j.ran)
    .map((j) => `${j.id}:${j.result}${j.attempt !== undefined ? " (kept)" : ""}`);

/** The logs of the steps of jobs that did not succeed (for an assertion's message). */
export const failedLogs = (sim: SimResult): string[] =>
  Object.values(sim.jobs)
    .filter((j) => j.ran && j.result !== "success" && j.attempt === undefined)
    .flatMap((j) => j.legs.flatMap((l) => l.steps.map((s) => `${j.id} ${s.name}: ${s.log.slice(-2000)}`)));

/** The log of the agent-flow step of `job` (all legs joined). */
export const actionLog = (sim: SimResult, job: string): string =>
  (sim.jobs[job]?.legs ?? [])
    .flatMap((l) => l.steps.filter((s) => s.id === "agent-flow").map((s) => s.log))
    .join("\n");

/** Every ref of the world's origin: what a job could have pushed. */
export const remoteRefs = (w: World): string =>
  execFileSync("git", ["-C", w.remote, "for-each-ref", "--format=%(refname) %(objectname)"], {
    encoding: "utf8",
  });
