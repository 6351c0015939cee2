import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { Git } from "./git.js";
import { pathsDifferingFrom, restorePaths, verifyWorkTree } from "./git-worktree-ops.js";
import { digestOf } from "./ignored-files.js";
import { poolIndexHolds } from "./pool-files.js";
import type { Slot } from "./worktree-pool.js";

/**
 * The first checkout of a directory claimed from the pool (a run's first step), made cheap when the
 * directory still holds exactly what its index (written back from the engine's memory by the previous
 * run's end, see WorktreePool.dispose()) says.
 *
 * `read-tree -u --reset` re-verifies every file against the index's stat data, but also reads every
 * tree of the commit twice (its traversal, then the cache-tree it primes), and `clean` and the
 * ignored-files listing each walk every folder again: at 20,000 files about 190 ms of git, on the run's
 * first step. Here one `git status` does the same verification in one walk (every tracked file's stat
 * data, ctime and full stat data trusted whatever the user's config says, content compared where git
 * would; untracked files; the ignored files listed for their digest), and only when it finds nothing
 * does the index move to the commit, by paths: `diff-index --cached` (whose unchanged folders the
 * cache-tree skips) names the entries that differ from the commit, and `restore` rewrites those files
 * and entries alone. Anything found (a changed, missing or untracked file, a submodule, an index git
 * cannot read) leaves the directory to the full checkout and clean, as before.
 *
 * Nothing is trusted that the full checkout would not trust: both rely on the index's stat data
 * (which the engine wrote, see WorktreePool.dispose()), and the files are compared with it in the same
 * way, at least as strictly (ctime trusted); the entries that differ from the commit come from git
 * comparing the index with the commit's trees.
 */

/** Slots whose first checkout since they were claimed was made (or tried). */
const tried = new WeakSet<Slot>();

/** More changed paths than this: the full checkout (a long argument list, and no longer cheaper). */
const MAX_PATHS = 256;

/**
 * Makes the slot's directory and index hold `sha` when this is the slot's first checkout since it was
 * claimed and the directory holds exactly its index (then true); false: nothing was changed that the
 * full checkout does not redo, which the caller now runs.
 */
export async function switchClaimedSlot(git: Git, slot: Slot, sha: string): Promise<boolean> {
  if (tried.has(slot)) return false;
  tried.add(slot);
  if (!lstatSync(slot.index, { throwIfNoEntry: false })?.isFile()) return false;
  // Submodules are filled by acquire() from their own records: left to the full path.
  if (lstatSync(join(slot.dir, ".gitmodules"), { throwIfNoEntry: false }) !== undefined) return false;
  const format = await git.objectFormat();
  // Both at once (one process after the other was a git start-up and the main thread's turn more on the
  // way to the first agent): diff-index reads only the index's entries and the commit's trees, which
  // the verify does not change (it may rewrite the index's stat data, never an entry's id or mode, and
  // git renames its new index into place whole). Its answer is used only once the verify found the
  // directory to hold exactly those entries, as when it ran after it.
  const differing = pathsDifferingFrom(git, slot.index, sha);
  const verifying = verifyWorkTree(git, slot.index);
  // An index whose cache-tree disagrees with its entries would hide a forged entry from diff-index.
  // Checked on this thread while git walks (tens of ms at 20,000 entries, beside git's own); either
  // version of the file it reads has the same entries and cache-tree (the verify rewrites stat data).
  // One turn of the loop first: both git processes start on their promise chains, not before them.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const holds = poolIndexHolds(slot.index, format);
  const scan = await verifying;
  const paths = await differing;
  if (!holds) return false;
  if (scan === null || scan.changed.length > 0) return false;
  if (paths === null || paths.length > MAX_PATHS) return false;
  if (paths.length > 0 && !(await restorePaths(git, slot.index, sha, paths))) return false;
  // The ignored files as the walk found them: the same digest as the one trusted means they are the
  // files trusted before (see verifyIgnored(), which then looks no further); else it looks again.
  if (slot.ignored !== null && (await digestOf(slot.dir, scan.ignored)) === slot.ignored) {
    slot.lastRole = "agent";
    slot.ignoredVerified = true;
  }
  return true;
}
