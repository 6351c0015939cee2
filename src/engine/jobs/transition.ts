import { secretNames } from "../../flow/presets/index.js";
import type { Flow } from "../../flow/schema.js";
import type { RunStatus } from "../../run/status.js";
import { appendLog } from "../../run/store.js";
import { type Action, type MachineEvent, next, type Outcome, stepKey } from "../machine.js";
import type { MachinePlan } from "../machine-plan.js";
import { stepStarted } from "../status-view.js";
import { type ActionOutputs, actionOutputs } from "./outputs.js";
import { formatResumeState } from "./resume-state.js";
import { type JobBase, newNonce, type OpenRun, saveStatePackage } from "./state-package.js";

const now = (): string => new Date().toISOString();

/** The outputs of plan and advance: the next action (ActionOutputs), and where its state is. */
export type JobOutputs = Record<
  keyof ActionOutputs | "run-id" | "state-digest" | "seq" | "resume-state",
  string
> &
  Record<string, string>;

export interface JobResult {
  outputs: Record<string, string>;
  status: RunStatus;
  /** Said in the job's log and summary: e.g. that the slots ran out and how to go on. */
  notice: string | null;
}

/** The machine's events in the run's view and log, as the local engine records them. */
export async function noteEvents(root: string, status: RunStatus, events: MachineEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type === "warning") {
      await appendLog(root, status.run_id, "run", `warning: ${e.text}`);
      continue;
    }
    status.triggers.push({ name: e.name, source: e.source, at: now(), count: e.count, target: e.target });
    await appendLog(root, status.run_id, "trigger", `${e.name} -> ${e.target} (${e.count})`);
  }
}

/** The run's view once the machine finished it (as LocalEngine.run ends a run). */
export function finishStatus(status: RunStatus, outcome: Outcome): void {
  const ok = outcome.state === "succeeded";
  status.state = ok ? "succeeded" : outcome.state === "cancelled" ? "cancelled" : "failed";
  status.error = ok ? null : (outcome.reason ?? (status.state === "cancelled" ? "cancelled" : "failed"));
  status.resumable = !ok && outcome.retryable;
  status.finished_at = now();
  status.engine = null;
}

export const needsOf =
  (flow: Flow) =>
  (agent: string): { locks: string[]; secrets: string[] } => {
    const spec = flow.agents[agent];
    // A preset agent's leg also gets its CLI's secrets (claude-code: ANTHROPIC_API_KEY, ...).
    return { locks: spec?.locks ?? [], secrets: spec ? secretNames(spec) : [] };
  };

const stageOf = (mplan: MachinePlan, action: Exclude<Action, { kind: "finish" }>) =>
  mplan.workflows[action.step.workflow]?.[action.step.index - 1];

/**
 * Asks the machine for the next action, records it as started in the view (or the run as finished),
 * saves the state as transition `seq` and returns the outputs for the next job.
 */
export async function emitNext(
  base: JobBase,
  run: OpenRun,
  seq: number,
  repository: string,
  refs: [string, string][] = [],
): Promise<{ outputs: JobOutputs; action: Action }> {
  const { state, status } = run;
  const n = next(run.mplan, state.machine);
  state.machine = n.state;
  await noteEvents(base.root, status, n.events);
  const action = n.action;
  const stage = action.kind === "finish" ? undefined : stageOf(run.mplan, action);
  if (action.kind === "finish") {
    finishStatus(status, action.outcome);
    await appendLog(
      base.root,
      status.run_id,
      "run",
      `run ${status.state}${status.error ? `: ${status.error}` : ""}`,
    );
  } else {
    if (!stage) throw new Error(`no step ${stepKey(action.step)} in the plan`);
    status.state = "running";
    stepStarted(status, action, stage);
    await appendLog(
      base.root,
      status.run_id,
      stepKey(action.step),
      `${action.kind} emitted (transition ${seq})`,
    );
  }
  const nonce = newNonce();
  const digest = await saveStatePackage(base, run.git, state, status, seq, nonce, refs);
  const out = actionOutputs(action, seq, stage, needsOf(base.flow), repository, nonce);
  return {
    action,
    outputs: {
      ...out,
      "run-id": status.run_id,
      "state-digest": digest,
      seq: String(seq),
      "resume-state": formatResumeState({ seq, digest }),
    },
  };
}
