import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  fsync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { AgentFlowError } from "../lib/errors.js";
import { quoteName, safeText } from "./quote.js";
import { runIdProblem } from "./run-id.js";
import { runLiveness } from "./run-lock.js";
import { type RunStatus, STATUS_SCHEMA } from "./status.js";
import { statusProblems } from "./status-schema.js";

export const STATUS_DIR = "docs/status";
export const RUNS_DIR = "docs/status/runs";
export const LATEST = "docs/status/latest";
/** Run state that lives in the user's checkout but must never be part of a commit. */
export const STATE_PATHS = ["docs/status", ".locks", ".triggers"];

/** In a run folder: the agents' staging folders (the engine's scratch, not the run's record). */
export const WORK_DIR = ".work";
export const runDir = (root: string, runId: string): string => join(root, RUNS_DIR, runId);
export const statusFile = (root: string, runId: string): string =>
  join(runDir(root, runId), "pipeline_status.json");
export const logFile = (root: string, runId: string): string => join(runDir(root, runId), "pipeline.log");
export const triggerDir = (root: string, runId: string): string => join(root, ".triggers", "runs", runId);

const fsyncFd = promisify(fsync);

/** writeFileAtomic()'s temp files: `.<name>.<pid>.<8 hex>.tmp` beside the file. */
export const ATOMIC_TEMP_RE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Write-to-temp, fsync, rename: a reader (or a crash) sees the old file or the new one, never half of
 * either. `renameAfter`: the file is written and synced meanwhile, but renamed into place only once
 * that resolves (and not at all when it rejects: the write fails with its error), so that writes of one
 * file can sync at the same time and still replace it in the order they were made. A write that fails
 * leaves no temp file behind.
 *
 * Only the sync goes through libuv's thread pool: the file is made, filled, renamed and closed with
 * synchronous calls (microseconds for these small files, in the page cache). Each trip through the pool
 * waits for a free thread and then for the main thread, which a step's start keeps busy with spawns;
 * a status write lies between a step's end and the next agent's start.
 */
export async function writeFileAtomic(
  file: string,
  data: string,
  renameAfter?: Promise<unknown>,
): Promise<void> {
  // Seen below, after this write's own work: not an unhandled rejection meanwhile.
  renameAfter?.catch(() => undefined);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  // The folder is made only when missing.
  const fd = inFolderSync(file, () => openSync(tmp, "w"));
  try {
    writeFileSync(fd, data);
    await fsyncFd(fd);
    await renameAfter;
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** The status as writeStatus() writes it, stamped now: taken at once, so later changes are not in it. */
export function statusText(status: RunStatus): string {
  status.updated_at = new Date().toISOString();
  return `${JSON.stringify(status, null, 2)}\n`;
}

/** `renameAfter`: see writeFileAtomic(). */
export async function writeStatus(
  root: string,
  status: RunStatus,
  renameAfter?: Promise<unknown>,
): Promise<void> {
  await writeFileAtomic(statusFile(root, status.run_id), statusText(status), renameAfter);
}

/** A status that cannot be used: `damaged` when the file exists but is not a valid status. */
export class StatusError extends AgentFlowError {
  constructor(
    message: string,
    readonly damaged = false,
  ) {
    super(message, 2);
  }
}

export async function readStatus(root: string, runId: string): Promise<RunStatus> {
  const problem = runIdProblem(runId);
  if (problem) throw new StatusError(problem);
  const file = statusFile(root, runId);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StatusError(`no run '${runId}' in ${RUNS_DIR}/ (see 'agent-flow runs')`);
    throw new StatusError(`cannot read ${quoteName(file)}: ${(err as Error).message}`, true);
  }
  const damaged = (what: string) =>
    new StatusError(
      `${quoteName(file)} is damaged: ${what}; restore it from a copy or remove the folder ${quoteName(dirname(file))}`,
      true,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw damaged(
      `not valid JSON (${text.trim() === "" ? "empty" : "truncated?"}: ${(err as Error).message})`,
    );
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (data !== null && typeof data === "object" && schema !== STATUS_SCHEMA && typeof schema === "string")
    throw new StatusError(`${quoteName(file)}: unknown schema '${safeText(schema)}'`, true);
  const problems = statusProblems(data);
  if (problems.length > 0) throw damaged(safeText(problems.join("; ")));
  return data as RunStatus;
}

/** One timestamped line per event: `2026-11-27T21:00:00.000Z [step] message`. */
export async function appendLog(root: string, runId: string, scope: string, message: string): Promise<void> {
  await appendLogText(root, runId, logLines(scope, message));
}

/** What appendLog() writes for one message that happened `at`. */
export function logLines(scope: string, message: string, at: Date = new Date()): string {
  // Every line gets its own prefix and no control character: a message cannot forge a line of the log.
  const stamp = at.toISOString();
  return safeText(message)
    .split("\n")
    .map((l) => `${stamp} [${quoteName(scope)}] ${l}\n`)
    .join("");
}

/**
 * Appends lines made by logLines() (several messages at once) to the run's pipeline.log, with a
 * synchronous call (a few lines into the page cache: microseconds), where open, write and close were
 * three trips through libuv's thread pool, queued behind the run's fsyncs and the fingerprint's reads
 * (the run's containment line is written so on its way to the first step). An error still rejects.
 */
export async function appendLogText(root: string, runId: string, text: string): Promise<void> {
  appendLogTextSync(root, runId, text);
}

/** appendLogText() with a synchronous call (no fsync: microseconds), for the run's view (writeFileAtomic()). */
export function appendLogTextSync(root: string, runId: string, text: string): void {
  const file = logFile(root, runId);
  inFolderSync(file, () => appendFileSync(file, text));
}

function inFolderSync<T>(file: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dirname(file), { recursive: true });
    return make();
  }
}

export async function listRunIds(root: string): Promise<string[]> {
  const names = await readdir(join(root, RUNS_DIR)).catch(() => [] as string[]);
  return names.filter((n) => runIdProblem(n) === null).sort();
}

/**
 * True when a running (or pending) run's engine is gone: crashed, killed, its pid reused, or on any host
 * silent for longer than its heartbeat bound (src/run/run-lock.ts has the rule and the reason).
 */
export function isStale(status: RunStatus, root: string): boolean {
  return runLiveness(root, status)?.alive === false;
}
