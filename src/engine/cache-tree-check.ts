import * as crypto from "node:crypto";
import type { IndexEntries } from "./index-file.js";
import { type CacheNode, readCacheTree, TREE_MODE, treeModeBytes } from "./tree-writer.js";

/**
 * Whether every directory that `idx`'s cache-tree extension names as valid holds, in the index's own
 * entries, exactly that tree (same id, same entry count). Git trusts a valid cache-tree node without
 * looking at the entries under it: `diff-index --cached` skips the directory when the node names the
 * commit's subtree, and write-tree takes its id. An index file in the pool can be written by any
 * same-user agent, so one whose nodes disagree with its entries (an entry changed, the node left naming
 * the committed tree) would keep a forged entry past the claim's check and into the next snapshot's
 * tree (see switchClaimedSlot()). The trees are hashed here, never written (10,000 entries: 15-25 ms on
 * a loaded 2-core machine).
 */
export function cacheTreeHolds(idx: IndexEntries): boolean {
  if (idx.cacheTree === null) return true;
  const cache = readCacheTree(idx, true);
  if (cache === null) return false;
  const { buf, names, nameStart, nameEnd, modes, oids, hashLen, count } = idx;
  const algo = hashLen === 32 ? "sha256" : "sha1";
  const SLASH = 0x2f;
  // Every tree's bytes are built in one buffer used as a stack: a directory's entries are appended at
  // `pos`, its subdirectories' trees built after them and dropped again once hashed. Each entry is on
  // the stack at most once as a file and once as the first file of a folder (mode, name, NUL, id).
  const out = Buffer.allocUnsafe(2 * (names.length + count * (hashLen + 8)) + HEAD * (count + 1) + 64);
  let pos = 0;
  // Byte loops, not Buffer methods: each of those is a call into C++ per entry and folder level, which
  // made this check ~130 ms of the engine's thread at 20,000 entries (it runs before the first agent).
  const sharesPrefix = (j: number, i: number, len: number): boolean => {
    const a = nameStart[i] as number;
    const b = nameStart[j] as number;
    if ((nameEnd[j] as number) - b <= len) return false;
    for (let k = len - 1; k >= 0; k--) if (names[a + k] !== names[b + k]) return false;
    return true;
  };
  const put = (src: Uint8Array, from: number, to: number): void => {
    for (let k = from; k < to; k++) out[pos++] = src[k] as number;
  };
  const slashIn = (from: number, to: number): number => {
    for (let k = from; k < to; k++) if (names[k] === SLASH) return k;
    return -1;
  };
  let holds = true;
  // The id of the directory of entries [lo, hi) sharing their first `plen` bytes, from the entries
  // alone; null when they make no tree (then git would not have written this cache-tree either).
  const hash = (plen: number, lo: number, hi: number, node: CacheNode | undefined): Buffer | null => {
    const start = pos;
    pos += HEAD; // room for the object's header, written once the tree's length is known
    let i = lo;
    while (i < hi) {
      const from = (nameStart[i] as number) + plen;
      const to = nameEnd[i] as number;
      const slash = slashIn(from, to);
      if (slash < 0) {
        const mode = treeModeBytes(modes[i] as number);
        if (mode === null || from >= to) return null;
        const at = oids[i] as number;
        put(mode, 0, mode.length);
        put(names, from, to);
        out[pos++] = 0;
        put(buf, at, at + hashLen);
        i++;
        continue;
      }
      if (slash === from) return null;
      const sub = slash + 1 - (nameStart[i] as number);
      let j = i + 1;
      while (j < hi && sharesPrefix(j, i, sub)) j++;
      const child = node?.children.get(names.toString("latin1", from, slash));
      const oid = hash(sub, i, j, child);
      if (oid === null) return null;
      put(TREE_MODE, 0, TREE_MODE.length);
      put(names, from, slash);
      out[pos++] = 0;
      put(oid, 0, oid.length);
      i = j;
    }
    const head = `tree ${pos - start - HEAD}\0`;
    const from = start + HEAD - head.length;
    out.write(head, from, "latin1");
    const oid = digest(algo, out.subarray(from, pos));
    pos = start;
    if (node?.oid && (node.oid !== oid.toString("hex") || node.count !== hi - lo)) holds = false;
    return oid;
  };
  return hash(0, 0, count, cache) !== null && holds;
}

/** Bytes kept before each tree for its header (`tree <length>\0`). */
const HEAD = 24;

/**
 * One digest: crypto.hash() where Node has it (20.12 and later: one call, where a Hash object per
 * folder was a third of this check's time at 20,000 entries), else a Hash object.
 */
const oneShot = (crypto as { hash?: (algo: string, data: Uint8Array, enc: "buffer") => Buffer }).hash;
function digest(algo: string, data: Uint8Array): Buffer {
  return oneShot ? oneShot(algo, data, "buffer") : crypto.createHash(algo).update(data).digest();
}
