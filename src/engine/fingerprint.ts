import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { AgentFlowError } from "../lib/errors.js";
import { STATE_PATHS } from "../run/store.js";
import type { Git } from "./git.js";

/**
 * A fingerprint of what the user owns in their repository: git metadata that can change what git does
 * or what the user's branches hold, and the working files git would show them (tracked, or untracked and
 * not ignored). Taken before and after every agent and check: a same-user process cannot be stopped
 * without an OS sandbox, but any change is seen and fails the run before anything is pushed.
 *
 * Not fingerprinted, because the engine itself writes them during a run: `refs/agent-flow/**` (the
 * runs' private refs, whose content the run state verifies), the engine's folder `agent-flow/`, linked
 * worktree records `worktrees/`, objects (append-only; what matters is which refs point where), logs,
 * and the run state paths in the working tree (docs/status, .locks, .triggers).
 */
export interface Fingerprint {
  root: string;
  /** "<what>" -> digest of its content (or of its stat data for what is not a regular file). */
  entries: Map<string, string>;
}

export interface Change {
  what: string;
  how: "added" | "removed" | "changed";
}

export class TamperDetected extends AgentFlowError {
  constructor(
    readonly during: string,
    readonly changes: readonly Change[],
  ) {
    super(
      `the user's repository changed while ${during} ran; the run stops and nothing is pushed:\n${describeChanges(changes)}`,
      1,
      "an agent or check wrote outside its worktree (or the repository was edited during the run): inspect the paths above before running again",
    );
  }
}

