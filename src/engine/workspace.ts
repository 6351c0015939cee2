import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, open, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { STATE_PATHS } from "../run/store.js";
import type { Git } from "./git.js";
import { exists, type Slot, WorktreePool } from "./worktree-pool.js";

/** Identity of the engine's own commits on private refs; the commit step sets the user-facing one. */
export const ENGINE_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: "agent-flow",
  GIT_AUTHOR_EMAIL: "agent-flow@localhost",
  GIT_COMMITTER_NAME: "agent-flow",
  GIT_COMMITTER_EMAIL: "agent-flow@localhost",
};

/**
 * The run's state paths, left out of snapshots. Written `docs/statu[s]` and `docs/statu[s]/*` rather than
 * `docs/status`: git add reports an ignored path that equals an exclude pathspec's literal part as "paths
 * are ignored" and exits 1 (e.g. when an agent wrote into a gitignored docs/status/ of its worktree); a
 * pattern whose literal part stops one character short matches the same paths without that. The pathspec
 * environment variables are pinned so that these stay patterns (`*` also matching `/`).
 */
const EXCLUDES = STATE_PATHS.flatMap((p) => {
  const pattern = `${p.slice(0, -1)}[${p.slice(-1)}]`;
  return [`:(exclude)${pattern}`, `:(exclude)${pattern}/*`];
});
const PATHSPEC_ENV: NodeJS.ProcessEnv = {
  GIT_LITERAL_PATHSPECS: "0",
  GIT_GLOB_PATHSPECS: "0",
  GIT_NOGLOB_PATHSPECS: "0",
  GIT_ICASE_PATHSPECS: "0",
};

/** Snapshot indexes kept for combine()/adopt() (oldest dropped first; combine() then asks git instead). */
const MAX_SNAPSHOTS = 32;

export interface Snapshot {
  tree: string;
  changed: string[];
  /** One record per changed path (same order as `changed`), for per-path policy checks. */
  raw: RawChange[];
}

/**
 * One path of `git diff --raw`: the new mode and object id ("000000" and a zero id for a deletion), and
 * the mode in the base ("000000" for an added path).
 */
export interface RawChange {
  mode: string;
  oldMode: string;
  oid: string;
  path: string;
}

export interface SnapRecord {
  /** An index file whose tree is `tree` (stat data from the worktree it was taken in). */
  index: string;
  tree: string;
  base: string;
  raw: RawChange[];
  slot: Slot;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const hostTag = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) !== "ESRCH";
  }
}

/**
 * Copies an index file keeping its mtime. Git trusts an index entry's stat data only when the file's
 * mtime is older than the index file's own mtime ("racy git": a file changed in the same second as the
 * index was written, without a size change, is otherwise invisible). A copy stamped "now" would make
 * such entries look safely clean; with the original mtime (truncated to ms, so never later) git keeps
 * re-checking their contents.
 */
async function copyIndex(from: string, to: string): Promise<void> {
  const st = await stat(from);
  await copyFile(from, to);
  await utimes(to, st.atime, new Date(Math.floor(st.mtimeMs)));
}

/** Parses `git diff-tree/diff-index --raw -z` output. */
function parseRaw(out: string): RawChange[] {
  const parts = out.split("\0");
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i] as string;
    const path = parts[i + 1] as string;
    if (!meta.startsWith(":")) break;
    // ":<old mode> <new mode> <old id> <new id> <status>"
    const [oldMode, mode, , oid] = meta.slice(1).split(" ");
    if (oldMode === undefined || mode === undefined || oid === undefined)
      throw new Error(`unexpected git diff output: ${meta}`);
    changes.push({ mode, oldMode, oid, path });
  }
  return changes;
}

/**
 * Git worktrees for the agents of a run, taken from the repository's WorktreePool, and what the agents
 * changed in them: snapshots as tree objects, the engine's commits of them, and the combination of
 * parallel agents' commits. Snapshot indexes are scratch files of this process under `pool/.scratch`.
 */
export class RunWorkspace {
  private snaps: SnapRecord[] = [];
  private byCommit = new Map<string, SnapRecord>();
  private seq = 0;
  private scratchMade = false;

  private constructor(
    private readonly git: Git,
    private readonly pool: WorktreePool,
    private readonly scratch: string,
  ) {}

  /** The pool directory of the repository whose git common dir is `commonDir`. */
  static poolDir(commonDir: string): string {
    return join(commonDir, "agent-flow", "worktrees", "pool");
  }

  static async open(git: Git, runId: string): Promise<RunWorkspace> {
    let common = await git.out(["rev-parse", "--git-common-dir"]);
    if (!isAbsolute(common)) common = resolve(git.cwd, common);
    const pool = RunWorkspace.poolDir(common);
    await mkdir(join(pool, ".scratch"), { recursive: true });
    // Before pooling, a run had its own `worktrees/<runId>/wN`, removed at its end; a run resumed after a
    // crash finds them still registered. Nobody else uses them (the caller holds the run's lock).
    const legacy = join(common, "agent-flow", "worktrees", runId);
    if (runId !== "pool" && !runId.startsWith(".") && (await exists(legacy))) {
      await rm(legacy, { recursive: true, force: true });
      await git.exec(["worktree", "prune"], { allowFailure: true });
    }
    await RunWorkspace.sweepScratch(pool);
    const scratch = join(pool, ".scratch", `${hostTag}-${process.pid}-${randomBytes(4).toString("hex")}`);
    return new RunWorkspace(git, new WorktreePool(git, pool, runId), scratch);
  }

