// Is the process behind a lock or a run still alive? One rule for locks, runs and scratch folders.
//
// A holder is recorded as pid + host + boot id (/proc/sys/kernel/random/boot_id) + process start time
// (field 22 of /proc/<pid>/stat, clock ticks since boot), and it refreshes a heartbeat while it lives
// (locks.ts rewrites `heartbeat_at` in each held lock every HEARTBEAT_MS). The verdict:
//   - same machine (same boot id, or same host name when a boot id is unknown):
//       pid not running            -> stale "pid N gone"
//       pid running, other start   -> stale "pid N reused by another process"
//   - another boot of this host      -> stale "host H rebooted"
//   - any host: last heartbeat older than the holder's bound (`stale_after_ms`, default STALE_AFTER_MS)
//                                    -> stale "no heartbeat for 2m (host ci-7)"
//   - otherwise alive ("alive: heartbeat 3s ago").
// Another host's pids cannot be checked, so there the heartbeat alone decides: a crashed engine in a CI
// container is stale STALE_AFTER_MS after its last beat. Only node: modules are imported (the lock tests
// and bench transpile this file for plain-node children).

import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** How often a holder refreshes its heartbeat. */
export const HEARTBEAT_MS = 10_000;
/**
 * A holder whose last heartbeat is older than this is presumed dead, on any host: nine missed beats,
 * so a busy event loop or a slow disk is not mistaken for a crash.
 */
export const STALE_AFTER_MS = 90_000;

export interface Holder {
  pid: number;
  host: string;
  /** The machine's boot id; null or absent where there is no /proc. */
  boot_id?: string | null;
  /** The process start time (field 22 of /proc/<pid>/stat); null or absent where there is no /proc. */
  start_time?: string | null;
}

export interface Liveness {
  alive: boolean;
  /** Why, in words for `runs` and `locks`: "alive: heartbeat 3s ago", "stale: pid 1234 gone". */
  reason: string;
}

export const thisHost: string = hostname();

let bootIdCache: string | null | undefined;

export function bootId(): string | null {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache;
}

/** Field 22 of /proc/<pid>/stat, or null (no such process, or no /proc). */
export function processStartTime(pid: number): string | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return rest[22 - 3] ?? null;
}

/** kill(pid, 0): ESRCH means gone; EPERM means it runs under another user. */
export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** This process, as a holder records it. */
export function selfHolder(): Required<Holder> {
  return { pid: process.pid, host: thisHost, boot_id: bootId(), start_time: processStartTime(process.pid) };
}

/**
 * What is known for certain about a holder's process without its heartbeat: a reason it is gone, or
 * null (it runs, or it runs on another machine where it cannot be checked).
 */
export function processGone(h: Holder): string | null {
  const boot = bootId();
  if (h.host !== thisHost) return null;
  if (h.boot_id && boot && h.boot_id !== boot) return `host ${h.host} rebooted since (boot id differs)`;
  if (!pidRunning(h.pid)) return `pid ${h.pid} gone`;
  if (h.start_time) {
    const now = processStartTime(h.pid);
    if (now !== null && now !== h.start_time)
      return `pid ${h.pid} reused by another process (start time differs)`;
  }
  return null;
}

/** Whether a holder's process can be checked from here (same host; a reboot is detected too). */
export const sameHost = (h: Holder): boolean => h.host === thisHost;

/**
 * The verdict on a holder whose last sign of life (heartbeat, or the time it took the lock when it
 * keeps none) is `lastSeenMs`, with the bound `staleAfterMs` it recorded.
 */
export function judgeHolder(h: Holder, lastSeenMs: number, staleAfterMs: number, now = Date.now()): Liveness {
  const gone = processGone(h);
  if (gone !== null) return { alive: false, reason: `stale: ${gone}` };
  const age = Math.max(0, now - lastSeenMs);
  const where = sameHost(h) ? `pid ${h.pid}` : `host ${h.host || "?"}`;
  if (age > staleAfterMs) {
    return {
      alive: false,
      reason: `stale: no heartbeat for ${formatAge(age)} (${where}; the bound is ${formatAge(staleAfterMs)})`,
    };
  }
  return { alive: true, reason: `alive: heartbeat ${formatAge(age)} ago (${where})` };
}

/** "0.4s", "12s", "3m", "2h5m", "3d": precise enough to tell a live holder from a dead one. */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
  return `${Math.floor(h / 24)}d`;
}
