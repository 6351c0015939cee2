import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Whether the engine that recorded itself in a run is still alive. A pid alone is not enough: pids are
 * reused, and a run resumed in a new CI container sees another host. So the engine records its pid, its
 * host, the machine's boot id and the process's start time, and while it lives it refreshes a heartbeat
 * every HEARTBEAT_MS. On the same machine and boot the pid and its start time decide; elsewhere only the
 * heartbeat can: one older than HEARTBEAT_STALE_MS means the engine is gone.
 */
export const HEARTBEAT_MS = 10_000;
export const HEARTBEAT_STALE_MS = 90_000;

export interface EngineRecord {
  pid: number;
  host: string;
  boot_id?: string | null;
  /** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  start_time?: string | null;
  started_at: string;
  heartbeat_at?: string | null;
}

export interface Liveness {
  alive: boolean;
  /** Why, for people: "pid 123 is running", "pid 123 is gone", "no heartbeat for 12m (host ci-7)". */
  reason: string;
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
};

export function bootId(): string | null {
  return read("/proc/sys/kernel/random/boot_id")?.trim() ?? null;
}

export function processStartTime(pid: number): string | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return rest[19] ?? null;
}

export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function selfRecord(now = new Date()): EngineRecord {
  return {
    pid: process.pid,
    host: hostname(),
    boot_id: bootId(),
    start_time: processStartTime(process.pid),
    started_at: now.toISOString(),
    heartbeat_at: now.toISOString(),
  };
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

export function liveness(e: EngineRecord, nowMs = Date.now()): Liveness {
  const beat = Date.parse(e.heartbeat_at ?? e.started_at);
  const since = Number.isNaN(beat) ? Number.POSITIVE_INFINITY : nowMs - beat;
  if (e.host === hostname()) {
    const boot = bootId();
    if (e.boot_id && boot && e.boot_id !== boot)
      return { alive: false, reason: `the machine restarted since pid ${e.pid} started` };
    if (!pidRunning(e.pid)) return { alive: false, reason: `pid ${e.pid} is gone` };
    const start = processStartTime(e.pid);
    if (e.start_time && start && e.start_time !== start)
      return { alive: false, reason: `pid ${e.pid} is another process now (the engine is gone)` };
    return { alive: true, reason: `pid ${e.pid} is running` };
  }
  if (since > HEARTBEAT_STALE_MS)
    return { alive: false, reason: `no heartbeat for ${ago(since)} (pid ${e.pid} on host ${e.host})` };
  return { alive: true, reason: `heartbeat ${ago(since)} ago (pid ${e.pid} on host ${e.host})` };
}
