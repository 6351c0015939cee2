import type { Git } from "./git.js";

/**
 * Git by intent, for the agents' directories: each one is a work tree checked out through an index file
 * the engine keeps outside it (GIT_INDEX_FILE), so every intent here names that index. See git-ops.ts for
 * refs and the remote, git-objects.ts for objects. Argument lists are tuned (issue 12) and hardened
 * (issue 7): change them only with the tests that measure and attack them.
 */

const indexEnv = (index: string): NodeJS.ProcessEnv => ({ GIT_INDEX_FILE: index });

/**
 * Makes the work tree and `index` hold `sha`'s files (`read-tree -u --reset`: like checkout --force, also
 * for files changed behind the index's back). False when git could not (a damaged index or directory).
 */
export async function tryResetWorkTree(git: Git, sha: string, index: string): Promise<boolean> {
  return (
    (await git.exec(["read-tree", "-u", "--reset", sha], { env: indexEnv(index), allowFailure: true }))
      .exitCode === 0
  );
}

/** As tryResetWorkTree(), throwing when git cannot. */
export async function resetWorkTree(git: Git, sha: string, index: string): Promise<void> {
  await git.exec(["read-tree", "-u", "--reset", sha], { env: indexEnv(index) });
}

/** Removes the untracked files and folders `index` does not know (ignored ones stay). */
export async function cleanUntracked(git: Git, index: string): Promise<void> {
  await git.exec(["clean", "-ffd", "--quiet"], { env: indexEnv(index) });
}

/** Every ignored entry of the work tree as git lists it (an ignored folder once, with a trailing `/`). */
export async function ignoredEntries(git: Git, env: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await git.out(
    ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
    {
      env,
    },
  );
  return out.split("\0").filter(Boolean);
}

/** Removes every ignored file of the work tree (`clean -X`). */
export async function cleanIgnored(git: Git, env: NodeJS.ProcessEnv): Promise<void> {
  await git.exec(["clean", "-ffdX", "--quiet"], { env });
}

/** Fills `index` with `treeish`'s entries (the work tree is not touched). */
export async function readTreeInto(git: Git, treeish: string, index: string): Promise<void> {
  await git.exec(["read-tree", treeish], { env: indexEnv(index) });
}

/**
 * The work tree's paths that differ from `index`: modified, deleted, or untracked and not ignored
 * (limited to `only` when given).
 */
export async function changedPaths(git: Git, index: string, only?: readonly string[]): Promise<string[]> {
  const out = await git.out(
    [
      "ls-files",
      "-z",
      "--modified",
      "--deleted",
      "--others",
      "--exclude-standard",
      ...(only === undefined ? [] : ["--", ...only]),
    ],
    { env: indexEnv(index) },
  );
  return out.split("\0").filter((p) => p !== "");
}

/** Stages `paths` into `index` as they are in the work tree (additions, changes and deletions). */
export async function stagePaths(git: Git, index: string, paths: readonly string[]): Promise<void> {
  await git.exec(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], {
    env: indexEnv(index),
    input: `${paths.join("\0")}\0`,
  });
}

/** Writes `index` as a tree object and returns its id. */
export function writeTree(git: Git, index: string): Promise<string> {
  return git.out(["write-tree"], { env: indexEnv(index) });
}

/** Sets entries of `index` from `update-index --index-info` lines (`<mode> <oid>\t<path>`). */
export async function setIndexEntries(git: Git, index: string, lines: readonly string[]): Promise<void> {
  await git.exec(["update-index", "-z", "--index-info"], {
    env: indexEnv(index),
    input: `${lines.join("\0")}\0`,
  });
}
