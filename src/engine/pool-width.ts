import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { replaceFile } from "./pool-files.js";

// How many free directories a repository's worktree pool keeps between runs (worktree-pool.ts, and the
// automatic cleanup in cleanup-pool.ts).

/** Free directories kept in a repository's pool after a run (or as many as a recent run used at once, if more). */
export const POOL_KEEP = 8;
/** `pool/width`: the most directories a run held at once lately (see poolKeep()). */
const WIDTH_FILE = "width";
/** A width recorded longer ago than this no longer keeps directories beyond POOL_KEEP. */
export const WIDTH_FRESH_MS = 7 * 86_400_000;
/** The most a recorded width can keep: the widest group a flow may declare. */
const MAX_KEEP = 256;
/**
 * How many free directories the pool folder `pool` keeps: POOL_KEEP, or as many as a run held at once in
 * the last WIDTH_FRESH_MS when that is more. Without it, a wide parallel group's directories beyond
 * POOL_KEEP were removed after every run (by the run or by the automatic cleanup) and checked out anew,
 * all at once, by the next one.
 */
export async function poolKeep(pool: string, now = Date.now()): Promise<number> {
  const file = join(pool, WIDTH_FILE);
  const st = await lstat(file).catch(() => null);
  if (!st?.isFile() || now - st.mtimeMs > WIDTH_FRESH_MS) return POOL_KEEP;
  const n = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
  return Number.isFinite(n) ? Math.min(Math.max(POOL_KEEP, n), MAX_KEEP) : POOL_KEEP;
}

/** Records that a run held `width` directories at once (a link at the file's place is replaced, not followed). */
export async function recordWidth(pool: string, width: number): Promise<void> {
  await replaceFile(join(pool, WIDTH_FILE), `${width}\n`).catch(() => undefined);
}
