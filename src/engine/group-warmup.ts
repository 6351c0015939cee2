import type { RunContext } from "./agent-run.js";
import { takeBefore } from "./fingerprint.js";
import { type MachineState, next } from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import type { RunWorkspace } from "./workspace.js";

/** Warm-ups under way or done, per workspace: agents wait for them before they acquire a directory. */
const warming = new WeakMap<RunWorkspace, Promise<void>>();

/**
 * Prepares, while the run is still starting, what the first step's agents need before they can start:
 * their directories, checked out, cleaned and verified at the step's base (as many as run at once), and
 * the first reading of the user's working files for their fingerprints. Done when each agent asks, this
 * is three git processes per directory plus a `git status` between the step's start and its agents'
 * start (a wide group's agents started one after another, tens of milliseconds apart); done here, it
 * overlaps the rest of the run's start. Nothing is trusted that acquire() would not trust: a directory
 * is verified by acquire() itself and only marked unused (see RunWorkspace.unused()); no agent runs
 * before the step does.
 */
export function warmFirstStep(ctx: RunContext, plan: MachinePlan, state: MachineState): void {
  let action: ReturnType<typeof next>["action"];
  try {
    action = next(plan, state).action;
  } catch {
    return; // only a head start: the loop asks the machine again and reports what is wrong
  }
  if (action.kind !== "agents") return;
  const stage = plan.workflows[action.step.workflow]?.[action.step.index - 1];
  const kept = new Set((state.pending?.agents ?? []).filter((a) => a.ok).map((a) => a.index));
  const todo = action.calls.filter((i) => !kept.has(i)).length;
  const width = Math.min(todo, Math.max(1, stage?.max_parallel ?? 1));
  if (width === 0) return;
  const ws = ctx.workspace;
  const base = action.base;
  // The reading is kept by fingerprint.ts for the next takeBefore(); a failure there is the agent's.
  takeBefore(ctx.git, ctx.root).catch(() => undefined);
  const dirs = Array.from({ length: width }, () => ws.acquire(base).catch(() => null));
  warming.set(
    ws,
    Promise.all(dirs)
      .then((got) => {
        for (const dir of got) if (dir !== null) ws.unused(dir, base);
      })
      .catch(() => undefined),
  );
}

/** Resolves once the directories warmFirstStep() prepares for `ws` are back in its pool. */
export function warmedUp(ws: RunWorkspace): Promise<void> {
  return warming.get(ws) ?? Promise.resolve();
}
