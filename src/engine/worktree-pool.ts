import { lstatSync, readdirSync, rmSync } from "node:fs";
import { lstat, rm } from "node:fs/promises";
import { join } from "node:path";
import { acquireLock, type LockHandle, LockTimeoutError } from "../lib/locks/index.js";
import { assertRealDirSync, ensureRealDir, ensureRealDirSync, removeNoFollow } from "./agent-dir.js";
import type { Git } from "./git.js";
import { cleanUntracked, resetWorkTree, tryResetWorkTree } from "./git-worktree-ops.js";
import type { IndexEntries } from "./index-file.js";
import { readStateSync, replaceFileAtEnd, restoreIndex } from "./pool-files.js";
import { POOL_KEEP, poolKeep, recordWidth } from "./pool-width.js";
import { switchClaimedSlot } from "./slot-switch.js";
import type { SnapRecord } from "./workspace.js";

export { POOL_KEEP, poolKeep, WIDTH_FRESH_MS } from "./pool-width.js";

/** See Slot.prepared. */
export interface Prepared {
  sha: string;
  view: IndexEntries | null;
  /** The index file's mtime when it was read (kept for git's racy-entry check, see copyIndex()). */
  mtimeMs: number;
  index: string | null;
}

const MAX_SLOTS = 4096;
/**
 * A slot claim is reclaimed when its holder's pid is dead (this host) or, as a last resort (another
 * host sharing the git dir, a pid reused by an unrelated process), once it is older than this: a run may
 * legitimately hold its directories for hours, so no short lease.
 */
const CLAIM_STALE_MS = 30 * 86_400_000;
const SLOT_RE = /^w(\d+)$/;

export interface Slot {
  n: number;
  /** The agent's directory (work tree), `pool/wN`. */
  dir: string;
  /** The engine's index for the directory, `pool/wN.index`: outside it, never the agent's `.git/index`. */
  index: string;
  claim: LockHandle;
  /** The commit the directory and index are known to hold exactly (ignored files aside), or null. */
  cleanAt: string | null;
  busy: boolean;
  /**
   * What RunWorkspace.acquire() kept for snapshot(): the slot's index as read before the agent started
   * (`view`, written out again for the snapshot), or, when the engine cannot read it, a copy (`index`).
   */
  prepared: Prepared | null;
  /** The slot's index as the engine last wrote or read it (null: unknown, read it again), and its mtime. */
  view: IndexEntries | null;
  viewMtimeMs: number;
  /** The last snapshot taken in this directory since it was acquired. */
  lastSnap: SnapRecord | null;
  /** Digest of the ignored files known to be trusted (see ignored-files.ts), or null when unknown. */
  ignored: string | null;
  /** Who used the directory last: an agent's ignored files are verified before the next use. */
  lastRole: "agent" | "check" | null;
  /** The last agent's ignored files were found unchanged by snapshot(); nothing ran there since. */
  ignoredVerified: boolean;
  /**
   * The agent's `.git` that acquire() built in the directory for `sha`, when `epoch` attempts of the run
   * had ended (see RunWorkspace.acquire()); kept only while the directory is handed back unused.
   */
  freshGit: { sha: string; epoch: number } | null;
}

const readdirQuiet = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

export const exists = (p: string): Promise<boolean> =>
  lstat(p).then(
    () => true,
    () => false,
  );

/**
 * The agents' directories of a RunWorkspace, taken from a pool kept per repository across runs in
 * `<pool>/wN`, outside the repository and its git dir (pool-location.ts). Creating one costs a
 * full checkout (0.5-0.8 s on 1,000 files, 5-16 s on 20,000); re-using a pooled one costs a few tens of
 * ms, and nothing at all when it already holds the commit asked for (see RunWorkspace.adopt()).
 *
 * A directory is not a linked worktree: the engine runs git on it with the user's common git dir (for
 * objects only), the directory as work tree and `wN.index` as index, all three passed explicitly (see
 * gitFor()), so no `.git` file or folder inside it is ever read by the engine. The `.git` an agent sees
 * there is its own and disposable (agent-dir.ts).
 *
 * Claims. A slot `wN` belongs to one RunWorkspace at a time, from its first acquire() to dispose(). The
 * claim is the lock `pool/.locks/worktree-wN.lock` of src/run/locks.ts, with the pool directory as the
 * lock root (that module has a proven protocol for reclaiming the lock of a dead pid).
 *
 * State. `pool/wN.clean` holds the commit a free slot held and the digest of its trusted ignored files;
 * it is read and deleted when the slot is claimed (so a crash leaves the slot "dirty") and written back
 * by dispose(). A later run re-verifies both before use: nothing that happened between runs is trusted.
 */
