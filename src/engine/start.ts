import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { didYouMean } from "../flow/diagnostics.js";
import type { Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { describeBase } from "../run/base.js";
import { cleanRequest, REQUEST_FILE } from "../run/request.js";
import { newRunId, runIdProblem } from "../run/run-id.js";
import { liveEngineGate } from "../run/run-lock.js";
import { type RunStatus, STATUS_SCHEMA } from "../run/status.js";
import { appendLog, readStatus, runDir, StatusError, statusFile, writeStatus } from "../run/store.js";
import { likelyBranches } from "./branches.js";
import { commitSettingsRefusal } from "./commit-preflight.js";
import { Git } from "./git.js";
import { currentBranch, isValidBranchName } from "./git-ops.js";
import { headRef } from "./local.js";

export const FEATURE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FEATURE_RULE =
  "lowercase letters and digits in words joined by single hyphens, at most 64 characters (e.g. risk-monitoring)";

/** Raised for bad input before anything is written. */
export class RunRefused extends AgentFlowError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

export function featureProblem(name: string): string | null {
  if (name === "") return `the feature name is empty; it must use ${FEATURE_RULE}`;
  if (name.length > 64 || !FEATURE_RE.test(name)) {
    return `'${name.length > 70 ? `${name.slice(0, 70)}...` : name}' is not a valid feature name; it must use ${FEATURE_RULE}`;
  }
  return null;
}

/** Why `--request FILE` could not be read, and what to give instead. */
export function requestFileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const what = "give a file with the request text, or - for standard input";
  if (code === "EISDIR") return `is a folder, not a file (${what})`;
  if (code === "ENOENT" || code === "ENOTDIR") return `no such file (${what})`;
  if (code === "EACCES" || code === "EPERM") return `cannot be read: permission denied (${what})`;
  return `cannot be read: ${err instanceof Error ? err.message : String(err)} (${what})`;
}

export interface StartRequest {
  cwd: string;
  flow: Flow;
  workflow?: string;
  feature?: string;
  request?: string;
  baseBranch?: string;
  runId?: string;
  retry: boolean;
  issue?: number;
  /** With retry: assume a run's engine that still counts as alive is gone (see liveEngineGate). */
  force?: boolean;
  /** Where to say what --force assumed. */
  notice?: (text: string) => void;
  /** A new run's base, read ahead by readBase() with the same `cwd` and `baseBranch`; read here when absent. */
  baseRead?: Promise<RunBase>;
}

export interface RunBase {
  /** The base branch, "" from a detached HEAD. */
  base: string;
  baseSha: string;
}

export interface Prepared {
  root: string;
  status: RunStatus;
  resumed: boolean;
  /** A new run's request, sanitised (run/request.ts): what the engine and the pull request get. */
  request?: string;
}

export async function findRepoRoot(cwd: string): Promise<string> {
  const root = await new Git(cwd).topLevel();
  if (!root)
    throw new RunRefused(
      `${cwd} is not inside a git repository; agent-flow runs in a repository (git init, then commit once)`,
    );
  return root;
}

/**
 * Checks every input of `agent-flow run` and returns the run's status, creating the run folder only once
 * everything is valid: a refused run leaves no trace.
 */
export async function prepareRun(req: StartRequest): Promise<Prepared> {
  const { prepared, written } = await startRun(req);
  await written;
  return prepared;
}

/**
 * prepareRun(), returning once the run's folder is claimed: a new run's first files (request, head ref,
 * status) are `written` meanwhile, so that the engine can open its workspace and warm its first step's
 * directories at the same time. The engine awaits `written` before anything else writes the run's status
 * or state.
 */
export async function startRun(req: StartRequest): Promise<{ prepared: Prepared; written: Promise<void> }> {
  const root = await findRepoRoot(req.cwd);
  const git = new Git(root);
  if (req.runId !== undefined) {
    const problem = runIdProblem(req.runId);
    if (problem) throw new RunRefused(problem);
  }
  if (req.retry) return { prepared: await resume(root, req), written: Promise.resolve() };

  if (req.feature === undefined)
    throw new RunRefused("--feature NAME is required for a new run (or --run-id ID --retry to resume one)");
  const fp = featureProblem(req.feature);
  if (fp) throw new RunRefused(fp);
  const workflow = req.workflow ?? req.flow.defaults.workflow;
  if (!req.flow.workflows[workflow]) {
    const known = Object.keys(req.flow.workflows);
    throw new RunRefused(
      `no workflow '${workflow}' in ${req.flow.file}${didYouMean(workflow, known)} (workflows: ${known.join(", ")})`,
    );
  }
  const { base, baseSha } = await (req.baseRead ?? resolveBase(git, req.baseBranch));
  const runId = req.runId ?? newRunId();
  const commitProblem = await commitSettingsRefusal(req.flow, git, {
    workflow,
    values: { feature: req.feature, run_id: runId, base: base || baseSha.slice(0, 7) },
  });
  if (commitProblem) throw new RunRefused(commitProblem);

  const startedAt = new Date().toISOString();
  const status: RunStatus = {
    schema: STATUS_SCHEMA,
    run_id: runId,
    feature: req.feature,
    workflow,
    base_branch: base,
    base_sha: baseSha,
    flow_file: req.flow.file,
    state: "pending",
    started_at: startedAt,
    finished_at: null,
    updated_at: startedAt,
    engine: null,
    head: baseSha,
    result_ref: headRef(runId),
    green: false,
    error: null,
    triggers: [],
    steps: [],
    outcome: null,
    issue: req.issue ?? null,
  };
  const dir = runDir(root, runId);
  await claimRunDir(root, runId);
  const request = cleanRequest(req.request ?? "");
  const text = request.text.trim() ? `${request.text.trim()}\n` : `Implement the feature '${req.feature}'.\n`;
  // All three at once: none depends on another (a run whose engine dies before its first saved state
  // cannot be resumed, whichever of them exist).
  const files = Promise.all([
    writeFile(
      join(dir, REQUEST_FILE),
      `Feature: ${req.feature}\nBase Branch: ${base || `none (${describeBase(base, baseSha)})`}\nRun ID: ${runId}\n\n${text}`,
    ),
    // Through the run's long-lived `update-ref --stdin` (ref-writer.ts), which the engine's first save of
    // its state then finds started: one git process less before the first step.
    git.updateRefs([[headRef(runId), baseSha]]),
    writeStatus(root, status),
  ]);
  const written = files.then(async () => {
    if (!request.note) return;
    await appendLog(root, runId, "request", request.note);
    req.notice?.(request.note);
  });
  written.catch(() => undefined);
  return { prepared: { root, status, resumed: false, request: request.text }, written };
}

