/**
 * Snapshots `latest` no longer points to. Once the link has moved, the previous snapshot is marked
 * retired (an empty `<name>.retired` beside it); it is removed only after the status folder, holding the
 * link as it then is, was flushed to disk: by the next run, while it runs (latest-ahead.ts) or at its
 * switch. A power cut can so never leave `latest` pointing to a removed snapshot, and the run that
 * switches does not wait for the switch to reach the disk.
 */
import { closeSync, lstatSync, openSync, readdirSync } from "node:fs";
import { lstat, readdir, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";

/** A snapshot folder the engine made: `<RUN_ID>-<6 hex>` (or a moved-aside `legacy-<6 hex>`). */
export const SNAPSHOT_RE = /^(?:\d{8}-\d{6}-[0-9a-f]{8}|legacy)-[0-9a-f]{6}$/;
const RETIRED = ".retired";
/** A snapshot neither retired nor pointed to, older than this, is a leftover of a crash mid-swap. */
const LEFTOVER_MS = 60_000;

/** Marks a snapshot `latest` no longer points to (a new empty file: nothing in its place is followed). */
export function retire(snapshot: string): void {
  try {
    closeSync(openSync(`${snapshot}${RETIRED}`, "wx"));
  } catch {
    // Marked already, or the folder cannot take it: then a leftover, removed after LEFTOVER_MS.
  }
}

/** Where `latest` pointed (its link text) as a snapshot name, if it names one in `.snapshots/`. */
export const snapshotName = (link: string | undefined): string | undefined =>
  link?.startsWith(".snapshots/") ? link.slice(".snapshots/".length) : undefined;

/**
 * The snapshots in `snapshots` that may go once the status folder is on disk with `latest` as `current`
 * (its target's name then): those marked retired, and leftovers of a crash mid-swap; never `current` nor
 * `own` (a snapshot being made). Also the markers to drop with them. Synchronous: a few entries.
 */
export function removable(
  snapshots: string,
  current: string | undefined,
  own?: string,
): { folders: string[]; markers: string[] } {
  let names: string[];
  try {
    names = readdirSync(snapshots);
  } catch {
    return { folders: [], markers: [] };
  }
  const marked = new Set(names.filter((n) => n.endsWith(RETIRED)).map((n) => n.slice(0, -RETIRED.length)));
  const folders: string[] = [];
  for (const name of names) {
    if (name === own || name === current || !SNAPSHOT_RE.test(name)) continue;
    const p = join(snapshots, name);
    if (marked.has(name)) folders.push(p);
    else {
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory() && Date.now() - st.mtimeMs > LEFTOVER_MS) folders.push(p);
    }
  }
  const markers = [...marked].filter((n) => n !== current).map((n) => join(snapshots, `${n}${RETIRED}`));
  return { folders, markers };
}

/**
 * Removes a folder one entry at a time (one thread of libuv's pool, so that it can run beside a run
 * without holding up its writes); a link is removed as a link, never followed; what is gone already is
 * skipped. `stop()`: returns early, leaving the rest.
 */
export async function removeTree(path: string, stop: () => boolean = () => false): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) {
    await unlink(path).catch(() => undefined);
    return;
  }
  for (const name of await readdir(path).catch(() => [] as string[])) {
    if (stop()) return;
    await removeTree(join(path, name), stop);
  }
  await rmdir(path).catch(() => undefined);
}
