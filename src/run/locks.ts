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
// Reclaiming: a lock is stale when its holder's pid is not running on this host (kill(pid, 0) -> ESRCH;
// EPERM means it runs), when it is older than `staleAfterMs` (a lease: the old holder is presumed stuck),
// or when it cannot be parsed and is older than a few seconds. A waiter that reads a stale lock with key
// K does NOT delete it by name (the name may meanwhile point to someone else's fresh lock). Instead:
//   1. it creates the claim `.claims/<resource>.K.claim` with link() (exclusive: at most one creator);
//   2. holding the claim, it re-reads the lock; only if the lock's key is still K does it rename() its own
//      complete temp file over the lock (atomically replacing K by its own lock), else it does nothing;
//   3. it deletes its claim.
// release() follows the same three steps with K = its own token and unlink() instead of rename().
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
//        lock with key K leaves the name, no later reader sees K there again.
//   So between "read K under claim K" and the rename/unlink in step 2, the name cannot change: a create
//   fails because the name is taken, and a removal needs claim K, which we hold alone. The rename/unlink
//   therefore acts exactly on the lock that was judged stale (or on our own lock, for release). Every
//   acquisition (a link onto a free name, or a rename over the verified stale lock) follows the removal
//   of the previous lock, and two waiters that read the same stale K serialize on claim K: the second
//   one finds another key under the name and backs off. Hence at most one acquirer per lock generation,
//   and release() never removes a lock that is not its own (a release racing a reclaim of its lock
//   either finds the claim taken, or finds another key under the name; both leave the file alone).
//   The only holder that can be wrong about holding is one whose lock was reclaimed as older than
//   `staleAfterMs` while it still ran: that is the lease, and choosing the timeout is the caller's job.
//   Assumptions: one host per pid namespace (pids are checked only when the lock's host is this host;
//   locks from another host are reclaimed by age only), and a filesystem with atomic link/rename (any
//   local filesystem; not every network one).
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
import { hostname } from "node:os";
import { join } from "node:path";

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
}

export interface LockStatus extends LockInfo {
  file: string;
  ageMs: number;
  stale: boolean;
  /** e.g. "holder pid 123 is not running" or "older than lock timeout (61s > 60s)". */
  staleReason?: string;
}

export interface LockHandle {
  info: LockInfo;
  /** Idempotent. Never deletes a lock held by someone else (the file must still carry this token). */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for a held lock before throwing LockTimeoutError (0: try once). */
  timeoutMs: number;
  /** A lock older than this is presumed abandoned and is reclaimed (the guide's lock timeout). */
  staleAfterMs: number;
  /** Poll interval; each wait is pollMs..2*pollMs. Default 25. */
  pollMs?: number;
  signal?: AbortSignal;
}

export const LOCKS_DIR = ".locks";
/** An unparseable lock file younger than this (or than staleAfterMs, if smaller) is left alone. */
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

export class LockTimeoutError extends Error {
  readonly holder?: LockInfo;
  readonly resource: string;
  readonly file: string;

  constructor(resource: string, file: string, timeoutMs: number, holder?: LockInfo, holderAgeMs?: number) {
    const who =
      holder === undefined
        ? "held by a holder that could not be read (the lock file is not valid lock JSON)"
        : `held by run ${holder.run_id || "?"}, agent ${holder.agent || "?"}, pid ${holder.pid} on host ${holder.host || "?"}` +
          (holderAgeMs === undefined ? "" : `, for ${formatDuration(holderAgeMs)}`);
    super(
      `timed out after ${formatDuration(timeoutMs)} waiting for lock '${resource}' (${file}): ${who}. ` +
        `Run 'agent-flow locks' to inspect the locks; if that holder is gone, delete ${file} ` +
        "(a lock is also reclaimed automatically once its pid has exited or it is older than the lock timeout).",
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
  key: string;
}

interface Judgement {
  ageMs: number;
  stale: boolean;
  reason?: string;
}

const thisHost = hostname();

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
    const info = parseLockInfo(raw);
    const key =
      info !== null && TOKEN_RE.test(info.token)
        ? info.token
        : `h${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`;
    return { raw, mtimeMs, info, key };
  } finally {
    closeSync(fd);
  }
}

function parseLockInfo(raw: string): LockInfo | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const str = (k: string): string | null => (typeof o[k] === "string" ? (o[k] as string) : null);
  const pid = o.pid;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return null;
  const run_id = str("run_id");
  const agent = str("agent");
  const timestamp = str("timestamp");
  if (run_id === null || agent === null || timestamp === null) return null;
  // The guide's own shell locks carry only run_id, agent, timestamp and pid: accept them, as local ones.
  return {
    resource: str("resource") ?? "",
    run_id,
    agent,
    timestamp,
    pid,
    host: str("host") ?? thisHost,
    token: str("token") ?? "",
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) !== "ESRCH"; // EPERM: it runs under another user; anything else: assume it runs
  }
}

/** Formats two durations with just enough precision to tell them apart: "61s > 60s", "0.4s > 0.3s". */
function formatPair(a: number, b: number): string {
  for (const digits of [0, 1, 3]) {
    const x = (a / 1000).toFixed(digits);
    const y = (b / 1000).toFixed(digits);
    if (x !== y || digits === 3) return `${x}s > ${y}s`;
  }
  return "";
}