export class WorktreePool {
  private free: Slot[] = [];
  private slots = new Map<string, Slot>();
  private claiming = new Set<number>();

  constructor(
    private readonly git: Git,
    private readonly common: string,
    private readonly pool: string,
    private runId: string,
  ) {}

  /** The run the claims name, from now on (see RunWorkspace.renameRun()); held ones with their next heartbeat. */
  renameRun(runId: string): void {
    this.runId = runId;
    for (const slot of this.slots.values()) slot.claim.info.run_id = runId;
  }

  /** Engine git for the slot: user's object store and refs, the slot as work tree, never discovered. */
  gitFor(slot: Slot): Git {
    return this.git.with({ gitDir: this.common, workTree: slot.dir });
  }

  /** The slot of directory `dir`, when this pool claimed it. */
  get(dir: string): Slot | undefined {
    return this.slots.get(dir);
  }

  /**
   * A free slot: one that already holds `sha`, else the one released last, else a newly claimed one.
   * `other`: one that does not hold `sha` yet (a warm-up preparing one more, see group-warmup.ts).
   */
  async take(sha: string, other = false): Promise<Slot> {
    if (other) {
      const at = this.free.findIndex((s) => s.cleanAt !== sha);
      return (at >= 0 ? this.free.splice(at, 1)[0] : undefined) ?? (await this.claim());
    }
    const ready = this.free.findIndex((s) => s.cleanAt === sha);
    return (ready >= 0 ? this.free.splice(ready, 1)[0] : this.free.pop()) ?? (await this.claim());
  }

  putBack(slot: Slot): void {
    this.free.push(slot);
  }

  /** Takes `slot` off the free list, if it is there (then true: putBack() it when done). */
  withhold(slot: Slot): boolean {
    const at = this.free.indexOf(slot);
    if (at >= 0) this.free.splice(at, 1);
    return at >= 0;
  }

  /**
   * Makes the slot's directory and index hold exactly `sha` (ignored files aside), unless they do
   * already (then true). A link put in the directory's place is unlinked, never followed (ensureRealDir()).
   */
  async checkout(slot: Slot, sha: string): Promise<boolean> {
    ensureRealDirSync(slot.dir);
    if (slot.cleanAt === sha && lstatSync(slot.index, { throwIfNoEntry: false }) !== undefined) return true;
    slot.cleanAt = null;
    // The index as the engine knew it before the last agent: its stat data, not what an agent may have
    // written into the file since (an entry made to match a changed file would keep that file).
    if (slot.view !== null) await restoreIndex(slot.index, slot.view.buf, slot.viewMtimeMs);
    slot.view = null;
    const git = this.gitFor(slot);
    // A directory just claimed that holds exactly its index moves to `sha` by paths (slot-switch.ts).
    if (await switchClaimedSlot(git, slot, sha)) return false;
    if (!(await tryResetWorkTree(git, sha, slot.index))) {
      // A damaged index or directory: start anew.
      await removeNoFollow(slot.dir);
      await rm(slot.index, { force: true });
      slot.ignored = null;
      await ensureRealDir(slot.dir);
      await resetWorkTree(git, sha, slot.index);
    }
    await cleanUntracked(git, slot.index);
    return false;
  }

