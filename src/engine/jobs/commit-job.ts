import type { CommitStep } from "../../flow/schema.js";
import { appendLog } from "../../run/store.js";
import { advance, stepKey } from "../machine.js";
import { stepFinished } from "../status-view.js";
import { executeCommit } from "../step-results.js";
import { JobRefused } from "./packages.js";
import type { StateAnchor } from "./resume-state.js";
import { type JobBase, openState } from "./state-package.js";
import { emitNext, type JobResult, noteEvents } from "./transition.js";

export interface CommitJobInput extends JobBase {
  runId: string;
  seq: number;
  digest: string;
  repository: string;
}

/**
 * The `commit` job: the same commit step as `agent-flow run` (runCommitStep, through executeCommit),
 * on the state the last advance saved. It runs no agent or repository code; the state it restores is
 * verified again (verifyRunState) and the commit step re-checks the whole result before it pushes.
 */
export async function commitJob(input: CommitJobInput): Promise<JobResult> {
  const run = await openState(input, input.runId, input.seq, input.digest);
  if (!run) throw new JobRefused(`no state of run ${input.runId}`);
  const action = run.state.machine.pending?.action;
  if (action?.kind !== "commit")
    throw new JobRefused(`run ${input.runId} at transition ${input.seq} has no commit step pending`);
  const key = stepKey(action.step);
  const step = input.flow.workflows[action.step.workflow]?.steps.find((s) => s.id === action.step.id);
  if (step?.kind !== "commit") throw new JobRefused(`${key} is not a commit step of ${input.flow.file}`);
  const rec = run.status.steps.find((s) => s.key === key);
  if (!rec) throw new JobRefused(`the run's view has no step ${key}`);
  run.status.head = run.state.machine.head;
  const done = await executeCommit({
    root: input.root,
    git: run.git,
    flow: input.flow,
    status: run.status,
    run: run.state,
    machine: run.state.machine,
    step: action.step,
    options: (step as CommitStep).options,
    env: input.env,
    log: (text) => appendLog(input.root, input.runId, key, text),
  });
  const a = advance(run.mplan, run.state.machine, done.result);
  await noteEvents(input.root, run.status, a.events);
  run.state.machine = a.state;
  stepFinished(rec, done.result, a.state);
  await appendLog(input.root, input.runId, key, `${rec.state}${rec.error ? `: ${rec.error}` : ""}`);
  const { outputs } = await emitNext(input, run, input.seq + 1, input.repository);
  const r = done.result.kind === "commit" ? done.result : null;
  return {
    outputs: {
      ...outputs,
      branch: r?.branch ?? "",
      "pr-url": done.pr?.url ?? "",
      "pr-number": done.pr ? String(done.pr.number) : "",
      "pr-operation": done.pr?.action ?? "",
    },
    status: run.status,
    notice: run.status.outcome,
  };
}

export interface StatusJobInput extends JobBase {
  runId: string;
  /** Which saved state (resume-state.ts): there is no "newest" a leg could not have planted. */
  anchor: StateAnchor;
}

/** The `status` job: the run's saved state named by `anchor`, for the summary and the `status` output. */
export async function statusJob(input: StatusJobInput): Promise<JobResult> {
  const run = await openState(input, input.runId, input.anchor.seq, input.anchor.digest);
  return {
    outputs: {
      "run-id": input.runId,
      status: JSON.stringify(run.status),
      done: String(run.state.machine.outcome !== null),
      outcome: run.state.machine.outcome?.state ?? "",
      seq: String(run.job.seq),
    },
    status: run.status,
    notice: null,
  };
}
