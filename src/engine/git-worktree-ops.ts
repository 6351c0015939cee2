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

/** What one walk of a work tree found (see scanWorkTree()). */
export interface WorkTreeScan {
  /** Paths that differ from the index: modified, deleted, or untracked and not ignored. */
  changed: string[];
  /**
   * The ignored entries: a folder that an ignore rule matches once, with a trailing `/` (not what is in
   * it), and otherwise each ignored file. Every ignored file is one of them or under one.
   */
  ignored: string[];
}

/** The one walk of a work tree that scanWorkTree() and verifyWorkTree() make (see there). */
const SCAN = [
  ...["-c", "core.untrackedCache=false", "-c", "core.trustctime=true", "-c", "core.checkStat=default"],
  ...["-c", "status.showUntrackedFiles=all", "-c", "status.renames=false"],
  "status",
  "--porcelain=v2",
  "-z",
  "--untracked-files=all",
  "--ignored=matching",
  "--ignore-submodules=dirty",
  "--no-renames",
];

/**
 * The work tree against `index` in one walk of its folders (`git status`: what `ls-files --modified
 * --deleted --others` and an ignored-files listing took two walks for). Status also compares the index
 * with HEAD (the user's, as git dir is the common dir): its index column is not read, and with the
 * index's cache-tree that comparison skips every folder HEAD and the index agree on, which for a run
 * started from the checked-out branch is nearly all of them. No optional lock: the index is never
 * written. Submodules count by their commit only (no git process starts inside one), whatever the
 * repository's config says; ctime and full stat data are trusted whatever it says.
 */
export async function scanWorkTree(git: Git, index: string): Promise<WorkTreeScan> {
  const out = await git.out(SCAN, { env: { ...indexEnv(index), GIT_OPTIONAL_LOCKS: "0" } });
  return parseScan(out);
}

/**
 * scanWorkTree() for a directory checked out through `index` that the engine may settle: the same
 * walk, but git may write the stat data it refreshed into `index` (a checkout's racily clean entries are
 * then hashed once, not at every later walk). Null when git fails (e.g. an index it cannot read).
 */
export async function verifyWorkTree(git: Git, index: string): Promise<WorkTreeScan | null> {
  const r = await git.exec(SCAN, {
    env: { ...indexEnv(index), GIT_OPTIONAL_LOCKS: "1" },
    allowFailure: true,
  });
  return r.exitCode === 0 ? parseScan(r.stdout) : null;
}

/**
 * The paths whose entries in `index` differ from `sha`'s (`diff-index --cached`: the folders whose
 * cache-tree names the same tree are skipped), or null when git fails.
 */
export async function pathsDifferingFrom(git: Git, index: string, sha: string): Promise<string[] | null> {
  const r = await git.exec(["diff-index", "--cached", "--no-renames", "--name-only", "-z", sha], {
    env: indexEnv(index),
    allowFailure: true,
  });
  return r.exitCode === 0 ? r.stdout.split("\0").filter((p) => p !== "") : null;
}

/**
 * Makes `paths` in the work tree and `index` what they are in `sha` (removed where `sha` has none:
 * `restore --no-overlay`); false when git could not.
 */
export async function restorePaths(git: Git, index: string, sha: string, paths: string[]): Promise<boolean> {
  const r = await git.exec(
    ["restore", `--source=${sha}`, "--staged", "--worktree", "--no-overlay", "--", ...paths],
    { env: indexEnv(index), allowFailure: true },
  );
  return r.exitCode === 0;
}

/** `status --porcelain=v2 -z` records (see scanWorkTree()). */
export function parseScan(out: string): WorkTreeScan {
  const changed: string[] = [];
  const ignored: string[] = [];
  const recs = out.split("\0");
  for (let r = 0; r < recs.length; r++) {
    const rec = recs[r] as string;
    const kind = rec[0];
    if (kind === "?" || kind === "!") {
      (kind === "?" ? changed : ignored).push(rec.slice(2));
      continue;
    }
    // "1 XY sub mH mI mW hH hI <path>", "2 XY sub mH mI mW hH hI Xscore <path>" + NUL + "<from>",
    // "u XY sub m1 m2 m3 mW h1 h2 h3 <path>"; X compares HEAD with the index, Y the index with the files.
    const fields = kind === "1" ? 8 : kind === "2" ? 9 : kind === "u" ? 10 : -1;
    if (fields < 0) continue;
    let at = 0;
    for (let i = 0; i < fields; i++) at = rec.indexOf(" ", at) + 1;
    const path = rec.slice(at);
    if (kind === "2") {
      // Not asked for (no renames), but then both sides count.
      const from = recs[++r];
      if (from) changed.push(from);
    }
    if (kind !== "1" || rec[3] !== ".") changed.push(path);
  }
  return { changed, ignored };
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
