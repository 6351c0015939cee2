import { clashError } from "./combine-check.js";
import type { Git } from "./git.js";
import { type IndexEntries, parseIndex } from "./index-file.js";
import { merge, type StagedEntry } from "./index-merge.js";
import type { RawChange } from "./snapshot.js";
import {
  entriesFromPaths,
  readCacheTree,
  TreeEntryClash,
  writeEntriesTree,
  writeIndexTree,
} from "./tree-writer.js";

const latin1 = (utf8: string): string => Buffer.from(utf8, "utf8").toString("latin1");
const isDeletion = (c: RawChange): boolean => /^0+$/.test(c.mode);

/**
 * The combined tree of a parallel group, written by the engine (tree-writer.ts) without a git process:
 * one member's snapshot index as the engine read it when the snapshot was taken (the base's entries
 * plus that member's changes, its cache-tree valid away from them; never the file read again: the
 * group's other agents, still running then, could have rewritten it) with every other member's changes put in, and only the trees on the way to a changed
 * path written. Every member's change is in the tree by construction; two members changing one path
 * differently, or a file and a folder at the same place, is a CombineClashError, as combine-check.ts
 * says it. null when the index is gone or not understood: the caller asks git.
 */
export async function combinedTree(
  git: Git,
  idx: IndexEntries | null,
  perMember: RawChange[][],
): Promise<string | null> {
  // A path that is not UTF-8 reaches the change records with replacement characters: git is asked.
  if (perMember.some((raw) => raw.some((c) => c.path.includes("\uFFFD")))) return null;
  if (!idx) return null;
  // Each path's change, from whichever member made it; a second, different one at the same path loses
  // the first member's (git's update-index would keep the last silently).
  const changes = new Map<string, { member: number; change: RawChange }>();
  for (const [m, raw] of perMember.entries())
    for (const c of raw) {
      const key = latin1(c.path);
      const had = changes.get(key);
      if (had && (had.change.mode !== c.mode || had.change.oid !== c.oid))
        throw clashError(perMember, had.member, had.change);
      changes.set(key, { member: m, change: c });
    }
  const merged = await mergedTree(git, idx, changes);
  if (merged !== null) return merged;
  const paths: string[] = [];
  const modes: number[] = [];
  const oids: Buffer[] = [];
  const added = [...changes]
    .filter(([, v]) => !isDeletion(v.change))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let k = 0;
  const push = (path: string, mode: number, oid: Buffer): void => {
    paths.push(path);
    modes.push(mode);
    oids.push(oid);
  };
  const pushAdded = (until: string | null): void => {
    for (; k < added.length; k++) {
      const [path, { change }] = added[k] as [string, { change: RawChange }];
      if (until !== null && path >= until) return;
      push(path, Number.parseInt(change.mode, 8), Buffer.from(change.oid, "hex"));
    }
  };
  for (let i = 0; i < idx.count; i++) {
    const path = idx.names.toString("latin1", idx.nameStart[i] as number, idx.nameEnd[i] as number);
    pushAdded(path);
    if (changes.has(path)) continue;
    const at = idx.oids[i] as number;
    push(path, idx.modes[i] as number, idx.buf.subarray(at, at + idx.hashLen));
  }
  pushAdded(null);
  // The cache-tree names the unchanged directories' trees: those on the way to a change are rebuilt.
  const cache = readCacheTree(idx, true);
  if (cache)
    for (const path of changes.keys()) {
      let node: typeof cache | undefined = cache;
      node.oid = null;
      node.count = -1;
      const dirs = path.split("/").slice(0, -1);
      for (const d of dirs) {
        node = node.children.get(d);
        if (!node) break;
        node.oid = null;
        node.count = -1;
      }
    }
  try {
    return await writeEntriesTree(
      git,
      entriesFromPaths(paths, modes, (i) => oids[i] as Buffer),
      cache,
    );
  } catch (err) {
    if (!(err instanceof TreeEntryClash)) throw err;
    // The path that is a file and a folder at once: the member that wrote it as a file (or any member
    // with a change under it) is the one whose change the tree cannot hold.
    const p = err.path;
    for (const [m, raw] of perMember.entries()) {
      const c = raw.find((x) => x.path === p && !isDeletion(x));
      if (c) throw clashError(perMember, m, c);
    }
    for (const [m, raw] of perMember.entries()) {
      const c = raw.find((x) => x.path.startsWith(`${p}/`) && !isDeletion(x));
      if (c) throw clashError(perMember, m, c);
    }
    throw err;
  }
}

/**
 * The combined tree the quick way: the other members' changes merged into the first member's index as
 * the engine stages (index-merge.ts: the unchanged entries' bytes as they are, the cache-tree invalidated
 * along the changed paths) and the trees on the way written; no list of every path is built. null when
 * that cannot be done (version 4 index, a file and a folder at one place, a submodule): the caller builds
 * the list, and says which members clash.
 */
async function mergedTree(
  git: Git,
  idx: IndexEntries,
  changes: ReadonlyMap<string, { change: RawChange }>,
): Promise<string | null> {
  const version = idx.buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  const staged: StagedEntry[] = [];
  for (const [key, { change }] of changes) {
    // The key is the path's UTF-8 bytes as latin1 (one char per byte).
    const path = Buffer.from(key, "latin1");
    if (isDeletion(change)) {
      staged.push({ path, entry: null });
      continue;
    }
    const oid = Buffer.from(change.oid, "hex");
    if (oid.length !== idx.hashLen) return null;
    // Stat data is not needed for a tree: zeros (this index is never a directory's).
    const entry = Buffer.alloc((40 + oid.length + 2 + path.length + 8) & ~7);
    entry.writeUInt32BE(Number.parseInt(change.mode, 8), 24);
    oid.copy(entry, 40);
    entry.writeUInt16BE(Math.min(path.length, 0xfff), 40 + oid.length);
    path.copy(entry, 42 + oid.length);
    staged.push({ path, entry });
  }
  staged.sort((a, b) => Buffer.compare(a.path, b.path));
  const buf = merge(idx, staged, version);
  const next = buf && parseIndex(buf, idx.hashLen === 32 ? "sha256" : "sha1");
  if (!next) return null;
  try {
    return await writeIndexTree(git, next);
  } catch (err) {
    if (err instanceof TreeEntryClash) return null;
    throw err;
  }
}
