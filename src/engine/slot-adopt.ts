import {
  closeSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { STATE_PATHS } from "../run/store.js";
import { copyIndex } from "./agent-dir.js";
import type { Git } from "./git.js";
import { changedPaths } from "./git-worktree-ops.js";
import type { SnapRecords } from "./snap-records.js";
import type { SnapRecord } from "./snapshot.js";
import type { SoloSnapshots } from "./solo-snapshots.js";
import type { Slot, WorktreePool } from "./worktree-pool.js";

/** What adoptSlot() needs of the RunWorkspace. */
export interface AdoptHost {
  pool: WorktreePool;
  snaps: SnapRecords;
  solo: SoloSnapshots;
}

/** RunWorkspace.adopt(): the slot of `dir` now holds `commit`, made from its last snapshot. */
export async function adoptSlot(host: AdoptHost, dir: string, commit: string): Promise<void> {
  const { pool, snaps } = host;
  const slot = pool.get(dir);
  const rec = slot?.lastSnap;
  if (!slot || !rec) return;
  const fromSnapshot = snaps.of(commit) === rec || (commit === rec.base && rec.raw.length === 0);
  if (!fromSnapshot) return;
  slot.cleanAt = null;
  slot.lastSnap = null;
  // Called after release(): keep the slot from being acquired while its index changes.
  const held = pool.withhold(slot);
  try {
    const how = await adoptSnapshot(pool.gitFor(slot), slot, rec, () => host.solo.untouched(rec));
    if (how !== null) slot.cleanAt = commit;
  } catch {
    slot.cleanAt = null;
  } finally {
    if (held) pool.putBack(slot);
  }
}

/**
 * Makes the snapshot `rec` of the slot's directory the slot's index: null when the directory does not
 * hold exactly the snapshot's tree. `untouched()` true (see SoloSnapshots; asked in the same tick as the
 * rename, so no agent can start in between): the snapshot's index file holds the bytes the engine kept
 * (`rec.view`) and nothing else can have written it, so it is linked into place ("linked": the record
 * keeps its name for combine(); neither is ever written in place, git and the engine replace an index
 * file by a rename) rather than written again ("written").
 */
export async function adoptSnapshot(
  git: Git,
  slot: Slot,
  rec: SnapRecord,
  untouched: () => boolean = () => false,
): Promise<"linked" | "written" | null> {
  // The snapshot left out the run's state paths: anything there that a checkout would change or
  // that clean would delete means the directory does not hold exactly the snapshot's tree.
  const present = STATE_PATHS.some(
    (p) => lstatSync(join(slot.dir, p), { throwIfNoEntry: false }) !== undefined,
  );
  if (present) {
    const left = await changedPaths(git, rec.index, STATE_PATHS);
    if (left.length > 0) return null;
  }
  const view = rec.view;
  slot.view = null;
  let how: "linked" | "written" = "written";
  if (view && untouched()) {
    // Through index.lock as git does (a lock left there fails it, as openSync(lock, "wx") below).
    const lock = `${slot.index}.lock`;
    try {
      linkSync(rec.index, lock);
      renameSync(lock, slot.index);
      how = "linked";
    } catch {
      rmSync(lock, { force: true }); // e.g. a file system without hard links: written below
    }
  }
  // Else the bytes the engine read when git wrote them (else a copy: the record stays usable by
  // combine()), written as git does: through index.lock. Synchronous calls: this sits between the
  // agent's end and its step's, and each trip through libuv's thread pool costs more than the call.
  if (how === "written") await writeSlotIndex(slot, rec);
  // Shared, not moved: combine() starts from the record's view (never from its file, which another
  // agent of the group may have rewritten), and neither the slot nor the record changes these bytes.
  slot.view = view;
  slot.viewMtimeMs = rec.mtimeMs;
  return how;
}

async function writeSlotIndex(slot: Slot, rec: SnapRecord): Promise<void> {
  const view = rec.view;
  const lock = `${slot.index}.lock`;
  const fd = openSync(lock, "wx");
  try {
    if (view) {
      try {
        writeFileSync(fd, view.buf);
      } finally {
        closeSync(fd);
      }
      utimesSync(lock, new Date(), new Date(Math.floor(rec.mtimeMs)));
    } else {
      closeSync(fd);
      await copyIndex(rec.index, lock);
    }
    renameSync(lock, slot.index);
  } catch (err) {
    rmSync(lock, { force: true });
    throw err;
  }
}