async function resume(root: string, req: StartRequest): Promise<Prepared> {
  if (req.runId === undefined)
    throw new RunRefused("--retry needs --run-id ID: the run to resume (see 'agent-flow runs')");
  let status: RunStatus;
  try {
    status = await readStatus(root, req.runId);
  } catch (err) {
    throw new RunRefused(
      err instanceof StatusError ? err.message : `cannot read ${statusFile(root, req.runId)}: ${String(err)}`,
    );
  }
  if (status.state === "succeeded")
    throw new RunRefused(`run ${status.run_id} already succeeded; there is nothing to retry`);
  const gate = liveEngineGate(root, status, req.force === true, "wait for it or stop it first");
  if (gate && "refused" in gate) throw new RunRefused(gate.refused);
  if (gate) req.notice?.(gate.assumed);
  const clash = (flag: string, given: string | undefined, recorded: string): void => {
    if (given !== undefined && given !== recorded)
      throw new RunRefused(
        `${flag} '${given}' differs from the run's '${recorded}'; a retry keeps what the run started with`,
      );
  };
  clash("--feature", req.feature, status.feature);
  clash("--base", req.baseBranch, status.base_branch);
  clash("workflow", req.workflow, status.workflow);
  if (!req.flow.workflows[status.workflow])
    throw new RunRefused(`the run's workflow '${status.workflow}' is no longer in ${req.flow.file}`);
  return { root, status, resumed: true };
}

/**
 * Starts reading a new run's base (its git processes) at once, for startRun() to take as `baseRead`: the
 * run command starts it before the flow file is parsed, so that git works while the parse keeps this
 * process busy. A refusal (not a repository, no commits, no such branch) is raised where startRun() would
 * raise it, after the checks before it; until then it is no unhandled rejection.
 */
export function readBase(cwd: string, given: string | undefined): Promise<RunBase> {
  const read = findRepoRoot(cwd).then((root) => resolveBase(new Git(root), given));
  read.catch(() => undefined);
  return read;
}

/**
 * The run's base: `--base BRANCH` (that branch's tip), else what is checked out. A detached HEAD (the
 * normal state in CI on pull_request events) is a valid base: the run starts from that commit and has no
 * base branch (""), so the commit step opens no pull request and says how to open one.
 */
async function resolveBase(git: Git, given: string | undefined): Promise<RunBase> {
  if (given === undefined) {
    const [current, head] = await Promise.all([currentBranch(git), git.revParse("HEAD")]);
    if (current && head) return { base: current, baseSha: head };
    if (!current && head) return { base: "", baseSha: head };
    throw new RunRefused(
      current
        ? `the current branch '${current}' has no commits yet: commit once first, or pass --base BRANCH`
        : "the repository has no commits yet: commit once first",
    );
  }
  const valid = await isValidBranchName(git, given);
  const baseSha = valid ? await git.revParse(`refs/heads/${given}`) : undefined;
  if (baseSha) return { base: given, baseSha };
  const likely = await likelyBranches(git, given);
  if (likely.all === 0)
    throw new RunRefused(
      `base branch '${given}' does not exist; the repository has no branches yet: commit once first`,
    );
  const listed = likely.names.slice(0, 8).join(", ");
  const more = likely.all > 8 ? `, and ${likely.all - 8} more (git branch --list)` : "";
  throw new RunRefused(
    `base branch '${given}' does not exist${didYouMean(given, likely.names)} (likely: ${listed}${more}); pass --base with an existing local branch`,
  );
}

/**
 * Creates the run folder with a non-recursive mkdir: of several engines started with the same run id at
 * once, exactly one succeeds; the others are told the run exists and write nothing.
 */
async function claimRunDir(root: string, runId: string): Promise<void> {
  const dir = runDir(root, runId);
  await mkdir(dirname(dir), { recursive: true });
  try {
    await mkdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new RunRefused(
        `run ${runId} already exists (${dir}); resume it with --run-id ${runId} --retry, or omit --run-id for a new run`,
      );
    throw err;
  }
}
