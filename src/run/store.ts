import { randomBytes } from "node:crypto";
import {
  appendFile,
  cp,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
} from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { runIdProblem } from "./run-id.js";
import { type RunStatus, STATUS_SCHEMA } from "./status.js";

export const STATUS_DIR = "docs/status";
export const RUNS_DIR = "docs/status/runs";
export const LATEST = "docs/status/latest";
/** Run state that lives in the user's checkout but must never be part of a commit. */
export const STATE_PATHS = ["docs/status", ".locks", ".triggers"];

export const runDir = (root: string, runId: string): string => join(root, RUNS_DIR, runId);
export const statusFile = (root: string, runId: string): string =>
  join(runDir(root, runId), "pipeline_status.json");
export const logFile = (root: string, runId: string): string => join(runDir(root, runId), "pipeline.log");
export const triggerDir = (root: string, runId: string): string => join(root, ".triggers", "runs", runId);

/**
 * Write-to-temp, fsync, rename: a reader (or a crash) sees the old file or the new one, never half of
 * either.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

export async function writeStatus(root: string, status: RunStatus): Promise<void> {
  status.updated_at = new Date().toISOString();
  await writeFileAtomic(statusFile(root, status.run_id), `${JSON.stringify(status, null, 2)}\n`);
}

export class StatusError extends Error {}

export async function readStatus(root: string, runId: string): Promise<RunStatus> {
  const problem = runIdProblem(runId);
  if (problem) throw new StatusError(problem);
  let text: string;
  try {
    text = await readFile(statusFile(root, runId), "utf8");
  } catch {
    throw new StatusError(`no run '${runId}' in ${RUNS_DIR}/ (see 'agent-flow runs')`);
  }
  const status = JSON.parse(text) as RunStatus;
  if (status.schema !== STATUS_SCHEMA)
    throw new StatusError(`${statusFile(root, runId)}: unknown schema '${status.schema}'`);
  return status;
}

/** One timestamped line per event: `2026-11-27T21:00:00.000Z [step] message`. */
export async function appendLog(root: string, runId: string, scope: string, message: string): Promise<void> {
  await mkdir(runDir(root, runId), { recursive: true });
  const lines = message.split("\n").map((l) => `${new Date().toISOString()} [${scope}] ${l}\n`);
  await appendFile(logFile(root, runId), lines.join(""));
}

export async function listRunIds(root: string): Promise<string[]> {
  const names = await readdir(join(root, RUNS_DIR)).catch(() => [] as string[]);
  return names.filter((n) => runIdProblem(n) === null).sort();
}

/** True when the engine recorded in a running status is gone (crashed, killed, or another host's). */
export function isStale(status: RunStatus): boolean {
  if (status.state !== "running" && status.state !== "pending") return false;
  if (!status.engine) return true;
  if (status.engine.host !== hostname()) return false;
  try {
    process.kill(status.engine.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * `latest` is a symlink to a snapshot copy; a new snapshot is made beside it and the link replaced
 * with rename(2), which is atomic: a crash leaves either the old snapshot whole or the new one.
 */
export async function swapLatest(root: string, runId: string): Promise<void> {
  const snapshots = join(root, STATUS_DIR, ".snapshots");
  const snapshot = join(snapshots, `${runId}-${randomBytes(3).toString("hex")}`);
  await mkdir(snapshots, { recursive: true });
  await cp(runDir(root, runId), snapshot, { recursive: true });
  const latest = join(root, LATEST);
  const previous = await readlink(latest).catch(() => undefined);
  const info = await lstat(latest).catch(() => undefined);
  if (info && !info.isSymbolicLink()) {
    // A real directory from a manual copy: move it aside first so the link can take its place.
    await rename(latest, join(snapshots, `legacy-${randomBytes(3).toString("hex")}`));
  }
  const tmpLink = join(root, STATUS_DIR, `.latest.${randomBytes(4).toString("hex")}`);
  await symlink(join(".snapshots", basename(snapshot)), tmpLink);
  await rename(tmpLink, latest);
  if (previous) await rm(join(root, STATUS_DIR, previous), { recursive: true, force: true });
  // Snapshots no link points to are leftovers of a crash mid-swap.
  for (const name of await readdir(snapshots)) {
    const p = join(snapshots, name);
    if (p !== snapshot && !(previous && p === join(root, STATUS_DIR, previous))) {
      const s = await stat(p).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > 60_000) await rm(p, { recursive: true, force: true });
    }
  }
}
