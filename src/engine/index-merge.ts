import { createHash } from "node:crypto";
import type { IndexChange, IndexEntries } from "./index-file.js";
import { cacheTreeHead } from "./tree-writer.js";

// The index bytes of a staging by the engine (index-stage.ts): the unchanged entries as they were, the
// staged ones in their place, the cache-tree invalidated along them, and git's checksum.

/** One path staged: its new entry's bytes, or null when it is deleted. */
export interface StagedEntry {
  path: Buffer;
  entry: Buffer | null;
}

/** The first entry of `idx` whose path is not below `path` in byte order. */
export function lowerBound(idx: IndexEntries, path: Buffer): number {
  let lo = 0;
  let hi = idx.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const name = idx.names.subarray(idx.nameStart[mid] as number, idx.nameEnd[mid] as number);
    if (Buffer.compare(name, path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const nameAt = (idx: IndexEntries, i: number): Buffer =>
  idx.names.subarray(idx.nameStart[i] as number, idx.nameEnd[i] as number);

/**
 * Whether adding `path` (not in the index) would put a file and a folder at one place: an entry on the
 * way to it, or entries under it. git sorts that out; the engine leaves it to git.
 */
function clashes(idx: IndexEntries, path: Buffer): boolean {
  for (let k = path.indexOf(0x2f); k >= 0; k = path.indexOf(0x2f, k + 1)) {
    const parent = path.subarray(0, k);
    const at = lowerBound(idx, parent);
    if (at < idx.count && nameAt(idx, at).equals(parent)) return true;
  }
  const under = Buffer.concat([path, Buffer.from("/")]);
  const at = lowerBound(idx, under);
  return at < idx.count && nameAt(idx, at).subarray(0, under.length).equals(under);
}

/** `before`'s entries with `staged` applied, its cache-tree invalidated along them, and a new checksum. */
export function merge(before: IndexEntries, staged: readonly StagedEntry[], version: number): Buffer | null {
  return mergeEntries(before, staged, version)?.buf ?? null;
}

/** merge(), with the new index as parseIndex() would read it (made from `before`'s, not parsed again). */
export function mergeEntries(
  before: IndexEntries,
  staged: readonly StagedEntry[],
  version: number,
): IndexEntries | null {
  const { buf, hashLen, count } = before;
  const startOf = (i: number): number => (before.oids[i] as number) - 40;
  // Entries are NUL-padded to a multiple of 8 bytes (versions 2-3, see parseIndex()).
  const endOf = (i: number): number => {
    const start = startOf(i);
    return start + (((before.nameEnd[i] as number) - start + 8) & ~7);
  };
  // In order: runs [from, to) of `before`'s entries kept as they are, and staged entries.
  const runs: ([number, number] | StagedEntry)[] = [];
  let n = 0;
  let i = 0;
  for (const s of staged) {
    const at = lowerBound(before, s.path);
    if (at < i) return null; // the same path twice
    if (at > i) runs.push([i, at]);
    n += at - i;
    i = at;
    const same = i < count && nameAt(before, i).equals(s.path);
    if (same) {
      if (((before.modes[i] as number) & 0o170000) === 0o160000) return null;
      i++;
    } else if (s.entry !== null && clashes(before, s.path)) return null;
    if (s.entry !== null) {
      runs.push(s);
      n++;
    }
  }
  if (i < count) runs.push([i, count]);
  n += count - i;
  const head = Buffer.alloc(12);
  head.write("DIRC", 0, "latin1");
  head.writeUInt32BE(version, 4);
  head.writeUInt32BE(n, 8);
  const parts = runs.map((r) =>
    Array.isArray(r) ? buf.subarray(startOf(r[0]), endOf(r[1] - 1)) : (r.entry as Buffer),
  );
  const ext: Buffer[] = [];
  if (before.cacheTree) {
    const tree = invalidated(buf, before.cacheTree, hashLen, staged);
    if (tree === null) return null;
    const sig = Buffer.alloc(8);
    sig.write("TREE", 0, "latin1");
    sig.writeUInt32BE(tree.length, 4);
    ext.push(sig, tree);
  }
  // One buffer for the body and its checksum: the index is copied once.
  const pieces = [head, ...parts, ...ext];
  let size = 0;
  for (const p of pieces) size += p.length;
  const out = Buffer.allocUnsafe(size + hashLen);
  let at = 0;
  for (const p of pieces) at += p.copy(out, at);
  createHash(hashLen === 32 ? "sha256" : "sha1")
    .update(out.subarray(0, size))
    .digest()
    .copy(out, size);
  // The cache-tree's data ends where the checksum starts. Its root is always invalidated (every staged
  // path is under it): no root tree is known, as parseIndex() would find.
  const tree = ext[1];
  const cacheTree = tree ? { start: size - tree.length, end: size } : null;
  return { ...entriesOf(before, runs, out, n), cacheTree };
}

/** The entries' offsets in `out` (laid out as `runs`, after the 12-byte header), from `before`'s. */
function entriesOf(
  before: IndexEntries,
  runs: readonly ([number, number] | StagedEntry)[],
  out: Buffer,
  n: number,
): IndexEntries {
  const { hashLen } = before;
  const nameStart = new Int32Array(n);
  const nameEnd = new Int32Array(n);
  const modes = new Uint32Array(n);
  const oids = new Int32Array(n);
  let k = 0;
  let off = 12;
  for (const r of runs) {
    if (Array.isArray(r)) {
      const [from, to] = r;
      const start = (before.oids[from] as number) - 40;
      const delta = off - start;
      for (let j = from; j < to; j++, k++) {
        nameStart[k] = (before.nameStart[j] as number) + delta;
        nameEnd[k] = (before.nameEnd[j] as number) + delta;
        oids[k] = (before.oids[j] as number) + delta;
        modes[k] = before.modes[j] as number;
      }
      const last = to - 1;
      const lastStart = (before.oids[last] as number) - 40;
      off += lastStart + (((before.nameEnd[last] as number) - lastStart + 8) & ~7) - start;
    } else {
      const entry = r.entry as Buffer;
      oids[k] = off + 40;
      modes[k] = entry.readUInt32BE(24);
      nameStart[k] = off + 40 + hashLen + 2;
      nameEnd[k] = (nameStart[k] as number) + r.path.length;
      k++;
      off += entry.length;
    }
  }
  return {
    buf: out,
    count: n,
    names: out,
    nameStart,
    nameEnd,
    modes,
    oids,
    hashLen,
    rootTree: null,
    cacheTree: null,
    entriesEnd: off,
  };
}

/**
 * The cache-tree extension with every folder on the way to a staged path marked invalid (entry count
 * -1, no id), as git's cache_tree_invalidate_path() leaves it; null when it cannot be read.
 */
function invalidated(
  buf: Buffer,
  span: { start: number; end: number },
  hashLen: number,
  staged: readonly StagedEntry[],
): Buffer | null {
  const dirs = new Set<string>([""]);
  for (const s of staged) {
    const p = s.path.toString("latin1");
    for (let k = p.indexOf("/"); k >= 0; k = p.indexOf("/", k + 1)) dirs.add(p.slice(0, k));
  }
  // The nodes to mark: [start of their counts, end of their id) -> "-1 <subtrees>\n". Every node is
  // read to find where the next one starts; a path is spelled out only under a folder on the way to a
  // staged path (no other node can be one).
  const edits: [number, number, number][] = [];
  let at = span.start;
  const node = (prefix: string | null, onWay: boolean): boolean => {
    const head = cacheTreeHead(buf, at, span.end, hashLen);
    if (head === null) return false;
    at = head.next;
    let path: string | null = null;
    if (onWay) {
      const name = buf.toString("latin1", head.nameStart, head.nameEnd);
      path = prefix === null ? "" : prefix === "" ? name : `${prefix}/${name}`;
    }
    const marked = path !== null && dirs.has(path);
    if (marked && head.count >= 0) edits.push([head.countsStart, head.next, head.subtrees]);
    for (let c = 0; c < head.subtrees; c++) if (!node(path, marked)) return false;
    return true;
  };
  if (!node(null, true) || at !== span.end) return null;
  const out: Buffer[] = [];
  let from = span.start;
  for (const [start, stop, subtrees] of edits) {
    out.push(buf.subarray(from, start), Buffer.from(`-1 ${subtrees}\n`, "latin1"));
    from = stop;
  }
  out.push(buf.subarray(from, span.end));
  return Buffer.concat(out);
}

const mode6 = (m: number): string => m.toString(8).padStart(6, "0");

/** diffIndexes(before, after) for an index that differs from `before` in the `staged` entries only. */
export function changesOf(before: IndexEntries, staged: readonly StagedEntry[]): IndexChange[] {
  const { buf, hashLen } = before;
  const zero = "0".repeat(hashLen * 2);
  const out: IndexChange[] = [];
  for (const s of staged) {
    const at = lowerBound(before, s.path);
    const had = at < before.count && nameAt(before, at).equals(s.path);
    const oldOid = had
      ? buf.toString("hex", before.oids[at] as number, (before.oids[at] as number) + hashLen)
      : "";
    const oldMode = had ? mode6(before.modes[at] as number) : "000000";
    const path = s.path.toString("utf8");
    if (s.entry === null) {
      if (had) out.push({ mode: "000000", oldMode, oid: zero, path });
      continue;
    }
    const mode = mode6(s.entry.readUInt32BE(24));
    const oid = s.entry.toString("hex", 40, 40 + hashLen);
    if (mode !== oldMode || oid !== oldOid) out.push({ mode, oldMode, oid, path });
  }
  return out;
}
