import { open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { acquireLock, type LockHandle, LockTimeoutError } from "../run/locks.js";
import type { Git } from "./git.js";
import type { SnapRecord } from "./workspace.js";

/** Free worktrees kept in a repository's pool after a run; more are removed at dispose(). */
export const POOL_KEEP = 8;
const MAX_SLOTS = 4096;
/**
 * A worktree claim is reclaimed when its holder's pid is dead (this host) or, as a last resort (another
 * host sharing the git dir, a pid reused by an unrelated process), once it is older than this: a run may
 * legitimately hold its worktrees for hours, so no short lease.
 */
const CLAIM_STALE_MS = 30 * 86_400_000;
const SLOT_RE = /^w(\d+)$/;

export interface Slot {
  n: number;
  dir: string;
  claim: LockHandle;
  /** The worktree's own git dir (`.git/worktrees/<name>`), once known. */
  gitdir: string | null;
  /** The commit the worktree is known to hold exactly (HEAD, index, files; ignored files aside), or null. */
  cleanAt: string | null;
  busy: boolean;
  /** The private copy of the worktree's index made by RunWorkspace.acquire(), for snapshot(). */
  prepared: { index: string; sha: string } | null;
  /** The last snapshot taken in this worktree since it was acquired. */
  lastSnap: SnapRecord | null;
}

export const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * The worktrees a RunWorkspace holds, taken from a pool kept per repository across runs under
 * `<git-common-dir>/agent-flow/worktrees/pool/wN`, out of the user's working tree. Creating a worktree
 * costs 0.5-0.8 s on 1,000 files and 5-16 s on 20,000; re-checking out a pooled one costs a few tens of ms,
 * and nothing at all when it already holds the commit asked for (see RunWorkspace.adopt()).
 *
 * Claims. A slot `wN` belongs to one RunWorkspace at a time, from its first acquire() to dispose(). The
 * claim is the lock `pool/.locks/worktree-wN.lock` of src/run/locks.ts, with the pool directory as the
 * lock root. That module already has a proven protocol for reclaiming the lock of a dead pid without
 * two reclaimers both winning (a naive "wx" file plus unlink-if-dead has exactly that race), and the
 * exit/signal handlers of the CLI release it. The root is inside the git dir rather than the checkout:
 * the claims are engine internals that `agent-flow locks` need not show, must not dirty the user's
 * working tree, and are shared by every checkout (linked worktree) of the repository, like the pool.
 * A claim is reclaimed once its holder's pid is gone (see CLAIM_STALE_MS for the age limit).
 *
 * State. `pool/wN.clean` holds the commit a free slot is known to hold exactly; it is read and deleted
 * when the slot is claimed (so a crash leaves the slot "dirty") and written back by dispose().
 */
export class WorktreePool {
  private free: Slot[] = [];
  private slots = new Map<string, Slot>();

  constructor(
    private readonly git: Git,
    private readonly pool: string,
    private readonly runId: string,
  ) {}

  /** The slot of worktree `dir`, when this pool claimed it. */
  get(dir: string): Slot | undefined {
    return this.slots.get(dir);
  }

  /** A free slot: one that already holds `sha`, else the one released last, else a newly claimed one. */
  async take(sha: string): Promise<Slot> {
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

  /** Checks `sha` out in the slot's worktree and removes leftovers, unless it holds `sha` already. */
  async checkout(slot: Slot, sha: string): Promise<void> {
    if (slot.gitdir !== null && slot.cleanAt === sha) return;
    if (slot.gitdir !== null) {
      const wt = this.git.at(slot.dir);
      const r = await wt.exec(["checkout", "--force", "--detach", sha], { allowFailure: true });
      if (r.exitCode === 0) {
        await wt.exec(["clean", "-ffd", "--quiet"]);
        return;
      }
      // A broken worktree (e.g. an agent removed files under .git): start it anew.
    }
    slot.gitdir = null;
    await rm(slot.dir, { recursive: true, force: true });
    // --force: also when the path is still registered from a worktree that was deleted by hand.
    await this.git.exec(["worktree", "add", "--detach", "--force", slot.dir, sha]);
    slot.gitdir = await this.gitdirOf(slot.dir);
  }

  /**
   * Moves the worktree's HEAD to `commit` (detached). With the files ref backend HEAD is a file that git
   * itself replaces through `HEAD.lock`: doing the same costs no process. Otherwise (reftable, or HEAD
   * being a symref because an agent switched branches), update-ref.
   */
  async setHead(slot: Slot, commit: string): Promise<void> {
    const gitdir = slot.gitdir as string;
    const head = join(gitdir, "HEAD");
    const current = await readFile(head, "utf8").catch(() => "");
    if (/^[0-9a-f]{40,64}\n?$/.test(current)) {
      const lock = `${head}.lock`;
      const fh = await open(lock, "wx").catch(() => null);
      if (fh) {
        try {
          await fh.writeFile(`${commit}\n`);
        } finally {
          await fh.close();
        }
        await rename(lock, head);
        return;
      }
    }
    await this.git.at(slot.dir).exec(["update-ref", "--no-deref", "HEAD", commit]);
  }

  /** Hands the slots back to the repository's pool, keeping at most POOL_KEEP worktrees in it. */
  async dispose(): Promise<void> {
    const mine = [...this.slots.values()].sort((a, b) => b.n - a.n);
    this.slots.clear();
    this.free = [];
    let total = (await readdir(this.pool).catch(() => [] as string[])).filter((n) => SLOT_RE.test(n)).length;
    let removed = false;
    for (const slot of mine) {
      try {
        const state = join(this.pool, `w${slot.n}.clean`);
        if (total > POOL_KEEP) {
          const had = await exists(slot.dir);
          await rm(slot.dir, { recursive: true, force: true });
          await rm(state, { force: true });
          if (had) total -= 1;
          removed = true;
        } else {
          await this.detachBranch(slot);
          if (!slot.busy && slot.cleanAt !== null) await writeFile(state, `${slot.cleanAt}\n`);
        }
      } catch {
        // the slot stays "dirty": the next claimer checks it out and cleans it
      } finally {
        await slot.claim.release();
      }
    }
    if (removed) await this.git.exec(["worktree", "prune"], { allowFailure: true });
  }

  // -------------------------------------------------------------------------------------------------

  /** Claims the first free slot of the pool (see the class comment). */
  private async claim(): Promise<Slot> {
    const taken = new Set([...this.slots.values()].map((s) => s.n));
    for (let n = 0; n < MAX_SLOTS; n++) {
      if (taken.has(n)) continue;
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
      }
      const dir = join(this.pool, `w${n}`);
      const slot: Slot = {
        n,
        dir,
        claim,
        gitdir: null,
        cleanAt: null,
        busy: false,
        prepared: null,
        lastSnap: null,
      };
      try {
        // Read and forget the recorded state at once: should we crash holding the slot, it is dirty.
        const state = join(this.pool, `w${n}.clean`);
        const recorded = (await readFile(state, "utf8").catch(() => "")).trim();
        await rm(state, { force: true });
        slot.gitdir = await this.gitdirOf(dir);
        if (slot.gitdir !== null && /^[0-9a-f]{40,64}$/.test(recorded)) slot.cleanAt = recorded;
      } catch (err) {
        await claim.release();
        throw err;
      }
      this.slots.set(dir, slot);
      return slot;
    }
    throw new Error(`no free worktree slot in ${this.pool} (${MAX_SLOTS} are claimed)`);
  }

  /** The worktree's own git dir from the `gitdir:` line of `<dir>/.git`; null when it is not a usable worktree. */
  private async gitdirOf(dir: string): Promise<string | null> {
    try {
      const text = await readFile(join(dir, ".git"), "utf8");
      const m = /^gitdir: (.+)$/m.exec(text);
      if (!m?.[1]) return null;
      const gitdir = resolve(dir, m[1].trim());
      return (await exists(join(gitdir, "HEAD"))) ? gitdir : null;
    } catch {
      return null;
    }
  }

  /**
   * An agent may have switched its worktree to a branch. A pooled worktree outlives the run, and a branch
   * checked out there could not be checked out, pushed to with update-ref safety or deleted elsewhere: let
   * go of it. (With reftable HEAD is always a stub, and this is skipped; checkout() detaches anyway.)
   */
  private async detachBranch(slot: Slot): Promise<void> {
    if (slot.gitdir === null) return;
    const head = await readFile(join(slot.gitdir, "HEAD"), "utf8").catch(() => "");
    if (!head.startsWith("ref: ") || head.trim() === "ref: refs/heads/.invalid") return;
    slot.cleanAt = null;
    await this.git.at(slot.dir).exec(["checkout", "--quiet", "--force", "--detach"], { allowFailure: true });
  }
}
