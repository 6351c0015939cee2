// Acquiring a lock: wait for its holder, reclaim it when stale (see claims.ts for the protocol).

import { type FSWatcher, linkSync, renameSync, watch } from "node:fs";
import { join } from "node:path";
import { AgentFlowError } from "../errors.js";
import { formatAge, HEARTBEAT_MS, STALE_AFTER_MS, selfHolder } from "../liveness.js";
import {
  type Dirs,
  dirsOf,
  ensureDirs,
  pendingTmp,
  serialize,
  unlinkQuiet,
  withClaim,
  writeTmp,
} from "./claims.js";
import { beat, type Held, held, type LockHandle, releaseHeld } from "./heartbeat.js";
import {
  errno,
  formatDuration,
  judge,
  type LockInfo,
  lockResourceProblem,
  newToken,
  type ReadFile,
  readLockFile,
} from "./lock-file.js";

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

const DEFAULT_POLL_MS = 25;

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
