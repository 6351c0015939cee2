import type { Git } from "./git.js";
import type { IndexEntries } from "./index-file.js";
import { writeObject } from "./loose-object.js";

/**
 * `git write-tree` without a process: the tree objects of an index the engine just staged into (see
 * snapshot.ts), built from its entries and its cache-tree extension. The cache-tree names the tree of
 * every directory nothing was staged under (git keeps it valid through `add`), so only the directories
 * on the way to a changed path are built and written, exactly as write-tree does. The index is the
 * engine's own file outside the agent's directory; what it names was hashed by git.
 *
 * Only for indexes parseIndex() understood (no conflict stages, intent-to-add, split or sparse index).
 */

/**
 * One directory of the cache-tree: its tree id and how many index entries it covers when valid (null
 * and -1 when invalidated), and its subtrees.
 */
export interface CacheNode {
  oid: string | null;
  count: number;
  children: Map<string, CacheNode>;
}

/**
 * The cache-tree extension as a tree of nodes, or null when there is none or it cannot be read (then
 * git is asked: without one, every tree would be built). Without `full`, a valid node's subtrees are
 * left out (its children map is empty): what writeEntriesTree() needs.
 */
export function readCacheTree(idx: IndexEntries, full = false): CacheNode | null {
  const span = idx.cacheTree;
  if (span === null) return null;
  const { buf, hashLen } = idx;
  let at = span.start;
  const SKIPPED: CacheNode = { oid: null, count: -1, children: new Map() };
  // Unless `full` (a caller that invalidates nodes itself), the subtrees of a valid node are never
  // looked at (the writer takes its id): they are only read through, without a string or map made for
  // them (most of a big repository's nodes).
  const node = (wanted: boolean): { name: string; node: CacheNode } | null => {
    const head = cacheTreeHead(buf, at, span.end, hashLen);
    if (head === null) return null;
    at = head.next;
    const valid = head.count >= 0;
    const children = new Map<string, CacheNode>();
    const inner = wanted && (full || !valid);
    for (let i = 0; i < head.subtrees; i++) {
      const child = node(inner);
      if (child === null) return null;
      if (inner) children.set(child.name, child.node);
    }
    if (!wanted) return { name: "", node: SKIPPED };
    const oid = valid ? buf.toString("hex", head.next - hashLen, head.next) : null;
    const name = buf.toString("latin1", head.nameStart, head.nameEnd);
    return { name, node: { oid, count: valid ? head.count : -1, children } };
  };
  const root = node(true);
  return root !== null && root.name === "" && at === span.end ? root.node : null;
}

/** One cache-tree node's header: "<name>\0<count> <subtrees>\n", then its id when count >= 0. */
export interface CacheTreeHead {
  nameStart: number;
  nameEnd: number;
  /** Entries covered; -1 when invalidated. */
  count: number;
  subtrees: number;
  /** Where the counts start (just after the name's NUL). */
  countsStart: number;
  /** Where its first subtree (or next sibling) starts: after the id, or after the newline. */
  next: number;
}

