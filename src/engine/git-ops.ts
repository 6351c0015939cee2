import { redactUrls } from "../github/remote.js";
import type { Git } from "./git.js";

/**
 * Git by intent: branches, refs, worktrees, configuration and the remote. Each function is one thing the
 * engine means to do (push with a lease, delete a remote branch, find the worktree holding a branch), so
 * the argument lists and the parsing of git's output live here and nowhere else. Object-level reads and
 * writes (commits, trees, blobs, diffs) are in git-objects.ts. Both run git through `Git` (git.ts), which
 * pins the environment; every other module calls these instead of `Git.exec`.
 */

/** The branch HEAD points to, or undefined when HEAD is detached (or the repository has no HEAD). */
export async function currentBranch(git: Git): Promise<string | undefined> {
  const r = await git.exec(["symbolic-ref", "--quiet", "--short", "HEAD"], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
}

/** Whether git accepts `name` as a branch name (`git check-ref-format --branch`). */
export async function isValidBranchName(git: Git, name: string): Promise<boolean> {
  return (await git.exec(["check-ref-format", "--branch", name], { allowFailure: true })).exitCode === 0;
}

/** Local branch names, most recently committed first. */
export async function branchesByRecency(git: Git): Promise<string[]> {
  const out = await git.out([
    "for-each-ref",
    "--sort=-committerdate",
    "--format=%(refname:short)",
    "refs/heads",
  ]);
  return out.split("\n").filter(Boolean);
}

/** Full names of the refs under `prefix` (e.g. `refs/agent-flow/<RUN_ID>/`). */
export async function refsUnder(git: Git, prefix: string): Promise<string[]> {
  return (await git.out(["for-each-ref", "--format=%(refname)", prefix])).split("\n").filter(Boolean);
}

/** Deletes `ref` only while it still points to `expected` (git refuses otherwise). */
export async function deleteRef(git: Git, ref: string, expected: string): Promise<void> {
  await git.exec(["update-ref", "-d", ref, expected]);
}

/** Deletes several refs in one transaction: all go or none. */
export async function deleteRefs(git: Git, refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return;
  const input = ["start", ...refs.map((r) => `delete ${r}`), "prepare", "commit"].join("\n");
  await git.exec(["update-ref", "--stdin"], { input: `${input}\n` });
}

/** A ref and the object it points to. */
export interface RefValue {
  ref: string;
  sha: string;
}

/** Every ref under `prefix` with its value, in one call (e.g. all runs' `refs/agent-flow/`). */
export async function refValuesUnder(git: Git, prefix: string): Promise<RefValue[]> {
  const out = await git.out(["for-each-ref", "--format=%(objectname) %(refname)", prefix]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => ({ sha: line.slice(0, line.indexOf(" ")), ref: line.slice(line.indexOf(" ") + 1) }));
}

/**
 * Deletes each ref only while it still points to the value given, all in one transaction: if any moved
 * meanwhile, git refuses and none is deleted.
 */
export async function deleteRefsAt(git: Git, refs: readonly RefValue[]): Promise<void> {
  if (refs.length === 0) return;
  const input = ["start", ...refs.map((r) => `delete ${r.ref} ${r.sha}`), "prepare", "commit"].join("\n");
  await git.exec(["update-ref", "--stdin"], { input: `${input}\n` });
}

/** Where `ref` points, or null when there is no such ref. */
export async function refValue(git: Git, ref: string): Promise<string | null> {
  const r = await git.exec(["rev-parse", "--verify", "--quiet", ref], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() || null : null;
}

/** Deletes `ref` whatever it points to; a ref that is already gone is no error. */
export async function dropRef(git: Git, ref: string): Promise<void> {
  await git.exec(["update-ref", "-d", ref], { allowFailure: true });
}

/** A local branch's tip and the values of one trailer (e.g. `Run-Id`) in the tip's message. */
export interface BranchTip {
  sha: string;
  trailers: string[];
}

/** Every local branch's tip with its `key:` trailer values, in one call for all branches. */
export async function branchTipsWithTrailer(git: Git, key: string): Promise<Map<string, BranchTip>> {
  const out = await git.out([
    "for-each-ref",
    `--format=%(refname)%00%(objectname)%00%(trailers:key=${key},valueonly,separator=%x00)`,
    "refs/heads/",
  ]);
  const tips = new Map<string, BranchTip>();
  for (const line of out.split("\n")) {
    const [ref = "", sha = "", ...values] = line.split("\0");
    if (!ref.startsWith("refs/heads/")) continue;
    tips.set(ref.slice("refs/heads/".length), { sha, trailers: values.map((v) => v.trim()).filter(Boolean) });
  }
  return tips;
}

/**
 * Writes a bundle of `refs` to `file`, leaving out what `exclude` already has (the receiver's base), so it
 * carries only the new objects.
 */
export async function createBundle(
  git: Git,
  file: string,
  refs: readonly string[],
  exclude: string,
): Promise<void> {
  await git.exec(["bundle", "create", "--quiet", file, ...refs, `^${exclude}`]);
}

/** A ref, the object it points to, and that object's type (`commit`, `blob`...). */
export interface TypedRef extends RefValue {
  type: string;
}

/** Every ref under `prefix` with its value and the value's object type, in one call. */
export async function typedRefsUnder(git: Git, prefix: string): Promise<TypedRef[]> {
  const out = await git.out(["for-each-ref", "--format=%(refname) %(objectname) %(objecttype)", prefix]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" ") as [string, string, string])
    .map(([ref, sha, type]) => ({ ref, sha, type }));
}

/** Whether `file` is a bundle this repository can fetch from: undefined when it is, else git's complaint. */
export async function bundleProblem(git: Git, file: string): Promise<string | undefined> {
  const verified = await git.exec(["bundle", "verify", "--quiet", file], { allowFailure: true });
  return verified.exitCode === 0 ? undefined : verified.stderr.trim();
}

/** Fetches `refspec` from the bundle `file` (no tags, no FETCH_HEAD). */
export async function fetchFromBundle(git: Git, file: string, refspec: string): Promise<void> {
  await git.exec(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", file, refspec]);
}

/** Branch name -> the worktree it is checked out in, for every worktree of the repository. */
export async function checkedOutBranches(git: Git): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  let dir: string | undefined;
  for (const line of (await git.out(["worktree", "list", "--porcelain"])).split("\n")) {
    if (line.startsWith("worktree ")) dir = line.slice("worktree ".length);
    else if (line.startsWith("branch refs/heads/") && dir !== undefined)
      held.set(line.slice("branch refs/heads/".length), dir);
  }
  return held;
}

/** The worktree that has `branch` checked out, or undefined. */
export async function worktreeHolding(git: Git, branch: string): Promise<string | undefined> {
  return (await checkedOutBranches(git)).get(branch);
}

/** The repository's object format (`sha1` or `sha256`); `sha1` when git cannot say. */
export async function objectFormat(git: Git): Promise<string> {
  return (
    (await git.exec(["rev-parse", "--show-object-format"], { allowFailure: true })).stdout.trim() || "sha1"
  );
}

/** Drops the records of linked worktrees whose folders are gone; a failure is ignored. */
export async function pruneWorktrees(git: Git): Promise<void> {
  await git.exec(["worktree", "prune"], { allowFailure: true });
}

/** A configuration value (the user's global config included), or undefined when unset. */
export async function configValue(git: Git, key: string): Promise<string | undefined> {
  const r = await git.exec(["config", "--get", key], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
}

/** The remote's URL as configured (not as rewritten by `url.<base>.insteadOf`), or undefined. */
export function remoteUrl(git: Git, remote: string): Promise<string | undefined> {
  return configValue(git, `remote.${remote}.url`);
}

/** The names of the configured remotes. */
export async function remoteNames(git: Git): Promise<string[]> {
  return (await git.out(["remote"])).split("\n").filter(Boolean);
}

/** Where a branch is on the remote: its tip (null when absent), or why the remote could not be asked. */
export type RemoteTip = { reachable: true; sha: string | null } | { reachable: false; error: string };

export async function remoteBranchTip(git: Git, remote: string, branch: string): Promise<RemoteTip> {
  const r = await git.exec(["ls-remote", "--heads", remote, `refs/heads/${branch}`], { allowFailure: true });
  if (r.exitCode !== 0) return { reachable: false, error: redactUrls(r.stderr.trim()) };
  return { reachable: true, sha: r.stdout.split("\t")[0]?.trim() || null };
}

/** How a push went: `stale` when the lease did not hold (the branch moved); `error` is redacted. */
export type PushOutcome = { ok: true } | { ok: false; stale: boolean; missing: boolean; error: string };

async function pushRef(git: Git, remote: string, refspec: string, branch: string, expected: string) {
  const r = await git.exec(
    ["push", "--porcelain", `--force-with-lease=refs/heads/${branch}:${expected}`, remote, refspec],
    { allowFailure: true },
  );
  if (r.exitCode === 0) return { ok: true } as const;
  return {
    ok: false,
    stale: /stale info/.test(r.stdout + r.stderr),
    missing: /remote ref does not exist/.test(r.stderr),
    error: redactUrls((r.stderr || r.stdout).trim()),
  } as const;
}

/**
 * Pushes `sha` to the remote branch with --force-with-lease: the push lands only while the remote
 * branch is at `expected` ("" for: the branch must not exist), so a branch someone else moved is never
 * overwritten.
 */
export function pushWithLease(
  git: Git,
  remote: string,
  branch: string,
  sha: string,
  expected: string,
): Promise<PushOutcome> {
  return pushRef(git, remote, `${sha}:refs/heads/${branch}`, branch, expected);
}

/** Deletes the remote branch only while it is at `expected` (a push landing meanwhile is kept). */
export function deleteRemoteBranch(
  git: Git,
  remote: string,
  branch: string,
  expected: string,
): Promise<PushOutcome> {
  return pushRef(git, remote, `:refs/heads/${branch}`, branch, expected);
}

/**
 * Packs loose refs into packed-refs and removes the loose files (`git pack-refs --prune`): the refs
 * matching `include` where git can be told so (2.42+), else all refs, as `git gc` does. Returns false
 * when git refused.
 */
export async function packRefs(git: Git, include: string): Promise<boolean> {
  const only = await git.exec(["pack-refs", "--include", include, "--prune"], { allowFailure: true });
  // 129: a git older than 2.42, which knows no --include.
  if (only.exitCode !== 129) return only.exitCode === 0;
  return (await git.exec(["pack-refs", "--all", "--prune"], { allowFailure: true })).exitCode === 0;
}

/** The core settings that change what `git add` stores for a path (index-stage.ts), lower-cased. */
export async function coreSettings(git: Git): Promise<Map<string, string>> {
  const r = await git.exec(
    [
      "config",
      "-z",
      "--get-regexp",
      "^core\\.(autocrlf|filemode|symlinks|ignorecase|attributesfile|safecrlf|eol|precomposeunicode)$",
    ],
    { allowFailure: true },
  );
  // Exit code 1: none of them is set.
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`git config: ${r.stderr.trim()}`);
  const values = new Map<string, string>();
  for (const rec of r.stdout.split("\0")) {
    const nl = rec.indexOf("\n");
    if (nl > 0) values.set(rec.slice(0, nl).toLowerCase(), rec.slice(nl + 1).toLowerCase());
  }
  return values;
}