  /** Removes the scratch directories (snapshot indexes) of dead processes of this host. */
  private static async sweepScratch(pool: string): Promise<void> {
    const names = await readdir(join(pool, ".scratch")).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^([0-9a-f]{8})-(\d+)-[0-9a-f]+$/.exec(name);
      if (!m || m[1] !== hostTag || pidAlive(Number(m[2]))) continue;
      await rm(join(pool, ".scratch", name), { recursive: true, force: true });
    }
  }

  /** A worktree checked out at `sha` with no leftovers from earlier steps (ignored files are kept, e.g. node_modules). */
  async acquire(sha: string): Promise<string> {
    const slot = await this.pool.take(sha);
    slot.busy = true;
    slot.lastSnap = null;
    this.dropPrepared(slot);
    try {
      await this.pool.checkout(slot, sha);
    } catch (err) {
      slot.cleanAt = null;
      slot.busy = false;
      this.pool.putBack(slot);
      throw err;
    }
    // From here on the agent may change anything: the slot holds `sha` only once adopt() says so.
    slot.cleanAt = null;
    if (slot.gitdir !== null) {
      const index = await this.scratchFile("prep");
      try {
        await copyIndex(join(slot.gitdir, "index"), index);
        slot.prepared = { index, sha };
      } catch {
        await rm(index, { force: true });
      }
    }
    return slot.dir;
  }

  release(dir: string): void {
    const slot = this.pool.get(dir);
    if (!slot?.busy) return;
    slot.busy = false;
    this.dropPrepared(slot);
    this.pool.putBack(slot);
  }

  /**
   * What the agent changed in `dir` relative to `baseSha`, as a tree object, without touching the
   * worktree's index: `git add` runs on acquire()'s private copy of that index, whose stat data is valid,
   * so only files that changed are hashed and write-tree re-uses the unchanged subtrees.
   */
  async snapshot(dir: string, baseSha: string): Promise<Snapshot> {
    const slot = this.pool.get(dir);
    const wt = this.git.at(dir);
    let index: string;
    const prep = slot?.prepared;
    if (slot && prep && prep.sha === baseSha) {
      index = prep.index;
      slot.prepared = null;
    } else {
      // Not prepared by acquire() (or another base): start from the base's tree; git rehashes every file.
      if (slot) this.dropPrepared(slot);
      index = await this.scratchFile("snap");
    }
    try {
      const env = { GIT_INDEX_FILE: index };
      if (index !== prep?.index) await wt.exec(["read-tree", baseSha], { env });
      await wt.exec(["add", "--all", "--", ".", ...EXCLUDES], { env: { ...env, ...PATHSPEC_ENV } });
      const tree = await wt.out(["write-tree"], { env });
      // Two trees: git skips every subtree whose id did not change (cheaper than diff-index --cached,
      // which walks the whole index). Same records: new mode and id per path, zeros for a deletion.
      const raw = await this.rawDiff(baseSha, tree);
      if (slot) {
        const rec: SnapRecord = { index, tree, base: baseSha, raw, slot };
        this.remember(rec);
        slot.lastSnap = rec;
      } else await rm(index, { force: true });
      return { tree, changed: raw.map((r) => r.path), raw };
    } catch (err) {
      await rm(index, { force: true });
      throw err;
    }
  }

  async commit(tree: string, parents: string[], message: string): Promise<string> {
    const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])];
    const commit = await this.git.out(args, { input: message, env: ENGINE_IDENTITY });
    if (parents.length === 1) {
      for (let i = this.snaps.length - 1; i >= 0; i--) {
        const rec = this.snaps[i] as SnapRecord;
        if (rec.tree !== tree || rec.base !== parents[0]) continue;
        this.byCommit.set(commit, rec);
        break;
      }
    }
    return commit;
  }

  /**
   * Optional, after an accepted snapshot: tells the pool that the worktree `dir` now holds `commit`, made
   * from its last snapshot (or the snapshot's base when it changed nothing). The snapshot index becomes
   * the worktree's index and HEAD moves to `commit`, so that acquire(commit) needs no checkout or clean.
   * Does nothing when `commit` is not that snapshot's (e.g. the worktree was acquired again since).
   * Correctness never depends on it: a slot that was not adopted is checked out and cleaned as usual.
   */
  async adopt(dir: string, commit: string): Promise<void> {
    const slot = this.pool.get(dir);
    const rec = slot?.lastSnap;
    if (!slot || !rec || slot.gitdir === null) return;
    const fromSnapshot = this.byCommit.get(commit) === rec || (commit === rec.base && rec.raw.length === 0);
    if (!fromSnapshot) return;
    slot.cleanAt = null;
    slot.lastSnap = null;
    // Called after release(): keep the slot from being acquired while its index and HEAD change.
    const held = this.pool.withhold(slot);
    try {
      // add/write-tree left out the run's state paths: anything there that a checkout would change or
      // that clean would delete means the worktree does not hold exactly `commit`.
      const present = await Promise.all(STATE_PATHS.map((p) => exists(join(dir, p))));
      if (present.some(Boolean)) {
        const left = await this.git
          .at(dir)
          .out(
            [
              "ls-files",
              "-z",
              "--modified",
              "--deleted",
              "--others",
              "--exclude-standard",
              "--",
              ...STATE_PATHS,
            ],
            {
              env: { GIT_INDEX_FILE: rec.index },
            },
          );
        if (left !== "") return;
      }
      // A copy (the record stays usable by combine()), written as git does: through index.lock.
      const index = join(slot.gitdir, "index");
      const lock = await open(`${index}.lock`, "wx");
      try {
        await lock.close();
        await copyIndex(rec.index, `${index}.lock`);
        await rename(`${index}.lock`, index);
      } catch (err) {
        await rm(`${index}.lock`, { force: true });
        throw err;
      }
      await this.pool.setHead(slot, commit);
      slot.cleanAt = commit;
    } catch {
      slot.cleanAt = null;
    } finally {
      if (held) this.pool.putBack(slot);
    }
  }

  /**
   * Combines parallel agents' commits made from the same base. Their scopes are disjoint, so taking
   * each agent's version of the paths it changed cannot conflict. Starts from the first agent's snapshot
   * index and applies the others' changes with one update-index: 3 git processes in all.
   */
  async combine(
    baseSha: string,
    results: { commit: string; changed: string[] }[],
    message: string,
  ): Promise<string> {
    const changedOnes = results.filter((r) => r.changed.length > 0);
    if (changedOnes.length === 0) return baseSha;
    if (changedOnes.length === 1) return changedOnes[0]?.commit ?? baseSha;
    const recs = changedOnes.map((r) => {
      const rec = this.byCommit.get(r.commit);
      return rec && rec.base === baseSha ? rec : undefined;
    });
    const index = await this.scratchFile("combine");
    const env = { GIT_INDEX_FILE: index };
    try {
      let start = recs.findIndex((r) => r !== undefined);
      const first = start >= 0 ? recs[start] : undefined;
      const copied = first
        ? await copyFile(first.index, index).then(
            () => true,
            () => false,
          )
        : false;
      if (!copied) {
        if (start < 0) start = 0;
        await this.git.exec(["read-tree", changedOnes[start]?.commit ?? baseSha], { env });
      }
      const zero = "0".repeat(baseSha.length);
      const lines: string[] = [];
      for (const [i, r] of changedOnes.entries()) {
        if (i === start) continue;
        const raw = recs[i]?.raw ?? (await this.rawDiff(baseSha, r.commit));
        for (const c of raw)
          lines.push(/^0+$/.test(c.mode) ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.oid}\t${c.path}`);
      }
      if (lines.length > 0)
        await this.git.exec(["update-index", "-z", "--index-info"], { env, input: `${lines.join("\0")}\0` });
      const tree = await this.git.out(["write-tree"], { env });
      return await this.commit(tree, [baseSha, ...changedOnes.map((r) => r.commit)], message);
    } finally {
      await rm(index, { force: true });
    }
  }

  /** Hands the worktrees back to the repository's pool (see WorktreePool.dispose()) and drops scratch files. */
  /** Changed paths between two trees or commits, as raw records (new mode and id; zeros for a deletion). */
  private async rawDiff(from: string, to: string): Promise<ReturnType<typeof parseRaw>> {
    return parseRaw(
      await this.git.out(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-commit-id", from, to]),
    );
  }

  async dispose(): Promise<void> {
    this.snaps = [];
    this.byCommit.clear();
    await this.pool.dispose();
    await rm(this.scratch, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------------

  private async scratchFile(kind: string): Promise<string> {
    if (!this.scratchMade) {
      await mkdir(this.scratch, { recursive: true });
      this.scratchMade = true;
    }
    this.seq += 1;
    return join(this.scratch, `${kind}-${this.seq}.index`);
  }

  private dropPrepared(slot: Slot): void {
    if (slot.prepared === null) return;
    const { index } = slot.prepared;
    slot.prepared = null;
    void rm(index, { force: true }).catch(() => undefined);
  }

  private remember(rec: SnapRecord): void {
    this.snaps.push(rec);
    while (this.snaps.length > MAX_SNAPSHOTS) {
      const old = this.snaps[0] as SnapRecord;
      this.forget(old, true);
    }
  }

  private forget(rec: SnapRecord, deleteFile: boolean): void {
    this.snaps = this.snaps.filter((r) => r !== rec);
    for (const [c, r] of this.byCommit) if (r === rec) this.byCommit.delete(c);
    if (rec.slot.lastSnap === rec) rec.slot.lastSnap = null;
    if (deleteFile) void rm(rec.index, { force: true }).catch(() => undefined);
  }
}
