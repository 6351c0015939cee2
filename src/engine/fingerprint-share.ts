import type { Fingerprint } from "./fingerprint-changes.js";
import type { Git } from "./git.js";

/**
 * Readings "after" (fingerprint.ts, restUnchanged()) shared by the agents and checks that end together:
 * a parallel group's members end within a few ms of each other, and each took a reading of its own (the
 * metadata files, every ref, and the working files' `git status`, which alone was shared) on the step's
 * critical path. A caller needs a reading that starts after its call; so it gets the one that starts
 * next: a caller that arrives while a reading runs waits for the following one, which every caller that
 * arrives meanwhile shares (as fingerprint.ts's Scans does for the status alone). Readings are never
 * changed by their users (diff() only reads them).
 *
 * While other agents of the same run still run (agentRuns(): until each asks for its own reading), a
 * caller's reading waits for them, for at most HOLD_MS: members that end together then share one
 * reading, begun once the last of them ended, where the first one's reading used to run alone and hold
 * up the one all the others shared (two readings one after the other on the step's tail, each a `git
 * status` of the user's checkout, the refs and the metadata files). Waiting is as safe as the reading
 * it delays: every caller still gets a reading that starts after its call, i.e. after its own agent
 * ended, which is all its comparison needs; what an agent still running changes meanwhile is that
 * agent's to report, by its own reading later (and, being in the user's checkout, it fails this
 * caller's comparison too, as it always could).
 */
interface Share {
  running: Promise<Fingerprint> | null;
  next: Promise<Fingerprint> | null;
}

/**
 * How long a reading waits at most for the run's other agents to end: a group's members end within
 * tens of ms of each other (their starts are that far apart), or much later, when the reading must not
 * wait (each member is saved as it finishes, so that a crash keeps it).
 */
export const HOLD_MS = 250;

const shares = new WeakMap<Git, Map<string, Share>>();

/** The agents of a run (its engine Git) whose process runs now, and the readings waiting for them. */
interface Running {
  count: number;
  waiting: (() => void)[];
}

const runningOf = new WeakMap<Git, Running>();

function runningFor(git: Git): Running {
  let r = runningOf.get(git);
  if (!r) {
    r = { count: 0, waiting: [] };
    runningOf.set(git, r);
  }
  return r;
}

/** An agent of a run counted as running (agentRuns()), until end() (more calls do nothing). */
export interface AgentRun {
  end(): void;
  readonly live: boolean;
}

/**
 * Counts an agent of the run whose engine Git is `git` as running from its start until its own reading
 * after (takeAfter() with it) is asked for, or end(): readings after the run's other agents wait for it
 * meanwhile (for at most HOLD_MS), so that the reading it asks for once its agent ended is theirs too.
 */
export function agentRuns(git: Git): AgentRun {
  const r = runningFor(git);
  r.count += 1;
  let live = true;
  return {
    end: () => {
      if (!live) return;
      live = false;
      r.count -= 1;
      if (r.count === 0) for (const go of r.waiting.splice(0)) go();
    },
    get live() {
      return live;
    },
  };
}

/** Resolves once no other agent of the run runs, or HOLD_MS later; null when none runs now. */
function othersEnded(git: Git, self: AgentRun | undefined): Promise<void> | null {
  const r = runningOf.get(git);
  if (!r || r.count - (self?.live ? 1 : 0) <= 0) return null;
  return new Promise<void>((resolve) => {
    const go = (): void => {
      clearTimeout(timer);
      const i = r.waiting.indexOf(go);
      if (i >= 0) r.waiting.splice(i, 1);
      resolve();
    };
    const timer = setTimeout(go, HOLD_MS);
    r.waiting.push(go);
  });
}

function shareFor(git: Git, root: string): Share {
  let byRoot = shares.get(git);
  if (!byRoot) {
    byRoot = new Map();
    shares.set(git, byRoot);
  }
  let s = byRoot.get(root);
  if (!s) {
    s = { running: null, next: null };
    byRoot.set(root, s);
  }
  return s;
}

type Take = (git: Git, root: string) => Promise<Fingerprint>;

/**
 * A reading by `take` that starts after this call, shared with the callers that can share it. `takeNow`
 * takes it instead when it begins at once, and so is this caller's alone: it may use what the caller
 * read since its own moment (the metadata files its comparison just read, see fingerprint.ts). `caller`:
 * the agent whose reading this is, counted as running until this call (agentRuns()).
 */
export function takeAfter(
  git: Git,
  root: string,
  take: Take,
  takeNow: Take = take,
  caller?: AgentRun,
): Promise<Fingerprint> {
  try {
    return after(git, root, take, takeNow, caller);
  } finally {
    caller?.end(); // once its reading is chosen: the one the others wait for may now begin
  }
}

function after(git: Git, root: string, take: Take, takeNow: Take, caller?: AgentRun): Promise<Fingerprint> {
  const s = shareFor(git, root);
  if (s.next) return s.next;
  const begin = (by: Take): Promise<Fingerprint> => {
    const p = by(git, root);
    s.running = p;
    const done = (): void => {
      if (s.running === p) s.running = null;
    };
    p.then(done, done);
    return p;
  };
  const current = s.running;
  const others = othersEnded(git, caller);
  if (!current && !others) return begin(takeNow);
  const settled = (): void => undefined;
  const next = Promise.all([current?.then(settled, settled), others]).then(() => {
    s.next = null;
    return begin(take);
  });
  s.next = next;
  return next;
}
