import {
  closeSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { copyFile, type FileHandle, lstat, rm, stat, unlink, utimes } from "node:fs/promises";
import { dirname, join } from "node:path";
import { AgentFlowError } from "../lib/errors.js";

/**
 * The directories agents work in, and the disposable `.git` each one gets. An agent's `.git` is a
 * plain repository of its own (its config, hooks, refs, index) that borrows the user's objects through
 * `objects/info/alternates`: git reads them but writes new objects only into the agent's own store. The
 * engine never uses it: it snapshots the agent's files with the user's object store as git dir and an
 * index it keeps outside the directory, and rebuilds this `.git` from scratch before each agent, so a
 * hook, fsmonitor, filter, ref, replace ref or `.git` file planted there reaches nobody.
 */

export class UnsafeDirectoryError extends AgentFlowError {
  constructor(path: string, why: string) {
    super(
      `refusing to use ${path}: ${why}. agent-flow never follows a link or a moved folder there; remove ${path} and run again`,
    );
    this.name = "UnsafeDirectoryError";
  }
}

/**
 * `dir` as a real directory at exactly this path: no component may be a symbolic link (realpath must be
 * the path itself), so a pool folder replaced by a link to the user's checkout is refused, not cleaned.
 * `dir` must be absolute and normalised, built from a realpath'd root. Synchronous calls (a few
 * microseconds each): at a run's start, when the first step's directory is prepared, libuv's thread pool
 * is queued with the run's fsyncs, and each trip through it cost tens of milliseconds there.
 */
export function assertRealDirSync(dir: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined) throw new UnsafeDirectoryError(dir, "it does not exist");
  if (st.isSymbolicLink()) throw new UnsafeDirectoryError(dir, "it is a symbolic link");
  if (!st.isDirectory()) throw new UnsafeDirectoryError(dir, "it is not a directory");
  const real = realpathSync.native(dir);
  if (real !== dir) throw new UnsafeDirectoryError(dir, `it resolves to ${real}`);
}

/** assertRealDirSync(), as a promise. */
export async function assertRealDir(dir: string): Promise<void> {
  assertRealDirSync(dir);
}

/**
 * Makes `dir` a real, empty-or-existing directory: a symbolic link or a file at its place is unlinked (its
 * target is never touched), then the result is checked with assertRealDirSync().
 */
export function ensureRealDirSync(dir: string): void {
  assertRealDirSync(dirname(dir));
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st !== undefined && !st.isDirectory()) unlinkSync(dir);
  mkdirSync(dir, { recursive: true });
  assertRealDirSync(dir);
}

/** ensureRealDirSync(), as a promise. */
export async function ensureRealDir(dir: string): Promise<void> {
  ensureRealDirSync(dir);
}

/** Removes `path` without following a link at its place (a link is unlinked, its target untouched). */
export async function removeNoFollow(path: string): Promise<void> {
  const st = await lstat(path).catch(() => null);
  if (st === null) return;
  if (st.isDirectory()) await rm(path, { recursive: true, force: true });
  else await unlink(path);
}

export interface AgentGitSpec {
  /** The user's object store, borrowed read-only through alternates. */
  objects: string;
  /** The commit the agent starts from (its detached HEAD). */
  head: string;
  /** sha1 or sha256. */
  objectFormat: string;
  /** An index for `head` whose stat data matches the directory's files (copied as the agent's index). */
  index: string;
}

/**
 * Replaces `<dir>/.git` with a fresh repository of the agent's own (no git process: a few small files).
 * `aside`, when given, is a path outside `dir` (the workspace's scratch folder) that the old `.git` is
 * renamed to in one step, to be removed off the step's critical path (it is the caller's to remove:
 * an agent may have left a large tree there); without it, or when the rename fails, it is removed here.
 * The new files are written with synchronous calls: they sit on every step's critical path, where each
 * trip through libuv's thread pool costs more than the call itself (see agent-staging.ts). Resolves to
 * whether the old `.git` is now at `aside`.
 */
export async function resetAgentGit(dir: string, spec: AgentGitSpec, aside?: string): Promise<boolean> {
  const gitDir = join(dir, ".git");
  let movedAside = false;
  if (aside !== undefined) {
    try {
      renameSync(gitDir, aside); // moves a link or file itself, never what it points to
      movedAside = true;
    } catch {
      // none there (ENOENT), or not movable: removed below
    }
  }
  if (!movedAside) await removeNoFollow(gitDir);
  const sha256 = spec.objectFormat === "sha256";
  // Each folder made on its own, parents first (a recursive mkdir of the deepest one fails its way up).
  // Only what git needs to take the folder for a repository (HEAD, objects/, refs/): it makes refs/heads
  // and refs/tags itself when the agent first writes a branch or tag, so they are not made every step.
  for (const sub of ["", "/objects", "/objects/info", "/refs"]) mkdirSync(gitDir + sub);
  writeFileSync(join(gitDir, "objects", "info", "alternates"), `${spec.objects}\n`);
  writeFileSync(
    join(gitDir, "config"),
    `[core]\n\trepositoryformatversion = ${sha256 ? 1 : 0}\n\tfilemode = true\n\tbare = false\n` +
      (sha256 ? "[extensions]\n\tobjectformat = sha256\n" : ""),
  );
  writeFileSync(join(gitDir, "HEAD"), `${spec.head}\n`);
  try {
    copyIndexSync(spec.index, join(gitDir, "index"));
  } catch {
    // no index: the agent's git sees every file as new, which misleads nobody but the agent
  }
  return movedAside;
}

/** copyIndex(), synchronously (a file of tens of kB per thousand entries; see resetAgentGit()). */
function copyIndexSync(from: string, to: string): void {
  const st = statSync(from);
  copyFileSync(from, to);
  utimesSync(to, st.atime, new Date(Math.floor(st.mtimeMs)));
}

/**
 * Copies an index file keeping its mtime. Git trusts an index entry's stat data only when the file's
 * mtime is older than the index file's own mtime ("racy git": a file changed in the same second as the
 * index was written, without a size change, is otherwise invisible). A copy stamped "now" would make
 * such entries look safely clean; with the original mtime (truncated to ms, so never later) git keeps
 * re-checking their contents.
 */
export async function copyIndex(from: string, to: string): Promise<void> {
  const st = await stat(from);
  await copyFile(from, to);
  await utimes(to, st.atime, new Date(Math.floor(st.mtimeMs)));
}

/**
 * writeIndexBytes() with synchronous calls, for a new file at `to` ("wx": never a link to elsewhere):
 * a snapshot writes the index it starts from on the step's critical path, where four trips through
 * libuv's thread pool (open, write, close, utimes) wait behind the fingerprint's and the status
 * writes' work, each longer than the call.
 */
export function writeNewIndexSync(to: string, bytes: Buffer, mtimeMs: number): void {
  const fd = openSync(to, "wx");
  try {
    writeFileSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  utimesSync(to, new Date(), new Date(Math.floor(mtimeMs)));
}

/**
 * Writes index bytes the engine holds to `to`, a file it just created (`handle`, closed here; a new file
 * is never a link to elsewhere), with the mtime of the file they were read from, for the same reason as
 * copyIndex().
 */
export async function writeIndexBytes(
  handle: FileHandle,
  to: string,
  bytes: Buffer,
  mtimeMs: number,
): Promise<void> {
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  await utimes(to, new Date(), new Date(Math.floor(mtimeMs)));
}
