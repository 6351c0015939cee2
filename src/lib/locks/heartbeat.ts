// Locks this process holds: their heartbeat, their release, and the release of all of them when the
// process ends (see claims.ts for the protocol the heartbeat and the release follow).

import { renameSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { type Dirs, pendingTmp, serialize, unlinkQuiet, withClaim, writeTmp } from "./claims.js";
import { type LockInfo, newToken, readLockFile } from "./lock-file.js";

export interface LockHandle {
  info: LockInfo;
  /** True once a heartbeat found the lock no longer ours (reclaimed after missed beats, or broken by --force). */
  readonly lost: boolean;
  /** Idempotent. Never deletes a lock held by someone else (the file must still carry this token). */
  release(): Promise<void>;
}

export interface Held {
  dirs: Dirs;
  lockPath: string;
  info: LockInfo;
  released: boolean;
  lost: boolean;
  timer?: NodeJS.Timeout;
}

/** Every lock this process holds, by token. */
export const held = new Map<string, Held>();

/**
 * Refreshes `heartbeat_at` of a held lock: the same lock (same token) renamed over itself under the claim
 * of its own key (see the header), so no reclaimer that re-judges under that claim can see it change.
 * When the lock is no longer ours, the handle is marked lost and the heartbeat stops.
 */
export function beat(h: Held): void {
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

export function releaseHeld(h: Held): void {
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
