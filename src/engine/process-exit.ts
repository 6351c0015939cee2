/**
 * What the process runner (process.ts) does once an attempt's leader exited: it ends what the leader
 * left behind, waits for the output pipes, and reads the exit status a namespace's shell reports.
 */
import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { AttemptTracker, Containment } from "./containment.js";

/** How long to wait for output pipes to close once the group is gone (a process that left the group may hold them). */
const PIPE_DRAIN_MS = 2000;

/**
 * Ends the attempt's processes that left its group (containment.ts). A namespace's leader that exited
 * by itself (not by a signal, and not ended by the runner: then the namespace's end may still be under
 * way) waited for its namespace to end, so nothing is left to look for.
 */
export async function endLeftBehind(
  tracker: AttemptTracker,
  mode: Containment,
  how: { signalled: boolean; terminated: boolean },
): Promise<void> {
  if (mode === "pid-namespace" && !how.signalled && !how.terminated) tracker.gone();
  else await tracker.endAllSoon().catch(() => tracker.endAll());
}

/** Waits for the child's output pipes to close, at most PIPE_DRAIN_MS, then lets go of them. */
export async function drainPipes(child: ChildProcess, pipesClosed: Promise<void>[]): Promise<void> {
  if (pipesClosed.length === 0) return;
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pipesClosed),
    new Promise<void>((done) => {
      drainTimer = setTimeout(done, PIPE_DRAIN_MS);
    }),
  ]);
  clearTimeout(drainTimer);
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** The namespace's shell reports a signal death as 128+N (containment.ts, namespaced). */
export function namespaceExit(
  code: number | null,
  sig: NodeJS.Signals | null,
): [number | null, NodeJS.Signals | null] {
  if (code === null || code <= 128) return [code, sig];
  const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0];
  return name ? [null, name as NodeJS.Signals] : [code, sig];
}
