import { statSync } from "node:fs";
import { readFile, rm, stat } from "node:fs/promises";
import { STATE_PATHS } from "../run/store.js";
import { assertRealDir, copyIndex, writeNewIndexSync } from "./agent-dir.js";
import { type ChangeCaps, checkCaps, checkPathNames } from "./change-caps.js";
import type { Git } from "./git.js";
import { readTreeInto, scanWorkTree, stagePaths, writeTree } from "./git-worktree-ops.js";
import { digestOf } from "./ignored-files.js";
import { diffIndexes, type IndexEntries, indexChanges, parseIndex } from "./index-file.js";
import { type EngineStaged, stageByEngine, stagingConfig } from "./index-stage.js";
import { writeIndexTree } from "./tree-writer.js";
import type { Prepared, Slot } from "./worktree-pool.js";

export interface Snapshot {
  tree: string;
  changed: string[];
  /** One record per changed path (same order as `changed`), for per-path policy checks. */
  raw: RawChange[];
}

/**
 * One path of `git diff --raw`: the new mode and object id ("000000" and a zero id for a deletion), and
 * the mode in the base ("000000" for an added path).
 */
export interface RawChange {
  mode: string;
  oldMode: string;
  oid: string;
  path: string;
}

export interface SnapRecord {
  /** An index file whose tree is `tree` (stat data from the worktree it was taken in). */
  index: string;
  tree: string;
  base: string;
  raw: RawChange[];
  slot: Slot;
  /** `index` as the engine read it right after git wrote it (adopt() writes these bytes), or null. */
  view: IndexEntries | null;
  /** `index`'s mtime then. */
  mtimeMs: number;
}

/** What a snapshot needs of the RunWorkspace that holds the slot. */
export interface SnapshotHost {
  objectFormat(): string;
  /** The Git whose object store the engine writes to directly (loose-object.ts). */
  objectGit(): Git;
  gitFor(slot: Slot): Git;
  /** A new scratch index path (not created). */
  scratchFile(kind: string): Promise<string>;
  dropPrepared(slot: Slot): void;
  treeOf(commit: string): Promise<string>;
  rawDiff(from: string, to: string): Promise<RawChange[]>;
  remember(rec: SnapRecord): void;
}

const statOrNull = (path: string): { mtimeMs: number } | null => {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
};

/**
 * The tree of `index` after the add, and the entries that differ from `before`: what diff-tree between
 * the two trees would print (new mode and id per path, zeros for a deletion). Both without a process
 * when the index reader understands the two (tree-writer.ts), and no tree is written at all when the add
 * changed no entry; otherwise git writes the tree, and compares the trees when the index after
 * write-tree is not understood either.
 */
async function treeAndChanges(
  host: SnapshotHost,
  wt: Git,
  index: string,
  baseSha: string,
  before: IndexEntries | null,
  byEngine: EngineStaged | null,
): Promise<{ tree: string; raw: RawChange[]; view: IndexEntries | null; mtimeMs: number }> {
  const format = host.objectFormat();
  // Staged by the engine (the usual case): its bytes are in hand, and the file's mtime is one call away,
  // made here rather than queued in libuv's thread pool on the step's critical path.
  const [staged, st] = byEngine
    ? [byEngine.buf, statOrNull(index)]
    : await Promise.all([readFile(index).catch(() => null), stat(index).catch(() => null)]);
  // Staged by the engine: read as it was built, not parsed again (a 20,000-entry index: ~2 ms).
  const b = byEngine ? byEngine.view : staged && parseIndex(staged, format);
  const mtimeMs = st?.mtimeMs ?? 0;
  if (before && b) {
    // Staged by the engine: it knows what it changed (the other entries are `before`'s bytes).
    const raw = byEngine ? byEngine.changes : diffIndexes(before, b);
    // `before` holds the base's tree (see prepareSnapshot()): nothing staged, nothing to write.
    if (raw.length === 0) return { tree: await host.treeOf(baseSha), raw, view: b, mtimeMs };
    const written = await writeIndexTree(host.objectGit(), b);
    if (written !== null) return { tree: written, raw, view: b, mtimeMs };
  }
  const tree = await writeTree(wt, index);
  const after = await readFile(index).catch(() => null);
  const raw = indexChanges(before?.buf ?? null, after, format, tree) ?? (await host.rawDiff(baseSha, tree));
  return { tree, raw, view: null, mtimeMs };
}

/**
 * Run by acquire() before the agent starts: the slot's index (which holds `sha`), read now unless the
 * engine holds it already (adopt()). The snapshot writes these bytes out again rather than trusting a
 * file an agent could have rewritten meanwhile, and compares the staged index with them.
 */
export async function prepareSnapshot(
  slot: Slot,
  sha: string,
  objectFormat: string,
  scratchFile: (kind: string) => Promise<string>,
): Promise<void> {
  if (slot.view === null) {
    const st = await stat(slot.index);
    slot.view = parseIndex(await readFile(slot.index), objectFormat);
    slot.viewMtimeMs = st.mtimeMs;
  }
  const mtimeMs = slot.viewMtimeMs;
  if (slot.view !== null) {
    slot.prepared = { sha, view: slot.view, mtimeMs, index: null };
    return;
  }
  // Not understood (e.g. a split index): a copy, and git compares the trees.
  const index = await scratchFile("prep");
  await copyIndex(slot.index, index).then(
    () => {
      slot.prepared = { sha, view: null, mtimeMs, index };
    },
    () => rm(index, { force: true }),
  );
}

