import type { Stage } from "../flow/plan.js";
import type { MachinePlan } from "./machine-plan.js";
import type { StepRef } from "./machine-types.js";
import { keepSparesReady } from "./process-spare.js";

/**
 * How many agents of `stage` begin together: its calls, at most its `max_parallel` (0 for a step that
 * runs no agent).
 */
export function groupWidth(stage: Stage | undefined, calls = stage?.agents.length ?? 0): number {
  if (!stage) return Math.min(calls, 1);
  if (stage.kind === "check" || stage.kind === "commit") return 0;
  return Math.min(calls, Math.max(1, stage.max_parallel));
}

/**
 * How many agents the step after `step` in its workflow begins together, when that step runs agents
 * (else 0). A guess for the spares to keep while `step` runs: a trigger or a retry may run another
 * step, whose members then start the spares they lack themselves.
 */
export function nextGroupWidth(plan: MachinePlan, step: StepRef): number {
  return groupWidth(plan.workflows[step.workflow]?.[step.index]);
}

/**
 * Keeps a spare (process-spare.ts) for each member of a group that is about to begin, so that none of
 * them forks the engine between the step's start and its agent's first instruction.
 */
export function sparesFor(width: number): void {
  if (width > 0) keepSparesReady(width);
}
