// The lock file of the advisory locks (see claims.ts for the protocol): what it holds, how it is read,
// and the one rule that judges whether its holder is alive.

import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { judgeHolder, processGone, STALE_AFTER_MS, thisHost } from "../liveness.js";

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

export const LOCKS_DIR = ".locks";
/** An unparseable lock file younger than this is left alone (it may be a hand-written lock being edited). */
export const UNPARSEABLE_GRACE_MS = 3000;
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

export interface ReadFile {
  raw: string;
  mtimeMs: number;
  /** The LockInfo, or null when the file is not a lock (not JSON, fields missing or of the wrong type). */
  info: LockInfo | null;
  /** What is wrong with it when `info` is null. */
  problem: string;
  key: string;
}

export interface Judgement {
  ageMs: number;
  stale: boolean;
  /** "alive: ..." or "stale: ...". */
  reason: string;
}

export function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

export function newToken(): string {
  return randomBytes(16).toString("hex");
}

/** Reads a lock or claim file; null when it does not exist. mtime and bytes come from the same inode. */
export function readLockFile(file: string): ReadFile | null {
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

export function formatDuration(ms: number): string {
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
export function judge(f: ReadFile, now: number, lease: boolean): Judgement {
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
