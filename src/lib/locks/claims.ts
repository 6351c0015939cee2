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

import { linkSync, mkdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selfHolder } from "../liveness.js";
import { errno, judge, LOCKS_DIR, type LockInfo, newToken, readLockFile } from "./lock-file.js";

const MAX_CLAIM_DEPTH = 4;

export interface Dirs {
  locks: string;
  tmp: string;
  claims: string;
}

export function dirsOf(root: string): Dirs {
  const locks = join(root, LOCKS_DIR);
  return { locks, tmp: join(locks, ".tmp"), claims: join(locks, ".claims") };
}

export function ensureDirs(d: Dirs): void {
  try {
    mkdirSync(d.tmp, { recursive: true });
    mkdirSync(d.claims, { recursive: true });
  } catch (e) {
    // A file (or a link to one) where the folder goes: say which path and what to do, not ENOTDIR.
    const code = errno(e);
    if (code !== "ENOTDIR" && code !== "EEXIST") throw e;
    const bad = [d.locks, d.tmp, d.claims].find(
      (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === false,
    );
    throw new Error(
      `${bad ?? d.locks} is not a folder (a file or a link in its place?): agent-flow keeps its lock files there; move it away and run again`,
    );
  }
}

/** Temp files of acquisitions in progress, removed by releaseAllHeldSync() if the process ends meanwhile. */
export const pendingTmp = new Set<string>();

/** Writes `content` to `file` (in the temp dir), recreating the directories when someone removed them. */
export function writeTmp(d: Dirs, file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (e) {
    if (errno(e) !== "ENOENT") throw e;
    ensureDirs(d);
    writeFileSync(file, content);
  }
}

export function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Creates `file` with `content` atomically and exclusively: true if we created it, false if it exists. */
export function createExclusive(d: Dirs, file: string, content: string): boolean {
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

export function serialize(info: LockInfo): string {
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
export function withClaim<T>(
  d: Dirs,
  resource: string,
  key: string,
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
