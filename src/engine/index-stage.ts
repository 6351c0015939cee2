import { createHash } from "node:crypto";
import {
  type BigIntStats,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Git } from "./git.js";
import type { IndexChange, IndexEntries } from "./index-file.js";
import { changesOf, mergeEntries, nameAt } from "./index-merge.js";
import { writeObject } from "./loose-object.js";
import type { StagingConfig } from "./staging-config.js";

/**
 * `git add` without a process, for the common case of a snapshot (snapshot.ts): a few regular files or
 * links changed, added or deleted, in a repository where git would store them byte for byte. The blobs
 * go to the object store (loose-object.ts), and a new index is written from the one the paths were
 * listed on: the unchanged entries' bytes as they were, each staged path's entry with the stat data
 * taken before its content was read (so that git's racy-entry check covers a write during the read),
 * and the cache-tree invalidated along the staged paths, as git does (the same bytes as `git add`). What
 * git re-checks as it writes an index is checked too: a staged file written again since it was read, or
 * an unstaged entry only its content tells from its file (racily clean), leaves the staging to git.
 *
 * Anything else is left to git (null): a name git treats specially (`.git*`, `~`, `\`, `:`, a trailing
 * dot or space), a folder, submodule or special file, a link on the way to a path, a big file, an index
 * version 4, content conversion (a `.gitattributes` on the way, info/attributes, a global attributes
 * file, core.autocrlf) or config that changes what is staged (core.fileMode, core.symlinks,
 * core.ignoreCase false/false/true).
 */

/** Files up to this size are read into memory and hashed here; bigger ones are left to git. */
const MAX_BLOB = 8 * 1024 * 1024;

export { type StagingConfig, stagingConfig } from "./staging-config.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: names git refuses or treats specially
const SPECIAL = /(^|\/)\.git|~|\\|:|[. ](\/|$)|(^|\/)\.{1,2}(\/|$)|\/\/|^\/|[\u0000-\u001f\u007f]/i;

interface Staged {
  path: Buffer;
  /** null: the path is deleted. */
  entry: Buffer | null;
  abs?: string;
  /** The file's stat data when it was read. */
  st?: BigIntStats;
}

/** At most this many racily clean entries are compared with their files here (else git does it). */
const MAX_RACY = 64;

/**
 * The file system calls here are synchronous: a snapshot stages a few small files, on the step's
 * critical path, and each trip through libuv's thread pool waits behind the other work queued there (a
 * parallel group's members and fingerprint reads end together): several ms per member, where the calls
 * themselves take a few µs.
 */
