import { COMMIT_TARGET } from "../flow/schema.js";
import type { MachinePlan, StageView } from "./machine-plan.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  emptyState,
  type Frame,
  type MachineEvent,
  type MachineState,
  type Outcome,
  type Raise,
  type StepRef,
  stepKey,
} from "./machine-types.js";

export * from "./machine-types.js";

/**
 * The run as a state machine. Both drivers step it the same way: ask `next` for an action, execute it,
 * hand its result to `advance`, persist, repeat. These functions do no I/O and read no clock; they never
 * mutate their arguments. Triggers and their bounds, the commit gate, repeating a failed step after its
 * triage, manual triggers and resume are decided here and nowhere else.
 */

/** The state a new run starts from. */
export function start(plan: MachinePlan, head: string): MachineState {
  return emptyState(plan.workflow, head);
}

const clone = <T>(v: T): T => structuredClone(v);
const top = (s: MachineState): Frame | undefined => s.stack[s.stack.length - 1];

function finish(s: MachineState, outcome: Outcome): { state: MachineState; action: Action } {
  s.outcome = outcome;
  return { state: s, action: { kind: "finish", outcome } };
}

/**
 * The next action from `state`. The state it returns records the action as pending: feeding that
 * action's result to `advance` moves the run on. Called again without a result (after a crash), it
 * returns the same pending action.
 */
export function next(
  plan: MachinePlan,
  state: MachineState,
): { state: MachineState; action: Action; events: MachineEvent[] } {
  const s = clone(state);
  const events: MachineEvent[] = [];
  if (s.outcome) return { state: s, action: { kind: "finish", outcome: s.outcome }, events };
  if (s.pending) return { state: s, action: s.pending.action, events };
  for (;;) {
    const frame = top(s);
    if (!frame) return { ...finish(s, { state: "succeeded", reason: null, retryable: false }), events };
    if (frame.after) {
      const after = frame.after;
      const raise = after.queue.shift();
      if (raise) {
        const pushed = fire(plan, s, raise, stepKey(after.step), events);
        if (typeof pushed === "object") return { ...finish(s, pushed), events };
        if (pushed) after.repeat ||= raise.repeat;
        continue;
      }
      frame.after = null;
      if (after.failed && !after.repeat)
        return {
          ...finish(s, {
            state: "failed",
            reason: after.error ?? `${stepKey(after.step)} failed`,
            retryable: true,
          }),
          events,
        };
      // A repeat runs the same step again (a new execution); otherwise the workflow goes on.
      if (!after.repeat) frame.pos += 1;
      continue;
    }
    // Between two steps: triggers dropped by hand run their workflow here, and the run goes on after it.
    const manual = s.manual.shift();
    if (manual !== undefined) {
      const t = plan.triggers[manual];
      if (t?.target === COMMIT_TARGET) {
        events.push({
          type: "warning",
          text: `trigger '${manual}' opens the commit gate and is raised by the flow's own steps, not by hand; ignored`,
        });
        continue;
      }
      const pushed = fire(plan, s, { name: manual, repeat: false, manual: true }, "manual", events);
      if (typeof pushed === "object") return { ...finish(s, pushed), events };
      continue;
    }
    const stages = plan.workflows[frame.workflow];
    if (!stages) throw new Error(`the plan has no workflow '${frame.workflow}'`);
    const stage = stages[frame.pos];
    if (!stage) {
      s.stack.pop();
      continue;
    }
    const stem = `${frame.workflow}/${stage.id}`;
    const n = (s.executions[stem] ?? 0) + 1;
    s.executions[stem] = n;
    const step: StepRef = { workflow: frame.workflow, index: stage.index, id: stage.id, n };
    const action = actionFor(plan, s, stage, step);
    if (action.kind === "finish") return { ...finish(s, action.outcome), events };
    s.pending = { action, agents: [] };
    return { state: s, action, events };
  }
}

function actionFor(plan: MachinePlan, s: MachineState, stage: StageView, step: StepRef): Action {
  const base = s.head;
  switch (stage.kind) {
    case "agent":
    case "parallel": {
      // A group that failed and runs again from the same base keeps its members that succeeded.
      const reuse =
        s.carry && s.carry.base === base && s.carry.stem === `${step.workflow}/${step.id}`
          ? s.carry.agents
          : [];
      s.carry = null;
      const calls = stage.agents.map((_, i) => i).filter((i) => !reuse.some((r) => r.index === i));
      return { kind: "agents", step, base, calls, reuse };
    }
    case "check":
      return { kind: "check", step, base };
    case "commit": {
      const gates = Object.values(plan.triggers).filter((t) => t.target === COMMIT_TARGET);
      if (gates.length > 0 && !s.green)
        return {
          kind: "finish",
          outcome: {
            state: "refused",
            reason: `${stepKey(step)}: the commit step runs only after ${gates.map((t) => `'${t.name}'`).join(" or ")} was raised, and it was not`,
            retryable: false,
          },
        };
      return { kind: "commit", step, base };
    }
  }
}

/**
 * Starts a trigger's workflow on top of the stack, or marks the run green for the commit gate. Returns
 * whether a workflow was pushed, or the run's outcome when a bound was passed.
 */
