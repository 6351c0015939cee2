import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, write } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { writeIndexBytes } from "./agent-dir.js";
import { cacheTreeHolds } from "./cache-tree-check.js";
import { parseIndex } from "./index-file.js";
import { tempBeside } from "./scratch-dir.js";
import type { Slot } from "./worktree-pool.js";

/**
 * The files a worktree pool keeps beside its directories (`wN.index`, `wN.clean`, `width`), written as
 * a same-user agent cannot redirect: through a new file renamed into place, never through a link put there.
 */

const writeAsync = promisify(write);
/** Writes `file` through a new file renamed into place: a link an agent put there is replaced, not followed. */
export async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await writeFile(tmp, text, { flag: "wx" });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Replaces `index` by `bytes` (through a new file: a link at its place is not followed). */
export async function restoreIndex(index: string, bytes: Buffer, mtimeMs: number): Promise<void> {
  const tmp = tempBeside(index);
  try {
    await writeIndexBytes(await open(tmp, "wx"), tmp, bytes, mtimeMs);
    await rename(tmp, index);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** A slot's state file (see the class comment), or "" when there is none or it cannot be read. */
export function readStateSync(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * Whether a claimed slot's `wN.index` may be moved to a commit by paths (switchClaimedSlot()): git
 * understands it and its cache-tree agrees with its entries (cacheTreeHolds()). The file is not the
 * engine's between runs: an agent can write it, and a cache-tree naming the committed tree over a forged
 * entry makes `diff-index --cached` skip that entry, which the next snapshot would then build into its
 * tree without listing it as a change. False: the full checkout (`read-tree --reset`, which drops the
 * cache-tree and compares every entry with the commit) runs instead.
 */
export function poolIndexHolds(index: string, objectFormat: string): boolean {
  try {
    const idx = parseIndex(readFileSync(index), objectFormat);
    return idx !== null && cacheTreeHolds(idx);
  } catch {
    return false;
  }
}

/**
 * The slot's index as git just wrote it (acquire() runs no agent before this), read without the thread
 * pool (see assertRealDirSync()); left null when it cannot be read, for prepareSnapshot() to handle.
 */
export function readViewSync(slot: Slot, objectFormat: string): void {
  try {
    const st = statSync(slot.index);
    const view = parseIndex(readFileSync(slot.index), objectFormat);
    if (view === null) return;
    slot.view = view;
    slot.viewMtimeMs = st.mtimeMs;
  } catch {
    // prepareSnapshot() reads it again and reports
  }
}

/**
 * replaceFile() and restoreIndex() for a run's end (WorktreePool.dispose()): the file made, timed,
 * renamed and closed with synchronous calls (microseconds), its bytes written through libuv's pool in one
 * trip (an index is 0.1-3 MB: written on the main thread, it held up the run's last status write), where
 * each of the other calls waited behind the flushes of `latest`'s snapshot.
 *
 * Power cuts. Nothing here is synced, and a lost or torn pool file must only ever cost a full checkout:
 * a torn `wN.index` fails git's checksum (then the slot is checked out anew), a lost `wN.clean` drops
 * the ignored files' digest (they are wiped). What must never survive a power cut is an older `wN.index`
 * (one an agent of the run could have written) beside a `wN.clean` that vouches for the slot. Where that
 * is enforced with syncs, the fewest that keep it are: both temp files synced together (one round), the
 * index renamed first, the pool folder synced, then `wN.clean` renamed (its own rename need not be
 * synced: lost, the slot is only dirty); and the claim's removal of `wN.clean` synced before the slot's
 * first agent starts, not before its checkout (see WorktreePool.claim()).
 */
export async function replaceFileAtEnd(
  file: string,
  bytes: string | Buffer,
  mtimeMs?: number,
): Promise<void> {
  const tmp = tempBeside(file);
  try {
    const fd = openSync(tmp, "wx");
    try {
      await writeFd(fd, typeof bytes === "string" ? Buffer.from(bytes) : bytes);
    } finally {
      closeSync(fd);
    }
    if (mtimeMs !== undefined) utimesSync(tmp, new Date(), new Date(Math.floor(mtimeMs)));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** All of `buf` into the file `fd`, through libuv's pool. */
async function writeFd(fd: number, buf: Buffer): Promise<void> {
  let at = 0;
  while (at < buf.length) at += (await writeAsync(fd, buf, at, buf.length - at)).bytesWritten;
}
