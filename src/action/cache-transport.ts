import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as cache from "@actions/cache";
import type { PackageStore } from "../engine/jobs/package-store.js";
import { checkedRestore, entryExists, PermanentFailure, TransientFailure } from "./checked-restore.js";
import { type ClientLog, watchClientLog } from "./client-log.js";
import { type ArchiveLimits, DEFAULT_LIMITS } from "./safe-extract.js";

/**
 * The GitHub engine's PackageStore: packages move between jobs through the Actions cache (service v2).
 * Saves go through the real `@actions/cache` client (v6); restores do not: its restoreCache extracts
 * with `tar -P`, and an entry may have been saved by a hostile leg holding the run's cache token. A
 * restore asks the service for one exact key and unpacks the archive itself, checked member by member
 * (checked-restore.ts, safe-extract.ts). See docs/github-engine.md, "State between jobs".
 *
 * How the client is driven on save, and why:
 * - Path form. The client hashes the path strings it is given into the entry's `version`, globs them
 *   against the process's cwd, tars them relative to GITHUB_WORKSPACE (cwd when unset) and extracts
 *   them there again. So each save runs in a fresh stage folder under RUNNER_TEMP, made cwd and
 *   GITHUB_WORKSPACE for the call, where the package is `package`: the version is always
 *   sha256("package|<compression>|1.0"), the archive holds `package/...` and nothing else, which is
 *   what a restore accepts. The compression (zstd if the runner has it, else gzip) is part of the
 *   version: a runner without zstd does not see entries saved with it.
 * - Errors. The client logs its failures instead of throwing them (client-log.ts): they are read from
 *   its log. A restore's lookup, download and unpacking throw their own errors, so a failed restore
 *   is never taken for a miss.
 * - Since cwd, GITHUB_WORKSPACE and stdout are process-wide, calls run one at a time, and nothing else
 *   in the process should rely on cwd while one is in flight.
 * - Retries. On save, the client's twirp calls retry HTTP 500/502/503/504 themselves, and the Azure SDK
 *   retries blob transfers; what they do not retry (a reset twirp call, a 429, a failed tar, spent
 *   retries) is retried here, the whole operation, with exponential back-off. A restore's lookup and
 *   download are retried here the same way (5xx, 429, resets, a broken download). A 4xx answer (bad
 *   token, refused scope, taken key) and a refused archive are not retried.
 */

/** The one path given to the client, on save and on restore. */
const ENTRY = "package";

export interface CacheStoreOptions {
  /** Attempts per operation, the first included. */
  attempts?: number;
  /** Wait before the second attempt; doubles each time. */
  backoffMs?: number;
  /** What a restored archive may hold at most. */
  limits?: ArchiveLimits;
}

export function cacheStore(options: CacheStoreOptions = {}): PackageStore {
  const stageRoot = checkEnvironment();
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 5000;
  const limits = options.limits ?? DEFAULT_LIMITS;

  async function withRetries<T>(what: string, once: () => Promise<T | Failed>): Promise<T> {
    const failures: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const result = await once();
      if (!(result instanceof Failed)) return result;
      failures.push(...result.failures);
      if (result.permanent || attempt >= attempts) {
        const why = failures.length > 0 ? failures.join("; ") : "the cache client reported no reason";
        const tries = attempt > 1 ? ` after ${attempt} attempts` : "";
        throw new Error(`${what} failed${tries}: ${why}`);
      }
      await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
    }
  }

  return {
    save: (key, dir) =>
      oneAtATime(async () => {
        const source = resolve(dir);
        if (!statSync(source, { throwIfNoEntry: false })?.isDirectory())
          throw new Error(`cannot save cache key ${key}: ${source} is not a folder`);
        let retried = false;
        return withRetries(`saving ${source} as cache key ${key}`, () =>
          inStage(stageRoot, async (stage) => {
            cpSync(source, join(stage, ENTRY), { recursive: true, verbatimSymlinks: true });
            const { value: id, log } = await logged(() => cache.saveCache([ENTRY], key));
            if (id !== -1) return undefined;
            if (log.statuses.includes(409)) throw taken(key, retried);
            retried = true;
            return Failed.of(log);
          }),
        );
      }),

    restore: (key, dir) =>
      oneAtATime(async () => {
        const target = resolve(dir);
        const existing = statSync(target, { throwIfNoEntry: false });
        if (existing && (!existing.isDirectory() || readdirSync(target).length > 0))
          throw new Error(
            `cannot restore cache key ${key} into ${target}: it exists and is not an empty folder`,
          );
        return withRetries(`restoring cache key ${key}`, async () => {
          try {
            const hit = await checkedRestore(key, target, { entry: ENTRY, scratchRoot: stageRoot, limits });
            return hit ? key : null;
          } catch (e) {
            if (e instanceof TransientFailure) return new Failed([e.message], false);
            if (e instanceof PermanentFailure) return new Failed([e.message], true);
            throw e;
          }
        });
      }),

    exists: (prefix) =>
      oneAtATime(() =>
        withRetries(`looking up cache keys starting with ${prefix}`, async () => {
          try {
            return await entryExists(prefix, ENTRY);
          } catch (e) {
            if (e instanceof TransientFailure) return new Failed([e.message], false);
            if (e instanceof PermanentFailure) return new Failed([e.message], true);
            throw e;
          }
        }),
      ),
  };
}

