/**
 * The snapshot `latest` points to, made from the run folder: its files hard-linked (no bytes copied),
 * the log copied, and what is not on disk yet listed for flushing before `latest` is switched to it.
 *
 * Linking is safe because the engine never rewrites a finished run's files in place: the status and
 * other records are replaced by rename (a new file; the snapshot keeps the old one), and the one file
 * appended to, pipeline.log, is copied. A file system that cannot link (another device, no hard links)
 * gets a copy instead. The engine only makes entries in the snapshot folder it has just made: a link
 * planted in the run folder is made again with its text, never followed or written through.
 */
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
import { join } from "node:path";
import { signature, wasFlushed } from "./latest-flush.js";
import { ATOMIC_TEMP_RE, WORK_DIR } from "./store.js";

/** In a run folder, written by the run's end itself. */
export const LAST_WRITTEN = ["pipeline_status.json", "pipeline.log"];
/** Copied, never linked: appended to in place (a later line must not change `latest`). */
const COPIED = "pipeline.log";

/**
 * Makes `to` (which must not exist, in a folder the engine made) a snapshot of the run folder `from`:
 * folders made, regular files linked (copied where the file system cannot link, and COPIED always), links
 * made again with their text; anything else and `.work` left out, and LAST_WRITTEN too unless `all`
 * (takeLastWritten() adds them). Synchronous calls: tens of microseconds each, against a trip through
 * libuv's pool each. Returns what must be flushed before `latest` may point to `to`: each folder made,
 * and each file not flushed as it is (latest-ahead.ts).
 */
export function buildSnapshot(from: string, to: string, all = true): string[] {
  const toFlush: string[] = [];
  const tree = (a: string, b: string, top: boolean): void => {
    mkdirSync(b);
    toFlush.push(b);
    for (const e of readdirSync(a, { withFileTypes: true })) {
      if (top && (e.name === WORK_DIR || (!all && LAST_WRITTEN.includes(e.name)))) continue;
      // A write under way (the run's last status write, while this runs beside it): never its temp file.
      if (ATOMIC_TEMP_RE.test(e.name)) continue;
      const src = join(a, e.name);
      const dst = join(b, e.name);
      if (e.isDirectory()) tree(src, dst, false);
      else if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
      else if (e.isFile() && !place(src, dst, top && e.name === COPIED)) toFlush.push(dst);
    }
  };
  tree(from, to, true);
  return toFlush;
}

/** LAST_WRITTEN of the run folder `from` into `to`, made by buildSnapshot(…, false); what to flush. */
export function takeLastWritten(from: string, to: string): string[] {
  const toFlush = [to];
  for (const name of LAST_WRITTEN) {
    const src = join(from, name);
    const st = lstatSync(src, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) symlinkSync(readlinkSync(src), join(to, name));
    else if (st?.isFile() && !place(src, join(to, name), name === COPIED)) toFlush.push(join(to, name));
  }
  return toFlush;
}

/** Links (or copies) the file `src` to `dst`; true when it is on disk already. */
function place(src: string, dst: string, copy: boolean): boolean {
  if (!copy) {
    try {
      // Taken before the link, which changes the file's ctime (its link count).
      const before = signature(lstatSync(src, { bigint: true }));
      // link(2) never follows a link at `src`, and fails when `dst` exists.
      linkSync(src, dst);
      const st = lstatSync(dst, { bigint: true });
      return before.startsWith(`${st.dev}:${st.ino}:`) && wasFlushed(src, before);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST" || code === "ENOENT") throw err;
      // EXDEV, EPERM, EMLINK, ENOTSUP…: this file system (or this file) cannot be linked here.
    }
  }
  copyFileSync(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  return false;
}
