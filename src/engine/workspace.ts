import { lstatSync, realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { removeNoFollow } from "./agent-dir.js";
import type { ChangeCaps } from "./change-caps.js";
import { type CombineHost, type CombineInput, combineCommits } from "./combine.js";
import type { Git } from "./git.js";
import { rawDiff, treeOfCommit } from "./git-objects.js";
import { pruneWorktrees } from "./git-ops.js";
import { slotDigest, verifyIgnored } from "./ignored-files.js";
import { stagingConfig } from "./index-stage.js";
import { type Identity, knownStore, writeCommit } from "./loose-object.js";
import { OldGits } from "./old-git.js";
import { readViewSync } from "./pool-files.js";
import { legacyPoolsIn, openPoolDirSync, poolDirFor } from "./pool-location.js";
import { ScratchDir } from "./scratch-dir.js";
import { adoptSlot } from "./slot-adopt.js";
import { SnapRecords } from "./snap-records.js";
import { prepareSnapshot, type Snapshot, type SnapshotHost, takeSnapshot } from "./snapshot.js";
import { SoloSnapshots } from "./solo-snapshots.js";
import { fillSubmodules } from "./submodules.js";
import { type Slot, WorktreePool } from "./worktree-pool.js";

/** Identity of the engine's own commits on private refs; the commit step sets the user-facing one. */
export const ENGINE_IDENTITY: Identity = { name: "agent-flow", email: "agent-flow@localhost" };

export type { RawChange, SnapRecord, Snapshot } from "./snapshot.js";

/**
 * The agents' directories of a run, taken from the repository's WorktreePool, and what the agents
 * changed in them: snapshots as tree objects, the engine's commits of them, and the combination of
 * parallel agents' commits. Snapshot indexes are scratch files of this process under `pool/.scratch`.
 * Every git command here names its git dir (the user's common dir, for objects), work tree and index;
 * nothing inside an agent's directory is read as git metadata (see WorktreePool and agent-dir.ts).
 */
export class RunWorkspace {
  private readonly snaps = new SnapRecords();
  /** Which snapshot indexes only the engine wrote (adopt() renames those rather than writing them again). */
  private readonly solo = new SoloSnapshots();
  /** Commit -> tree, for the commits this workspace made or looked up. */
  private trees = new Map<string, string>();
  /** Attempts that ended in this run, as far as this workspace knows (see acquire()). */
  private ended = 0;
  /** The directory prepareAhead() prepares: for `sha`; `done` resolves once it is back in the pool (true: ready). */
  private ahead: { sha: string; done: Promise<boolean> } | null = null;

  private readonly oldGits: OldGits;

  private constructor(
    private readonly git: Git,
    private readonly pool: WorktreePool,
    private readonly scratch: ScratchDir,
    private readonly common: string,
    private readonly objectFormat: string,
  ) {
    this.oldGits = new OldGits(scratch);
  }

  /** The pool directory of the repository whose git common dir is `commonDir` (see pool-location.ts). */
  static poolDir(commonDir: string): string {
    return poolDirFor(commonDir);
  }

  static async open(git: Git, runId: string): Promise<RunWorkspace> {
    // Every path below is built from the pool's realpath and must resolve to itself: a pool folder
    // replaced by a link, e.g. to the user's checkout, is refused.
    const common = realpathSync.native(await git.commonDir());
    const pool = openPoolDirSync(common, realpathSync.native(git.cwd));
    // Pools used to live in the git dir (`agent-flow/worktrees/pool`, and per run `worktrees/<runId>`
    // before that), some slots as linked worktrees registered in the user's `.git/worktrees`. They are
    // removed (never followed) and unregistered.
    const legacy = legacyPoolsIn(common);
    if (lstatSync(legacy, { throwIfNoEntry: false }) !== undefined) {
      await removeNoFollow(legacy);
      await pruneWorktrees(git);
    }
    const scratch = await ScratchDir.open(pool);
    const format = await git.objectFormat();
    knownStore(git, common, format);
    stagingConfig(git).catch(() => undefined); // asked now, while the run starts (index-stage.ts)
    return new RunWorkspace(git, new WorktreePool(git, common, pool, runId), scratch, common, format);
  }

  /**
   * A directory holding `sha` with no leftovers from earlier steps and a fresh `.git` of its own.
   * Ignored files are kept (e.g. node_modules) unless an agent changed them since they were last
   * trusted; then all of them are wiped (see ignored-files.ts). `role` says who will use it: a check's
   * changes to ignored files (an install) are trusted, an agent's are not. `other`: see WorktreePool.take().
   */
  async acquire(sha: string, role: "agent" | "check" = "agent", other = false): Promise<string> {
    // The directory being prepared for `sha` ahead of the run's first step is taken once it is ready.
    if (!other && this.ahead?.sha === sha) await this.ahead.done;
    const epoch = this.ended;
    const slot = await this.pool.take(sha, other);
    const fresh = slot.freshGit;
    slot.freshGit = null;
    slot.busy = true;
    this.solo.acquired(slot);
    slot.lastSnap = null;
    this.dropPrepared(slot);
    let held: boolean;
    try {
      held = await this.pool.checkout(slot, sha);
      // Cheap test first, without the thread pool (see assertRealDirSync()): most repositories have none.
      if (lstatSync(join(slot.dir, ".gitmodules"), { throwIfNoEntry: false })?.isFile())
        await fillSubmodules(
          this.pool.gitFor(slot),
          slot.dir,
          slot.index,
          this.common,
          `${slot.dir}.modules`,
        );
      await verifyIgnored(this.pool.gitFor(slot), slot);
    } catch (err) {
      slot.cleanAt = null;
      slot.view = null;
      slot.busy = false;
      this.solo.handedBack(slot);
      this.pool.putBack(slot);
      throw err;
    }
    // From here on the agent may change anything: the slot holds `sha` only once adopt() says so.
    slot.cleanAt = null;
    slot.lastRole = role;
    slot.ignoredVerified = false;
    // Kept: the `.git` an acquire() built here for `sha` (the warm-up's, see unused()) while no attempt
    // ended since; only agents still running could have written there, as they could once this one runs.
    // Once any attempt ends it is built afresh: nothing an ended agent planted reaches another.
    const keepGit = held && fresh?.sha === sha && fresh.epoch === this.ended;
    const spec = { objects: join(this.common, "objects"), head: sha, objectFormat: this.objectFormat };
    if (slot.view === null) readViewSync(slot, this.objectFormat);
    await Promise.all([
      prepareSnapshot(slot, sha, this.objectFormat, (kind) => this.scratchFile(kind)).catch(() => {
        slot.prepared = null;
      }),
      keepGit || this.oldGits.reset(slot.dir, { ...spec, index: slot.index }),
    ]);
    slot.freshGit = keepGit && fresh ? fresh : { sha, epoch };
    return slot.dir;
  }

  /**
   * Prepares a directory at `sha` for the run's first step before the run asks for it (see
   * early-workspace.ts): acquire() it, then hand it back unused(), as the first step's warm-up does.
   */
  prepareAhead(sha: string): void {
    const done = this.acquire(sha, "agent", true).then(
      (dir) => {
        this.unused(dir, sha);
        return true;
      },
      () => false,
    );
    this.ahead = { sha, done };
  }

  /** The preparation prepareAhead(`sha`) began (see group-warmup.ts), or null when none began for `sha`. */
  preparedAhead(sha: string): Promise<boolean> | null {
    return this.ahead?.sha === sha ? this.ahead.done : null;
  }

  /** The run the workspace's later claims name (one opened before its run id was known, see early-workspace.ts). */
  renameRun(runId: string): void {
    this.pool.renameRun(runId);
  }

  /**
   * Hands back a directory that acquire(`sha`) returned and nothing ran in (see group-warmup.ts): it
   * still holds `sha`, its ignored files as acquire() verified them, so the next acquire(`sha`) of it
   * starts no git process.
   */
  unused(dir: string, sha: string): void {
    const slot = this.pool.get(dir);
    if (!slot?.busy) return;
    this.handBack(slot);
    slot.cleanAt = sha;
    slot.ignoredVerified = slot.lastRole === "agent" && slot.ignored !== null;
  }

  /** After an attempt in `dir` (its process ended): the directory goes back to the pool. */
  release(dir: string): void {
    const slot = this.pool.get(dir);
    if (!slot?.busy) return;
    this.ended += 1;
    slot.freshGit = null;
    this.handBack(slot);
  }

  private handBack(slot: Slot): void {
    slot.busy = false;
    this.solo.handedBack(slot);
    this.dropPrepared(slot);
    this.pool.putBack(slot);
  }

  /**
   * What the agent changed in `dir` relative to `baseSha` (see takeSnapshot() in snapshot.ts).
   * `checkIgnored: false` leaves the agent's ignored files to the next acquire() of the directory (a
   * parallel group's: most are not acquired again in the run, and each look is a git process after the
   * agents).
   */
  async snapshot(
    dir: string,
    baseSha: string,
    caps?: ChangeCaps,
    { checkIgnored = true }: { checkIgnored?: boolean } = {},
  ): Promise<Snapshot> {
    const slot = this.pool.get(dir);
    if (!slot) throw new Error(`${dir} is not a directory of this run's workspace`);
    this.ended += 1; // the agent's process has ended (see acquire())
    const taken = this.solo.begin(slot);
    const snap = await takeSnapshot(this.host, slot, baseSha, caps, checkIgnored);
    taken(slot.lastSnap);
    return snap;
  }

  /** The workspace as takeSnapshot() sees it. */
  private readonly host: SnapshotHost = {
    objectFormat: () => this.objectFormat,
    objectGit: () => this.git,
    gitFor: (slot) => this.pool.gitFor(slot),
    scratchFile: (kind) => this.scratchFile(kind),
    dropPrepared: (slot) => this.dropPrepared(slot),
    treeOf: (commit) => this.treeOf(commit),
    rawDiff: (from, to) => rawDiff(this.git, from, to),
    remember: (rec) => this.snaps.remember(rec),
  };

  async commit(tree: string, parents: string[], message: string): Promise<string> {
    // Written by the engine itself: one git process less per agent (see loose-object.ts).
    const commit = await writeCommit(this.git, tree, parents, ENGINE_IDENTITY, message);
    this.trees.set(commit, tree);
    if (parents.length === 1) this.snaps.committed(commit, tree, parents[0] as string);
    return commit;
  }

  /**
   * Optional, after an accepted snapshot: tells the pool that the directory `dir` now holds `commit`, made
   * from its last snapshot (or the snapshot's base when it changed nothing). The snapshot index becomes
   * the slot's index, so that acquire(commit) needs no checkout or clean. Does nothing when `commit` is
   * not that snapshot's (e.g. the directory was acquired again since). Correctness never depends on it: a
   * slot that was not adopted is checked out and cleaned as usual.
   */
  async adopt(dir: string, commit: string): Promise<void> {
    await adoptSlot({ pool: this.pool, snaps: this.snaps, solo: this.solo }, dir, commit);
  }

  /** Combines parallel agents' commits made from the same base (see combineCommits() in combine.ts). */
  combine(baseSha: string, results: CombineInput[], message: string): Promise<string> {
    return combineCommits(this.combineHost, baseSha, results, message);
  }

  /** The workspace as combineCommits() sees it. */
  private readonly combineHost: CombineHost = {
    git: () => this.git,
    snapOf: (commit) => this.snaps.of(commit),
    scratchFile: (kind) => this.scratchFile(kind),
    rawDiff: (from, to) => rawDiff(this.git, from, to),
    commit: (tree, parents, message) => this.commit(tree, parents, message),
  };

  /** The tree of a commit: known for the engine's own commits, asked of git once for others. */
  private async treeOf(commit: string): Promise<string> {
    let tree = this.trees.get(commit);
    if (tree === undefined) {
      tree = await treeOfCommit(this.git, commit);
      this.trees.set(commit, tree);
    }
    return tree;
  }

  /** Hands the directories back to the repository's pool (see WorktreePool.dispose()) and drops scratch files. */
  async dispose(): Promise<void> {
    await this.ahead?.done;
    this.snaps.clear();
    await this.oldGits.settled();
    await this.pool.dispose(async (slot) => {
      if (slot.lastRole === "check") return slotDigest(this.pool.gitFor(slot), slot);
      // After an agent, the digest trusted before it: the next run compares the files with it before
      // anything uses the directory (verifyIgnored()), and wipes them if an agent changed them.
      return slot.ignored;
    });
    await this.scratch.dispose();
  }

  // -------------------------------------------------------------------------------------------------

  private scratchFile(kind: string): Promise<string> {
    return this.scratch.file(kind);
  }

  private dropPrepared(slot: Slot): void {
    if (slot.prepared === null) return;
    const { index } = slot.prepared;
    slot.prepared = null;
    if (index !== null) void rm(index, { force: true }).catch(() => undefined);
  }
}
