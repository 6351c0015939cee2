import { readdirSync, realpathSync } from "node:fs";
import type { RunContext } from "./agent-run.js";
import { takeBefore } from "./fingerprint.js";
import { groupWidth, sparesFor } from "./group-spares.js";
import { type MachineState, next } from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import { RunWorkspace } from "./workspace.js";

/**
 * One warm-up: `all` settles once every directory is back in the pool; each agent takes one `ready`
 * directory (or goes on when none is left to come), so that it starts as soon as one is ready rather
 * than when all are.
 */
class Warmup {
  private ready = 0;
  private waiting: (() => void)[] = [];
  private finish: () => void = () => undefined;
  readonly all = new Promise<void>((resolve) => {
    this.finish = resolve;
  });

  constructor(private left: number) {
    if (left === 0) this.finish();
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

  /** One directory is back in the pool, or will not be prepared (its agent's acquire() makes it). */
  one(): void {
    this.left -= 1;
    const next = this.waiting.shift();
    if (next) next();
    else this.ready += 1;
    if (this.left > 0) return;
    for (const w of this.waiting.splice(0)) w();
    this.finish();
  }
}

/** Directories prepared at once (the helper shells' number, so that their git runs in those, see git-shell.ts). */
const WARM_LANES = 4;

/** Warm-ups under way or done, per workspace. */
const warming = new WeakMap<RunWorkspace, Warmup>();

/**
 * Prepares, while the run is still starting, what the first step's agents need before they can start:
 * their directories, checked out, cleaned and verified at the step's base (as many as run at once, of
 * those the pool already has), and
 * the first reading of the user's working files for their fingerprints, and the contained processes
 * their commands will run in (group-spares.ts). Done when each agent asks, this
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
  const width = groupWidth(stage, todo);
  if (width === 0) return;
  const ws = ctx.workspace;
  const base = action.base;
  const warm = new Warmup(width);
  warming.set(ws, warm);
  // Only directories the pool already has: a new one is a full checkout, and all of them at once
  // while the run starts would slow its start (and its status writes) more than they save.
  // A directory prepared before the run's workspace was handed to it (early-workspace.ts) is the first.
  const ahead = ws.preparedAhead(base);
  void pooledDirectories(ctx).then((have) => {
    let next = 0;
    if (ahead !== null) {
      next = 1;
      void ahead.then(() => warm.one());
    }
    // After a failure the agents' own acquire() prepares the rest (the failed slot, back in the pool
    // unprepared, would otherwise be taken and fail again by each lane).
    let failed = false;
    // A few lanes, each preparing one directory after another: all of them at once finished together,
    // late (16 directories: 3 git processes each, most spawned by the engine itself, on 2 cores), so
    // the first agent waited for the last directory. Each prepared one goes to a waiting agent at once.
    const lane = (): void => {
      const i = next++;
      if (i >= width) return;
      if (i >= have || failed) {
        warm.one();
        lane();
        return;
      }
      // `true`: a directory not prepared yet, not the one this warm-up just handed back.
      ws.acquire(base, "agent", true)
        .then((dir) => ws.unused(dir, base))
        .catch(() => {
          failed = true;
        })
        .then(() => {
          warm.one();
          lane();
        });
    };
    for (let k = 0; k < Math.min(WARM_LANES, width); k++) lane();
    // The reading is kept by fingerprint.ts for the next takeBefore(); a failure there is the agent's.
    // Begun once the lanes are under way: begun before them, its reading of the refs (tens of ms on the
    // engine's thread) came before the pool's listing, and the directories' first git process waited.
    // Then a spare for each agent (process-spare.ts), one fork of the engine per turn of its loop: once
    // the reading is done, since the agents wait for it, and their forks and programs would slow it.
    const spares = (): void => sparesFor(width);
    takeBefore(ctx.git, ctx.root).then(spares, spares);
  });
}

/**
 * How many directories the repository's pool holds (claimed or free); 0 when unknown. Read without the
 * thread pool (two quick calls): at the run's start its queue is long, and the lanes wait for this.
 */
async function pooledDirectories(ctx: RunContext): Promise<number> {
  try {
    const pool = RunWorkspace.poolDir(realpathSync(await ctx.git.commonDir()));
    return readdirSync(pool).filter((n) => /^w\d+$/.test(n)).length;
  } catch {
    return 0;
  }
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
