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

/** One directory of the cache-tree: its tree id when valid (null when invalidated), and its subtrees. */
export interface CacheNode {
  oid: string | null;
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
    if (Number(m[1]) >= 0) {
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
    return { name, node: { oid, children } };
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
 * Entries sorted by path bytes, as in an index: paths as latin1 strings (one char per byte), modes, and
 * each entry's object id (raw bytes).
 */
export interface TreeEntries {
  paths: readonly string[];
  modes: readonly number[];
  oid(i: number): Buffer;
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
  return writeEntriesTree(
    git,
    {
      paths: idx.paths,
      modes: idx.modes,
      oid: (i) => buf.subarray(oids[i] as number, (oids[i] as number) + hashLen),
    },
    cache,
  );
}

/**
 * Writes the trees of `list` that `cache` does not name (a node whose id is null, or missing, is built)
 * and returns the root tree's id; null when an entry has a mode no tree holds. Throws TreeEntryClash for
 * a path given twice or a file and a folder at the same place (an index git wrote never has either; a
 * list the engine put together may).
 */
export async function writeEntriesTree(
  git: Git,
  list: TreeEntries,
  cache: CacheNode | null,
): Promise<string | null> {
  const { paths, modes } = list;
  const clash = (p: string): TreeEntryClash => new TreeEntryClash(Buffer.from(p, "latin1").toString("utf8"));
  // Entries are sorted by path bytes, so a directory's entries are contiguous, and listing them in
  // index order is tree order (a directory sorts as its name followed by '/').
  const build = async (prefix: string, lo: number, hi: number, node: CacheNode | undefined) => {
    if (node?.oid) return node.oid;
    const parts: Buffer[] = [];
    const names = new Set<string>();
    let i = lo;
    while (i < hi) {
      const rest = (paths[i] as string).slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) {
        const mode = treeMode(modes[i] as number);
        if (mode === null || rest === "") return null;
        if (names.has(rest)) throw clash(`${prefix}${rest}`);
        names.add(rest);
        parts.push(Buffer.from(`${mode} ${rest}\0`, "latin1"), list.oid(i));
        i++;
        continue;
      }
      const name = rest.slice(0, slash);
      if (names.has(name)) throw clash(`${prefix}${name}`);
      names.add(name);
      const sub = `${prefix}${name}/`;
      let j = i + 1;
      while (j < hi && (paths[j] as string).startsWith(sub)) j++;
      const oid = await build(sub, i, j, node?.children.get(name));
      if (oid === null) return null;
      parts.push(Buffer.from(`40000 ${name}\0`, "latin1"), Buffer.from(oid, "hex"));
      i = j;
    }
    return writeObject(git, "tree", Buffer.concat(parts));
  };
  return build("", 0, paths.length, cache ?? undefined);
}
