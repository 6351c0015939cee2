import { createHash } from "node:crypto";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Git } from "./git.js";
import { cleanIgnored, ignoredEntries } from "./git-worktree-ops.js";
import type { Slot } from "./worktree-pool.js";

/**
 * Ignored files (node_modules, build output) are never snapshotted, so no scope check sees them, and they
 * survive in pooled directories from step to step and run to run. An agent that replaced
 * `node_modules/.bin/vitest` would turn later checks green. The rule: ignored files that an agent
 * changes, adds or removes are wiped (every ignored file of that directory) before the directory is used
 * again, by an agent or a check; ignored files only a check changed (e.g. `npm ci`) are kept, so a
 * dependency folder stays usable without a reinstall per step.
 *
 * A change is detected from each ignored entry's inode, size, mode, mtime and ctime (ctime cannot be set
 * back by a process), so restoring a file's content and mtime does not hide it.
 */

export const NO_IGNORED = createHash("sha256").digest("hex");

/** A digest of every ignored entry under `dir` (the files under ignored folders included). */
export async function ignoredDigest(git: Git, dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return digestOf(dir, await ignoredEntries(git, env));
}

/**
 * The digest of the ignored entries `listed` (as git lists them: folders with a trailing `/`) and of
 * everything under them. ignoredDigest() lists them with `ls-files`; a snapshot takes them from its
 * `git status` (scanWorkTree()), which lists the same entries except where a folder holds nothing but
 * ignored files without matching an ignore rule itself (`ls-files` then also names the folder): the two
 * digests then differ, which only means that the snapshot cannot vouch for the files and the next
 * acquire() looks again. Equal digests mean the same entries with the same stat data.
 */
export async function digestOf(dir: string, listed: readonly string[]): Promise<string> {
  const tops = listed.map((p) => p.replace(/\/$/, "")).sort();
  const hash = createHash("sha256");
  for (const top of tops) await walk(join(dir, top), top, hash);
  return hash.digest("hex");
}

async function walk(abs: string, rel: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const st = await lstat(abs).catch(() => null);
  if (st === null) return;
  hash.update(`${rel}\0${st.ino}:${st.mode}:${st.size}:${st.mtimeMs}:${st.ctimeMs}\0`);
  if (!st.isDirectory()) return;
  const names = (await readdir(abs).catch(() => [] as string[])).sort();
  for (const name of names) await walk(join(abs, name), `${rel}/${name}`, hash);
}

/** Removes every ignored file of the directory (git clean -X: untracked ones were cleaned already). */
export async function wipeIgnored(git: Git, env: NodeJS.ProcessEnv): Promise<void> {
  await cleanIgnored(git, env);
}

/** The digest of a pool slot's ignored files (`git` is the slot's engine git, see WorktreePool.gitFor()). */
export function slotDigest(git: Git, slot: Slot): Promise<string> {
  return ignoredDigest(git, slot.dir, { GIT_INDEX_FILE: slot.index });
}

/**
 * Before a slot is used again: ignored files a check left are trusted; after an agent (or when it is
 * not known who used the slot last, e.g. a slot from another run) they must be exactly those trusted
 * before, else all ignored files are wiped.
 */
export async function verifyIgnored(git: Git, slot: Slot): Promise<void> {
  if (slot.lastRole === "agent" && slot.ignoredVerified && slot.ignored !== null) return;
  const now = await slotDigest(git, slot);
  if (slot.lastRole === "check") {
    slot.ignored = now;
    return;
  }
  if (now === slot.ignored || now === NO_IGNORED) {
    slot.ignored = now;
    return;
  }
  await wipeIgnored(git, { GIT_INDEX_FILE: slot.index });
  slot.ignored = await slotDigest(git, slot);
}
