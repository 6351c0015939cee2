// What the attack tests need to forge an engine index file as an agent could (v2 index, sha1).
import { readdirSync, readFileSync } from "node:fs";
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
