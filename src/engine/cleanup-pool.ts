// The parts of cleanup that are not one run's: pooled worktrees beyond the pool's size, the pools of
// repositories that are gone, and stale locks. Slots and locks go through the lock protocol of
// src/run/locks.ts, never around it.

import { readdir, realpath, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { acquireLock, breakLock, type LockStatus, LockTimeoutError, listLocks } from "../lib/locks/index.js";
import { removeNoFollow } from "./agent-dir.js";
import { diskBytes } from "./cleanup-files.js";
import type { CleanupItem } from "./cleanup-types.js";
import { removeDetached } from "./detached-remove.js";
import type { Git } from "./git.js";
import { orphanPools, poolDirFor } from "./pool-location.js";
import { poolKeep } from "./worktree-pool.js";

/** A slot claim's bound, as worktree-pool.ts sets it: a run may hold its directories for hours. */
const CLAIM_STALE_MS = 30 * 86_400_000;

/**
 * Removes free slots `wN` of the repository's worktree pool beyond poolKeep() (POOL_KEEP, or as many as
 * a recent run held at once), highest N first (a run claims the lowest free N, so those are the ones left
 * over from a wide parallel group). A slot is removed only while cleanup holds its claim: a run using it
 * is never touched.
 */
export async function removePoolSurplus(
  git: Git,
  dryRun: boolean,
  record: (item: CleanupItem) => void,
): Promise<void> {
  const pool = poolDirFor(await realpath(await git.commonDir()));
  const slots = (await readdir(pool).catch(() => [] as string[]))
    .map((n) => /^w(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  let surplus = slots.length - (await poolKeep(pool));
  for (const n of slots) {
    if (surplus <= 0) break;
    let claim: Awaited<ReturnType<typeof acquireLock>>;
    try {
      claim = await acquireLock(
        pool,
        `worktree-w${n}`,
        { run_id: "cleanup", agent: "cleanup" },
        { timeoutMs: 0, staleAfterMs: CLAIM_STALE_MS, heartbeatMs: 0 },
      );
    } catch (err) {
      if (err instanceof LockTimeoutError) continue; // in use by a run
      throw err;
    }
    try {
      const dir = join(pool, `w${n}`);
      const bytes =
        (await diskBytes(dir)) + (await diskBytes(`${dir}.modules`)) + (await diskBytes(`${dir}.index`));
      record({ kind: "worktree", target: dir, run_id: null, bytes });
      surplus -= 1;
      if (!dryRun) {
        await removeNoFollow(dir);
        await removeNoFollow(`${dir}.modules`);
        await rm(`${dir}.index`, { force: true });
        await rm(`${dir}.clean`, { force: true });
      }
    } finally {
      await claim.release();
    }
  }
}

/**
 * Removes the worktree pools of repositories that no longer exist (their recorded git dir is gone): a
 * pool lives outside the repository (pool-location.ts), so deleting a repository leaves it behind.
 * `detached` (the end of a run): each is renamed aside and removed by a process of its own, unmeasured
 * (bytes 0), so that the run's process does not wait for another repository's leftovers.
 */
export async function removeOrphanPools(
  dryRun: boolean,
  record: (item: CleanupItem) => void,
  detached = false,
): Promise<void> {
  for (const dir of await orphanPools()) {
    // A slot claimed by a live engine: the pool is in use, whatever this process sees of its repository
    // (one it cannot see, e.g. from another mount namespace). Never removed under a run.
    if ((await listLocks(dir)).some((l) => !l.stale)) continue;
    if (detached && !dryRun) {
      await removeDetached(dir);
      record({ kind: "worktree", target: dir, run_id: null, bytes: 0 });
      continue;
    }
    record({ kind: "worktree", target: dir, run_id: null, bytes: await diskBytes(dir) });
    if (!dryRun) await removeNoFollow(dir);
  }
}

/**
 * Removes the locks that are stale (their holder's process is gone, or silent past its bound), each only
 * while it is still the lock that was judged (its token): a lock taken meanwhile by a live process stays.
 * A lock file that cannot be read carries no token and is left to the next waiter, which reclaims it.
 */
export async function removeStaleLocks(
  root: string,
  locks: LockStatus[],
  record: (item: CleanupItem) => void,
  dryRun: boolean,
): Promise<void> {
  for (const lock of locks) {
    if (!lock.stale || !lock.token || lock.unreadable) continue;
    const target = relative(root, lock.file);
    if (!dryRun && breakLock(root, lock.resource, lock.token) === null) continue;
    record({ kind: "lock", target, run_id: lock.run_id || null, bytes: 0 });
  }
}
