/**
 * The commands process.ts started that are not fully cleaned up yet, so that the engine's exit (or a
 * signal handler) can end them all, and the fingerprint can tell whether any command runs (see
 * commandActivity()).
 */
import type { AttemptTracker } from "./containment.js";
import { signalGroup } from "./process-group.js";
import { endSparesSync } from "./process-spare.js";

/** Process-group ids (= leader pids) of children still running or being cleaned up. */
const liveGroups = new Set<number>();
/** The processes of attempts still running, including those that left the group (containment.ts). */
const liveTrackers = new Set<AttemptTracker>();
/** How many commands were started so far. */
let startedCount = 0;
let exitHookInstalled = false;

/** Commands running (or being cleaned up), and how many were started so far (fingerprint-index.ts). */
export const commandActivity = (): { live: number; started: number } => ({
  live: liveGroups.size + liveTrackers.size,
  started: startedCount,
});

/** A command started: its group and tracker are ended with the engine until markEnded(). */
export function markStarted(pgid: number, tracker: AttemptTracker): void {
  liveGroups.add(pgid);
  startedCount += 1;
  liveTrackers.add(tracker);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => killAllChildrenSync());
}

/** A command's group gone and its tracker ended. */
export function markEnded(pgid: number | undefined, tracker: AttemptTracker | undefined): void {
  if (pgid !== undefined) liveGroups.delete(pgid);
  if (tracker) liveTrackers.delete(tracker);
}

/**
 * SIGKILL every process group this module started that has not been fully cleaned up. Synchronous, for
 * `process.on("exit")` and signal handlers. An "exit" hook calling it is installed on first spawn; the
 * engine must still handle SIGINT/SIGTERM itself (children are in their own groups, so a Ctrl-C at the
 * terminal does not reach them).
 */
export function killAllChildrenSync(signal: NodeJS.Signals = "SIGKILL"): void {
  for (const pgid of liveGroups) signalGroup(pgid, signal);
  if (signal === "SIGKILL") {
    for (const t of liveTrackers) t.endAll();
    endSparesSync();
  }
}
