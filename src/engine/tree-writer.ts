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
interface CacheNode {
  oid: string | null;
  count: number;
  children: Map<string, CacheNode>;
}

/**
 * The cache-tree extension as a tree of nodes, or null when there is none or it cannot be read (then
 * git is asked: without one, every tree would be built).
 */
export function readCacheTree(idx: IndexEntries): CacheNode | null {
  const span = idx.cacheTree;
  if (span === null) return null;
  const { buf, hashLen } = idx;
  let at = span.start;
  const node = (): { name: string; node: CacheNode } | null => {
    const nul = buf.indexOf(0, at);
    if (nul < 0 || nul >= span.end) return null;
    const name = buf.toString("latin1", at, nul);
    const nl = buf.indexOf(10, nul + 1);
    if (nl < 0 || nl >= span.end) return null;
    const m = /^(-?\d+) (\d+)$/.exec(buf.toString("latin1", nul + 1, nl));
    if (!m) return null;
    at = nl + 1;
    let oid: string | null = null;
    const count = Number(m[1]);
    if (count >= 0) {
      if (at + hashLen > span.end) return null;
      oid = buf.toString("hex", at, at + hashLen);
      at += hashLen;
    }
    const children = new Map<string, CacheNode>();
    for (let i = 0; i < Number(m[2]); i++) {
      const child = node();
      if (child === null) return null;
      children.set(child.name, child.node);
    }
    return { name, node: { oid, count: oid === null ? -1 : count, children } };
  };
  const root = node();
  return root !== null && root.name === "" ? root.node : null;
}

/** A tree entry's mode as git writes it (octal, no leading zero). */
const treeMode = (mode: number): string | null => {
  const kind = mode & 0o170000;
  if (kind === 0o100000) return mode & 0o111 ? "100755" : "100644";
  if (kind === 0o120000) return "120000";
  if (kind === 0o160000) return "160000";
  return null;
};

/**
 * Writes the trees of `idx` that its cache-tree does not name and returns the root tree's id, or null
 * when the index holds something this writer does not handle (the caller runs git write-tree).
 * Entries are sorted by path bytes, so a directory's entries are contiguous and listing them in index
 * order is tree order (a directory sorts as its name followed by '/'). A directory the cache-tree names
 * is skipped by its entry count, so only the entries of the directories on the way to a change are read.
 */
export async function writeIndexTree(git: Git, idx: IndexEntries): Promise<string | null> {
  const cache = readCacheTree(idx);
  if (cache === null) return null;
  const { buf, names, nameStart, nameEnd, modes, oids, hashLen, count } = idx;
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
    let i = lo;
    while (i < hi) {
      const from = (nameStart[i] as number) + plen;
      const to = nameEnd[i] as number;
      if (from >= to) return null;
      const slash = names.indexOf(SLASH, from);
      if (slash < 0 || slash >= to) {
        const mode = treeMode(modes[i] as number);
        if (mode === null) return null;
        const at = oids[i] as number;
        parts.push(Buffer.from(`${mode} `), names.subarray(from, to), ZERO, buf.subarray(at, at + hashLen));
        i++;
        continue;
      }
      if (slash === from) return null;
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
  return build(0, 0, count, cache);
}

const ZERO = Buffer.from([0]);
const TREE_MODE = Buffer.from("40000 ");
