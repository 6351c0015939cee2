// Measuring and removing the folders cleanup removes: thousands of small run folders, so the walk that
// counts a folder's bytes also removes it (one lstat per entry, not two).

import { lstatSync, readdirSync, rmdirSync, rmSync, type Stats, unlinkSync } from "node:fs";
import { join } from "node:path";

/** How many records are read at once: enough to keep the disk busy, few enough for open files. */
export const READ_WIDTH = 32;

const gone = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Bytes under `path` (links counted as themselves and never followed), removing each entry once it is
 * counted when `remove` is set. A folder that gained an entry meanwhile is removed whole at the end.
 * Synchronous on purpose: a run folder is a handful of small files, and on a busy machine handing each
 * lstat/unlink to libuv's thread pool costs more than the call itself (rm -rf makes the same calls).
 */
export function measureTree(path: string, remove: boolean): number {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) {
    if (remove)
      try {
        unlinkSync(path);
      } catch (err) {
        if (!gone(err)) throw err;
      }
    return st.size;
  }
  let total = st.size;
  let names: string[] = [];
  try {
    names = readdirSync(path);
  } catch {}
  for (const name of names) total += measureTree(join(path, name), remove);
  if (remove)
    try {
      rmdirSync(path);
    } catch {
      rmSync(path, { recursive: true, force: true });
    }
  return total;
}

/**
 * measureTree over many paths, yielding to the event loop between them so that timers (a lock's
 * heartbeat) still run during a long removal. Returns each path's bytes, in order.
 */
export async function measureTrees(paths: readonly string[], remove: boolean): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < paths.length; i++) {
    out.push(measureTree(paths[i] as string, remove));
    if (i % 64 === 63) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/** Bytes under `path`, links counted as themselves and never followed. */
export async function diskBytes(path: string): Promise<number> {
  return measureTree(path, false);
}
