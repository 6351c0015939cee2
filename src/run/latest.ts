/** `docs/status/latest`: a link to a whole, flushed snapshot of the newest successful run folder, switched atomically. */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { buildSnapshot, flush } from "./latest-build.js";
import { LATEST, runDir, STATUS_DIR } from "./store.js";

/** A snapshot folder the engine made: `<RUN_ID>-<6 hex>` (or a moved-aside `legacy-<6 hex>`). */
const SNAPSHOT_RE = /^(?:\d{8}-\d{6}-[0-9a-f]{8}|legacy)-[0-9a-f]{6}$/;

/**
 * The snapshot `latest` points to, when it is one the engine made: a real folder directly under
 * `.snapshots/` with a snapshot's name. Anything else (a link planted to elsewhere) is not ours to touch.
 */
async function ownSnapshot(root: string, link: string | undefined): Promise<string | undefined> {
  const m = link === undefined ? null : /^\.snapshots\/([^/]+)$/.exec(link);
  if (!m || !SNAPSHOT_RE.test(m[1] as string)) return undefined;
  const p = join(root, STATUS_DIR, ".snapshots", m[1] as string);
  const st = await lstat(p).catch(() => undefined);
  return st?.isDirectory() ? p : undefined;
}

/**
 * `latest` is a symlink to a snapshot copy; a new snapshot is made beside it and the link replaced
 * with rename(2), which is atomic: a crash leaves either the old snapshot whole or the new one. Only
 * snapshots the engine made are ever removed: the previous one, and leftovers of a crash mid-swap.
 * Resolves once `latest` is switched, with `tidy`: the removal of those snapshots, under way (it never
 * rejects), so that the caller can end the run's other work meanwhile; await it before exiting.
 */
export async function swapLatest(root: string, runId: string): Promise<{ tidy: Promise<void> }> {
  const snapshots = join(root, STATUS_DIR, ".snapshots");
  const snapshot = join(snapshots, `${runId}-${randomBytes(3).toString("hex")}`);
  await mkdir(snapshots, { recursive: true });
  const real = await lstat(snapshots);
  if (!real.isDirectory()) throw new Error(`${snapshots} is not a folder (a link?); remove it and run again`);
  // Every file and folder of the snapshot on disk, and the folder holding it, at once: the file system
  // commits them together.
  await Promise.all([...buildSnapshot(runDir(root, runId), snapshot, true), snapshots].map(flush));
  const latest = join(root, LATEST);
  const info = await lstat(latest).catch(() => undefined);
  const previous = info?.isSymbolicLink() ? await ownSnapshot(root, await readlink(latest)) : undefined;
  if (info && !info.isSymbolicLink()) {
    // A real directory from a manual copy: move it aside first so the link can take its place.
    await rename(latest, join(snapshots, `legacy-${randomBytes(3).toString("hex")}`));
  }
  const tmpLink = join(root, STATUS_DIR, `.latest.${randomBytes(4).toString("hex")}`);
  await symlink(join(".snapshots", basename(snapshot)), tmpLink);
  await rename(tmpLink, latest);
  // The switch itself on disk before the previous snapshot goes.
  const switched = flush(join(root, STATUS_DIR)).catch(() => undefined);
  return {
    tidy: switched.then(() => removeOldSnapshots(snapshots, snapshot, previous)).catch(() => undefined),
  };
}

/** The snapshot `latest` pointed to before (`previous`), and leftovers of a crash mid-swap. */
async function removeOldSnapshots(snapshots: string, current: string, previous?: string): Promise<void> {
  const gone = previous ? rm(previous, { recursive: true, force: true }) : Promise.resolve();
  // Snapshots no link points to are leftovers of a crash mid-swap.
  for (const name of await readdir(snapshots)) {
    const p = join(snapshots, name);
    if (p === current || p === previous || !SNAPSHOT_RE.test(name)) continue;
    const st = await lstat(p).catch(() => undefined);
    if (st?.isDirectory() && Date.now() - st.mtimeMs > 60_000) await rm(p, { recursive: true, force: true });
  }
  await gone;
}
