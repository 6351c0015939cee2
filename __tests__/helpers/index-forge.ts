// What the attack tests need to forge an engine index file as an agent could (v2 index, sha1).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type IndexEntries, parseIndex } from "../../src/engine/index-file.js";

/** The snapshot index files in the pool's scratch folder. */
export function snapFiles(pool: string): string[] {
  return readdirSync(join(pool, ".scratch"), { recursive: true, encoding: "utf8" })
    .filter((p) => /(^|\/)snap-\d+\.index$/.test(p))
    .map((p) => join(pool, ".scratch", p));
}

/** `index`'s bytes, parsed, and the position of `path`'s entry (which must be there). */
export function entryOf(index: string, path: string): { buf: Buffer; idx: IndexEntries; i: number } {
  const buf = readFileSync(index);
  const idx = parseIndex(buf, "sha1");
  if (!idx) throw new Error(`cannot read ${index}`);
  let i = 0;
  while (i < idx.count && idx.names.toString("utf8", idx.nameStart[i], idx.nameEnd[i]) !== path) i++;
  expect(i).toBeLessThan(idx.count);
  return { buf, idx, i };
}

/**
 * What an agent can do to an index file (v2, sha1): `path`'s entry gets the stat data of `file` and,
 * unless null, the object id `oid`; the checksum is made right again. The cache-tree is left as it was.
 */
export function forgeEntry(index: string, file: string, path: string, oid: string | null): void {
  const { buf, idx, i } = entryOf(index, path);
  const at = (idx.oids[i] as number) - 40;
  if (oid !== null) Buffer.from(oid, "hex").copy(buf, at + 40);
  const st = statSync(file, { bigint: true });
  const sec = (ns: bigint): number => Number(ns / 1_000_000_000n);
  const nsec = (ns: bigint): number => Number(ns % 1_000_000_000n);
  for (const [off, v] of [
    [0, sec(st.ctimeNs)],
    [4, nsec(st.ctimeNs)],
    [8, sec(st.mtimeNs)],
    [12, nsec(st.mtimeNs)],
    [16, Number(st.dev & 0xffffffffn)],
    [20, Number(st.ino & 0xffffffffn)],
    [36, Number(st.size)],
  ] as const)
    buf.writeUInt32BE(v, at + off);
  createHash("sha1")
    .update(buf.subarray(0, buf.length - 20))
    .digest()
    .copy(buf, buf.length - 20);
  writeFileSync(index, buf);
}
