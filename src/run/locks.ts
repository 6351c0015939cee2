// Advisory locks of the local engine: `<root>/.locks/<resource>.lock`, one JSON file per held resource.
//
// Files
//   .locks/<resource>.lock          the lock: pretty JSON with the LockInfo fields (what `agent-flow locks` lists)
//   .locks/.tmp/<random>.tmp        a lock or claim being written; never read by anyone
//   .locks/.claims/<resource>.<key>.claim
//                                   the exclusive right to remove the lock (or claim) whose key is <key>
// A file's key is its `token` (128 random bits, new for every acquisition), or, for a file without a
// valid token (hand-written, corrupt), "h" + a hash of its bytes.
//
// Acquiring: the full JSON is written to a temp file, then link(tmp, lock) publishes it. link() fails with
// EEXIST atomically when the lock exists, so there is no check-then-create race, and since the content
// was complete before it got its public name, a reader never sees half a lock.
//
// Liveness (one rule, src/lib/liveness.ts, used by the engine's waiters, by `agent-flow locks` and in the
// timeout error alike): a lock records its holder's pid, host, boot id and process start time, and the
// bound `stale_after_ms`; its holder rewrites `heartbeat_at` every `heartbeat_ms` while it holds the lock
// (so a lease covers the whole hold, retries and back-off included). The lock is stale when its holder's
// process is known gone (same host: pid not running, pid reused, host rebooted) or when its last heartbeat
// (or, for a lock without one such as the guide's shell locks, its timestamp) is older than its bound
// (STALE_AFTER_MS when it records none): the same on any host. A file that is not a valid lock (hand-
// written, damaged) is shown as unreadable with what is wrong, and is reclaimed once it is older than
// UNPARSEABLE_GRACE_MS: our own locks are published whole by link(), so such a file is never a lock
// being written. A waiter that reads a stale lock with key K does NOT delete it by name (the name may
// meanwhile point to someone else's fresh lock). Instead:
//   1. it creates the claim `.claims/<resource>.K.claim` with link() (exclusive: at most one creator);
//   2. holding the claim, it re-reads the lock; only if the lock's key is still K and the lock is still
//      stale does it rename() its own complete temp file over the lock (atomically replacing K by its own
//      lock), else it does nothing;
//   3. it deletes its claim.
// release() follows the same three steps with K = its own token and unlink() instead of rename(); a
// heartbeat follows them with rename() of the same lock with a new `heartbeat_at` (the key stays K).
// breakLock() (the user's --force) follows them with unlink(), without the staleness test.
//
// Why two processes can never both acquire (the argument, by invariants):
//   (I1) The file at the lock name is created only by link() (which needs the name to be free), and is
//        removed or replaced only inside step 2, i.e. by a process holding the claim for that file's key
//        that has just read that key from the name.
//   (I2) At most one process holds the claim for a key at a time. Claims are created by link(). A claim
//        file is deleted only by its creator, or, when its creator's pid is dead (a dead process stays
//        dead; a live one is never reported dead), by a process holding the claim for the CLAIM's own
//        token: the same procedure one level up, so the same argument applies (depth is bounded).
//   (I3) Keys are never reused (random tokens) and nothing is ever put back at the lock name: once the
//        lock with key K leaves the name, no later reader sees K there again. The one rewrite that keeps
//        K at the name is the holder's heartbeat, done under claim K: so while a reclaimer holds claim K,
//        the content under K is fixed, and the staleness it re-judges in step 2 cannot change under it.
//   So between "read K under claim K" and the rename/unlink in step 2, the name cannot change: a create
//   fails because the name is taken, and a removal needs claim K, which we hold alone. The rename/unlink
//   therefore acts exactly on the lock that was judged stale (or on our own lock, for release). Every
//   acquisition (a link onto a free name, or a rename over the verified stale lock) follows the removal
//   of the previous lock, and two waiters that read the same stale K serialize on claim K: the second
//   one finds another key under the name and backs off. Hence at most one acquirer per lock generation,
//   and release() never removes a lock that is not its own (a release racing a reclaim of its lock
//   either finds the claim taken, or finds another key under the name; both leave the file alone).
//   The only holder that can be wrong about holding is one that missed its heartbeats for longer than
//   its own bound while it still ran (a stopped process, an event loop blocked for minutes), or whose
//   lock a user broke with --force; its next heartbeat finds another key and marks the handle `lost`.
//   Assumptions: one host per pid namespace (pids are checked only when the lock's host is this host;
//   locks from another host are judged by heartbeat only), clocks of hosts sharing a folder within a
//   fraction of the bound, and a filesystem with atomic link/rename (any local filesystem; not every
//   network one).
//
// Waiting polls every pollMs..2*pollMs (jittered; pollMs defaults to 25 ms) and also wakes at once when
// fs.watch reports a change of the lock file, so a hand-off usually costs about a millisecond. Polling
// stays the safety net when watching is unavailable.
//
// The fs operations of a single attempt are synchronous on purpose: each is a few microseconds on a
// local disk, it keeps the claim windows short, and the same code serves releaseAllHeldSync(), which must
// work inside a process 'exit' handler.
//
// Wiring (the engine owns signals; this module installs no handlers):
//   process.on("exit", releaseAllHeldSync);
//   process.once("SIGINT", () => { releaseAllHeldSync(); process.exit(130); });
//   process.once("SIGTERM", () => { releaseAllHeldSync(); process.exit(143); });
// Locks are not re-entrant: a second acquireLock of a held resource waits, even in the same process.