/** The index a snapshot starts from: the prepared one when it is for `baseSha` (see prepareSnapshot()). */
async function startIndex(
  host: SnapshotHost,
  slot: Slot,
  baseSha: string,
): Promise<{ index: string; before: IndexEntries | null; fresh: boolean }> {
  const prep: Prepared | null = slot.prepared;
  if (prep === null || prep.sha !== baseSha) {
    // Not prepared by acquire() (or another base): start from the base's tree; git rehashes every file.
    host.dropPrepared(slot);
    return { index: await host.scratchFile("snap"), before: null, fresh: true };
  }
  slot.prepared = null;
  // A copy of an index the engine cannot read: git writes the tree and compares.
  if (prep.index !== null) return { index: prep.index, before: null, fresh: false };
  const index = await host.scratchFile("snap");
  writeNewIndexSync(index, (prep.view as IndexEntries).buf, prep.mtimeMs);
  return { index, before: prep.view, fresh: false };
}

/** The run's state paths, left out of snapshots (an agent's writes there are not its changes). */
const isStatePath = (p: string): boolean => STATE_PATHS.some((s) => p === s || p.startsWith(`${s}/`));

/**
 * What the agent changed in the slot's directory relative to `baseSha`, as a tree object, without
 * touching the slot's index: the changed paths are listed on acquire()'s private copy of that index
 * (whose stat data is valid, so only changed files are read) by one `git status` walk that also lists
 * the ignored files, checked against `caps` before anything is hashed into the object store, then staged
 * (by the engine, index-stage.ts, or `git add`); the tree re-uses the unchanged subtrees.
 */
export async function takeSnapshot(
  host: SnapshotHost,
  slot: Slot,
  baseSha: string,
  caps?: ChangeCaps,
  checkIgnored = true,
): Promise<Snapshot> {
  const dir = slot.dir;
  await assertRealDir(dir);
  const wt = host.gitFor(slot);
  const start = await startIndex(host, slot, baseSha);
  const index = start.index;
  let before = start.before;
  try {
    if (start.fresh) {
      await readTreeInto(wt, baseSha, index);
      // Written by git just now, before anything of the agent's was read.
      const bytes = await readFile(index).catch(() => null);
      before = bytes && parseIndex(bytes, host.objectFormat());
    }
    // The agent's ignored files are listed by the same walk, and looked at while the changes are
    // staged: unchanged, the next acquire() need not look again.
    const scan = await scanWorkTree(wt, index);
    const trusted = slot.ignored;
    const verifying =
      checkIgnored && slot.lastRole === "agent" && trusted !== null
        ? digestOf(dir, scan.ignored).then(
            (d) => d === trusted,
            () => false,
          )
        : Promise.resolve(false);
    slot.ignoredVerified = false;
    try {
      return await stageChanges(host, slot, baseSha, index, before, scan.changed, caps);
    } finally {
      slot.ignoredVerified = await verifying;
    }
  } catch (err) {
    await rm(index, { force: true });
    throw err;
  }
}

/** The rest of takeSnapshot(): the paths the scan listed checked, staged and written as a tree. */
async function stageChanges(
  host: SnapshotHost,
  slot: Slot,
  baseSha: string,
  index: string,
  before: IndexEntries | null,
  listed: readonly string[],
  caps: ChangeCaps | undefined,
): Promise<Snapshot> {
  const dir = slot.dir;
  const wt = host.gitFor(slot);
  const paths = [...new Set(listed.filter((p) => !isStatePath(p.replace(/\/$/, ""))))];
  checkPathNames(paths);
  if (caps) await checkCaps(dir, paths, caps);
  if (paths.length === 0) {
    // Nothing changed: the index still holds the base's tree (no add, write-tree or diff needed).
    const rec: SnapRecord = {
      index,
      tree: await host.treeOf(baseSha),
      base: baseSha,
      raw: [],
      slot,
      view: before,
      mtimeMs: statSync(index).mtimeMs,
    };
    host.remember(rec);
    slot.lastSnap = rec;
    return { tree: rec.tree, changed: [], raw: [] };
  }
  // The engine stages what it can store as git would (index-stage.ts); git adds the rest.
  const byEngine =
    (before &&
      (await stagingConfig(host.objectGit())
        .then((config) => stageByEngine(host.objectGit(), dir, before, paths, config, index))
        .catch(() => null))) ||
    null;
  if (!byEngine) await stagePaths(wt, index, paths);
  const { tree, raw, view, mtimeMs } = await treeAndChanges(host, wt, index, baseSha, before, byEngine);
  const rec: SnapRecord = { index, tree, base: baseSha, raw, slot, view, mtimeMs };
  host.remember(rec);
  slot.lastSnap = rec;
  return { tree, changed: raw.map((r) => r.path), raw };
}
