import type { Plan, Stage } from "../flow/plan.js";

export type StageView = Stage;

/** The plan as the state machine reads it: every workflow the run can reach, by name. */
export interface MachinePlan {
  workflow: string;
  workflows: Record<string, Stage[]>;
  triggers: Record<string, { name: string; target: string; max: number | null }>;
}

export function machinePlan(plan: Plan): MachinePlan {
  const workflows: Record<string, Stage[]> = { [plan.workflow]: plan.stages };
  for (const w of plan.triggered) workflows[w.workflow] = w.stages;
  return {
    workflow: plan.workflow,
    workflows,
    triggers: Object.fromEntries(plan.triggers.map((t) => [t.name, t])),
  };
}
