/** `docs/status/latest`: a link to a whole, flushed snapshot of the newest successful run folder, switched atomically. */
import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { stopAhead } from "./latest-ahead.js";
import { buildSnapshot, takeLastWritten } from "./latest-build.js";
import { flush } from "./latest-flush.js";
import { removable, removeTree, retire, SNAPSHOT_RE, snapshotName } from "./latest-retire.js";
import { LATEST, runDir, STATUS_DIR } from "./store.js";

/**
 * The snapshot `latest` points to, when it is one the engine made: a real folder directly under
 * `.snapshots/` with a snapshot's name. Anything else (a link planted to elsewhere) is not ours to touch.
 */
function ownSnapshot(root: string, link: string | undefined): string | undefined {
  const m = link === undefined ? null : /^\.snapshots\/([^/]+)$/.exec(link);
  if (!m || !SNAPSHOT_RE.test(m[1] as string)) return undefined;
  const p = join(root, STATUS_DIR, ".snapshots", m[1] as string);
  return lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ? p : undefined;
}

/** A snapshot made for `latest` (beginLatest()), not switched to yet. */
export interface LatestSwitch {
  /** Takes the run's last writes into the snapshot, flushes it and switches `latest` to it (see swapLatest()). */
  finish(): Promise<{ tidy: Promise<void> }>;
  /** Removes the snapshot: the run did not end as succeeded after all. */
  abandon(): void;
}

/**
 * Makes the snapshot of the run folder for `latest`, but for the files the run's end itself writes
 * (LAST_WRITTEN): a run begins it while its last status write is on its way to disk, and finishes it
 * once that is done. Synchronous (see buildSnapshot()); throws when `.snapshots` is not a real folder.
 */
export function beginLatest(root: string, runId: string): LatestSwitch {
  const status = join(root, STATUS_DIR);
  const snapshots = join(status, ".snapshots");
  const name = `${runId}-${randomBytes(3).toString("hex")}`;
  const snapshot = join(snapshots, name);
  const stopped = stopAhead();
  // Synchronous calls here and around the flush: microseconds each, where each trip through libuv's
  // pool waited behind the pool directories' hand-back (the run's other end work).
  mkdirSync(snapshots, { recursive: true });
  if (!lstatSync(snapshots).isDirectory())
    throw new Error(`${snapshots} is not a folder (a link?); remove it and run again`);
  const latest = join(root, LATEST);
  const linkOf = (): string | undefined => {
    try {
      return readlinkSync(latest);
    } catch {
      return undefined;
    }
  };
  const before = linkOf();
  const from = runDir(root, runId);
  const toFlush = buildSnapshot(from, snapshot, false);
  // What the run's last writes (LAST_WRITTEN) do not change, flushed at once, while the last status
  // write is still on its way to disk: the snapshot's own folder gets their links and is flushed with
  // them in finish(), once. Awaited there, whatever the order they end in.
  const early = toFlush.filter((p) => p !== snapshot).map(flush);
  for (const f of early) f.catch(() => undefined);
  return {
    abandon: () => rmSync(snapshot, { recursive: true, force: true }),
    finish: async () => {
      // Every file and folder of the snapshot not on disk yet, and the folder holding it: the file
      // system commits them together; `latest` moves only once all are on disk.
      await Promise.all([...early, ...[...takeLastWritten(from, snapshot), snapshots].map(flush)]);
      const info = lstatSync(latest, { throwIfNoEntry: false });
      let previous = info?.isSymbolicLink() ? ownSnapshot(root, linkOf()) : undefined;
      if (info && !info.isSymbolicLink()) {
        // A real directory from a manual copy: moved aside so the link can take its place, and retired.
        previous = join(snapshots, `legacy-${randomBytes(3).toString("hex")}`);
        renameSync(latest, previous);
      }
      const tmpLink = join(status, `.latest.${randomBytes(4).toString("hex")}`);
      symlinkSync(join(".snapshots", name), tmpLink);
      renameSync(tmpLink, latest);
      if (previous) retire(previous);
      const current = snapshotName(before);
      return { tidy: stopped.then(() => removeRetired(status, current, name)).catch(() => undefined) };
    },
  };
}

/**
 * `latest` is a symlink to a snapshot; a new snapshot is made beside it (latest-build.ts), flushed to
 * disk, and the link replaced with rename(2), which is atomic: a crash leaves either the old snapshot
 * whole or the new one. The previous snapshot is then retired, and removed once the link has reached the
 * disk: by the next run (latest-retire.ts), so nothing here waits for the switch itself to reach the
 * disk. Only snapshots the engine made are ever removed: retired ones, and leftovers of a crash mid-swap.
 * Resolves once `latest` is switched, with `tidy`: the removal of what an earlier switch retired and the
 * work ahead (latest-ahead.ts) did not remove, under way (it never rejects); await it before exiting.
 */
export async function swapLatest(root: string, runId: string): Promise<{ tidy: Promise<void> }> {
  return beginLatest(root, runId).finish();
}

/** What removable() lists (the previous snapshot, `current`, stays), once the status folder is on disk. */
async function removeRetired(status: string, current: string | undefined, own: string): Promise<void> {
  const snapshots = join(status, ".snapshots");
  const { folders, markers } = removable(snapshots, current, own);
  if (folders.length === 0 && markers.length === 0) return;
  // `latest` on disk pointing to `current` or to `own`, neither of which goes.
  await flush(status);
  for (const folder of folders) await removeTree(folder);
  for (const m of markers) await unlink(m).catch(() => undefined);
}
