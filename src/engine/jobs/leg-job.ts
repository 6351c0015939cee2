import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { CheckStep } from "../../flow/schema.js";
import type { RunStatus } from "../../run/status.js";
import { runDir } from "../../run/store.js";
import { type RunContext, runAgent } from "../agent-run.js";
import { runCheck } from "../check-run.js";
import { EnvironmentRefused, environmentProblems } from "../environment.js";
import { describeEvent } from "../events.js";
import { TamperDetected } from "../fingerprint-changes.js";
import { createBundle } from "../git-ops.js";
import { type CheckSummary, stepKey } from "../machine.js";
import { needProblems, PrerequisitesMissing } from "../preflight.js";
import { agentResult, failedCheck } from "../step-results.js";
import { RunWorkspace } from "../workspace.js";
import { LEG_BUNDLE_REF, LEG_FILES, type LegResult } from "./leg-package.js";
import type { Leg } from "./outputs.js";
import { packageKeys } from "./package-store.js";
import { copyTree, JobRefused, scratch, writeJsonFile } from "./packages.js";
import { type JobBase, openState } from "./state-package.js";

export interface LegJobInput extends JobBase {
  runId: string;
  seq: number;
  /** The `state-digest` output of the job that saved the state. */
  digest: string;
  leg: Leg;
  signal?: AbortSignal;
  retryDelayMs?: { min: number; max: number };
  /** One line of the leg's log (the action prints it). */
  log?: (line: string) => void;
}

export interface LegJobResult {
  /** The run's view as this leg saw it, its own agent (or check) updated: for the job summary. */
  status: RunStatus;
  ok: boolean;
  key: string;
  error: string | null;
  result: LegResult;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * A `run-k` leg: one agent call (or the check) of the pending action, in this job's own checkout, with
 * the same runAgent/runCheck, environment contract, scopes and policing as `agent-flow run`. Its result
 * is a leg package in the cache; nothing it reports is trusted until `advance` verifies it. Locks are
 * not taken here: on GitHub they are the leg's job concurrency group.
 */
export async function legJob(input: LegJobInput): Promise<LegJobResult> {
  const { leg } = input;
  const run = await openState(input, input.runId, input.seq, input.digest);
  if (!run) throw new JobRefused(`no state of run ${input.runId}`);
  const action = run.state.machine.pending?.action;
  if (!action || (action.kind !== "agents" && action.kind !== "check"))
    throw new JobRefused(`run ${input.runId} at transition ${input.seq} has no agent call or check pending`);
  const key = stepKey(action.step);
  if (leg.seq !== input.seq || leg.step !== key || leg.nonce !== run.job.nonce)
    throw new JobRefused(
      `leg ${JSON.stringify(leg.name)} is not part of transition ${input.seq} of run ${input.runId} (${key})`,
    );
  const stage = run.mplan.workflows[action.step.workflow]?.[action.step.index - 1];
  if (!stage) throw new JobRefused(`no step ${key} in the plan`);
  const rec = run.status.steps.find((s) => s.key === key);
  if (!rec) throw new JobRefused(`the run's view has no step ${key}`);

  const workspace = await RunWorkspace.open(run.git, input.runId);
  const ctx: RunContext = {
    root: input.root,
    git: run.git,
    flow: input.flow,
    runId: input.runId,
    feature: run.state.feature,
    baseBranch: run.state.base_branch,
    workspace,
    signal: input.signal ?? new AbortController().signal,
    env: input.env,
    changed: async (e) => {
      const line = describeEvent(e, run.status);
      if (line) input.log?.(`[${line.scope}] ${line.text}`);
    },
    retryDelayMs: input.retryDelayMs ?? { min: 1000, max: 30_000 },
    locks: "groups",
  };
  const dir = await scratch("leg");
  try {
    let result: LegResult;
    let outputFrom: string;
    if (action.kind === "agents" && leg.kind === "agent") {
      const planned = stage.agents[leg.index];
      const view = rec.agents[leg.index];
      if (!planned || !view || planned.agent !== leg.agent || !action.calls.includes(leg.index))
        throw new JobRefused(`${key}: agent #${leg.index} (${leg.agent}) is not called by this action`);
      const problems = environmentProblems(input.flow);
      if (problems.length > 0) throw new EnvironmentRefused(problems);
      // Only this agent's secrets reach this leg, and only its CLI is installed: only they must be there.
      const missing = needProblems(input.flow, [planned.agent], input.env, input.root);
      if (missing.length > 0) throw new PrerequisitesMissing(input.flow.file, missing);
      view.attempts = 0;
      try {
        await runAgent(ctx, key, { agent: planned.agent, with: planned.with }, action.base, view);
      } catch (err) {
        if (err instanceof TamperDetected) throw err;
        Object.assign(view, { state: "failed", error: message(err), commit: null, changed_files: [] });
      }
      const r = agentResult(leg.index, planned, view);
      result = {
        schema: "agent-flow/leg@1",
        kind: "agent",
        seq: input.seq,
        step: key,
        index: leg.index,
        result: r,
        attempts: view.attempts,
        started_at: view.started_at,
        finished_at: view.finished_at,
      };
      if (r.ok && r.commit) {
        await run.git.updateRef(LEG_BUNDLE_REF, r.commit);
        await createBundle(run.git, join(dir, LEG_FILES.bundle), [LEG_BUNDLE_REF], action.base);
      }
      outputFrom = join(runDir(input.root, input.runId), planned.output);
    } else if (action.kind === "check" && leg.kind === "check") {
      const step = input.flow.workflows[action.step.workflow]?.steps.find((s) => s.id === action.step.id);
      if (step?.kind !== "check") throw new JobRefused(`${key} is not a check of ${input.flow.file}`);
      let summary: CheckSummary;
      try {
        summary = await runCheck(ctx, key, step as CheckStep, action.base, action.step.n);
      } catch (err) {
        if (err instanceof TamperDetected) throw err;
        summary = failedCheck(stage, key, message(err));
      }
      result = { schema: "agent-flow/leg@1", kind: "check", seq: input.seq, step: key, index: 0, summary };
      outputFrom = join(runDir(input.root, input.runId), "test_results");
    } else {
      throw new JobRefused(
        `leg ${JSON.stringify(leg.name)} is a ${leg.kind}, but ${key} is a ${action.kind} step`,
      );
    }
    await writeJsonFile(join(dir, LEG_FILES.result), result);
    await copyTree(outputFrom, join(dir, LEG_FILES.output));
    const legKey = packageKeys.leg(input.runId, input.seq, leg.index, leg.nonce);
    await input.store.save(legKey, dir);
    const error = result.kind === "agent" ? result.result.error : result.summary.error;
    if (result.kind === "check") {
      rec.state = result.summary.passed ? "succeeded" : "failed";
      rec.error = result.summary.error;
    }
    return { status: run.status, ok: error === null, key: legKey, error, result };
  } finally {
    await workspace.dispose().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
