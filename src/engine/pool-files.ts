import { readFileSync, statSync } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { writeIndexBytes } from "./agent-dir.js";
import { parseIndex } from "./index-file.js";
import { tempBeside } from "./scratch-dir.js";
import type { Slot } from "./worktree-pool.js";

/**
 * The files a worktree pool keeps beside its directories (`wN.index`, `wN.clean`, `width`), written as
 * a same-user agent cannot redirect: through a new file renamed into place, never through a link put there.
 */

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
