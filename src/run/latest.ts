/** `docs/status/latest`: a link to a whole, flushed copy of the newest successful run folder, switched atomically. */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, lstat, mkdir, open, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { LATEST, runDir, STATUS_DIR, WORK_DIR } from "./store.js";

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
 * A copy of the folder `from` at `to` (which must not exist): folders, files (their bytes, and their mode
 * as copyFile keeps it) and links (their text, never followed); anything else is left out. Entries of a
 * folder are copied at once: fs.cp() went through each entry one await at a time with several stat calls,
 * 45-60 ms for a run folder of 50 entries against 6-8 ms here. Each file and folder is flushed to disk
 * (all at once: the file system commits them together) before this resolves: `latest` is switched to the
 * copy and the previous snapshot removed right after, so after a power cut the copy must be whole too.
 */
async function copyTree(from: string, to: string, leaveOut?: string): Promise<void> {
  await mkdir(to);
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      if (e.name === leaveOut) return;
      const a = join(from, e.name);
      const b = join(to, e.name);
      if (e.isDirectory()) await copyTree(a, b);
      else if (e.isSymbolicLink()) await symlink(await readlink(a), b);
      else if (e.isFile()) {
        await copyFile(a, b, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        await flush(b);
      }
    }),
  );
  await flush(to);
}

/** fsync of a file or folder; a file system that cannot (EINVAL) has nothing to flush. */
async function flush(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync().catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EINVAL") throw err;
    });
  } finally {
    await handle.close();
  }
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
  // `.work`: the agents' staging folders, the engine's scratch (left behind by a killed run).
  await copyTree(runDir(root, runId), snapshot, WORK_DIR);
  await flush(snapshots);
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
