import type { SnapRecord } from "./snapshot.js";
import type { Slot } from "./worktree-pool.js";

/**
 * Which snapshot index files nothing but the engine can have written (see RunWorkspace.adopt()). They
 * live in the pool folder, where any process of the user's can write; but every agent and check runs in
 * a directory acquired from the workspace, and its processes have ended before its snapshot is taken.
 * So a snapshot begun while its directory was the only one acquired, with none acquired since, has an
 * index only the engine (and the git it ran) wrote: adopt() may link that file in as the slot's index
 * rather than write the same bytes again. Otherwise (a parallel group's members) another agent may still
 * be running and could have rewritten it, and adopt() writes the bytes it holds in memory.
 */
export class SoloSnapshots {
  private acquisitions = 0;
  private readonly busy = new Set<Slot>();
  private readonly marks = new WeakMap<SnapRecord, number>();

  /** `slot` was acquired: whatever runs in it may write anywhere the user can. */
  acquired(slot: Slot): void {
    this.acquisitions += 1;
    this.busy.add(slot);
  }

  handedBack(slot: Slot): void {
    this.busy.delete(slot);
  }

  /** Called as `slot`'s snapshot begins (its processes ended); the result is called with the record taken. */
  begin(slot: Slot): (rec: SnapRecord | null) => void {
    const alone = this.busy.size === 1 && this.busy.has(slot);
    const mark = this.acquisitions;
    return (rec) => {
      if (alone && rec !== null) this.marks.set(rec, mark);
    };
  }

  /** Whether `rec`'s index file was written with no directory but its own acquired since its snapshot began. */
  untouched(rec: SnapRecord): boolean {
    return this.marks.get(rec) === this.acquisitions;
  }
}
