import { rm } from "node:fs/promises";
import type { SnapRecord } from "./snapshot.js";

/** Snapshot indexes kept for combine()/adopt() (oldest dropped first; combine() then asks git instead). */
const MAX_SNAPSHOTS = 32;
/** Snapshot records that keep their index bytes in memory (see remember()). */
const KEEP_VIEWS = 8;

/**
 * A run's snapshot records (RunWorkspace), and which of the engine's commits each one became: adopt()
 * and combine() start from a commit's snapshot index rather than asking git.
 */
export class SnapRecords {
  private snaps: SnapRecord[] = [];
  private byCommit = new Map<string, SnapRecord>();

  remember(rec: SnapRecord): void {
    this.snaps.push(rec);
    // An index read in memory is kept for adopt() by the latest records only (a 20,000-file one is 2 MB),
    // and by a record its slot has yet to adopt: a wide group's members all take their snapshot before
    // any adopts it (they share one reading of the checkout first, fingerprint-share.ts), and a slot
    // adopted without those bytes loses its index at the run's end (the next run checks it out anew).
    // Once adopted the slot holds the same bytes, so this keeps no more than the slots would.
    const old = this.snaps[this.snaps.length - 1 - KEEP_VIEWS];
    if (old && old.slot.lastSnap !== old) old.view = null;
    while (this.snaps.length > MAX_SNAPSHOTS) this.forget(this.snaps[0] as SnapRecord);
  }

  /** `commit` was made of `tree` on `parent`: the latest snapshot of that tree from that base is its. */
  committed(commit: string, tree: string, parent: string): void {
    for (let i = this.snaps.length - 1; i >= 0; i--) {
      const rec = this.snaps[i] as SnapRecord;
      if (rec.tree !== tree || rec.base !== parent) continue;
      this.byCommit.set(commit, rec);
      return;
    }
  }

  /** The snapshot `commit` was made from, if it is still kept. */
  of(commit: string): SnapRecord | undefined {
    return this.byCommit.get(commit);
  }

  clear(): void {
    this.snaps = [];
    this.byCommit.clear();
  }

  private forget(rec: SnapRecord): void {
    this.snaps = this.snaps.filter((r) => r !== rec);
    for (const [c, r] of this.byCommit) if (r === rec) this.byCommit.delete(c);
    if (rec.slot.lastSnap === rec) rec.slot.lastSnap = null;
    void rm(rec.index, { force: true }).catch(() => undefined);
  }
}
