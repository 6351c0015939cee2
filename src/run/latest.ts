/** `docs/status/latest`: a link to a whole, flushed snapshot of the newest successful run folder, switched atomically. */
import { randomBytes } from "node:crypto";
import { closeSync, lstatSync, openSync, readdirSync, rmSync } from "node:fs";
import { lstat, mkdir, readlink, rename, symlink } from "node:fs/promises";
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

/** Beside a snapshot `latest` no longer points to: it goes at the next switch (see swapLatest()). */
const RETIRED = ".retired";

/**
 * `latest` is a symlink to a snapshot; a new snapshot is made beside it and the link replaced with
 * rename(2), which is atomic: a crash leaves either the old snapshot whole or the new one. The snapshot is
 * on disk before the link moves (latest-build.ts); the previous one is marked retired once the link has
 * moved, and removed by the next switch, once that has flushed the status folder (the link as it then is)
 * to disk: nothing waits here for the switch itself to reach the disk. Only snapshots the engine made are
 * ever removed: retired ones, and leftovers of a crash mid-swap. Resolves once `latest` is switched, with
 * `tidy`: the removal of those snapshots, under way (it never rejects); await it before exiting.
 */
export async function swapLatest(root: string, runId: string): Promise<{ tidy: Promise<void> }> {
  const status = join(root, STATUS_DIR);
  const snapshots = join(status, ".snapshots");
  const snapshot = join(snapshots, `${runId}-${randomBytes(3).toString("hex")}`);
  await mkdir(snapshots, { recursive: true });
  const real = await lstat(snapshots);
  if (!real.isDirectory()) throw new Error(`${snapshots} is not a folder (a link?); remove it and run again`);
  const latest = join(root, LATEST);
  const before = await readlink(latest).catch(() => undefined);
  // The link as it is now on disk: then the snapshots retired before it may go (never the one it names).
  const settled = flush(status);
  const tidy = settled
    .then(() => removeRetired(snapshots, basename(snapshot), before))
    .catch(() => undefined);
  // Every file and folder of the snapshot on disk, and the folder holding it, at once: the file system
  // commits them together.
  await Promise.all([...buildSnapshot(runDir(root, runId), snapshot, true), snapshots].map(flush));
  await settled;
  const info = await lstat(latest).catch(() => undefined);
  let previous = info?.isSymbolicLink() ? await ownSnapshot(root, await readlink(latest)) : undefined;
  if (info && !info.isSymbolicLink()) {
    // A real directory from a manual copy: moved aside so the link can take its place, and retired.
    previous = join(snapshots, `legacy-${randomBytes(3).toString("hex")}`);
    await rename(latest, previous);
  }
  const tmpLink = join(status, `.latest.${randomBytes(4).toString("hex")}`);
  await symlink(join(".snapshots", basename(snapshot)), tmpLink);
  await rename(tmpLink, latest);
  if (previous) retire(previous);
  return { tidy };
}

/** Marks a snapshot `latest` no longer points to (a new empty file; nothing in its place is followed). */
function retire(snapshot: string): void {
  try {
    closeSync(openSync(`${snapshot}${RETIRED}`, "wx"));
  } catch {
    // Marked already, or the folder cannot take it: a leftover, removed after LEFTOVER_MS.
  }
}

/** A snapshot neither retired nor pointed to, older than this, is a leftover of a crash mid-swap. */
const LEFTOVER_MS = 60_000;

/**
 * Removes the snapshots marked retired, unless `latest` (`linked`, on disk by now) still points to one
 * (a switch the disk lost), and leftovers of a crash mid-swap; never `own` (the one being made).
 */
function removeRetired(snapshots: string, own: string, linked: string | undefined): void {
  const names = readdirSync(snapshots);
  const current = linked?.startsWith(".snapshots/") ? linked.slice(".snapshots/".length) : undefined;
  const marked = new Set(names.filter((n) => n.endsWith(RETIRED)).map((n) => n.slice(0, -RETIRED.length)));
  for (const name of names) {
    if (name === own || name === current || !SNAPSHOT_RE.test(name)) continue;
    const p = join(snapshots, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    // Removed as a link when it is one, never followed.
    if (marked.has(name) || (st?.isDirectory() && Date.now() - st.mtimeMs > LEFTOVER_MS))
      rmSync(p, { recursive: true, force: true });
  }
  for (const name of marked)
    if (name !== current) rmSync(join(snapshots, `${name}${RETIRED}`), { force: true });
}
