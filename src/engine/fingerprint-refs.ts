import { type Dirent, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { Change } from "./fingerprint-changes.js";
import type { Git } from "./git.js";
import { allRefs } from "./git-watch-ops.js";
import { type PackedRefs, packedValue, parsePackedRefs } from "./packed-refs.js";

export { type PackedRefs, packedValue } from "./packed-refs.js";

/**
 * The refs part of a fingerprint (fingerprint.ts): every ref and where it points, as git resolves them
 * (a loose ref wins over packed-refs, so packing refs is no change), read from the files without a git
 * process. Its cost follows what changed, not how many runs the repository has seen: the engine keeps
 * old runs' refs packed (ref-packing.ts), so the loose refs are few; `packed-refs` is read again only when
 * its stat data changed, and two readings that share it are compared on their loose refs alone.
 */

export interface RefsReading {
  /** null: no packed-refs file (or a reftable repository, whose refs are all in `loose`). */
  readonly packed: PackedRefs | null;
  /** Loose refs by name: an object id, or `ref: <target>` for a symbolic ref. */
  readonly loose: ReadonlyMap<string, string>;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Stat data that changes with any write: a rewrite in place moves ctime, git's rename the inode. */
const statKey = (st: {
  mode: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
}) => `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;

/**
 * The last reading of each packed-refs file, re-used while its stat data is unchanged; a reading in
 * progress is shared (the agents of a parallel group take their fingerprints at once).
 */
const packedCache = new Map<string, { stat: string; reading: Promise<PackedRefs> }>();
/** Each loose ref file's value, re-used while its stat data is unchanged: one lstat instead of a read. */
const looseCache = new Map<string, { stat: string; value: string }>();

/**
 * packed-refs as it is now. Opened once, then stat'ed and read through the same handle, so the bytes are
 * those of the file the stat data describes even when git replaces it meanwhile; read off the main
 * thread, as it may be megabytes.
 */
async function readPacked(common: string): Promise<PackedRefs | null> {
  const path = join(common, "packed-refs");
  // Unchanged since the last reading (the usual case between two agents): one stat on this thread, not
  // an open, a stat and a close queued in libuv's thread pool behind the step's other work. Stat data
  // equal to the cached reading's, inode and ctime to the nanosecond included, is the file that reading
  // read: git replaces packed-refs by a rename (a new inode), and a write in place moves its ctime.
  const hit = packedCache.get(path);
  if (hit !== undefined) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(path, { bigint: true, throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (st === undefined) {
      if (!existsQuiet(path)) return null;
    } else if (statKey(st) === hit.stat) return await hit.reading;
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return null;
    throw e;
  }
  try {
    const stat = statKey(await handle.stat({ bigint: true }));
    const hit = packedCache.get(path);
    if (hit && hit.stat === stat) return await hit.reading;
    const reading = handle.readFile().then((bytes) => ({ stat, bytes }));
    const entry = { stat, reading };
    packedCache.set(path, entry);
    reading.catch(() => packedCache.get(path) === entry && packedCache.delete(path));
    return await reading;
  } finally {
    await handle.close();
  }
}

/** Whether `path` exists (an error other than its absence counts as there: the full reading reports it). */
function existsQuiet(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/** A folder's entries as last listed: its subfolders and its other entries (refs, or links to them). */
interface Listing {
  stat: string;
  dirs: string[];
  files: string[];
  /** In the cache: its folder was older than the racy window when listed. */
  kept: boolean;
}
/**
 * Each folder's listing under `refs/`, re-used while the folder's stat data is unchanged: adding,
 * removing or renaming an entry (git writes a ref by renaming its lock file) moves the folder's ctime,
 * which no process can set back (utimes moves it too). So a reading stats each folder instead of listing
 * it; in a repository with a dozen runs' refs loose, hundreds of folders, that was most of a reading.
 */
const dirCache = new Map<string, Listing>();
/**
 * A folder whose ctime is more recent than this (before its listing was read) is listed afresh next time:
 * a change in the same tick of the file system's clock (coarse: up to a few ms; 1-2 s on some file
 * systems) would leave its ctime as it was. The engine's own run folder changes every step and is listed
 * every time; older runs' are not.
 */
const RACY_NS = 2_000_000_000n;

/**
 * The entries of the folder `path` (a link to a folder is followed, as readdir does), cached as above;
 * `kept` when the listing is in the cache (its folder is older than the racy window).
 */
function listFolder(path: string): Listing | undefined {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (st === undefined || !st.isDirectory()) return undefined;
  const stat = statKey(st);
  const hit = dirCache.get(path);
  if (hit && hit.stat === stat) return hit;
  const now = BigInt(Date.now()) * 1_000_000n;
  let names: Dirent[];
  try {
    names = readdirSync(path, { withFileTypes: true });
  } catch (e) {
    if (["ENOENT", "ENOTDIR"].includes(errno(e) ?? "")) return undefined;
    throw e;
  }
  const listing: Listing = { stat, dirs: [], files: [], kept: st.ctimeNs < now - RACY_NS };
  for (const d of names) (d.isDirectory() ? listing.dirs : listing.files).push(d.name);
  if (listing.kept) dirCache.set(path, listing);
  else dirCache.delete(path);
  return listing;
}

/**
 * What a complete reading saw besides its refs, for the readings "before" that follow it (readRefs()):
 * the stat data of each folder whose listing was kept, and the refs that were symbolic links.
 */
interface Seen {
  folders: Map<string, string>;
  links: Set<string>;
}

/** The last complete reading of each repository's refs (by common dir) and what it saw. */
const lastComplete = new Map<string, { reading: RefsReading; seen: Seen }>();

/**
 * Every loose ref under `refs/`, by name. With `seen` (a complete reading), what it saw is recorded
 * there; with `earlier` (a reading "before", see readRefs()), the refs of a folder whose stat data is
 * as that earlier complete reading saw it are taken from it, without a stat of each.
 */
function readLoose(
  common: string,
  seen?: Seen,
  earlier?: { reading: RefsReading; seen: Seen },
): Map<string, string> {
  const out = new Map<string, string>();
  // Paths by concatenation, not path.join(): `common` is absolute and normalised, and each name is one
  // entry of a listing (no "/", ".", ".."), so there is nothing to normalise; join() was a third of a walk.
  const base = `${common}/`;
  const walk = (prefix: string): void => {
    const folder = base + prefix;
    const listing = listFolder(folder);
    if (listing === undefined) return;
    if (listing.kept) seen?.folders.set(folder, listing.stat);
    const same = listing.kept && earlier !== undefined && earlier.seen.folders.get(folder) === listing.stat;
    for (const dir of listing.dirs) walk(`${prefix}/${dir}`);
    for (const file of listing.files) {
      // A lock file is no ref (git skips them too): the engine's own ref transactions hold them briefly.
      if (file.endsWith(".lock")) continue;
      const name = `${prefix}/${file}`;
      if (same && earlier !== undefined && !earlier.seen.links.has(name)) {
        const value = earlier.reading.loose.get(name);
        if (value !== undefined) {
          out.set(name, value);
          continue;
        }
      }
      const path = base + name;
      // Gone since the listing (pruned by a concurrent pack-refs): packed-refs, read after, has it.
      const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
      if (st === undefined) continue;
      // A folder where the listing had another entry (replaced since): its refs are in this reading too.
      if (st.isDirectory()) {
        walk(name);
        continue;
      }
      const link = st.isSymbolicLink();
      if (link) seen?.links.add(name);
      const stat = statKey(st);
      const hit = looseCache.get(path);
      if (hit !== undefined && hit.stat === stat) {
        out.set(name, hit.value);
        continue;
      }
      let value: string;
      try {
        value = readFileSync(path, "utf8").trim();
      } catch (e) {
        if (errno(e) === "ENOENT") continue;
        throw e;
      }
      out.set(name, value);
      // A link's own stat data does not change with its target's content: read it every time.
      if (!link) looseCache.set(path, { stat, value });
    }
  };
  walk("refs");
  return out;
}

/**
 * Every ref of the repository whose common git dir is `common`.
 *
 * `before`: a reading to compare a later complete one with (fingerprint.ts's takeBefore()). A loose
 * ref in a folder whose stat data is unchanged since this process's last complete reading (and was then
 * older than the racy window) is taken from that reading instead of being stat'ed again: most loose refs
 * are old runs', and a step read each twice. Git and the engine write a loose ref by renaming a lock
 * file over it, and delete one by unlinking it, which changes its folder; so what such a reading takes
 * over differs from the file only if something rewrote the file in place since, and then the complete
 * reading after the agent reads the file and reports the change against the value taken over (it is
 * never taken for the state before, as a reading of the file would).
 */
export async function readRefs(
  g: Git,
  common: string,
  reftable: boolean,
  before = false,
): Promise<RefsReading> {
  if (reftable) {
    const loose = new Map<string, string>();
    for (const { name, oid, symref } of await allRefs(g)) loose.set(name, symref ? `ref: ${symref}` : oid);
    return { packed: null, loose };
  }
  const seen: Seen | undefined = before ? undefined : { folders: new Map(), links: new Set() };
  // Loose refs first, then packed-refs, as git itself reads them: a `pack-refs` running meanwhile writes
  // packed-refs before it prunes the loose files, so no ref is missed by both reads.
  const loose = readLoose(common, seen, before ? lastComplete.get(common) : undefined);
  const reading: RefsReading = { packed: await readPacked(common), loose };
  if (seen !== undefined) lastComplete.set(common, { reading, seen });
  return reading;
}

/** The value of `name` in a reading: its loose ref, else its packed one. */
export function refValue(r: RefsReading, name: string): string | undefined {
  return r.loose.get(name) ?? packedValue(r.packed, name);
}

const samePacked = (a: PackedRefs | null, b: PackedRefs | null): boolean =>
  a === b || (a !== null && b !== null && a.bytes.equals(b.bytes));

/** Every ref of a reading by name: packed-refs overlaid with the loose refs. */
function resolved(r: RefsReading): Map<string, string> {
  const out = new Map(r.packed === null ? [] : (r.packed.parsed ?? parsePackedRefs(r.packed.bytes)));
  for (const [k, v] of r.loose) out.set(k, v);
  return out;
}

/** What differs between two readings of the refs, as `ref:<name>` changes. */
export function diffRefs(a: RefsReading, b: RefsReading): Change[] {
  const out: Change[] = [];
  const compare = (name: string, was: string | undefined, now: string | undefined): void => {
    if (was === now) return;
    const what = `ref:${name}`;
    out.push({ what, how: was === undefined ? "added" : now === undefined ? "removed" : "changed" });
  };
  if (samePacked(a.packed, b.packed)) {
    // Only a loose ref can differ: packed-refs is the same file. Most names are loose in both readings
    // with the same value: those need no look-up in packed-refs.
    for (const [name, was] of a.loose) {
      const now = b.loose.get(name);
      if (now !== was) compare(name, was, now ?? packedValue(b.packed, name));
    }
    for (const [name, now] of b.loose)
      if (!a.loose.has(name)) compare(name, packedValue(a.packed, name), now);
    return out;
  }
  const was = resolved(a);
  const now = resolved(b);
  for (const [name, v] of was) compare(name, v, now.get(name));
  for (const [name, v] of now) if (!was.has(name)) compare(name, undefined, v);
  return out;
}

/** An empty reading, for a fingerprint made without refs. */
export const NO_REFS: RefsReading = { packed: null, loose: new Map() };
