/**
 * What a run's end would otherwise wait for, done while the run goes on, in the background and one thing
 * at a time (one thread of libuv's pool: the run's own writes keep the others): the snapshots an earlier
 * switch of `latest` retired are removed (latest-retire.ts), and the run folder's files that will not
 * change any more are flushed to disk, so that `latest`'s snapshot (latest-build.ts) needs only the last
 * step's files, the log, the status and its folders flushed at the run's end.
 */

import type { BigIntStats } from "node:fs";
import { lstatSync, readdirSync } from "node:fs";
import { readlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { LAST_WRITTEN } from "./latest-build.js";
import { flush, markFlushed, signature, wasFlushed } from "./latest-flush.js";
import { removable, removeTree, snapshotName } from "./latest-retire.js";
import { LATEST, runDir, STATUS_DIR, WORK_DIR } from "./store.js";

/**
 * A file last changed (its ctime, which only the kernel sets) at least this long ago is flushed ahead: any
 * later change gets a later ctime (the kernel's file times advance one clock tick, 1-10 ms, at a time), so
 * a file seen unchanged since it was flushed needs no second flush.
 */
const SETTLED_NS = 20_000_000n;
/** A run folder larger than this is flushed at the run's end only (each look ahead walks all of it). */
const AHEAD_MAX_ENTRIES = 2_000;

interface Job {
  root: string;
  runId: string;
  again: boolean;
  stop: boolean;
  done: Promise<void>;
}
let ahead: Job | null = null;

/**
 * Called after each step of run `runId`: starts the work ahead, or makes the one under way look at the
 * run folder again when done. Never rejects, never awaited by the run.
 */
export function workAhead(root: string, runId: string): void {
  if (ahead !== null && ahead.root === root && ahead.runId === runId) {
    ahead.again = true;
    return;
  }
  if (ahead !== null) ahead.stop = true;
  const job: Job = { root, runId, again: true, stop: false, done: Promise.resolve() };
  ahead = job;
  job.done = (async () => {
    await removeRetired(job);
    while (job.again && !job.stop) {
      job.again = false;
      await flushSettled(job);
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      if (ahead === job) ahead = null;
    });
}

/** Stops the work ahead at its next step; resolves once it has stopped. */
export function stopAhead(): Promise<void> {
  if (ahead === null) return Promise.resolve();
  ahead.stop = true;
  return ahead.done;
}

/** Resolves once the work ahead under way, if any, is done (for tests). */
export function aheadDone(): Promise<void> {
  return ahead?.done ?? Promise.resolve();
}

/** The retired snapshots, once the status folder (with `latest` as it is now) is on disk. */
async function removeRetired(job: Job): Promise<void> {
  const snapshots = join(job.root, STATUS_DIR, ".snapshots");
  const current = snapshotName(await readlink(join(job.root, LATEST)).catch(() => undefined));
  const { folders, markers } = removable(snapshots, current);
  if (folders.length === 0 && markers.length === 0) return;
  await flush(join(job.root, STATUS_DIR));
  for (const folder of folders) {
    if (job.stop) return;
    await removeTree(folder, () => job.stop);
  }
  // A marker goes with its folder: a folder left half-removed stays marked for the switch to finish.
  if (!job.stop) for (const m of markers) await unlink(m).catch(() => undefined);
}

/** The run folder's files that have settled and were not flushed as they are. */
async function flushSettled(job: Job): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const { path, st } of runFiles(runDir(job.root, job.runId)) ?? []) {
    if (job.stop) return;
    const sig = signature(st);
    if (wasFlushed(path, sig) || now - st.ctimeNs < SETTLED_NS) continue;
    if (
      await flush(path).then(
        () => true,
        () => false,
      )
    )
      markFlushed(path, sig);
  }
}

/** The regular files under `dir` (not `.work`, not LAST_WRITTEN), or null past AHEAD_MAX_ENTRIES. */
function runFiles(dir: string): { path: string; st: BigIntStats }[] | null {
  const out: { path: string; st: BigIntStats }[] = [];
  let seen = 0;
  const walk = (d: string, top: boolean): boolean => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return true;
    }
    for (const name of names) {
      if (top && (name === WORK_DIR || LAST_WRITTEN.includes(name))) continue;
      if (++seen > AHEAD_MAX_ENTRIES) return false;
      const p = join(d, name);
      const st = lstatSync(p, { bigint: true, throwIfNoEntry: false });
      if (st?.isDirectory()) {
        if (!walk(p, false)) return false;
      } else if (st?.isFile()) out.push({ path: p, st });
    }
    return true;
  };
  return walk(dir, true) ? out : null;
}
