// The run lock `.locks/run-<RUN_ID>.lock`: held by the engine for the whole life of a run, refreshed by
// its heartbeat (src/lib/locks/), and the one source of truth for "is this run's engine alive".
// An engine takes the run lock before it records itself in `pipeline_status.json` (`engine`) and clears
// that record before it releases the lock, so a running status whose engine does not hold the run lock
// (no lock, or another process's) names an engine that is gone.

import { AgentFlowError } from "../lib/errors.js";
import { type Liveness, processGone } from "../lib/liveness.js";
import {
  acquireLock,
  breakLock,
  type LockHandle,
  type LockStatus,
  LockTimeoutError,
  readLock,
} from "../lib/locks/index.js";
import type { RunStatus } from "./status.js";

export const runLockResource = (runId: string): string => `run-${runId}`;

/** Raised when another live engine holds the run (exit 2, as for other refusals before anything runs). */
export class RunLockHeld extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Takes the run lock, at once or not at all. A lock whose holder is gone (its pid on this host, or its
 * heartbeat older than its bound on any host) is reclaimed; a live holder is refused with why it counts
 * as alive and how to override.
 */
export async function acquireRunLock(root: string, runId: string): Promise<LockHandle> {
  try {
    return await acquireLock(
      root,
      runLockResource(runId),
      { run_id: runId, agent: "engine" },
      { timeoutMs: 1 },
    );
  } catch (err) {
    if (!(err instanceof LockTimeoutError)) throw err;
    const cur = readLock(root, runLockResource(runId));
    const who = cur?.unreadable
      ? `${cur.file} is unreadable (${cur.unreadable})`
      : err.holder
        ? `pid ${err.holder.pid} on ${err.holder.host}; ${cur?.liveness ?? "see 'agent-flow locks'"}`
        : "see 'agent-flow locks'";
    throw new RunLockHeld(
      `run ${runId} is already being run by another agent-flow process (${who}). ` +
        `If you know that process is gone, resume with: agent-flow run --run-id ${runId} --retry --force`,
    );
  }
}

/** The run lock when it belongs to the engine `status` records. */
function enginesLock(root: string, status: RunStatus): LockStatus | null {
  const lock = readLock(root, runLockResource(status.run_id));
  const e = status.engine;
  if (lock === null || lock.unreadable || e === null) return null;
  return lock.pid === e.pid && lock.host === e.host && lock.run_id === status.run_id ? lock : null;
}

/**
 * Whether the engine of a `running` or `pending` run is alive, and why; null for a finished run. The
 * verdict is the run lock's (src/lib/liveness.ts); an engine that holds no run lock is gone.
 */
export function runLiveness(root: string, status: RunStatus): Liveness | null {
  if (status.state !== "running" && status.state !== "pending") return null;
  const e = status.engine;
  if (e === null) {
    // Created, its engine not yet recorded: alive only while some engine holds its run lock.
    const lock = readLock(root, runLockResource(status.run_id));
    if (lock !== null && !lock.unreadable && !lock.stale) return { alive: true, reason: lock.liveness };
    return { alive: false, reason: "stale: no engine recorded and no live run lock" };
  }
  const lock = enginesLock(root, status);
  if (lock !== null) return { alive: !lock.stale, reason: lock.liveness };
  const gone = processGone(e);
  const why = gone ?? `the engine (pid ${e.pid} on host ${e.host}) no longer holds its run lock`;
  return { alive: false, reason: `stale: ${why}` };
}

/**
 * The user's override (--force) for an engine the rules still count as alive: removes its run lock, so
 * the caller can resume or roll back. Returns the sentence saying what is assumed, for the user to see.
 */
export function assumeEngineGone(root: string, status: RunStatus): string {
  const e = status.engine;
  const lock = enginesLock(root, status);
  const what = e
    ? `assuming the engine pid ${e.pid} on host ${e.host} is gone (${runLiveness(root, status)?.reason ?? "unknown"})`
    : `assuming no engine runs ${status.run_id}`;
  // Only the recorded engine's own lock: another engine's lock (a resume in progress) is left alone.
  const removed =
    lock === null ? null : breakLock(root, runLockResource(status.run_id), lock.token || undefined);
  return removed ? `${what}; removed its run lock ${removed.file}` : what;
}

/**
 * The gate of `run --retry` and `rollback`: null when no live engine runs the run. Otherwise, without
 * `force`, the refusal (why the engine counts as alive, what to do); with `force`, the engine is assumed
 * gone (its run lock removed) and the sentence saying so is returned for the user.
 */
export function liveEngineGate(
  root: string,
  status: RunStatus,
  force: boolean,
  todo: string,
): { refused: string } | { assumed: string } | null {
  const live = runLiveness(root, status);
  if (live === null || !live.alive) return null;
  if (force) return { assumed: assumeEngineGone(root, status) };
  const e = status.engine;
  const who = e ? `engine pid ${e.pid} on ${e.host}; ${live.reason}` : live.reason;
  return {
    refused:
      `run ${status.run_id} is still running (${who}); ${todo}. ` +
      "If you know that engine is gone (its machine or container no longer exists), add --force",
  };
}