function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Is this file stale? `lease`: whether age alone makes a holder on this host stale (true for locks; false
 * for claims, whose live holders are never second-guessed, see (I2)).
 */
function judge(f: ReadFile, staleAfterMs: number, now: number, lease: boolean): Judgement {
  if (f.info === null) {
    const ageMs = Math.max(0, now - f.mtimeMs);
    const grace = Math.min(UNPARSEABLE_GRACE_MS, staleAfterMs);
    return ageMs > grace
      ? { ageMs, stale: true, reason: `not a valid lock file and older than ${formatDuration(grace)}` }
      : { ageMs, stale: false };
  }
  const t = Date.parse(f.info.timestamp);
  const ageMs = Math.max(0, now - (Number.isNaN(t) ? f.mtimeMs : t));
  const local = f.info.host === thisHost;
  if (local && !pidAlive(f.info.pid)) {
    return { ageMs, stale: true, reason: `holder pid ${f.info.pid} is not running` };
  }
  if ((lease || !local) && ageMs > staleAfterMs) {
    return { ageMs, stale: true, reason: `older than lock timeout (${formatPair(ageMs, staleAfterMs)})` };
  }
  return { ageMs, stale: false };
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
  return `${JSON.stringify({ resource, run_id, agent, timestamp, pid, host, token }, null, 2)}\n`;
}

/**
 * Runs `critical` while holding the claim for `key` (steps 1 and 3 of the header). Returns "busy" when a
 * live process holds that claim. A claim left by a dead process is removed under a claim of its own key.
 */
function withClaim<T>(
  d: Dirs,
  resource: string,
  key: string,
  staleAfterMs: number,
  depth: number,
  critical: () => T,
): T | "busy" {
  const file = claimPath(d, resource, key);
  const token = newToken();
  const content = serialize({
    resource,
    run_id: "",
    agent: "claim",
    timestamp: new Date().toISOString(),
    pid: process.pid,
    host: thisHost,
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
    if (!judge(other, staleAfterMs, Date.now(), false).stale || depth >= MAX_CLAIM_DEPTH) return "busy";
    withClaim(d, resource, other.key, staleAfterMs, depth + 1, () => {
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
  staleAfterMs: number;
  released: boolean;
}

/** Every lock this process holds, by token. */
const held = new Map<string, Held>();

function releaseHeld(h: Held): void {
  if (h.released) return;
  h.released = true;
  held.delete(h.info.token);
  const outcome = withClaim(h.dirs, h.info.resource, h.info.token, h.staleAfterMs, 0, () => {
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
  staleAfterMs: number;
}

/** Writes our lock, with a fresh timestamp, to our temp file. */
function prepare(ctx: Ctx): void {
  ctx.info.timestamp = new Date().toISOString();
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
    if (!judge(current, ctx.staleAfterMs, Date.now(), true).stale) return { acquired: false, current };
    prepare(ctx);
    const stale = current;
    const outcome = withClaim(ctx.dirs, ctx.resource, stale.key, ctx.staleAfterMs, 0, () => {
      if (readLockFile(ctx.lockPath)?.key !== stale.key) return "gone";
      renameSync(ctx.tmp, ctx.lockPath); // replaces exactly the stale lock (I1-I3)
      return "replaced";
    });
    if (outcome === "replaced") return { acquired: true };
    if (outcome === "busy") return { acquired: false, current }; // another waiter is reclaiming it
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
  const info: LockInfo = {
    resource,
    run_id: owner.run_id,
    agent: owner.agent,
    timestamp: "",
    pid: process.pid,
    host: thisHost,
    token,
  };
  const ctx: Ctx = {
    dirs,
    resource,
    lockPath: join(dirs.locks, `${resource}.lock`),
    tmp: join(dirs.tmp, `${resource}.${token}.tmp`),
    info,
    staleAfterMs: opts.staleAfterMs,
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
        const h: Held = {
          dirs,
          lockPath: ctx.lockPath,
          info: { ...info },
          staleAfterMs: opts.staleAfterMs,
          released: false,
        };
        held.set(token, h);
        return {
          info: h.info,
          release: async () => releaseHeld(h),
        };
      }
      const now = Date.now();
      if (now >= deadline) {
        const cur = a.current;
        const age = cur === null ? undefined : judge(cur, opts.staleAfterMs, now, true).ageMs;
        throw new LockTimeoutError(resource, ctx.lockPath, opts.timeoutMs, cur?.info ?? undefined, age);
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

/** Every lock file under `<root>/.locks`, sorted by resource, with its age and whether it is stale. */
export async function listLocks(root: string, staleAfterMs: number): Promise<LockStatus[]> {
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
    const file = join(dirs.locks, name);
    const f = readLockFile(file);
    if (f === null) continue;
    const resource = name.slice(0, -".lock".length);
    const j = judge(f, staleAfterMs, Date.now(), true);
    const info: LockInfo = f.info ?? {
      resource,
      run_id: "",
      agent: "",
      timestamp: new Date(f.mtimeMs).toISOString(),
      pid: 0,
      host: "",
      token: "",
    };
    const status: LockStatus = { ...info, resource, file, ageMs: j.ageMs, stale: j.stale };
    if (j.reason !== undefined) status.staleReason = j.reason;
    out.push(status);
  }
  return out;
}
