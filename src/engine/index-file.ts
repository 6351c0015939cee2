/**
 * Reads git's index file (versions 2-4) far enough to compare two of them: each entry's path, mode and
 * object id. The engine keeps its own index per directory (see WorktreePool), so after `git add` the
 * changes of a snapshot are the entries that differ from the base's index: what `git diff-tree -r`
 * between the two trees would print, without starting a process for it. Anything this reader does not
 * handle (a split or sparse index, conflict stages, intent-to-add entries, a damaged file) makes it
 * answer null, and the caller asks git instead.
 */

export interface IndexEntries {
  buf: Buffer;
  /** Paths as latin1 strings (one char per byte: sorting and comparing them is git's byte order). */
  paths: string[];
  modes: number[];
  /** Offset of each entry's object id in `buf`. */
  oids: number[];
  hashLen: number;
  /** The root tree id recorded in the cache-tree extension ("TREE"), when it is valid. */
  rootTree: string | null;
  /** Where the cache-tree extension's data is in `buf` (see tree-writer.ts), when there is one. */
  cacheTree: { start: number; end: number } | null;
}

export interface IndexChange {
  mode: string;
  oldMode: string;
  oid: string;
  path: string;
}

const mode6 = (m: number): string => m.toString(8).padStart(6, "0");

export function parseIndex(buf: Buffer, objectFormat: string): IndexEntries | null {
  const hashLen = objectFormat === "sha256" ? 32 : 20;
  if (buf.length < 12 + hashLen || buf.toString("latin1", 0, 4) !== "DIRC") return null;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = buf.readUInt32BE(8);
  const out: IndexEntries = { buf, paths: [], modes: [], oids: [], hashLen, rootTree: null, cacheTree: null };
  const end = buf.length - hashLen;
  let at = 12;
  let prev = "";
  for (let i = 0; i < count; i++) {
    const start = at;
    if (at + 40 + hashLen + 2 > end) return null;
    const mode = buf.readUInt32BE(at + 24);
    const oid = at + 40;
    const flags = buf.readUInt16BE(oid + hashLen);
    at = oid + hashLen + 2;
    // Conflict stages, or (version 3+) extended flags: skip-worktree or intent-to-add entries.
    if ((flags & 0x3000) !== 0) return null;
    if (flags & 0x4000) {
      if (version < 3) return null;
      if (buf.readUInt16BE(at) !== 0) return null;
      at += 2;
    }
    let path: string;
    if (version === 4) {
      // A varint: how many bytes of the previous path to drop, then the rest, NUL-terminated.
      let c = buf[at++] ?? 0;
      let strip = c & 127;
      while (c & 128) {
        c = buf[at++] ?? 0;
        strip = ((strip + 1) << 7) | (c & 127);
      }
      const nul = buf.indexOf(0, at);
      if (nul < 0 || nul >= end || strip > prev.length) return null;
      path = prev.slice(0, prev.length - strip) + buf.toString("latin1", at, nul);
      at = nul + 1;
    } else {
      const nul = buf.indexOf(0, at);
      if (nul < 0 || nul >= end) return null;
      path = buf.toString("latin1", at, nul);
      // Entries are NUL-padded to a multiple of 8 bytes (at least one NUL).
      at = start + ((nul - start + 8) & ~7);
    }
    // A sparse index's directory entries stand for whole trees: not a flat list of files.
    if ((mode & 0o170000) === 0o040000) return null;
    out.paths.push(path);
    out.modes.push(mode);
    out.oids.push(oid);
    prev = path;
  }
  // Extensions: a split index keeps its entries in another file.
  while (at + 8 <= end) {
    const sig = buf.toString("latin1", at, at + 4);
    if (sig === "link" || sig === "sdir") return null;
    const size = buf.readUInt32BE(at + 4);
    if (sig === "TREE") {
      out.cacheTree = { start: at + 8, end: Math.min(end, at + 8 + size) };
      out.rootTree = rootOf(buf, out.cacheTree.start, out.cacheTree.end, hashLen);
    }
    at += 8 + size;
  }
  return out;
}

/** The root's entry of a cache-tree extension: "\0<entries> <subtrees>\n<id>" (no id when invalid: -1). */
function rootOf(buf: Buffer, at: number, end: number, hashLen: number): string | null {
  if (buf[at] !== 0) return null;
  const nl = buf.indexOf(10, at + 1);
  if (nl < 0 || nl + 1 + hashLen > end) return null;
  const [count] = buf.toString("latin1", at + 1, nl).split(" ");
  if (count === undefined || !/^\d+$/.test(count)) return null;
  return buf.toString("hex", nl + 1, nl + 1 + hashLen);
}

/** The entries that differ between two indexes of the same repository, in index (= diff-tree -r) order. */
export function diffIndexes(a: IndexEntries, b: IndexEntries): IndexChange[] {
  const zeroMode = "000000";
  const zero = "0".repeat(b.hashLen * 2);
  const utf8 = (p: string): string => Buffer.from(p, "latin1").toString("utf8");
  const hex = (e: IndexEntries, i: number): string =>
    e.buf.toString("hex", e.oids[i] as number, (e.oids[i] as number) + e.hashLen);
  const changes: IndexChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.paths.length || j < b.paths.length) {
    const pa = a.paths[i];
    const pb = b.paths[j];
    if (pa !== undefined && pa === pb) {
      const same =
        a.modes[i] === b.modes[j] &&
        a.buf.compare(
          b.buf,
          b.oids[j] as number,
          (b.oids[j] as number) + b.hashLen,
          a.oids[i] as number,
          (a.oids[i] as number) + a.hashLen,
        ) === 0;
      if (!same)
        changes.push({
          mode: mode6(b.modes[j] as number),
          oldMode: mode6(a.modes[i] as number),
          oid: hex(b, j),
          path: utf8(pb as string),
        });
      i++;
      j++;
    } else if (pb === undefined || (pa !== undefined && pa < pb)) {
      changes.push({
        mode: zeroMode,
        oldMode: mode6(a.modes[i] as number),
        oid: zero,
        path: utf8(pa as string),
      });
      i++;
    } else {
      changes.push({ mode: mode6(b.modes[j] as number), oldMode: zeroMode, oid: hex(b, j), path: utf8(pb) });
      j++;
    }
  }
  return changes;
}

/**
 * The changes between two index files' contents, or null when either is missing or not understood, or
 * when `after` is not the index `tree` was written from (its cache-tree must name `tree` as its root:
 * the changes checked against the agent's scopes are then exactly those of the tree that is committed).
 */
export function indexChanges(
  before: Buffer | null,
  after: Buffer | null,
  objectFormat: string,
  tree: string,
): IndexChange[] | null {
  const a = before && parseIndex(before, objectFormat);
  const b = after && parseIndex(after, objectFormat);
  return a && b && b.rootTree === tree ? diffIndexes(a, b) : null;
}
