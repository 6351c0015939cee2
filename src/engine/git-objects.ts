import type { RawRecord } from "../run/scope-check.js";
import type { Git } from "./git.js";

/**
 * Git by intent, object side: commits, trees, blobs, diffs and index/work-tree reads. See git-ops.ts for
 * refs, branches and the remote. Names given to git are file names, never pathspecs (`:(top)x`, `*`):
 * git-env.ts pins GIT_LITERAL_PATHSPECS for every engine git process.
 */

/** The commit's committer date, ISO 8601 (`%cI`). */
export function commitDate(git: Git, rev: string): Promise<string> {
  return git.out(["show", "-s", "--format=%cI", rev]);
}

/** The commit's full message. */
export function commitMessage(git: Git, rev: string): Promise<string> {
  return git.out(["log", "-1", "--format=%B", rev]);
}

/** The commit's parents (space-separated, as git prints them) and message lines, or undefined if unknown. */
export async function commitParentsAndBody(
  git: Git,
  sha: string,
): Promise<{ parents: string; body: string[] } | undefined> {
  const r = await git.exec(["show", "-s", "--format=%P%n%B", sha], { allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  const [parents = "", ...body] = r.stdout.split("\n");
  return { parents, body };
}

/** The values of the commit's `key:` trailers, or undefined when `sha` is no commit here. */
export async function trailerValues(git: Git, sha: string, key: string): Promise<string[] | undefined> {
  const r = await git.exec(["log", "-1", `--format=%(trailers:key=${key},valueonly)`, sha, "--"], {
    allowFailure: true,
  });
  return r.exitCode === 0 ? r.stdout.split("\n").map((l) => l.trim()) : undefined;
}

/** Whether `sha` names a commit in this repository's object store. */
export async function hasCommit(git: Git, sha: string): Promise<boolean> {
  return (await git.exec(["cat-file", "-e", `${sha}^{commit}`], { allowFailure: true })).exitCode === 0;
}

/** Makes a commit of `tree` on `parents` (no ref moves); `env` carries identity and dates. */
export function commitTree(
  git: Git,
  tree: string,
  parents: readonly string[],
  message: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return git.out(["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])], { input: message, env });
}

/** A blob's text (throws when `rev` names none). */
export function readBlob(git: Git, rev: string): Promise<string> {
  return git.out(["cat-file", "blob", rev]);
}

/** A blob's text, or undefined when `rev` names none. */
export async function readBlobIfAny(git: Git, rev: string): Promise<string | undefined> {
  const r = await git.exec(["cat-file", "blob", rev], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout : undefined;
}

export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Bytes, for blobs when asked with `sizes` (0 otherwise). */
  size: number;
  path: string;
}

/**
 * The entries of `treeish` at `paths` (from the tree's top, whatever the cwd): with `recursive`, the files
 * below folders instead of the folders.
 */
export async function treeEntries(
  git: Git,
  treeish: string,
  paths: readonly string[],
  opts: { recursive: boolean; sizes?: boolean },
): Promise<TreeEntry[]> {
  const args = ["ls-tree", ...(opts.recursive ? ["-r"] : []), ...(opts.sizes ? ["-l"] : [])];
  const out = await git.out([...args, "-z", "--full-tree", treeish, "--", ...paths]);
  const entries: TreeEntry[] = [];
  for (const line of out.split("\0")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const [mode = "", type = "", oid = "", size = ""] = line.slice(0, tab).split(/\s+/);
    entries.push({ mode, type, oid, size: Number(size) || 0, path: line.slice(tab + 1) });
  }
  return entries;
}

/** The tree of a commit (throws when `commit` names none). */
export function treeOfCommit(git: Git, commit: string): Promise<string> {
  return git.out(["rev-parse", "--verify", `${commit}^{tree}`]);
}

/** A raw diff record: new mode and id (zeros for a deletion), the old mode always known. */
export interface RawDiffRecord extends RawRecord {
  oldMode: string;
}

/** `git diff-tree --raw` between two trees or commits, old modes kept, renames split. */
export async function rawDiff(git: Git, from: string, to: string): Promise<RawDiffRecord[]> {
  const out = await git.out(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-commit-id", from, to]);
  const parts = out.split("\0");
  const records: RawDiffRecord[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i] as string;
    if (!meta.startsWith(":")) break;
    const [oldMode, mode, , oid] = meta.slice(1).split(" ");
    if (!oldMode || !mode || !oid) throw new Error(`unexpected git diff-tree output: ${meta}`);
    records.push({ oldMode, mode, oid, path: parts[i + 1] as string });
  }
  return records;
}

/** One entry of `git status --porcelain=v1`: its two-letter code (`??`, ` M`, `D `...) and path. */
export interface StatusEntry {
  code: string;
  path: string;
}

/** The work tree's status at `paths` (untracked files listed one by one), or undefined if git fails. */
export async function workTreeStatus(git: Git, paths: readonly string[]): Promise<StatusEntry[] | undefined> {
  const r = await git.exec(
    ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", ...paths],
    { allowFailure: true },
  );
  if (r.exitCode !== 0) return undefined;
  return r.stdout
    .split("\0")
    .filter((e) => e.length > 3)
    .map((e) => ({ code: e.slice(0, 2), path: e.slice(3) }));
}

/** The staged entries (`<mode> <oid> <stage>\t<path>`) of the index file `index`. */
export async function indexEntries(git: Git, index: string): Promise<string[]> {
  return (await git.out(["ls-files", "-z", "--stage"], { env: { GIT_INDEX_FILE: index } }))
    .split("\0")
    .filter(Boolean);
}

/** Makes the work tree exactly `sha`'s files (untracked ones removed), through the index file `index`. */
export async function checkoutExactly(git: Git, sha: string, index: string): Promise<void> {
  const env = { GIT_INDEX_FILE: index };
  await git.exec(["read-tree", "-u", "--reset", sha], { env });
  await git.exec(["clean", "-ffd", "--quiet"], { env });
}