  /**
   * Hands the slots back to the repository's pool, keeping at most poolKeep() directories in it. The
   * common case, a slot kept, is written with few trips through libuv's pool (see replaceFileAtEnd()).
   */
  async dispose(verify: (slot: Slot) => Promise<string | null>): Promise<void> {
    const mine = [...this.slots.values()].sort((a, b) => b.n - a.n);
    this.slots.clear();
    this.free = [];
    // A pool folder replaced by a link since open(): write no state through it.
    let poolOk = true;
    try {
      assertRealDirSync(this.pool);
    } catch {
      poolOk = false;
    }
    let total = readdirQuiet(this.pool).filter((n) => SLOT_RE.test(n)).length;
    // As many as this run, or a recent one, needed at once are kept: a wide parallel group would
    // otherwise check out anew, on every run, the directories beyond POOL_KEEP.
    const recent = poolOk ? await poolKeep(this.pool) : POOL_KEEP;
    const keep = Math.max(recent, mine.length);
    if (poolOk && mine.length > POOL_KEEP && mine.length >= recent) await recordWidth(this.pool, mine.length);
    for (const slot of mine) {
      try {
        const state = join(this.pool, `w${slot.n}.clean`);
        if (!poolOk) continue;
        if (total > keep) {
          const had = await exists(slot.dir);
          await removeNoFollow(slot.dir);
          await removeNoFollow(`${slot.dir}.modules`);
          await rm(slot.index, { force: true });
          await rm(state, { force: true });
          if (had) total -= 1;
        } else if (!slot.busy) {
          const ignored = await verify(slot);
          // The index as the engine knew it, not what an agent of the run may have written into the
          // file since (stat data made to match a changed file would keep that file in the next run's
          // first directory, see checkout()); unknown, it goes: the next run checks out every file.
          let cleanAt = slot.cleanAt;
          if (slot.view !== null) await replaceFileAtEnd(slot.index, slot.view.buf, slot.viewMtimeMs);
          else {
            rmSync(slot.index, { force: true });
            cleanAt = null;
          }
          await replaceFileAtEnd(state, `${cleanAt ?? ""}\n${ignored ?? ""}\n`);
        }
      } catch {
        // the slot stays "dirty": the next claimer checks it out, cleans it and wipes its ignored files
      } finally {
        await slot.claim.release();
      }
    }
  }

  // -------------------------------------------------------------------------------------------------

  /** Claims the first free slot of the pool (see the class comment). */
  private async claim(): Promise<Slot> {
    for (let n = 0; n < MAX_SLOTS; n++) {
      // Slots this pool holds or is claiming right now (a parallel group claims several at once: without
      // this, each claim would try every lock the others are taking).
      if (this.claiming.has(n) || [...this.slots.values()].some((s) => s.n === n)) continue;
      this.claiming.add(n);
      let claim: LockHandle;
      try {
        claim = await acquireLock(
          this.pool,
          `worktree-w${n}`,
          { run_id: this.runId, agent: "worktree-pool" },
          { timeoutMs: 0, staleAfterMs: CLAIM_STALE_MS },
        );
      } catch (err) {
        if (err instanceof LockTimeoutError) continue;
        throw err;
      } finally {
        this.claiming.delete(n);
      }
      const dir = join(this.pool, `w${n}`);
      const slot: Slot = {
        n,
        dir,
        index: join(this.pool, `w${n}.index`),
        claim,
        cleanAt: null,
        busy: false,
        prepared: null,
        view: null,
        viewMtimeMs: 0,
        lastSnap: null,
        ignored: null,
        lastRole: null,
        ignoredVerified: false,
        freshGit: null,
      };
      try {
        // Read and forget the recorded state at once: should we crash holding the slot, it is dirty.
        const state = join(this.pool, `w${n}.clean`);
        const [sha = "", ignored = ""] = readStateSync(state).split("\n");
        rmSync(state, { force: true });
        // The files are re-verified (slot-switch.ts: one git status against the index; else read-tree
        // --reset -u compares every file's stat data, then clean)
        // rather than trusted across runs; the ignored files' digest is compared at acquire().
        if (/^([0-9a-f]{40,64})?$/.test(sha) && /^[0-9a-f]{64}$/.test(ignored)) slot.ignored = ignored;
      } catch (err) {
        await claim.release();
        throw err;
      }
      this.slots.set(dir, slot);
      return slot;
    }
    throw new Error(`no free worktree slot in ${this.pool} (${MAX_SLOTS} are claimed)`);
  }
}
