// Measuring and removing the folders cleanup removes: thousands of small run folders.

import { lstat, readdir, rm, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { inBatches } from "../lib/pool.js";

/** How many records are read at once: enough to keep the disk busy, few enough for open files. */
export const READ_WIDTH = 32;

/** How many folders are walked at once: removing is bound by the disk's latency, not the CPU. */
export const REMOVE_WIDTH = 16;

const gone = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Bytes under `path` (links counted as themselves and never followed), removing each entry once it is
 * counted when `remove` is set (one lstat per entry, where measuring then rm would take two). A folder
 * that gained an entry meanwhile is removed whole at the end.
 */
export async function measureTree(path: string, remove: boolean): Promise<number> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return 0;
  if (!st.isDirectory()) {
    if (remove) await unlink(path).catch((err: unknown) => (gone(err) ? undefined : Promise.reject(err)));
    return st.size;
  }
  let total = st.size;
  for (const name of await readdir(path).catch(() => [] as string[]))
    total += await measureTree(join(path, name), remove);
  if (remove) await rmdir(path).catch(() => rm(path, { recursive: true, force: true }));
  return total;
}

/**
 * measureTree over many paths, several at a time: on a slow disk each unlink waits for it, and rm -rf's
 * one-at-a-time order is what makes it slow. Returns each path's bytes, in order.
 */
export async function measureTrees(paths: readonly string[], remove: boolean): Promise<number[]> {
  const out = new Array<number>(paths.length).fill(0);
  await inBatches(
    paths.map((p, i) => [p, i] as const),
    REMOVE_WIDTH,
    async ([p, i]) => {
      out[i] = await measureTree(p, remove);
    },
  );
  return out;
}

/** Bytes under `path`, links counted as themselves and never followed. */
export function diskBytes(path: string): Promise<number> {
  return measureTree(path, false);
}
