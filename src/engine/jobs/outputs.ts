import type { Stage } from "../../flow/plan.js";
import { type Action, stepKey } from "../machine-types.js";

/** One element of `matrix.leg`: what a `run-k` job executes (docs/github-engine.md). */
export interface Leg {
  seq: number;
  step: string;
  kind: "agent" | "check";
  /** The agent's index in the stage (0 for a check). */
  index: number;
  agent: string | null;
  /** Job concurrency group for the agent's `locks:`, or "" for none. */
  lock: string;
  /** Secrets the agent declares; the workflow passes these to this leg only. */
  secrets: string[];
  /** Chosen by the job that emitted the action: part of the leg's cache key. */
  nonce: string;
  name: string;
}

/** The outputs `plan` and `advance` give the next job. All values are strings, as on GitHub. */
export interface ActionOutputs {
  kind: Action["kind"];
  matrix: string;
  "max-parallel": string;
  done: string;
  outcome: string;
}

export interface AgentNeeds {
  locks: string[];
  secrets: string[];
}

/** GitHub concurrency group names allow any text; keep them short and free of spaces. */
const groupPart = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, "_");

/** The concurrency group that stands for an agent's `locks:` across runs of one repository. */
export function lockGroup(repository: string, locks: string[]): string {
  if (locks.length === 0) return "";
  return `agent-flow-${groupPart(repository)}-lock-${[...locks].sort().map(groupPart).join("+")}`;
}

/**
 * Turns the machine's next action into the outputs of the job that computed it. `stage` is the
 * action's stage in the plan (absent for `finish`); `needs` gives an agent's locks and secrets.
 */
export function actionOutputs(
  action: Action,
  seq: number,
  stage: Stage | undefined,
  needs: (agent: string) => AgentNeeds,
  repository: string,
  nonce: string,
): ActionOutputs {
  const legs: Leg[] = [];
  let maxParallel = 1;
  if (action.kind === "agents" && stage) {
    maxParallel = Math.max(1, stage.max_parallel);
    for (const index of action.calls) {
      const planned = stage.agents[index];
      if (!planned) throw new Error(`${stepKey(action.step)}: no agent #${index} in the plan`);
      const n = needs(planned.agent);
      legs.push({
        seq,
        step: stepKey(action.step),
        kind: "agent",
        index,
        agent: planned.agent,
        lock: lockGroup(repository, n.locks),
        secrets: [...n.secrets].sort(),
        nonce,
        name: `${stepKey(action.step)} ${planned.agent}`,
      });
    }
  } else if (action.kind === "check") {
    legs.push({
      seq,
      step: stepKey(action.step),
      kind: "check",
      index: 0,
      agent: null,
      lock: "",
      secrets: [],
      nonce,
      name: `${stepKey(action.step)} check`,
    });
  }
  return {
    kind: action.kind,
    matrix: JSON.stringify({ leg: legs }),
    "max-parallel": String(maxParallel),
    done: String(action.kind === "finish"),
    outcome: action.kind === "finish" ? action.outcome.state : "",
  };
}
