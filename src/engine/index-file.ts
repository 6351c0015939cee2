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
  /** How many entries. */
  count: number;
  /**
   * The entries' path bytes: `names[nameStart[i], nameEnd[i])`. For versions 2-3 `names` is `buf`
   * itself; version 4's prefix-compressed paths are spelled out into a buffer of their own. Paths are
   * compared as bytes (git's order); no string is made for an entry unless it is reported.
   */
  names: Buffer;
  nameStart: Int32Array;
  nameEnd: Int32Array;
  modes: Uint32Array;
  /** Offset of each entry's object id in `buf`. */
  oids: Int32Array;
  hashLen: number;
  /** The root tree id recorded in the cache-tree extension ("TREE"), when it is valid. */
  rootTree: string | null;
  /** Where the cache-tree extension's data is in `buf` (see tree-writer.ts), when there is one. */
  cacheTree: { start: number; end: number } | null;
  /** Where the entries end in `buf` (the first extension's header, or the checksum). */
  entriesEnd: number;
}

export interface IndexChange {
  mode: string;
  oldMode: string;
  oid: string;
  path: string;
}

const mode6 = (m: number): string => m.toString(8).padStart(6, "0");

/** Entry `i`'s path as text (UTF-8, as git prints it). */
export const pathOf = (idx: IndexEntries, i: number): string =>
  idx.names.toString("utf8", idx.nameStart[i] as number, idx.nameEnd[i] as number);

export function parseIndex(buf: Buffer, objectFormat: string): IndexEntries | null {
  const hashLen = objectFormat === "sha256" ? 32 : 20;
  if (buf.length < 12 + hashLen || buf.toString("latin1", 0, 4) !== "DIRC") return null;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = buf.readUInt32BE(8);
  const end = buf.length - hashLen;
  // Every entry takes at least 40 + hashLen + 2 bytes (v4: + 2 for its varint and NUL).
  if (count > end / (40 + hashLen)) return null;
  const nameStart = new Int32Array(count);
  const nameEnd = new Int32Array(count);
  const modes = new Uint32Array(count);
  const oids = new Int32Array(count);
  // Version 4 spells its paths out here (grown as needed); versions 2-3 point into `buf`.
  let names = version === 4 ? Buffer.allocUnsafe(Math.max(4096, buf.length * 2)) : buf;
  let used = 0;
  let prevStart = 0;
  let prevEnd = 0;
  let at = 12;
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
    if (version === 4) {
      // A varint: how many bytes of the previous path to drop, then the rest, NUL-terminated.
      let c = buf[at++] ?? 0;
      let strip = c & 127;
      while (c & 128) {
        c = buf[at++] ?? 0;
        strip = ((strip + 1) << 7) | (c & 127);
      }
      const nul = buf.indexOf(0, at);
      const keep = prevEnd - prevStart - strip;
      if (nul < 0 || nul >= end || keep < 0) return null;
      const len = keep + nul - at;
      if (used + len > names.length) {
        const grown = Buffer.allocUnsafe(Math.max(names.length * 2, used + len));
        names.copy(grown, 0, 0, used);
        names = grown;
      }
      names.copy(names, used, prevStart, prevStart + keep);
      buf.copy(names, used + keep, at, nul);
      nameStart[i] = used;
      nameEnd[i] = used + len;
      prevStart = used;
      prevEnd = used + len;
      used += len;
      at = nul + 1;
    } else {
      // The name's length is in the flags unless it is 0xFFF or more.
      const short = flags & 0xfff;
      const nul = short < 0xfff && buf[at + short] === 0 ? at + short : buf.indexOf(0, at);
      if (nul < 0 || nul >= end) return null;
      nameStart[i] = at;
      nameEnd[i] = nul;
      // Entries are NUL-padded to a multiple of 8 bytes (at least one NUL).
      at = start + ((nul - start + 8) & ~7);
    }
    // A sparse index's directory entries stand for whole trees: not a flat list of files.
    if ((mode & 0o170000) === 0o040000) return null;
    modes[i] = mode;
    oids[i] = oid;
  }
  const out: IndexEntries = {
    buf,
    count,
    names,
    nameStart,
    nameEnd,
    modes,
    oids,
    hashLen,
    rootTree: null,
    cacheTree: null,
    entriesEnd: at,
  };
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

/** Compares entry `i` of `a` with entry `j` of `b` by path bytes (git's order): <0, 0 or >0. */
export function comparePaths(a: IndexEntries, i: number, b: IndexEntries, j: number): number {
  const an = a.names;
  const bn = b.names;
  let p = a.nameStart[i] as number;
  let q = b.nameStart[j] as number;
  const pe = a.nameEnd[i] as number;
  const qe = b.nameEnd[j] as number;
  // A byte loop: a native compare per entry costs more than the bytes it compares.
  while (p < pe && q < qe) {
    const d = (an[p] as number) - (bn[q] as number);
    if (d !== 0) return d;
    p++;
    q++;
  }
  return pe - p - (qe - q);
}

function sameObject(a: IndexEntries, i: number, b: IndexEntries, j: number): boolean {
  if (a.modes[i] !== b.modes[j]) return false;
  let p = a.oids[i] as number;
  let q = b.oids[j] as number;
  for (const e = p + a.hashLen; p < e; p++, q++) if (a.buf[p] !== b.buf[q]) return false;
  return true;
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
  const hex = (e: IndexEntries, i: number): string =>
    e.buf.toString("hex", e.oids[i] as number, (e.oids[i] as number) + e.hashLen);
  const changes: IndexChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.count || j < b.count) {
    const c = i >= a.count ? 1 : j >= b.count ? -1 : comparePaths(a, i, b, j);
    if (c === 0) {
      if (!sameObject(a, i, b, j))
        changes.push({
          mode: mode6(b.modes[j] as number),
          oldMode: mode6(a.modes[i] as number),
          oid: hex(b, j),
          path: pathOf(b, j),
        });
      i++;
      j++;
    } else if (c < 0) {
      changes.push({ mode: zeroMode, oldMode: mode6(a.modes[i] as number), oid: zero, path: pathOf(a, i) });
      i++;
    } else {
      changes.push({
        mode: mode6(b.modes[j] as number),
        oldMode: zeroMode,
        oid: hex(b, j),
        path: pathOf(b, j),
      });
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
