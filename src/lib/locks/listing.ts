// What `agent-flow locks` shows, and the user's --force that breaks a lock (see claims.ts).

import { unlinkSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { dirsOf, ensureDirs, withClaim } from "./claims.js";
import { errno, judge, type LockInfo, lockResourceProblem, readLockFile } from "./lock-file.js";

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
