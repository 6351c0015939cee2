/** fsync for `latest`'s snapshot, and the run folder's files this process flushed ahead of the run's end. */
import type { BigIntStats } from "node:fs";
import { open } from "node:fs/promises";

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

/** What a file was (which file, its size and times): any change to it changes this. */
export const signature = (st: BigIntStats): string =>
  `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

/** Files of run folders this process flushed, each with its signature() when it was flushed. */
const flushed = new Map<string, string>();

export function markFlushed(path: string, sig: string): void {
  flushed.set(path, sig);
}

/** Whether `path` was flushed as it is now (`sig`: its signature() now). */
export function wasFlushed(path: string, sig: string): boolean {
  return flushed.get(path) === sig;
}