import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  type FSWatcher,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  watch,
  writeFileSync,
} from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { AgentFlowError } from "../lib/errors.js";
import {
  formatAge,
  HEARTBEAT_MS,
  judgeHolder,
  processGone,
  STALE_AFTER_MS,
  selfHolder,
  thisHost,
} from "../lib/liveness.js";

export { HEARTBEAT_MS, STALE_AFTER_MS } from "../lib/liveness.js";

export interface LockInfo {
  resource: string;
  run_id: string;
  agent: string;
  /** ISO time of the acquisition. */
  timestamp: string;
  pid: number;
  host: string;
  /** Random, identifies this acquisition. */
  token: string;
  /** The holder's boot id and process start time (src/lib/liveness.ts), absent in the guide's shell locks. */
  boot_id?: string | null;
  start_time?: string | null;
  /** ISO time of the holder's last heartbeat. */
  heartbeat_at?: string;
  /** The lock is stale once its last heartbeat is older than this (STALE_AFTER_MS when absent). */
  stale_after_ms?: number;
}

export interface LockStatus extends LockInfo {
  file: string;
  ageMs: number;
  stale: boolean;
  /** Why it counts as alive or stale: "alive: heartbeat 3s ago (pid 123)", "stale: pid 123 gone". */
  liveness: string;
  /** The same as `liveness`, only when stale (kept for readers of the JSON). */
  staleReason?: string;
  /** Set when the file is not a valid lock: what is wrong with it. */
  unreadable?: string;
}

export interface LockHandle {
  info: LockInfo;
  /** True once a heartbeat found the lock no longer ours (reclaimed after missed beats, or broken by --force). */
  readonly lost: boolean;
  /** Idempotent. Never deletes a lock held by someone else (the file must still carry this token). */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for a held lock before throwing LockTimeoutError (0: try once). */
  timeoutMs: number;
  /**
   * Stored in the lock as `stale_after_ms`: once its heartbeat is older than this, anyone may reclaim it.
   * Default STALE_AFTER_MS.
   */
  staleAfterMs?: number;
  /** How often the heartbeat is refreshed while held (0: never). Default min(HEARTBEAT_MS, staleAfterMs / 4). */
  heartbeatMs?: number;
  /** Poll interval; each wait is pollMs..2*pollMs. Default 25. */
  pollMs?: number;
  signal?: AbortSignal;
}

export const LOCKS_DIR = ".locks";
/** An unparseable lock file younger than this is left alone (it may be a hand-written lock being edited). */
export const UNPARSEABLE_GRACE_MS = 3000;
const DEFAULT_POLL_MS = 25;
const MAX_CLAIM_DEPTH = 4;
const RESOURCE_RE = /^[a-z0-9][a-z0-9_-]*$/;
const MAX_RESOURCE_LENGTH = 100;
const TOKEN_RE = /^[0-9a-f]{16,64}$/;

