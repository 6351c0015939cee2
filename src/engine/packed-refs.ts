// Looking a ref up in a `packed-refs` file as read (fingerprint-refs.ts), without parsing all of it:
// a repository that has seen thousands of runs has tens of thousands of packed refs.

/** One reading of `packed-refs`: its bytes, looked up by binary search (git writes it sorted). */
export interface PackedRefs {
  readonly stat: string;
  readonly bytes: Buffer;
  /** Set when the file does not say it is sorted: the refs by name. */
  parsed?: Map<string, string>;
}

const NL = 0x0a;

/** Every ref of a packed-refs file by name (peeled lines left out). */
export function parsePackedRefs(bytes: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of bytes.toString("utf8").split("\n")) {
    if (line.startsWith("#") || line.startsWith("^") || line === "") continue;
    const space = line.indexOf(" ");
    out.set(line.slice(space + 1), line.slice(0, space));
  }
  return out;
}

function isSorted(bytes: Buffer): boolean {
  if (bytes[0] !== 0x23) return false; // "#"
  const end = bytes.indexOf(NL);
  const header = bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
  return header.startsWith("# pack-refs with:") && header.split(" ").includes("sorted");
}

/**
 * The value of `name` in packed-refs: binary search over the records `<oid> <name>\n` (each optionally
 * followed by a peeled line `^<oid>\n`), as git's packed backend does; a full parse when the file does
 * not say it is sorted.
 */
export function packedValue(p: PackedRefs | null, name: string): string | undefined {
  if (p === null) return undefined;
  const b = p.bytes;
  if (p.parsed === undefined && !isSorted(b)) p.parsed = parsePackedRefs(b);
  if (p.parsed !== undefined) return p.parsed.get(name);
  const want = Buffer.from(name, "utf8");
  const lineStart = (at: number): number => (at <= 0 ? 0 : b.lastIndexOf(NL, at - 1) + 1);
  // The start of the record holding byte `at`: a peeled line belongs to the record before it.
  const recordStart = (at: number): number => {
    const s = lineStart(at);
    return b[s] === 0x5e /* ^ */ && s > 0 ? lineStart(s - 1) : s;
  };
  const first = b.indexOf(NL) + 1; // after the header
  let lo = first;
  let hi = b.length;
  while (lo < hi) {
    const rec = recordStart(lo + ((hi - lo) >> 1));
    const start = Math.max(rec, lo);
    let eol = b.indexOf(NL, start);
    if (eol < 0) eol = b.length;
    const space = b.indexOf(0x20, start);
    if (space < 0 || space > eol) return undefined; // damaged: git would refuse it too
    const cmp = Buffer.compare(b.subarray(space + 1, eol), want);
    if (cmp === 0) return b.subarray(start, space).toString("utf8");
    if (cmp < 0) {
      // Past this record and its peeled line, if any.
      let next = eol + 1;
      if (b[next] === 0x5e) {
        const e2 = b.indexOf(NL, next);
        next = e2 < 0 ? b.length : e2 + 1;
      }
      lo = next;
    } else hi = start;
  }
  return undefined;
}
