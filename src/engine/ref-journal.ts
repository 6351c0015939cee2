/**
 * The refs this engine process writes, so that a fingerprint (fingerprint.ts) can tell the engine's own
 * moves of the runs' private refs (`refs/agent-flow/**`) from an agent's: in a parallel group the engine
 * saves the run's state and the other agents' commits while one agent runs. A private ref that changed
 * during an agent or check is accepted only when its new value is one the engine wrote there since the
 * fingerprint before it was taken; or, for another run, when that run's own live engine moves it
 * (its run lock is held by another live process), or the ref went away (cleanup of old runs; a deleted
 * ref can make a run unresumable, never make anything pushed), or it is the head of a run being started.
 * Outside the private refs, only a new branch another live run's commit step made is accepted.
 */
import { readLock } from "../lib/locks/index.js";
import { runLockResource } from "../run/run-lock.js";

export const PRIVATE_REFS = "refs/agent-flow/";

interface Write {
  seq: number;
  ref: string;
  value: string;
  done: boolean;
}
const KEEP = 10_000;
let seq = 0;
const writes: Write[] = [];

/** Notes refs about to be written; call the returned function once the write ended (or failed). */
export function beginRefWrites(updates: readonly (readonly [ref: string, sha: string])[]): () => void {
  const mine = updates
    .filter(([ref]) => ref.startsWith(PRIVATE_REFS))
    .map(([ref, value]) => ({ seq: ++seq, ref, value, done: false }));
  writes.push(...mine);
  if (writes.length > KEEP) writes.splice(0, writes.length - KEEP);
  return () => {
    for (const w of mine) w.done = true;
  };
}

/**
 * A mark taken when a fingerprint starts: writes after it may show in a later reading. A write still
 * in progress now may land after the reading of the refs, so it counts as after the mark too.
 */
export function refMark(): number {
  const open = writes.find((w) => !w.done);
  return open ? open.seq - 1 : seq;
}

/**
 * Whether a change of `ref` (to `value`, or removed when undefined) seen between a fingerprint taken at
 * `mark` and now is the engine's own doing (see the module comment).
 */
export function engineMovedRef(
  root: string,
  ref: string,
  value: string | undefined,
  mark: number,
  how: "added" | "removed" | "changed",
): boolean {
  if (!ref.startsWith(PRIVATE_REFS)) return how === "added" && anotherRunsBranch(root, ref);
  if (value !== undefined && writes.some((w) => w.seq > mark && w.ref === ref && w.value === value))
    return true;
  const runId = ref.slice(PRIVATE_REFS.length).split("/")[0] ?? "";
  const lock = runId ? readLock(root, runLockResource(runId)) : null;
  const ownRun = lock !== null && lock.pid === process.pid;
  if (ownRun) return false;
  if (value === undefined) return true;
  // A run being started writes its head before it takes its run lock; a head alone resumes nothing.
  if (how === "added" && ref === `${PRIVATE_REFS}${runId}/head`) return true;
  return lock !== null && !lock.unreadable && !lock.stale;
}

/** A run id inside a branch name (the default branch template ends with `{run_id}`). */
const RUN_ID_IN = /\d{8}-\d{6}-[0-9a-f]{8}/g;

/**
 * A new branch (local, or its remote-tracking copy after a push) whose name holds the id of another run
 * whose live engine holds its run lock: that run's commit step made it. Two runs of one repository
 * otherwise see each other's commit step as a tamper of the user's branches. Only an added ref: a branch
 * that existed and moved is always reported.
 */
function anotherRunsBranch(root: string, ref: string): boolean {
  if (!ref.startsWith("refs/heads/") && !ref.startsWith("refs/remotes/")) return false;
  for (const [runId] of ref.matchAll(RUN_ID_IN)) {
    const lock = readLock(root, runLockResource(runId));
    if (lock !== null && lock.pid !== process.pid && !lock.unreadable && !lock.stale) return true;
  }
  return false;
}
