import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Stage } from "../../flow/plan.js";
import type { StepStatus } from "../../run/status.js";
import { appendLog, runDir } from "../../run/store.js";
import { refFor } from "../agent-run.js";
import { headRef } from "../local.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  advance,
  recordAgent,
  stepKey,
} from "../machine.js";
import { stepFinished } from "../status-view.js";
import { combineStep, failedCheck } from "../step-results.js";
import { RunWorkspace } from "../workspace.js";
import { LEG_FILES } from "./leg-package.js";
import { packageKeys } from "./package-store.js";
import { copyTree, JobRefused, PackageRefused, scratch } from "./packages.js";
import { type JobBase, type OpenRun, openState } from "./state-package.js";
import { emitNext, type JobResult, noteEvents } from "./transition.js";
import { readCheckLeg, verifyAgentLeg } from "./verify-leg.js";

export interface AdvanceJobInput extends JobBase {
  runId: string;
  seq: number;
  digest: string;
  /** This advance's slot (1-based) and the workflow's slot count: the last slot says how to go on. */
  slot: number;
  slots: number;
  repository: string;
}

type Pending = Extract<Action, { kind: "agents" } | { kind: "check" }>;

/** Restores a leg's package into a scratch folder; null when the cache has none. */
async function restoreLeg(input: AdvanceJobInput, nonce: string, index: number): Promise<string | null> {
  const dir = await scratch("leg");
  const key = packageKeys.leg(input.runId, input.seq, index, nonce);
  // A leg's package is the leg's to forge: one the store refuses (a hostile archive) is no package.
  const got = await input.store.restore(key, dir).catch(async (e: unknown) => {
    if (!(e instanceof PackageRefused)) throw e;
    await appendLog(input.root, input.runId, "run", e.message);
    return null;
  });
  if (got === key) return dir;
  await rm(dir, { recursive: true, force: true });
  return null;
}

/** Copies a verified package's output folder into the run folder (an agent's, or test_results). */
async function takeOutput(input: AdvanceJobInput, dir: string | null, to: string): Promise<void> {
  if (dir === null) return;
  await copyTree(join(dir, LEG_FILES.output), join(runDir(input.root, input.runId), to));
}

async function agentsResult(
  input: AdvanceJobInput,
  run: OpenRun,
  action: Extract<Action, { kind: "agents" }>,
  stage: Stage,
  rec: StepStatus,
  refs: [string, string][],
): Promise<ActionResult> {
  const key = stepKey(action.step);
  const results: AgentResult[] = [...action.reuse];
  for (const index of action.calls) {
    const planned = stage.agents[index];
    const view = rec.agents[index];
    if (!planned || !view) throw new Error(`${key}: no agent #${index} in the plan`);
    const dir = await restoreLeg(input, run.job.nonce, index);
    try {
      const v = await verifyAgentLeg(
        {
          git: run.git,
          flow: input.flow,
          runId: input.runId,
          seq: input.seq,
          step: key,
          base: action.base,
          index,
          planned,
        },
        dir,
      );
      const r = v.result;
      // The agent's output folder (its log included) is kept whatever happened, as locally.
      await takeOutput(input, dir, planned.output).catch(() => undefined);
      Object.assign(view, {
        state: r.ok ? "succeeded" : "failed",
        attempts: v.attempts,
        started_at: v.started_at,
        finished_at: v.finished_at,
        exit_code: r.exit_code,
        error: r.error,
        changed_files: r.changed,
        commit: r.commit,
        raised: r.raised,
      });
      await appendLog(
        input.root,
        input.runId,
        key,
        `${r.agent}: ${view.state}${r.error ? `: ${r.error}` : ""}`,
      );
      run.state.machine = recordAgent(run.state.machine, r);
      if (r.commit) refs.push([refFor(input.runId, key, r.agent), r.commit]);
      results.push(r);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }
  const workspace = await RunWorkspace.open(run.git, input.runId);
  try {
    return await combineStep(workspace, input.runId, action.step, action.base, results, false);
  } finally {
    await workspace.dispose().catch(() => undefined);
  }
}

async function checkResult(
  input: AdvanceJobInput,
  run: OpenRun,
  action: Extract<Action, { kind: "check" }>,
  stage: Stage,
): Promise<ActionResult> {
  const key = stepKey(action.step);
  const dir = await restoreLeg(input, run.job.nonce, 0);
  try {
    const got = await readCheckLeg(dir, input.seq, key);
    if ("error" in got) {
      await appendLog(input.root, input.runId, key, got.error);
      return {
        kind: "check",
        step: action.step,
        summary: failedCheck(stage, key, got.error),
        error: got.error,
      };
    }
    await takeOutput(input, dir, "test_results").catch(() => undefined);
    return { kind: "check", step: action.step, summary: got.summary, error: got.summary.error };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The `advance-k` job: runs no agent or repository code. It restores the state (digest-checked) and
 * every leg package of the pending action, verifies each (verify-leg.ts), combines them and moves the
 * machine on exactly as the local engine does, then saves the next state and emits the next action.
 */
export async function advanceJob(input: AdvanceJobInput): Promise<JobResult> {
  const run = await openState(input, input.runId, input.seq, input.digest);
  if (!run) throw new JobRefused(`no state of run ${input.runId}`);
  const action = run.state.machine.pending?.action;
  if (!action || (action.kind !== "agents" && action.kind !== "check"))
    throw new JobRefused(
      `run ${input.runId} at transition ${input.seq} has no agent call or check pending; nothing to advance`,
    );
  const pending = action as Pending;
  const key = stepKey(pending.step);
  const stage = run.mplan.workflows[pending.step.workflow]?.[pending.step.index - 1];
  const rec = run.status.steps.find((s) => s.key === key);
  if (!stage || !rec) throw new JobRefused(`no step ${key} in the plan or the run's view`);
  const refs: [string, string][] = [];
  const result =
    pending.kind === "agents"
      ? await agentsResult(input, run, pending, stage, rec, refs)
      : await checkResult(input, run, pending, stage);
  const a = advance(run.mplan, run.state.machine, result);
  await noteEvents(input.root, run.status, a.events);
  run.state.machine = a.state;
  if (a.state.head !== pending.base) {
    refs.push([refFor(input.runId, key), a.state.head]);
    refs.push([headRef(input.runId), a.state.head]);
  }
  run.status.head = a.state.head;
  run.status.green = a.state.green;
  stepFinished(rec, result, a.state);
  await appendLog(input.root, input.runId, key, `${rec.state}${rec.error ? `: ${rec.error}` : ""}`);
  // A re-run of this job ("re-run failed jobs") saves seq + 1 again, under a key of its own: the key
  // carries the new state's digest, which covers a fresh nonce.
  const { outputs, action: nextAction } = await emitNext(input, run, input.seq + 1, input.repository, refs);
  const outOfSlots =
    input.slot >= input.slots && (nextAction.kind === "agents" || nextAction.kind === "check");
  return {
    outputs,
    status: run.status,
    notice: outOfSlots
      ? `the workflow's ${input.slots} slots are used up before run ${input.runId} finished; its state is saved: dispatch the workflow again with run-id ${input.runId} and resume-state ${outputs["resume-state"]} to go on from ${stepKey(nextAction.step)}`
      : null,
  };
}
