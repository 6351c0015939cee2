import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { CacheScope, CacheServer } from "./cache-server.js";
import { CACHE_TRANSPORT, ROOT } from "./cli.js";

// The transport runs in child processes, one per job, each with its own folder, as jobs run on
// different runners: the cache client reads process.env and the transport changes cwd for its calls.
const JOB = join(ROOT, "__tests__", "helpers", "cache-job.mjs");

export interface Outcome {
  key?: string | null;
  exists?: boolean;
  error?: string;
}

export interface Op {
  /** client-restore: the raw `@actions/cache` restoreCache, into `dir` (its extraction, unchecked). */
  op: "save" | "restore" | "exists" | "client-restore";
  key: string;
  dir?: string;
  options?: { attempts?: number; backoffMs?: number; limits?: { entries: number; bytes: number } };
}

let jobs = 0;

/**
 * Runs one job: a fresh folder under `root` standing for a runner's workspace, the runner's cache
 * variables, and the operations in order in one process.
 */
export function cacheJob(
  server: CacheServer,
  root: string,
  ops: Op[],
  env: Record<string, string | undefined> = {},
  scopes?: CacheScope[],
): Promise<Outcome[]> {
  const workspace = join(root, `job-${++jobs}`);
  mkdirSync(join(workspace, "_temp"), { recursive: true });
  const given: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...server.env(scopes),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(workspace, "_temp"),
    ...env,
  };
  const fullEnv = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JOB, CACHE_TRANSPORT, JSON.stringify(ops)], {
      cwd: workspace,
      env: fullEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const last = /\nRESULT (.*)\n$/.exec(stdout);
      if (code !== 0 || !last?.[1]) reject(new Error(`job exited ${code}\n${stdout}\n${stderr}`));
      else resolve(JSON.parse(last[1]) as Outcome[]);
    });
  });
}
