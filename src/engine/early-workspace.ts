import { lstatSync, realpathSync } from "node:fs";
import { beginEarlyReading } from "./fingerprint.js";
import { Git } from "./git.js";
import { legacyPoolsIn } from "./pool-location.js";
import { RunWorkspace } from "./workspace.js";

/**
 * A new run's workspace, opened and its first directory prepared at the run's base while the CLI still
 * parses the flow and claims the run's folder: the directory's checkout, clean and ignored-files check
 * (three git processes; at 20,000 files more than the rest of the run's start) then overlap that work
 * rather than follow it. Only git runs here, in the pool (outside the repository): nothing of the run is
 * decided or written, and a run refused meanwhile hands the directory back as it found it (dispose()).
 * Nothing is trusted that acquire() would not trust: the directory is prepared by acquire() itself.
 */
interface Early {
  /** The repository's top level, as the run will name it (realpath). */
  root: string;
  /** The workspace, or null when it could not be opened early (the run opens its own). */
  ws: Promise<RunWorkspace | null>;
  taken: boolean;
  /** The first reading of the checkout for the run's fingerprints, once begun (see beginEarlyReading()). */
  reading: { handOver(): void } | null;
}

/** The run id the early workspace's claims carry until the run's own is known (see takeEarlyWorkspace()). */
export const EARLY_RUN_ID = "starting";

let early: Early | null = null;

/**
 * Begins opening the workspace of a new run to be started from `cwd` at `baseSha` (the run's base as
 * startRun() will take it: readBase()), and preparing its first directory there. Never throws: whatever
 * fails here (a bad base included), the run opens its workspace itself.
 */
export function openBeforeRun(cwd: string, baseSha: Promise<string>): void {
  // One left by a run of this process that never started (main() called again): handed back first.
  if (early !== null) handBack(early);
  early = null;
  baseSha.catch(() => undefined); // a bad base is the run's to report, not an unhandled rejection here
  const entry: Early = { root: "", ws: Promise.resolve(null), taken: false, reading: null };
  entry.ws = (async () => {
    const root = await new Git(cwd).topLevel();
    if (root === undefined) return null;
    // Its git process runs beside the directory's (both on the run's way to its first agent).
    if (!entry.taken) entry.reading = beginEarlyReading(root);
    entry.root = realpathSync.native(root);
    const git = new Git(root);
    const [sha, common] = await Promise.all([baseSha, git.commonDir()]);
    // An old pool in the git dir is removed by RunWorkspace.open(): left to the run, once it is decided.
    if (lstatSync(legacyPoolsIn(common), { throwIfNoEntry: false })) return null;
    const ws = await RunWorkspace.open(git, EARLY_RUN_ID);
    ws.prepareAhead(sha);
    return ws;
  })().catch(() => null);
  early = entry;
  // A run refused before its engine started (a bad flow or feature name, a run id taken): the
  // directory goes back to the pool with its state, as a run's end hands it back. One listener for the
  // process, whatever the number of runs it opens (tests open many in one process).
  if (!handBackAtExit) {
    handBackAtExit = true;
    process.on("beforeExit", () => {
      const left = early;
      early = null;
      if (left !== null) handBack(left);
    });
  }
}

/** Whether the process hands back, when it is about to exit, an early workspace no run took. */
let handBackAtExit = false;

/** The early workspace's directories back to the pool, unless a run took it. */
function handBack(entry: Early): void {
  if (entry.taken) return;
  entry.taken = true;
  void entry.ws.then((ws) => ws?.dispose()).catch(() => undefined);
}

/**
 * The workspace openBeforeRun() opened for the repository at `root`, now the run `runId`'s, or null (none,
 * another repository, or it could not be opened).
 */
export async function takeEarlyWorkspace(root: string, runId: string): Promise<RunWorkspace | null> {
  const entry = early;
  if (entry === null || entry.taken) return null;
  entry.taken = true;
  early = null;
  // At once: the run's first reading of its checkout follows this call without waiting for it.
  entry.reading?.handOver();
  const ws = await entry.ws;
  if (ws === null) return null;
  let same = false;
  try {
    same = realpathSync.native(root) === entry.root;
  } catch {
    same = false;
  }
  if (!same) {
    await ws.dispose().catch(() => undefined);
    return null;
  }
  ws.renameRun(runId);
  return ws;
}
