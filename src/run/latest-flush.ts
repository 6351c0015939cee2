/** fsync for `latest`'s snapshot, and the run folder's files this process flushed ahead of the run's end. */
import fs, { type BigIntStats, closeSync, openSync } from "node:fs";

/** fs.fsync() looked up at each call (a test watches which paths are flushed, and when). */
const fsyncFd = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));

/**
 * fsync of a file or folder; a file system that cannot (EINVAL) has nothing to flush. Only the fsync goes
 * through libuv's thread pool: the open and close are synchronous calls (microseconds), where each was a
 * trip through the pool of its own, and a run's end flushes a dozen paths at once on its four threads.
 */
export async function flush(path: string): Promise<void> {
  const fd = openSync(path, "r");
  try {
    await fsyncFd(fd).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EINVAL") throw err;
    });
  } finally {
    closeSync(fd);
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
