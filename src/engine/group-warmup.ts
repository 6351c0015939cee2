import type { RunContext } from "./agent-run.js";
import { takeBefore } from "./fingerprint.js";
import { type MachineState, next } from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import type { RunWorkspace } from "./workspace.js";

/**
 * One warm-up: `all` settles once every directory is back in the pool; each agent takes one `ready`
 * directory (or goes on when none is left to come), so that it starts as soon as one is ready rather
 * than when all are.
 */
class Warmup {
  private ready = 0;
  private left: number;
  private waiting: (() => void)[] = [];
  readonly all: Promise<void>;

  constructor(dirs: Promise<void>[]) {
    this.left = dirs.length;
    for (const d of dirs) void d.then(() => this.one());
    this.all = Promise.all(dirs).then(() => undefined);
  }

  /** Resolves once a directory is ready for the caller, or none is left to come. */
  take(): Promise<void> {
    if (this.ready > 0) {
      this.ready -= 1;
      return Promise.resolve();
    }
    if (this.left === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private one(): void {
    this.left -= 1;
    const next = this.waiting.shift();
    if (next) next();
    else this.ready += 1;
    if (this.left === 0) for (const w of this.waiting.splice(0)) w();
  }
}

/** Warm-ups under way or done, per workspace. */
const warming = new WeakMap<RunWorkspace, Warmup>();

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
  // Never rejected: a directory that could not be prepared is left to its agent's own acquire().
  const dirs = Array.from({ length: width }, () =>
    ws
      .acquire(base)
      .then((dir) => ws.unused(dir, base))
      .catch(() => undefined),
  );
  warming.set(ws, new Warmup(dirs));
}

/**
 * Before an agent acquires a directory: resolves once one that warmFirstStep() prepares is ready for it
 * (at once when there is no warm-up, or none is left to come).
 */
export function warmSlot(ws: RunWorkspace): Promise<void> {
  return warming.get(ws)?.take() ?? Promise.resolve();
}

/** Resolves once the directories warmFirstStep() prepares for `ws` are all back in its pool. */
export function warmedUp(ws: RunWorkspace): Promise<void> {
  return warming.get(ws)?.all ?? Promise.resolve();
}