const lstatOrNull = (abs: string): BigIntStats | null => {
  try {
    return lstatSync(abs, { bigint: true, throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
};
const exists = (abs: string): boolean => lstatOrNull(abs) !== null;

/** Whether the file at `abs` still has the stat data `st` (to the nanosecond). */
function sameStat(abs: string, st: BigIntStats): boolean {
  const now = lstatOrNull(abs);
  return (
    now !== null &&
    now.ino === st.ino &&
    now.dev === st.dev &&
    now.size === st.size &&
    now.mode === st.mode &&
    now.mtimeNs === st.mtimeNs &&
    now.ctimeNs === st.ctimeNs
  );
}

/**
 * The entries of `before` that are not staged and that git would take for racily clean (modified in
 * the second its index file `index` was written, or later): each one's file must have other stat data,
 * or the entry's content. False when one is not (git smudges it as it writes) or when there are too
 * many to read here (a checkout just now: git add reads them all).
 */
function racyEntriesClean(
  dir: string,
  before: IndexEntries,
  index: string,
  staged: readonly Staged[],
): boolean {
  const at = lstatOrNull(index);
  if (at === null) return false;
  const since = Number(at.mtimeNs / 1_000_000_000n);
  const stagedNames = new Set(staged.map((s) => s.path.toString("latin1")));
  const racy: number[] = [];
  for (let i = 0; i < before.count; i++) {
    const entry = (before.oids[i] as number) - 40;
    if (before.buf.readUInt32BE(entry + 8) < since) continue;
    if (stagedNames.has(nameAt(before, i).toString("latin1"))) continue;
    racy.push(i);
    if (racy.length > MAX_RACY) return false;
  }
  for (const i of racy) {
    const entry = (before.oids[i] as number) - 40;
    const mode = before.modes[i] as number;
    if ((mode & 0o170000) === 0o160000) return false;
    const abs = join(dir, nameAt(before, i).toString("utf8"));
    const st = lstatOrNull(abs);
    // Gone, or another size: git sees the change by its stat data.
    if (st === null || Number(BigInt.asUintN(32, st.size)) !== before.buf.readUInt32BE(entry + 36)) continue;
    const body = st.isSymbolicLink() ? readlinkOrNull(abs) : st.isFile() ? readFileAt(abs, st) : null;
    if (body === null) return false;
    const hashLen = before.hashLen;
    const id = createHash(hashLen === 32 ? "sha256" : "sha1")
      .update(`blob ${body.length}\0`)
      .update(body)
      .digest();
    if (!id.equals(before.buf.subarray(entry + 40, entry + 40 + hashLen))) return false;
  }
  return true;
}

/** An index entry (versions 2-3, stage 0, no extended flags) for `path` as `st` describes it. */
function entryBytes(path: Buffer, st: BigIntStats, mode: number, oid: Buffer): Buffer {
  const head = 40 + oid.length + 2;
  const b = Buffer.alloc((head + path.length + 8) & ~7);
  // git's 32-bit fields: seconds and nanoseconds of ctime and mtime, then the rest truncated.
  const u32 = (n: bigint): number => Number(BigInt.asUintN(32, n));
  const fields = [
    st.ctimeNs / 1_000_000_000n,
    st.ctimeNs % 1_000_000_000n,
    st.mtimeNs / 1_000_000_000n,
    st.mtimeNs % 1_000_000_000n,
    st.dev,
    st.ino,
  ];
  for (const [k, v] of fields.entries()) b.writeUInt32BE(u32(v), k * 4);
  b.writeUInt32BE(mode, 24);
  b.writeUInt32BE(u32(st.uid), 28);
  b.writeUInt32BE(u32(st.gid), 32);
  b.writeUInt32BE(u32(st.size), 36);
  oid.copy(b, 40);
  b.writeUInt16BE(Math.min(path.length, 0xfff), 40 + oid.length);
  path.copy(b, head);
  return b;
}

/** Whether every folder on the way to `path` under `dir` is a real folder (no link). */
function realParents(dir: string, path: string, seen: Map<string, boolean>): boolean {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const rel = parts.slice(0, i).join("/");
    let ok = seen.get(rel);
    if (ok === undefined) {
      const abs = join(dir, rel);
      const st = lstatOrNull(abs);
      // gone: the path is deleted
      ok = st === null || (st.isDirectory() && !exists(join(abs, ".gitattributes")));
      seen.set(rel, ok);
    }
    if (!ok) return false;
  }
  return true;
}

const readlinkOrNull = (abs: string): Buffer | null => {
  try {
    return readlinkSync(abs, { encoding: "buffer" });
  } catch {
    return null;
  }
};

/** Reads a regular file that must still be the one `st` describes (no link followed). */
function readFileAt(abs: string, st: BigIntStats): Buffer | null {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const now = fstatSync(fd, { bigint: true });
    if (now.ino !== st.ino || now.dev !== st.dev || !now.isFile()) return null;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Stages `paths` (as `git status` listed them in `dir`) into a new index written to `out`, starting
 * from `before` (the index they were listed on). The new index's bytes, or null when git must do it.
 */
export async function stageByEngine(
  git: Git,
  dir: string,
  before: IndexEntries,
  paths: readonly string[],
  config: StagingConfig,
  out: string,
): Promise<EngineStaged | null> {
  if (!config.plain) return null;
  const version = before.buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  if (exists(join(dir, ".gitattributes"))) return null;
  const seen = new Map<string, boolean>();
  const staged: Staged[] = [];
  for (const p of paths) {
    if (SPECIAL.test(p) || Buffer.byteLength(p) >= 0xfff) return null;
    if (!realParents(dir, p, seen)) return null;
    const abs = join(dir, p);
    const path = Buffer.from(p, "utf8");
    let st: BigIntStats | null;
    try {
      st = lstatSync(abs, { bigint: true, throwIfNoEntry: false }) ?? null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOTDIR") throw e;
      st = null;
    }
    if (st === null) {
      staged.push({ path, entry: null });
      continue;
    }
    let mode: number;
    let body: Buffer | null;
    if (st.isFile()) {
      if (st.size > MAX_BLOB) return null;
      mode = st.mode & 0o100n ? 0o100755 : 0o100644;
      body = readFileAt(abs, st);
    } else if (st.isSymbolicLink()) {
      mode = 0o120000;
      body = readlinkOrNull(abs);
    } else return null;
    if (body === null) return null;
    const oid = Buffer.from(await writeObject(git, "blob", body), "hex");
    staged.push({ path, entry: entryBytes(path, st, mode, oid), abs, st });
  }
  staged.sort((a, b) => Buffer.compare(a.path, b.path));
  const view = mergeEntries(before, staged, version);
  if (view === null) return null;
  const buf = view.buf;
  // What git checks as it writes an index (its "racily clean" entries): a staged file written again
  // since it was read, or an entry that only its content can tell from the file, is left to git.
  for (const s of staged) if (s.st && !sameStat(s.abs as string, s.st)) return null;
  if (!racyEntriesClean(dir, before, out, staged)) return null;
  const tmp = `${out}.stage`;
  try {
    writeFileSync(tmp, buf, { flag: "wx" });
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { buf, view, changes: changesOf(before, staged) };
}

/** What stageByEngine() wrote: the index bytes, and its entries that differ from `before`. */
export interface EngineStaged {
  buf: Buffer;
  /** `buf` as parseIndex() reads it. */
  view: IndexEntries;
  /** As diffIndexes() in index-file.ts gives them (the other entries are `before`'s bytes). */
  changes: IndexChange[];
}
