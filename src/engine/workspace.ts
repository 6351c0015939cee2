import { createHash, randomBytes } from "node:crypto";
import {
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { acquireLock, type LockHandle, LockTimeoutError } from "../run/locks.js";
import { STATE_PATHS } from "../run/store.js";
import type { Git } from "./git.js";

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

/** Free worktrees kept in a repository's pool after a run; more are removed at dispose(). */
export const POOL_KEEP = 8;
/** Snapshot indexes kept for combine()/adopt() (oldest dropped first; combine() then asks git instead). */
const MAX_SNAPSHOTS = 32;
const MAX_SLOTS = 4096;
/**
 * A worktree claim is reclaimed when its holder's pid is dead (this host) or, as a last resort (another
 * host sharing the git dir, a pid reused by an unrelated process), once it is older than this: a run may
 * legitimately hold its worktrees for hours, so no short lease.
 */
const CLAIM_STALE_MS = 30 * 86_400_000;
const SLOT_RE = /^w(\d+)$/;

export interface Snapshot {
  tree: string;
  changed: string[];
}

/** One path of `git diff --raw`: the new mode and object id; mode "000000" and a zero id for a deletion. */
interface RawChange {
  mode: string;
  oid: string;
  path: string;
}

interface SnapRecord {
  /** An index file whose tree is `tree` (stat data from the worktree it was taken in). */
  index: string;
  tree: string;
  base: string;
  raw: RawChange[];
  slot: Slot;
}

interface Slot {
  n: number;
  dir: string;
  claim: LockHandle;
  /** The worktree's own git dir (`.git/worktrees/<name>`), once known. */
  gitdir: string | null;
  /** The commit the worktree is known to hold exactly (HEAD, index, files; ignored files aside), or null. */
  cleanAt: string | null;
  busy: boolean;
  /** The private copy of the worktree's index made by acquire(), for snapshot(). */
  prepared: { index: string; sha: string } | null;
  /** The last snapshot taken in this worktree since it was acquired. */
  lastSnap: SnapRecord | null;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );
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
    const [, mode, , oid] = meta.slice(1).split(" ");
    if (mode === undefined || oid === undefined) throw new Error(`unexpected git diff output: ${meta}`);
    changes.push({ mode, oid, path });
  }
  return changes;
}

/**
 * Git worktrees for the agents of a run, taken from a pool kept per repository across runs under
 * `<git-common-dir>/agent-flow/worktrees/pool/wN`, out of the user's working tree. Creating a worktree
 * costs 0.5-0.8 s on 1,000 files and 5-16 s on 20,000; re-checking out a pooled one costs a few tens of ms,
 * and nothing at all when it already holds the commit asked for (see adopt()).
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
export class RunWorkspace {
  private free: Slot[] = [];
  private slots = new Map<string, Slot>();
  private snaps: SnapRecord[] = [];
  private byCommit = new Map<string, SnapRecord>();
  private seq = 0;
  private scratchMade = false;

  private constructor(
    private readonly git: Git,
    private readonly pool: string,
    private readonly scratch: string,
    private readonly runId: string,
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
    return new RunWorkspace(git, pool, scratch, runId);
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
    // Prefer a worktree that already holds `sha`, then the one released last.
    const ready = this.free.findIndex((s) => s.cleanAt === sha);
    const slot = (ready >= 0 ? this.free.splice(ready, 1)[0] : this.free.pop()) ?? (await this.claim());
    slot.busy = true;
    slot.lastSnap = null;
    this.dropPrepared(slot);
    try {
      await this.prepare(slot, sha);
    } catch (err) {
      slot.cleanAt = null;
      slot.busy = false;
      this.free.push(slot);
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
    const slot = this.slots.get(dir);
    if (!slot?.busy) return;
    slot.busy = false;
    this.dropPrepared(slot);
    this.free.push(slot);
  }

  /**
   * What the agent changed in `dir` relative to `baseSha`, as a tree object, without touching the
   * worktree's index: `git add` runs on acquire()'s private copy of that index, whose stat data is valid,
   * so only files that changed are hashed and write-tree re-uses the unchanged subtrees.
   */
  async snapshot(dir: string, baseSha: string): Promise<Snapshot> {
    const slot = this.slots.get(dir);
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
      const raw = parseRaw(
        await this.git.out([
          "diff-tree",
          "-r",
          "-z",
          "--raw",
          "--no-renames",
          "--no-commit-id",
          baseSha,
          tree,
        ]),
      );
      if (slot) {
        const rec: SnapRecord = { index, tree, base: baseSha, raw, slot };
        this.remember(rec);
        slot.lastSnap = rec;
      } else await rm(index, { force: true });
      return { tree, changed: raw.map((r) => r.path) };
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
    const slot = this.slots.get(dir);
    const rec = slot?.lastSnap;
    if (!slot || !rec || slot.gitdir === null) return;
    const fromSnapshot = this.byCommit.get(commit) === rec || (commit === rec.base && rec.raw.length === 0);
    if (!fromSnapshot) return;
    slot.cleanAt = null;
    slot.lastSnap = null;
    // Called after release(): keep the slot from being acquired while its index and HEAD change.
    const at = this.free.indexOf(slot);
    if (at >= 0) this.free.splice(at, 1);
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
      await this.setHead(slot, commit);
      slot.cleanAt = commit;
    } catch {
      slot.cleanAt = null;
    } finally {
      if (at >= 0) this.free.push(slot);
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
        const raw =
          recs[i]?.raw ??
          parseRaw(
            await this.git.out([
              "diff-tree",
              "-r",
              "-z",
              "--raw",
              "--no-renames",
              "--no-commit-id",
              baseSha,
              r.commit,
            ]),
          );
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

  /** Hands the worktrees back to the repository's pool (keeping at most POOL_KEEP) and drops scratch files. */
  async dispose(): Promise<void> {
    const mine = [...this.slots.values()].sort((a, b) => b.n - a.n);
    this.slots.clear();
    this.free = [];
    this.snaps = [];
    this.byCommit.clear();
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
    await rm(this.scratch, { recursive: true, force: true });
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

  private async prepare(slot: Slot, sha: string): Promise<void> {
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
  private async setHead(slot: Slot, commit: string): Promise<void> {
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

  /**
   * An agent may have switched its worktree to a branch. A pooled worktree outlives the run, and a branch
   * checked out there could not be checked out, pushed to with update-ref safety or deleted elsewhere: let
   * go of it. (With reftable HEAD is always a stub, and this is skipped; acquire() detaches anyway.)
   */
  private async detachBranch(slot: Slot): Promise<void> {
    if (slot.gitdir === null) return;
    const head = await readFile(join(slot.gitdir, "HEAD"), "utf8").catch(() => "");
    if (!head.startsWith("ref: ") || head.trim() === "ref: refs/heads/.invalid") return;
    slot.cleanAt = null;
    await this.git.at(slot.dir).exec(["checkout", "--quiet", "--force", "--detach"], { allowFailure: true });
  }

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