const PRIVATE_REFS = "refs/agent-flow/";
const MAX_HASHED = 64 * 1024 * 1024;
// Engine git that runs no repository program (fsmonitor) and trusts no cache an agent could poison.
const SAFE = ["-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "--literal-pathspecs"];
const SAFE_ENV = { GIT_OPTIONAL_LOCKS: "0" };

interface Cached {
  stat: string;
  digest: string;
}
/** Content digests by absolute path, re-used while the stat data (incl. ctime and inode) is unchanged. */
const cache = new Map<string, Cached>();

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const sha = (data: string | Buffer): string => createHash("sha1").update(data).digest("hex");

/** Digest of one path: file content, link target, or the kind of thing it is; "missing" when absent. */
async function digest(path: string): Promise<string> {
  let st: Awaited<ReturnType<typeof lstat>>;
  try {
    st = await lstat(path, { bigint: true });
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return "missing";
    throw e;
  }
  const key = `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
  const hit = cache.get(path);
  if (hit && hit.stat === key) return hit.digest;
  let d: string;
  if (st.isSymbolicLink()) d = `link:${await readlink(path)}`;
  else if (st.isFile() && st.size <= MAX_HASHED)
    d = `${st.mode & 0o111n ? "x" : "f"}:${sha(await readFile(path))}`;
  else if (st.isDirectory()) d = "dir";
  else d = `other:${key}`;
  cache.set(path, { stat: key, digest: d });
  return d;
}

/** Every file under `dir` (recursively), as paths relative to it; [] when there is no such folder. */
async function walk(
  dir: string,
  skip: (rel: string) => boolean = () => false,
  prefix = "",
): Promise<string[]> {
  let names: import("node:fs").Dirent[];
  try {
    names = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (e) {
    if (["ENOENT", "ENOTDIR"].includes(errno(e) ?? "")) return [];
    throw e;
  }
  const out: string[] = [];
  for (const d of names) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (skip(rel)) continue;
    if (d.isDirectory()) out.push(...(await walk(dir, skip, rel)));
    else out.push(rel);
  }
  return out;
}

async function add(entries: Map<string, string>, label: string, path: string): Promise<void> {
  const d = await digest(path);
  if (d !== "missing") entries.set(label, d);
}

/**
 * Every ref and where it points, read as git resolves them (loose, packed or reftable alike, so that
 * packing refs is no change), except the runs' private refs: the engine moves them between two readings,
 * and each run verifies its own from the state it wrote (see run-state.ts).
 */
async function refs(g: Git, entries: Map<string, string>): Promise<void> {
  const out = await g.out([...SAFE, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(symref)"], {
    env: SAFE_ENV,
  });
  for (const line of out.split("\n")) {
    const [name, oid, symref] = line.split("\0");
    if (!name || name.startsWith(PRIVATE_REFS)) continue;
    entries.set(`ref:${name}`, symref ? `-> ${symref}` : (oid ?? ""));
  }
}

/**
 * Reads the fingerprint of the repository at `root`. Cost: two git processes (paths, file list), then
 * one lstat per file; file contents are hashed the first time and again only when their stat changed.
 */
export async function take(git: Git, root: string): Promise<Fingerprint> {
  const g = git.at(root);
  const [gitDirOut, commonOut, hooksOut] = (
    await g.out([...SAFE, "rev-parse", "--absolute-git-dir", "--git-common-dir", "--git-path", "hooks"], {
      env: SAFE_ENV,
    })
  ).split("\n");
  const abs = (p: string | undefined): string =>
    p === undefined ? "" : isAbsolute(p) ? p : resolve(root, p);
  const gitDir = abs(gitDirOut);
  const common = abs(commonOut);
  const hooks = abs(hooksOut);
  const entries = new Map<string, string>();
  const jobs: Promise<void>[] = [];
  const file = (label: string, path: string): void => {
    jobs.push(add(entries, label, path));
  };

  // A `.git` file redirects every git command run in the checkout.
  file(".git", join(root, ".git"));
  for (const name of ["config", "config.worktree", "shallow"]) file(`git:${name}`, join(common, name));
  for (const name of ["HEAD", "index", "config.worktree"]) file(`git-dir:${name}`, join(gitDir, name));
  file("git:objects/info/alternates", join(common, "objects/info/alternates"));
  jobs.push(refs(g, entries));
  const tree = async (label: string, dir: string, skip?: (rel: string) => boolean): Promise<void> => {
    for (const rel of await walk(dir, skip)) await add(entries, `${label}/${rel}`, join(dir, rel));
  };
  jobs.push(tree("git:info", join(common, "info")));
  jobs.push(tree("git:hooks", join(common, "hooks")));
  if (hooks !== join(common, "hooks")) jobs.push(tree(`hooks-path:${hooks}`, hooks));
  jobs.push(workingFiles(g, root, entries));
  await Promise.all(jobs);
  return { root, entries };
}

/**
 * The user's working files: tracked, or untracked and not ignored (what `git status` would show). The
 * list comes from the user's index and ignore rules, both fingerprinted too, so hiding a file from it
 * is itself a change.
 */
async function workingFiles(g: Git, root: string, entries: Map<string, string>): Promise<void> {
  const excludes = STATE_PATHS.flatMap((p) => [`:(exclude,literal)${p}`]);
  const out = await g.exec(
    [
      "-c",
      "core.fsmonitor=false",
      "-c",
      "core.untrackedCache=false",
      "ls-files",
      "-z",
      "--cached",
      "--others",
      "--exclude-standard",
      "--",
      ".",
      ...excludes,
    ],
    { env: { ...SAFE_ENV, GIT_LITERAL_PATHSPECS: "0" } },
  );
  const paths = [...new Set(out.stdout.split("\0").filter(Boolean))];
  // Bounded concurrency: enough to overlap I/O without opening thousands of files at once.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const rel = paths[next++] as string;
      entries.set(`file:${rel}`, await digest(join(root, rel)));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** What differs between two fingerprints of the same repository. */
export function diff(a: Fingerprint, b: Fingerprint): Change[] {
  const out: Change[] = [];
  for (const [what, d] of a.entries) {
    const now = b.entries.get(what);
    if (now === undefined) out.push({ what, how: "removed" });
    else if (now !== d) out.push({ what, how: "changed" });
  }
  for (const what of b.entries.keys()) if (!a.entries.has(what)) out.push({ what, how: "added" });
  return out.sort((x, y) => (x.what < y.what ? -1 : 1));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: names are shown escaped
const CONTROL = /[\u0000-\u001f\u007f]/;

export function describeChanges(changes: readonly Change[], limit = 20): string {
  const show = (what: string): string => {
    const i = what.indexOf(":");
    const kind = what.slice(0, i);
    const name = what.slice(i + 1);
    const shown = CONTROL.test(name) ? JSON.stringify(name) : name;
    if (kind === "file") return `working file ${shown}`;
    if (kind === "git" || kind === "git-dir") return `.git/${shown}`;
    if (kind.startsWith("hooks-path")) return `hook ${shown}`;
    return `${kind} ${shown}`;
  };
  const lines = changes.slice(0, limit).map((c) => `  ${c.how}: ${show(c.what)}`);
  if (changes.length > limit) lines.push(`  ... and ${changes.length - limit} more`);
  return lines.join("\n");
}

/** Throws TamperDetected, naming what changed, when the repository differs from `before`. */
export async function expectUnchanged(git: Git, before: Fingerprint, during: string): Promise<void> {
  const changes = diff(before, await take(git, before.root));
  if (changes.length > 0) throw new TamperDetected(during, changes);
}