/** An attempt that failed; `permanent` when retrying cannot help (a 4xx, a refused scope). */
class Failed {
  constructor(
    readonly failures: string[],
    readonly permanent: boolean,
  ) {}

  static of(log: ClientLog): Failed {
    const text = log.failures.join("\n");
    return new Failed(
      log.failures,
      log.statuses.some((s) => s >= 400 && s < 500 && s !== 408 && s !== 429) ||
        /cache (read|write) denied|storage quota/i.test(text),
    );
  }
}

function taken(key: string, retried: boolean): Error {
  // A failed attempt may have reserved the key (an upload that broke) or even saved it (an answer lost).
  const ours = retried ? " (perhaps by this job's earlier, failed attempt)" : "";
  return new Error(
    `cache key ${key} is taken: an entry with this key exists, or a save of it has started${ours}. ` +
      "Cache keys are immutable; a package is saved once, under a key no other job uses.",
  );
}

function unavailable(): Error {
  const v2 = process.env.ACTIONS_CACHE_SERVICE_V2 !== undefined;
  const needed = v2 ? "ACTIONS_RESULTS_URL" : "ACTIONS_CACHE_SERVICE_V2 and ACTIONS_RESULTS_URL";
  return new Error(
    `the Actions cache is not available: ${needed} not set. agent-flow's GitHub engine keeps its state ` +
      "in the Actions cache, so the action's plan, run, advance and commit commands must run inside " +
      "GitHub Actions, where the runner sets these (or against a local emulation of the cache service).",
  );
}

/** Checks what the runner sets for the cache; returns the folder for stages. */
function checkEnvironment(): string {
  if (!cache.isFeatureAvailable()) throw unavailable();
  for (const name of ["ACTIONS_RUNTIME_TOKEN", "RUNNER_TEMP"]) {
    if (!process.env[name])
      throw new Error(
        `${name} is not set: the action must run inside GitHub Actions, where the runner sets it`,
      );
  }
  // The runner's cache-mode for untrusted events: the client would skip the call and say nothing useful.
  const mode = (process.env.ACTIONS_CACHE_MODE ?? "").trim().toLowerCase();
  if (mode === "none" || mode === "read" || mode === "write-only")
    throw new Error(
      `ACTIONS_CACHE_MODE is '${mode}': this workflow run may not both save and restore caches, ` +
        "which the GitHub engine needs between its jobs",
    );
  return process.env.RUNNER_TEMP as string;
}

let queue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/** Runs `fn` in a fresh stage folder, made cwd and GITHUB_WORKSPACE for its length, then removed. */
async function inStage<T>(root: string, fn: (stage: string) => Promise<T>): Promise<T> {
  const stage = mkdtempSync(join(root, "agent-flow-cache-"));
  const cwd = process.cwd();
  const workspace = process.env.GITHUB_WORKSPACE;
  process.chdir(stage);
  process.env.GITHUB_WORKSPACE = stage;
  try {
    return await fn(stage);
  } finally {
    process.chdir(cwd);
    if (workspace === undefined) Reflect.deleteProperty(process.env, "GITHUB_WORKSPACE");
    else process.env.GITHUB_WORKSPACE = workspace;
    rmSync(stage, { recursive: true, force: true });
  }
}

async function logged<T>(call: () => Promise<T>): Promise<{ value: T; log: ClientLog }> {
  const watch = watchClientLog();
  try {
    const value = await call();
    return { value, log: watch.stop() };
  } catch (e) {
    watch.stop();
    throw e;
  }
}