/** Reads a decimal number of `buf` at [from, to) ("-" allowed first); NaN when it is not one. */
function decimal(buf: Buffer, from: number, to: number): number {
  let i = from;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  if (i >= to) return Number.NaN;
  let n = 0;
  for (; i < to; i++) {
    const d = (buf[i] as number) - 0x30;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/**
 * The header of the cache-tree node at `at` (see CacheTreeHead), or null when it is damaged. Byte
 * scanning, no strings: every node of a big repository's cache-tree is read for each snapshot.
 */
export function cacheTreeHead(buf: Buffer, at: number, end: number, hashLen: number): CacheTreeHead | null {
  const nul = buf.indexOf(0, at);
  if (nul < 0 || nul >= end) return null;
  const nl = buf.indexOf(10, nul + 1);
  if (nl < 0 || nl >= end) return null;
  const sp = buf.indexOf(0x20, nul + 1);
  if (sp < 0 || sp >= nl) return null;
  const count = decimal(buf, nul + 1, sp);
  const subtrees = decimal(buf, sp + 1, nl);
  if (Number.isNaN(count) || Number.isNaN(subtrees) || subtrees < 0 || buf[sp + 1] === 0x2d) return null;
  let next = nl + 1;
  if (count >= 0) {
    if (next + hashLen > end) return null;
    next += hashLen;
  }
  return { nameStart: at, nameEnd: nul, count, subtrees, countsStart: nul + 1, next };
}

const [EXEC, FILE, LINK, GITLINK] = ["100755 ", "100644 ", "120000 ", "160000 "].map((m) => Buffer.from(m));

/** An index entry's mode as a tree entry starts with it (octal, no leading zero, then a space). */
export function treeModeBytes(mode: number): Buffer | null {
  const kind = mode & 0o170000;
  if (kind === 0o100000) return (mode & 0o111 ? EXEC : FILE) as Buffer;
  if (kind === 0o120000) return LINK as Buffer;
  if (kind === 0o160000) return GITLINK as Buffer;
  return null;
}

/**
 * Entries sorted by path bytes, as in an index: entry i's path is `names[nameStart[i], nameEnd[i])`,
 * its mode `modes[i]` and its object id (raw bytes) `oid(i)`.
 */
export interface TreeEntries {
  names: Buffer;
  nameStart: ArrayLike<number>;
  nameEnd: ArrayLike<number>;
  modes: ArrayLike<number>;
  count: number;
  oid(i: number): Buffer;
}

/** A list of paths given as latin1 strings (one char per byte, sorted by bytes) as the writer reads it. */
export function entriesFromPaths(
  paths: readonly string[],
  modes: readonly number[],
  oid: (i: number) => Buffer,
): TreeEntries {
  const names = Buffer.from(paths.join(""), "latin1");
  const nameStart = new Uint32Array(paths.length);
  const nameEnd = new Uint32Array(paths.length);
  let at = 0;
  for (const [i, p] of paths.entries()) {
    nameStart[i] = at;
    at += p.length;
    nameEnd[i] = at;
  }
  return { names, nameStart, nameEnd, modes, count: paths.length, oid };
}

/** Two entries at one path, or a file and a folder at the same place: no tree can hold both. */
export class TreeEntryClash extends Error {
  constructor(
    /** The path (UTF-8) that is both a file and a folder, or given twice. */
    readonly path: string,
  ) {
    super(
      `two entries at ${JSON.stringify(path)} (a file and a folder at the same place, or the same path twice)`,
    );
    this.name = "TreeEntryClash";
  }
}

/**
 * Writes the trees of `idx` that its cache-tree does not name and returns the root tree's id, or null
 * when the index holds something this writer does not handle (the caller runs git write-tree).
 */
export async function writeIndexTree(git: Git, idx: IndexEntries): Promise<string | null> {
  const cache = readCacheTree(idx);
  if (cache === null) return null;
  const { buf, oids, hashLen } = idx;
  const oid = (i: number): Buffer => buf.subarray(oids[i] as number, (oids[i] as number) + hashLen);
  return writeEntriesTree(git, { ...idx, oid }, cache);
}

/**
 * Writes the trees of `list` that `cache` does not name and returns the root tree's id; null when an
 * entry has a mode no tree holds, or a count in the cache disagrees with the entries. Entries are sorted
 * by path bytes, so a directory's entries are contiguous and listing them in order is tree order (a
 * directory sorts as its name followed by '/'). A directory the cache names is skipped by its entry
 * count, so only the entries of the directories on the way to a change are read. Throws TreeEntryClash
 * for a path given twice or a file and a folder at the same place (an index git wrote never has either;
 * a list the engine put together may).
 */
export async function writeEntriesTree(
  git: Git,
  list: TreeEntries,
  cache: CacheNode | null,
): Promise<string | null> {
  const { names, nameStart, nameEnd, modes, count } = list;
  const SLASH = 0x2f;
  /** Whether entry `j`'s path starts with the first `len` bytes of entry `i`'s. */
  const sharesPrefix = (j: number, i: number, len: number): boolean => {
    const a = nameStart[i] as number;
    const b = nameStart[j] as number;
    if ((nameEnd[j] as number) - b <= len) return false;
    for (let k = 0; k < len; k++) if (names[a + k] !== names[b + k]) return false;
    return true;
  };
  // The directory of entries [lo, hi) whose paths share their first `plen` bytes (the directory's
  // path and its '/'; 0 for the root).
  const build = async (plen: number, lo: number, hi: number, node: CacheNode | undefined) => {
    if (node?.oid) return node.oid;
    const parts: Buffer[] = [];
    // Names listed in this directory: a file and a folder of one name need not be neighbours
    // ("a", "a.txt", "a/b"), so each name is checked against all of them.
    const seen = new Set<string>();
    const once = (i: number, from: number, to: number): void => {
      const name = names.toString("latin1", from, to);
      if (seen.has(name)) throw new TreeEntryClash(names.toString("utf8", nameStart[i] as number, to));
      seen.add(name);
    };
    let i = lo;
    while (i < hi) {
      const from = (nameStart[i] as number) + plen;
      const to = nameEnd[i] as number;
      if (from >= to) return null;
      const slash = names.indexOf(SLASH, from);
      if (slash < 0 || slash >= to) {
        const mode = treeModeBytes(modes[i] as number);
        if (mode === null) return null;
        once(i, from, to);
        parts.push(mode, names.subarray(from, to), ZERO, list.oid(i));
        i++;
        continue;
      }
      if (slash === from) return null;
      once(i, from, slash);
      const name = names.subarray(from, slash);
      const sub = slash + 1 - (nameStart[i] as number);
      const child = node?.children.get(name.toString("latin1"));
      let j: number;
      if (child?.oid && child.count > 0 && i + child.count <= hi) {
        // A valid subtree: its entry count says where it ends (checked at both ends).
        j = i + child.count;
        if (!sharesPrefix(j - 1, i, sub) || (j < hi && sharesPrefix(j, i, sub))) return null;
      } else {
        j = i + 1;
        while (j < hi && sharesPrefix(j, i, sub)) j++;
      }
      const oid = await build(sub, i, j, child);
      if (oid === null) return null;
      parts.push(TREE_MODE, name, ZERO, Buffer.from(oid, "hex"));
      i = j;
    }
    return writeObject(git, "tree", Buffer.concat(parts));
  };
  return build(0, 0, count, cache ?? undefined);
}

const ZERO = Buffer.from([0]);
/** A subtree's mode as a tree entry starts with it. */
export const TREE_MODE = Buffer.from("40000 ");
