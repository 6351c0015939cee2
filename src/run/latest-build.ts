/**
 * The snapshot `latest` points to, built from the run folder: its files hard-linked (no bytes copied),
 * the log copied, and everything flushed to disk before `latest` is switched to it (latest.ts).
 *
 * Linking is safe because the engine never rewrites a finished run's files in place: the status and
 * other records are replaced by rename (a new file; the snapshot keeps the old one), and the one file
 * appended to, pipeline.log, is copied. A file system that cannot link (another device, no hard links)
 * gets a copy instead.
 *
 * Flushing is what a run's end waited for (one fsync per file, four at a time through libuv's pool):
 * files that will not change any more are flushed while the run goes on (flushSettled()), so that the
 * end flushes only the last step's files, the log, the status and the snapshot's folders.
 */

import type { BigIntStats } from "node:fs";
import {
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";

/** In a run folder, written by the run's end itself: taken once that is done (see buildSnapshot()). */
export const LAST_WRITTEN = ["pipeline_status.json", "pipeline.log"];
/** Copied, never linked: appended to in place (a later line must not change `latest`). */
const COPIED = "pipeline.log";
/**
 * A file last changed (its ctime, which only the kernel sets) at least this long ago is flushed ahead: any
 * later change gets a later ctime (the kernel's file times advance one clock tick, 1-10 ms, at a time), so
 * a file seen unchanged since it was flushed needs no second flush.
 */
const SETTLED_NS = 20_000_000n;
/** A run folder larger than this is flushed at the run's end only (each look ahead walks all of it). */
const AHEAD_MAX_ENTRIES = 2_000;

/** fsync of a file or folder; a file system that cannot (EINVAL) has nothing to flush. */
export async function flush(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync().catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EINVAL") throw err;
    });
  } finally {
    await handle.close();
  }
}

const signature = (st: BigIntStats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/** Files of run folders this process flushed ahead, each with its signature() when it was flushed. */
const flushed = new Map<string, string>();
let ahead: { dir: string; again: boolean; stop: boolean; done: Promise<void> } | null = null;

/**
 * Flushes, one at a time in the background (one thread of libuv's pool: the run's own writes keep the
 * others), the files of the run folder `dir` that have not changed for a while and were not flushed
 * since (`.work` and LAST_WRITTEN aside). Called after each step; a call while one is under way makes it
 * look again when done. Never rejects, never awaited by the run.
 */
export function flushSettled(dir: string): void {
  if (ahead !== null && ahead.dir === dir) {
    ahead.again = true;
    return;
  }
  if (ahead !== null) ahead.stop = true;
  const job = { dir, again: true, stop: false, done: Promise.resolve() };
  ahead = job;
  job.done = (async () => {
    while (job.again && !job.stop) {
      job.again = false;
      const now = BigInt(Date.now()) * 1_000_000n;
      for (const { path, st } of runFiles(dir, AHEAD_MAX_ENTRIES) ?? []) {
        if (job.stop) break;
        if (flushed.get(path) === signature(st) || now - st.ctimeNs < SETTLED_NS) continue;
        if (
          await flush(path).then(
            () => true,
            () => false,
          )
        )
          flushed.set(path, signature(st));
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      if (ahead === job) ahead = null;
    });
}

/** Resolves once the flushing ahead under way, if any, is done (for tests). */
export function flushedAhead(): Promise<void> {
  return ahead?.done ?? Promise.resolve();
}

/** The regular files under `dir` (not `.work`, not LAST_WRITTEN), or null past `max` entries. */
function runFiles(dir: string, max: number): { path: string; st: BigIntStats }[] | null {
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
      if (top && (name === WORK || LAST_WRITTEN.includes(name))) continue;
      if (++seen > max) return false;
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

const WORK = ".work";

/**
 * Makes `to` (which must not exist, in a folder the engine made) a snapshot of the run folder `from`:
 * folders made, regular files linked (copied where the file system cannot link, and COPIED always), links
 * re-made with their text (never followed); anything else and `.work` left out. `lastWritten`: whether
 * LAST_WRITTEN are taken now (the run's end is written) or left to takeLastWritten(). Returns what must be
 * flushed before `latest` may point to `to`: each folder made, and each file not flushed ahead.
 */
export function buildSnapshot(from: string, to: string, lastWritten: boolean): string[] {
  if (ahead !== null) ahead.stop = true;
  const toFlush: string[] = [];
  const tree = (a: string, b: string, top: boolean): void => {
    mkdirSync(b);
    toFlush.push(b);
    for (const e of readdirSync(a, { withFileTypes: true })) {
      if (top && (e.name === WORK || (!lastWritten && LAST_WRITTEN.includes(e.name)))) continue;
      const src = join(a, e.name);
      const dst = join(b, e.name);
      if (e.isDirectory()) tree(src, dst, false);
      else if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
      else if (e.isFile()) toFlush.push(...place(src, dst, top && e.name === COPIED));
    }
  };
  tree(from, to, true);
  return toFlush;
}

/** LAST_WRITTEN of the run folder `from` into the snapshot `to` made by buildSnapshot(…, false). */
export function takeLastWritten(from: string, to: string): string[] {
  const toFlush = [to];
  for (const name of LAST_WRITTEN) {
    const st = lstatSync(join(from, name), { throwIfNoEntry: false });
    if (st?.isFile()) toFlush.push(...place(join(from, name), join(to, name), name === COPIED));
  }
  return toFlush;
}

/** Links (or copies) the file `src` to `dst`; returns the file to flush, if any. */
function place(src: string, dst: string, copy: boolean): string[] {
  if (!copy) {
    try {
      // Taken before the link, which changes the file's ctime (its link count).
      const before = signature(lstatSync(src, { bigint: true }));
      // link(2) never follows a link at `src`, and fails when `dst` exists.
      linkSync(src, dst);
      const st = lstatSync(dst, { bigint: true });
      const same = before.startsWith(`${st.dev}:${st.ino}:`);
      return same && flushed.get(src) === before ? [] : [dst];
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST" || code === "ENOENT") throw err;
      // EXDEV, EPERM, EMLINK, ENOTSUP…: this file system (or this file) cannot be linked here.
    }
  }
  copyFileSync(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  return [dst];
}
