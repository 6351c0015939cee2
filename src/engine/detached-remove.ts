// Removing a folder without waiting for it. The end of every run sweeps the pools of repositories that
// are gone (cleanup-pool.ts); each is a few checked-out worktrees, tens of thousands of files, and
// unlinking them took the run's process seconds after its last log line. The folder is renamed aside
// in one step (nothing can use it under its old name any more) and a detached `rm -rf` removes it
// after the run has exited.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { removeNoFollow } from "./agent-dir.js";

/** The prefix of a folder being removed in the background, next to where it was. */
export const REMOVING_PREFIX = ".removing-";

/**
 * Renames `dir` to a `.removing-*` sibling and leaves its removal to a detached `rm -rf` that keeps no
 * handle of this process (rm, like removeNoFollow, never follows a link). When the rename fails, or rm
 * cannot be started, the folder is removed here and now. A removal that dies half-way leaves the renamed
 * folder with its owner record: cleanup sees it as an orphan pool again and removes it then.
 */
export async function removeDetached(dir: string): Promise<void> {
  const aside = join(dirname(dir), `${REMOVING_PREFIX}${basename(dir)}-${randomBytes(4).toString("hex")}`);
  try {
    await rename(dir, aside);
  } catch {
    await removeNoFollow(dir);
    return;
  }
  const started = await new Promise<boolean>((resolve) => {
    const child = spawn("rm", ["-rf", "--", aside], { detached: true, stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
  if (!started) await removeNoFollow(aside);
}
