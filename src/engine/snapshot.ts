import { readFile, rm } from "node:fs/promises";
import { STATE_PATHS } from "../run/store.js";
import { assertRealDir } from "./agent-dir.js";
import { type ChangeCaps, checkCaps } from "./change-caps.js";
import type { Git } from "./git.js";
import { changedPaths, readTreeInto, stagePaths, writeTree } from "./git-worktree-ops.js";
import { diffIndexes, indexChanges, parseIndex } from "./index-file.js";
import { writeIndexTree } from "./tree-writer.js";
import type { Slot } from "./worktree-pool.js";

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
  /** The digest of the slot's ignored files (ignored-files.ts). */
  digest(slot: Slot): Promise<string>;
  treeOf(commit: string): Promise<string>;
  rawDiff(from: string, to: string): Promise<RawChange[]>;
  remember(rec: SnapRecord): void;
}

/**
 * The tree of `index` after the add, and the entries that differ from `before`: what diff-tree between
 * the two trees would print (new mode and id per path, zeros for a deletion). Both without a process
 * when the index reader understands the two files (tree-writer.ts); otherwise git writes the tree, and
 * compares the trees when the index after write-tree is not understood either.
 */
async function treeAndChanges(
  host: SnapshotHost,
  wt: Git,
  index: string,
  baseSha: string,
  before: Buffer | null,
): Promise<{ tree: string; raw: RawChange[] }> {
  const format = host.objectFormat();
  const a = before && parseIndex(before, format);
  const staged = a ? await readFile(index).catch(() => null) : null;
  const b = staged && parseIndex(staged, format);
  const written = a && b ? await writeIndexTree(host.objectGit(), b) : null;
  if (a && b && written !== null) return { tree: written, raw: diffIndexes(a, b) };
  const tree = await writeTree(wt, index);
  const after = await readFile(index).catch(() => null);
  return { tree, raw: indexChanges(before, after, format, tree) ?? (await host.rawDiff(baseSha, tree)) };
}

/** The run's state paths, left out of snapshots (an agent's writes there are not its changes). */
const isStatePath = (p: string): boolean => STATE_PATHS.some((s) => p === s || p.startsWith(`${s}/`));

/**
 * What the agent changed in the slot's directory relative to `baseSha`, as a tree object, without
 * touching the slot's index: the changed paths are listed on acquire()'s private copy of that index
 * (whose stat data is valid, so only changed files are read), checked against `caps` before anything is
 * hashed into the object store, then added; write-tree re-uses the unchanged subtrees.
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
  let index: string;
  const prep = slot.prepared;
  if (prep && prep.sha === baseSha) {
    index = prep.index;
    slot.prepared = null;
  } else {
    // Not prepared by acquire() (or another base): start from the base's tree; git rehashes every file.
    host.dropPrepared(slot);
    index = await host.scratchFile("snap");
  }
  try {
    if (index !== prep?.index) await readTreeInto(wt, baseSha, index);
    // The agent's ignored files are looked at in the same breath (in parallel): unchanged, the next
    // acquire() need not look again.
    const [listed, ignored] = await Promise.all([
      changedPaths(wt, index),
      checkIgnored && slot.lastRole === "agent" && slot.ignored !== null
        ? host.digest(slot)
        : Promise.resolve(null),
    ]);
    slot.ignoredVerified = ignored !== null && ignored === slot.ignored;
    const paths = [...new Set(listed.filter((p) => !isStatePath(p.replace(/\/$/, ""))))];
    if (caps) await checkCaps(dir, paths, caps);
    if (paths.length === 0) {
      // Nothing changed: the index still holds the base's tree (no add, write-tree or diff needed).
      const rec: SnapRecord = { index, tree: await host.treeOf(baseSha), base: baseSha, raw: [], slot };
      host.remember(rec);
      slot.lastSnap = rec;
      return { tree: rec.tree, changed: [], raw: [] };
    }
    const before = await readFile(index).catch(() => null);
    await stagePaths(wt, index, paths);
    const { tree, raw } = await treeAndChanges(host, wt, index, baseSha, before);
    const rec: SnapRecord = { index, tree, base: baseSha, raw, slot };
    host.remember(rec);
    slot.lastSnap = rec;
    return { tree, changed: raw.map((r) => r.path), raw };
  } catch (err) {
    await rm(index, { force: true });
    throw err;
  }
}
