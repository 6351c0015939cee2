import type { Stage } from "../flow/plan.js";
import type { AgentStatus, RunStatus, StepStatus } from "../run/status.js";
import { type Action, type ActionResult, type MachineState, stepKey } from "./machine-types.js";

/**
 * `pipeline_status.json` is a view of the run for people and tools: the engine writes it from the state
 * machine and never reads it back to decide anything. These functions keep the view in step.
 */

const now = (): string => new Date().toISOString();

function agentRecord(stage: Stage, index: number): AgentStatus {
  const a = stage.agents[index];
  return {
    agent: a?.agent ?? "?",
    output: a?.output ?? "?",
    with: a?.with ?? {},
    state: "pending",
    attempts: 0,
    started_at: null,
    finished_at: null,
    exit_code: null,
    error: null,
    changed_files: [],
    commit: null,
    raised: [],
  };
}

/** The record of the action's step, created (or, for a resumed action, taken up again) as it starts. */
export function stepStarted(
  status: RunStatus,
  action: Exclude<Action, { kind: "finish" }>,
  stage: Stage,
): StepStatus {
  const key = stepKey(action.step);
  let rec = status.steps.find((r) => r.key === key);
  if (!rec) {
    rec = {
      key,
      workflow: action.step.workflow,
      id: action.step.id,
      kind: stage.kind,
      state: "pending",
      started_at: null,
      finished_at: null,
      base: null,
      result: null,
      error: null,
      raised: [],
      agents: stage.agents.map((_, i) => agentRecord(stage, i)),
    };
    status.steps.push(rec);
  }
  rec.state = "running";
  rec.base = action.base;
  rec.started_at = now();
  rec.finished_at = null;
  rec.error = null;
  if (action.kind === "agents")
    for (const r of action.reuse) {
      const a = rec.agents[r.index];
      if (a)
        Object.assign(a, { state: "succeeded", commit: r.commit, changed_files: r.changed, error: null });
    }
  return rec;
}

export function stepFinished(rec: StepStatus, result: ActionResult, state: MachineState): void {
  const done = state.done[state.done.length - 1];
  const mine = done && stepKey(done.step) === rec.key ? done : undefined;
  rec.state = result.cancelled ? "cancelled" : mine?.ok ? "succeeded" : "failed";
  rec.result = mine?.head ?? rec.base;
  rec.error = rec.state === "succeeded" ? null : result.error;
  rec.finished_at = now();
  const after = state.stack[state.stack.length - 1]?.after;
  if (after && stepKey(after.step) === rec.key) rec.raised = after.queue.map((r) => r.name);
  for (const a of result.kind === "agents" ? result.agents : []) {
    const view = rec.agents[a.index];
    if (view) view.raised = a.raised;
  }
}

/** After a resume: the view's steps are rebuilt from the verified state, so nothing forged in the file survives. */
export function rebuildSteps(status: RunStatus, state: MachineState, baseSha: string): void {
  const old = new Map(status.steps.map((r) => [r.key, r]));
  const steps: StepStatus[] = [];
  let head = baseSha;
  for (const done of state.done) {
    const key = stepKey(done.step);
    const prev = old.get(key);
    const rec: StepStatus = {
      key,
      workflow: done.step.workflow,
      id: done.step.id,
      kind: prev?.kind ?? (done.agents ? "agent" : "check"),
      state: done.ok ? "succeeded" : "failed",
      started_at: prev?.started_at ?? null,
      finished_at: prev?.finished_at ?? null,
      base: head,
      result: done.head,
      error: done.ok ? null : (prev?.error ?? null),
      raised: prev?.raised ?? [],
      agents: (prev?.agents ?? []).map((a) => {
        const ok = done.agents?.find((r) => r.agent === a.agent);
        return ok
          ? { ...a, state: "succeeded", commit: ok.commit, changed_files: ok.changed, raised: ok.raised }
          : { ...a, state: a.state === "succeeded" ? "failed" : a.state, commit: null, changed_files: [] };
      }),
    };
    steps.push(rec);
    head = done.head;
  }
  status.steps = steps;
  status.head = state.head;
  status.green = state.green;
}