/** Returns a sentence saying what is wrong with `resource` as a lock name, or null when it is fine. */
export function lockResourceProblem(resource: string): string | null {
  if (resource === "") return "the lock resource name is empty; use a slug such as 'pipeline-status'";
  if (resource.length > MAX_RESOURCE_LENGTH) {
    return `the lock resource name '${resource.slice(0, 40)}...' is longer than ${MAX_RESOURCE_LENGTH} characters`;
  }
  if (!RESOURCE_RE.test(resource)) {
    const shown = JSON.stringify(resource);
    return `${shown} is not a valid lock resource name: use lowercase letters, digits, '-' and '_', starting with a letter or digit (it becomes the file name ${LOCKS_DIR}/<resource>.lock)`;
  }
  return null;
}

export class LockTimeoutError extends AgentFlowError {
  readonly holder?: LockInfo;
  readonly resource: string;
  readonly file: string;

  constructor(
    resource: string,
    file: string,
    timeoutMs: number,
    holder?: LockInfo,
    holderAgeMs?: number,
    liveness?: string,
  ) {
    const who =
      holder === undefined
        ? `held by a holder that could not be read (${liveness ?? "the lock file is not valid lock JSON"})`
        : `held by run ${holder.run_id || "?"}, agent ${holder.agent || "?"}, pid ${holder.pid} on host ${holder.host || "?"}` +
          (holderAgeMs === undefined ? "" : `, for ${formatDuration(holderAgeMs)}`) +
          (liveness === undefined ? "" : ` (${liveness})`);
    const bound = formatAge(holder?.stale_after_ms ?? STALE_AFTER_MS);
    super(
      `timed out after ${formatDuration(timeoutMs)} waiting for lock '${resource}' (${file}): ${who}. ` +
        `Run 'agent-flow locks' to inspect the locks; if that holder is gone, delete ${file} ` +
        `(a lock is also reclaimed automatically once its holder's pid is gone on this host, or its heartbeat is older than ${bound}).`,
    );
    this.name = "LockTimeoutError";
    this.resource = resource;
    this.file = file;
    if (holder !== undefined) this.holder = holder;
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading and judging lock files

interface ReadFile {
  raw: string;
  mtimeMs: number;
  /** The LockInfo, or null when the file is not a lock (not JSON, fields missing or of the wrong type). */
  info: LockInfo | null;
  /** What is wrong with it when `info` is null. */
  problem: string;
  key: string;
}

interface Judgement {
  ageMs: number;
  stale: boolean;
  /** "alive: ..." or "stale: ...". */
  reason: string;
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function newToken(): string {
  return randomBytes(16).toString("hex");
}

/** Reads a lock or claim file; null when it does not exist. mtime and bytes come from the same inode. */
function readLockFile(file: string): ReadFile | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    if (errno(e) === "ENOENT") return null;
    throw e;
  }
  try {
    const mtimeMs = fstatSync(fd).mtimeMs;
    const raw = readFileSync(fd, "utf8");
    const parsed = parseLockInfo(raw);
    const info = typeof parsed === "string" ? null : parsed;
    const problem = typeof parsed === "string" ? parsed : "";
    const key =
      info !== null && TOKEN_RE.test(info.token)
        ? info.token
        : `h${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`;
    return { raw, mtimeMs, info, problem, key };
  } finally {
    closeSync(fd);
  }
}

/** The LockInfo, or a sentence saying what is wrong with the file. */
function parseLockInfo(raw: string): LockInfo | string {
  if (raw.trim() === "") return "the file is empty";
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return `not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  const o = v as Record<string, unknown>;
  const str = (k: string): string | null => (typeof o[k] === "string" ? (o[k] as string) : null);
  const pid = o.pid;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0)
    return `"pid" is ${pid === undefined ? "missing" : `${JSON.stringify(pid)}, not a positive integer`}`;
  const run_id = str("run_id");
  const agent = str("agent");
  const timestamp = str("timestamp");
  for (const [k, val] of [
    ["run_id", run_id],
    ["agent", agent],
    ["timestamp", timestamp],
  ] as const)
    if (val === null) return `"${k}" is missing or not a string`;
  // The guide's own shell locks carry only run_id, agent, timestamp and pid: accept them, as local ones.
  const info: LockInfo = {
    resource: str("resource") ?? "",
    run_id: run_id as string,
    agent: agent as string,
    timestamp: timestamp as string,
    pid,
    host: str("host") ?? thisHost,
    token: str("token") ?? "",
  };
  if (o.boot_id !== undefined) info.boot_id = str("boot_id");
  if (o.start_time !== undefined) info.start_time = str("start_time");
  const beat = str("heartbeat_at");
  if (beat !== null) info.heartbeat_at = beat;
  const bound = o.stale_after_ms;
  if (typeof bound === "number" && Number.isFinite(bound) && bound > 0) info.stale_after_ms = bound;
  return info;
}

function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Parses an ISO time; the file's mtime when it is not one. */
function timeOf(iso: string | undefined, f: ReadFile): number {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? f.mtimeMs : t;
}

/**
 * Is this file stale (the rule of the header, src/lib/liveness.ts)? `lease`: whether a missed heartbeat
 * makes a holder on this host stale (true for locks; false for claims, held for microseconds by a process
 * whose liveness is checked directly, and never second-guessed while it runs, see (I2)).
 */
function judge(f: ReadFile, now: number, lease: boolean): Judgement {
  if (f.info === null) {
    const ageMs = Math.max(0, now - f.mtimeMs);
    const grace = formatDuration(UNPARSEABLE_GRACE_MS);
    return ageMs > UNPARSEABLE_GRACE_MS
      ? { ageMs, stale: true, reason: `stale: unreadable (${f.problem}) and older than ${grace}` }
      : { ageMs, stale: false, reason: `unreadable (${f.problem}); left alone while younger than ${grace}` };
  }
  const info = f.info;
  const ageMs = Math.max(0, now - timeOf(info.timestamp, f));
  if (!lease && info.host === thisHost) {
    const gone = processGone(info);
    return gone === null
      ? { ageMs, stale: false, reason: `alive: pid ${info.pid} runs` }
      : { ageMs, stale: true, reason: `stale: ${gone}` };
  }
  const lastSeen = timeOf(info.heartbeat_at ?? info.timestamp, f);
  const v = judgeHolder(info, lastSeen, info.stale_after_ms ?? STALE_AFTER_MS, now);
  return { ageMs, stale: !v.alive, reason: v.reason };
}

// ---------------------------------------------------------------------------------------------------
// Directories, temp files, claims

interface Dirs {
  locks: string;
  tmp: string;
  claims: string;
}

function dirsOf(root: string): Dirs {
  const locks = join(root, LOCKS_DIR);
  return { locks, tmp: join(locks, ".tmp"), claims: join(locks, ".claims") };
}

function ensureDirs(d: Dirs): void {
  mkdirSync(d.tmp, { recursive: true });
  mkdirSync(d.claims, { recursive: true });
}

/** Temp files of acquisitions in progress, removed by releaseAllHeldSync() if the process ends meanwhile. */
const pendingTmp = new Set<string>();

/** Writes `content` to `file` (in the temp dir), recreating the directories when someone removed them. */
function writeTmp(d: Dirs, file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (e) {
    if (errno(e) !== "ENOENT") throw e;
    ensureDirs(d);
    writeFileSync(file, content);
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Creates `file` with `content` atomically and exclusively: true if we created it, false if it exists. */
function createExclusive(d: Dirs, file: string, content: string): boolean {
  const tmp = join(d.tmp, `${newToken()}.tmp`);
  writeTmp(d, tmp, content);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if (errno(e) === "EEXIST") return false;
    throw e;
  } finally {
    unlinkQuiet(tmp);
  }
}

function claimPath(d: Dirs, resource: string, key: string): string {
  return join(d.claims, `${resource}.${key}.claim`);
}

function serialize(info: LockInfo): string {
  const { resource, run_id, agent, timestamp, pid, host, token } = info;
  const { boot_id, start_time, heartbeat_at, stale_after_ms } = info;
  const out = {
    resource,
    run_id,
    agent,
    timestamp,
    pid,
    host,
    token,
    boot_id,
    start_time,
    heartbeat_at,
    stale_after_ms,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * Runs `critical` while holding the claim for `key` (steps 1 and 3 of the header). Returns "busy" when a
 * live process holds that claim. A claim left by a dead process is removed under a claim of its own key.
 */
function withClaim<T>(d: Dirs, resource: string, key: string, depth: number, critical: () => T): T | "busy" {
  const file = claimPath(d, resource, key);
  const token = newToken();
  const content = serialize({
    resource,
    run_id: "",
    agent: "claim",
    timestamp: new Date().toISOString(),
    ...selfHolder(),
    token,
  });
  let created = false;
  for (let attempt = 0; attempt < 3 && !created; attempt++) {
    if (createExclusive(d, file, content)) {
      created = true;
      break;
    }
    const other = readLockFile(file);
    if (other === null) continue; // released meanwhile: try again
    if (!judge(other, Date.now(), false).stale || depth >= MAX_CLAIM_DEPTH) return "busy";
    withClaim(d, resource, other.key, depth + 1, () => {
      if (readLockFile(file)?.key === other.key) unlinkSync(file);
    });
  }
  if (!created) return "busy";
  try {
    return critical();
  } finally {
    // Still ours: removing it needs the claim of our token, which requires our pid to be dead (I2).
    unlinkQuiet(file);
  }
}

// ---------------------------------------------------------------------------------------------------
// Held locks

interface Held {
  dirs: Dirs;
  lockPath: string;
  info: LockInfo;
  released: boolean;
  lost: boolean;
  timer?: NodeJS.Timeout;
}

/** Every lock this process holds, by token. */
const held = new Map<string, Held>();

/**
 * Refreshes `heartbeat_at` of a held lock: the same lock (same token) renamed over itself under the claim
 * of its own key (see the header), so no reclaimer that re-judges under that claim can see it change.
 * When the lock is no longer ours, the handle is marked lost and the heartbeat stops.
 */
function beat(h: Held): void {
  if (h.released) return;
  const next: LockInfo = { ...h.info, heartbeat_at: new Date().toISOString() };
  const tmp = join(h.dirs.tmp, `${h.info.resource}.${h.info.token}.${newToken()}.beat`);
  pendingTmp.add(tmp);
  try {
    writeTmp(h.dirs, tmp, serialize(next));
    const outcome = withClaim(h.dirs, h.info.resource, h.info.token, 0, () => {
      if (readLockFile(h.lockPath)?.key !== h.info.token) return "lost";
      renameSync(tmp, h.lockPath);
      return "refreshed";
    });
    if (outcome === "refreshed") h.info.heartbeat_at = next.heartbeat_at as string;
    if (outcome === "lost") {
      h.lost = true;
      h.released = true;
      held.delete(h.info.token);
      clearInterval(h.timer);
    }
    // "busy": someone is judging our lock right now; it is alive, so they leave it; beat again next time
  } catch {
    // a failed write (disk full, folder removed) is retried at the next beat; the bound allows several
  } finally {
    unlinkQuiet(tmp);
    pendingTmp.delete(tmp);
  }
}

function releaseHeld(h: Held): void {
  if (h.released) return;
  h.released = true;
  clearInterval(h.timer);
  held.delete(h.info.token);
  const outcome = withClaim(h.dirs, h.info.resource, h.info.token, 0, () => {
    const cur = readLockFile(h.lockPath);
    if (cur?.key !== h.info.token) return "not ours";
    unlinkSync(h.lockPath);
    return "released";
  });
  // "busy" or "not ours": our lock was reclaimed as stale (or is being); the file is someone else's now.
  void outcome;
}

/**
 * Releases every lock this process holds, with synchronous fs calls, for process 'exit' and signal
 * handlers (see the wiring in the header). Never throws.
 */
export function releaseAllHeldSync(): void {
  for (const h of [...held.values()]) {
    try {
      releaseHeld(h);
    } catch {
      // best effort: the process is ending; a leftover lock is reclaimed once our pid is gone
    }
  }
  for (const tmp of pendingTmp) unlinkQuiet(tmp);
  pendingTmp.clear();
}

// ---------------------------------------------------------------------------------------------------
// Acquiring

type Attempt = { acquired: true } | { acquired: false; current: ReadFile | null };

interface Ctx {
  dirs: Dirs;
  resource: string;
  lockPath: string;
  tmp: string;
  info: LockInfo;
}

/** Writes our lock, with a fresh timestamp and heartbeat, to our temp file. */
function prepare(ctx: Ctx): void {
  ctx.info.timestamp = new Date().toISOString();
  ctx.info.heartbeat_at = ctx.info.timestamp;
  writeTmp(ctx.dirs, ctx.tmp, serialize(ctx.info));
}

function attempt(ctx: Ctx): Attempt {
  let current: ReadFile | null = null;
  for (let i = 0; i < 5; i++) {
    current = readLockFile(ctx.lockPath);
    if (current === null) {
      prepare(ctx);
      try {
        linkSync(ctx.tmp, ctx.lockPath);
      } catch (e) {
        if (errno(e) === "EEXIST") continue; // someone was faster: read who
        if (errno(e) === "ENOENT") {
          ensureDirs(ctx.dirs);
          continue;
        }
        throw e;
      }
      unlinkQuiet(ctx.tmp);
      return { acquired: true };
    }
    if (!judge(current, Date.now(), true).stale) return { acquired: false, current };
    prepare(ctx);
    const stale = current;
    const outcome = withClaim(ctx.dirs, ctx.resource, stale.key, 0, () => {
      const now = readLockFile(ctx.lockPath);
      if (now?.key !== stale.key) return "gone";
      // Re-judged under the claim: a heartbeat since our first reading makes it alive again (I3).
      if (!judge(now, Date.now(), true).stale) return "alive";
      renameSync(ctx.tmp, ctx.lockPath); // replaces exactly the stale lock (I1-I3)
      return "replaced";
    });
    if (outcome === "replaced") return { acquired: true };
    if (outcome === "busy" || outcome === "alive") return { acquired: false, current }; // reclaimed by another waiter, or alive
    // "gone": it was released or reclaimed meanwhile; look again
  }
  return { acquired: false, current };
}

function abortError(resource: string, signal: AbortSignal): Error {
  const err = new Error(`waiting for lock '${resource}' was aborted`, { cause: signal.reason }) as Error & {
    code: string;
  };
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}

/**
 * Acquires `<root>/.locks/<resource>.lock`, waiting up to `opts.timeoutMs` for its holder, reclaiming it
 * when stale (see the header). Throws LockTimeoutError naming the holder, or an AbortError on `signal`.
 */
export async function acquireLock(
  root: string,
  resource: string,
  owner: { run_id: string; agent: string },
  opts: AcquireOptions,
): Promise<LockHandle> {
  const problem = lockResourceProblem(resource);
  if (problem !== null) throw new Error(problem);
  const { signal } = opts;
  if (signal?.aborted) throw abortError(resource, signal);
  const pollMs = Math.max(1, opts.pollMs ?? DEFAULT_POLL_MS);
  const dirs = dirsOf(root);
  ensureDirs(dirs);
  const token = newToken();
  const staleAfterMs = opts.staleAfterMs ?? STALE_AFTER_MS;
  const heartbeatMs = opts.heartbeatMs ?? Math.min(HEARTBEAT_MS, Math.max(1, Math.floor(staleAfterMs / 4)));
  const info: LockInfo = {
    resource,
    run_id: owner.run_id,
    agent: owner.agent,
    timestamp: "",
    ...selfHolder(),
    token,
    stale_after_ms: staleAfterMs,
  };
  const ctx: Ctx = {
    dirs,
    resource,
    lockPath: join(dirs.locks, `${resource}.lock`),
    tmp: join(dirs.tmp, `${resource}.${token}.tmp`),
    info,
  };
  const deadline = Date.now() + opts.timeoutMs;
  const lockName = `${resource}.lock`;
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  pendingTmp.add(ctx.tmp);
  try {
    for (;;) {
      if (signal?.aborted) throw abortError(resource, signal);
      const a = attempt(ctx);
      if (a.acquired) {
        const h: Held = { dirs, lockPath: ctx.lockPath, info: { ...info }, released: false, lost: false };
        held.set(token, h);
        if (heartbeatMs > 0) {
          h.timer = setInterval(() => beat(h), heartbeatMs);
          h.timer.unref(); // a held lock must not keep the process alive
        }
        return {
          info: h.info,
          get lost() {
            return h.lost;
          },
          release: async () => releaseHeld(h),
        };
      }
      const now = Date.now();
      if (now >= deadline) {
        const cur = a.current;
        const j = cur === null ? undefined : judge(cur, now, true);
        throw new LockTimeoutError(
          resource,
          ctx.lockPath,
          opts.timeoutMs,
          cur?.info ?? undefined,
          j?.ageMs,
          cur?.info === null ? cur.problem : j?.reason,
        );
      }
      if (watcher === undefined) {
        try {
          watcher = watch(dirs.locks, { persistent: false }, (_event, name) => {
            if (name === null || String(name) === lockName) wake?.();
          });
          watcher.on("error", () => watcher?.close());
        } catch {
          // no watching here (e.g. inotify limits): polling alone still works
        }
      }
      const delay = Math.min(deadline - now, pollMs * (1 + Math.random()));
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, delay);
        signal?.addEventListener("abort", done, { once: true });
        wake = done;
      });
    }
  } finally {
    watcher?.close();
    pendingTmp.delete(ctx.tmp);
    unlinkQuiet(ctx.tmp);
  }
}

// ---------------------------------------------------------------------------------------------------
// Listing

/**
 * Every lock file under `<root>/.locks`, sorted by resource, with its age and why it counts as alive or
 * stale (the same rule the engine applies when it waits for it).
 */
export async function listLocks(root: string): Promise<LockStatus[]> {
  const dirs = dirsOf(root);
  let names: string[];
  try {
    names = await readdir(dirs.locks);
  } catch (e) {
    if (errno(e) === "ENOENT") return [];
    throw e;
  }
  const out: LockStatus[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith(".lock") || name.startsWith(".")) continue;
    const status = readLock(root, name.slice(0, -".lock".length));
    if (status === null) continue;
    out.push(status);
  }
  return out;
}

/** One lock as `listLocks` shows it, or null when there is no such lock file. */
export function readLock(root: string, resource: string): LockStatus | null {
  const file = join(dirsOf(root).locks, `${resource}.lock`);
  const f = readLockFile(file);
  if (f === null) return null;
  const j = judge(f, Date.now(), true);
  const info: LockInfo = f.info ?? {
    resource,
    run_id: "",
    agent: "",
    timestamp: new Date(f.mtimeMs).toISOString(),
    pid: 0,
    host: "",
    token: "",
  };
  const status: LockStatus = { ...info, resource, file, ageMs: j.ageMs, stale: j.stale, liveness: j.reason };
  if (j.stale) status.staleReason = j.reason;
  if (f.info === null) status.unreadable = f.problem;
  return status;
}

/**
 * Removes a lock whatever its liveness: the user's explicit override (--force) for a holder the rules
 * cannot declare gone. Done under the claim of the lock's key (the header's steps 1-3 without the
 * staleness test), and only when the lock is still the one `expectToken` names (when given), so a lock
 * taken meanwhile by someone else is left alone. Returns the removed lock, or null when there was none.
 */
export function breakLock(root: string, resource: string, expectToken?: string): LockStatus | null {
  const problem = lockResourceProblem(resource);
  if (problem !== null) throw new Error(problem);
  const dirs = dirsOf(root);
  const lockPath = join(dirs.locks, `${resource}.lock`);
  for (let i = 0; i < 5; i++) {
    const shown = readLock(root, resource);
    const f = readLockFile(lockPath);
    if (f === null || shown === null) return null;
    if (expectToken !== undefined && f.key !== expectToken) return null;
    ensureDirs(dirs);
    const outcome = withClaim(dirs, resource, f.key, 0, () => {
      if (readLockFile(lockPath)?.key !== f.key) return "gone";
      unlinkSync(lockPath);
      return "removed";
    });
    if (outcome === "removed") return shown;
    if (outcome === "busy")
      throw new Error(`${lockPath} is being reclaimed by another process right now; try again`);
  }
  return null;
}