function fire(
  plan: MachinePlan,
  s: MachineState,
  raise: Raise,
  source: string,
  events: MachineEvent[],
): boolean | Outcome {
  const t = plan.triggers[raise.name];
  if (!t) {
    events.push({ type: "warning", text: `trigger '${raise.name}' is not declared in the flow; ignored` });
    return false;
  }
  if (t.target === COMMIT_TARGET) {
    s.green = true;
    s.ledger.push({ name: t.name, target: t.target, source, count: 1 });
    events.push({ type: "trigger", name: t.name, target: t.target, count: 1, source });
    return false;
  }
  const counts = raise.manual ? s.manualCounts : s.counts;
  const count = (counts[t.name] ?? 0) + 1;
  const max = t.max ?? 1;
  if (count > max) {
    return {
      state: "failed",
      reason: raise.manual
        ? `trigger '${t.name}' was raised by hand ${count} times, more than its bound (max: ${max}); the run stops here`
        : `${source}: trigger '${t.name}' was raised ${count} times, more than its bound (max: ${max}); the run stops here. It cannot succeed as it is: raise 'max' of trigger '${t.name}' in the flow and start a new run, or fix the failure by hand`,
      retryable: false,
    };
  }
  counts[t.name] = count;
  s.ledger.push({ name: t.name, target: t.target, source, count });
  events.push({ type: "trigger", name: t.name, target: t.target, count, source });
  s.stack.push({ workflow: t.target, pos: 0, after: null });
  return true;
}

/** Records one agent's result of the pending action as soon as it is known (a crash then keeps it). */
export function recordAgent(state: MachineState, result: AgentResult): MachineState {
  const s = clone(state);
  if (s.pending?.action.kind !== "agents") throw new Error("no agent call is pending");
  s.pending.agents = [...s.pending.agents.filter((a) => a.index !== result.index), result];
  return s;
}

/** Moves the run on with the result of the pending action. */
export function advance(
  plan: MachinePlan,
  state: MachineState,
  result: ActionResult,
): { state: MachineState; events: MachineEvent[] } {
  const s = clone(state);
  const events: MachineEvent[] = [];
  const pending = s.pending;
  if (!pending || pending.action.kind === "finish" || stepKey(pending.action.step) !== stepKey(result.step))
    throw new Error(`result for ${stepKey(result.step)} does not answer the pending action`);
  const frame = top(s);
  const stage = plan.workflows[result.step.workflow]?.[result.step.index - 1];
  if (!frame || !stage) throw new Error(`result for ${stepKey(result.step)} has no step in the plan`);
  if (result.cancelled) {
    if (result.kind === "agents") pending.agents = result.agents.filter((a) => a.ok);
    s.outcome = { state: "cancelled", reason: result.error ?? "cancelled", retryable: true };
    return { state: s, events };
  }
  s.pending = null;
  let failed: boolean;
  const raises: Raise[] = [];
  if (result.kind === "agents") {
    failed = result.agents.some((a) => !a.ok) || result.head === null;
    for (const a of result.agents) {
      const declared = stage.agents[a.index]?.raises ?? [];
      for (const name of a.raised) {
        if (!declared.includes(name)) {
          events.push({
            type: "warning",
            text: `${stepKey(result.step)}: ${a.agent} raised '${name}', which its 'raises:' does not declare; ignored`,
          });
          continue;
        }
        if (!raises.some((r) => r.name === name)) raises.push({ name, repeat: true });
      }
    }
    if (failed && pending.action.kind === "agents") {
      s.carry = {
        stem: `${result.step.workflow}/${result.step.id}`,
        base: pending.action.base,
        agents: result.agents.filter((a) => a.ok),
      };
    } else if (result.head) s.head = result.head;
  } else if (result.kind === "check") {
    failed = !result.summary.passed;
    s.check = result.summary;
  } else {
    failed = !result.ok;
  }
  if (failed && stage.on_failure) raises.unshift({ name: stage.on_failure, repeat: true });
  if (!failed && stage.on_success) raises.unshift({ name: stage.on_success, repeat: false });
  s.done.push({
    step: result.step,
    ok: !failed,
    head: s.head,
    ...(result.kind === "agents" ? { agents: result.agents.filter((a) => a.ok) } : {}),
  });
  frame.after = { step: result.step, failed, error: result.error, queue: raises, repeat: false };
  return { state: s, events };
}

/** Triggers dropped by hand; they run at the next step boundary. */
export function raiseManually(state: MachineState, names: string[]): MachineState {
  const s = clone(state);
  s.manual.push(...names);
  return s;
}

/**
 * Resumes a run that stopped: a crash or a cancel picks up the pending action again; a failure runs the
 * failed step again. Returns the reason when the run cannot be resumed.
 */
export function resume(state: MachineState): { state: MachineState } | { refused: string } {
  const s = clone(state);
  const o = s.outcome;
  if (o?.state === "succeeded") return { refused: "the run already succeeded; there is nothing to resume" };
  if (o && !o.retryable) return { refused: `the run cannot succeed by resuming it: ${o.reason}` };
  s.outcome = null;
  const frame = top(s);
  if (o?.state === "failed" && frame) {
    // The failed step's bookkeeping is done; running it again is a new execution of the same step.
    frame.after = null;
  }
  return { state: s };
}

/**
 * How many step executions a run of `plan` can take at most, without manual triggers: the root workflow
 * once, and per start of a triggered workflow (at most `max` per trigger) its steps plus one repeat of
 * the step that raised it. The GitHub engine sizes its job slots with it.
 */
export function stepBound(plan: MachinePlan): number {
  let bound = plan.workflows[plan.workflow]?.length ?? 0;
  for (const t of Object.values(plan.triggers)) {
    if (t.target === COMMIT_TARGET) continue;
    bound += (t.max ?? 1) * ((plan.workflows[t.target]?.length ?? 0) + 1);
  }
  return bound;
}
