import { hostname } from "node:os";
import type { Flow } from "../flow/schema.js";
import type { RunStatus } from "../run/status.js";
import type { RunContext } from "./agent-run.js";
import { logContainment } from "./containment-log.js";
import { takeEarlyWorkspace } from "./early-workspace.js";
import { prepareProcesses } from "./environment.js";
import type { Git } from "./git.js";
import { warmedUp } from "./group-warmup.js";
import { resume } from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import { packRunRefs } from "./ref-packing.js";
import type { EngineEvent } from "./reporter.js";
import type { RunRecorder } from "./run-recorder.js";
import { loadRunState, type RunState, verifyRunState } from "./run-state.js";
import { rebuildSteps } from "./status-view.js";
import { newRunState } from "./step-results.js";
import { uncommittedInputsWarning } from "./uncommitted.js";
import { RunWorkspace } from "./workspace.js";

/** The context agents, checks and the commit step of a run get (see agent-run.ts). */
export function runContext(
  o: {
    root: string;
    flow: Flow;
    status: RunStatus;
    env: NodeJS.ProcessEnv;
    retryDelayMs?: { min: number; max: number };
  },
  git: Git,
  workspace: RunWorkspace,
  signal: AbortSignal,
  changed: (e: EngineEvent) => Promise<void>,
): RunContext {
  return {
    root: o.root,
    git,
    flow: o.flow,
    runId: o.status.run_id,
    feature: o.status.feature,
    baseBranch: o.status.base_branch,
    workspace,
    signal,
    env: o.env,
    changed,
    retryDelayMs: o.retryDelayMs ?? { min: 1000, max: 30_000 },
  };
}

/** Makes the error a refused resume is raised as (EngineRefused, local.ts). */
export type Refuse = (message: string) => Error;

/**
 * The run's saved state: new, or loaded, verified and resumed. `status` is rebuilt from a resumed state
 * (the steps it already ran).
 */
export async function initialRunState(
  git: Git,
  o: { flow: Flow; flowText: string; status: RunStatus; resumed: boolean; request?: string },
  plan: MachinePlan,
  refuse: Refuse,
): Promise<RunState> {
  const s = o.status;
  if (!o.resumed) return newRunState(s, o.request, o.flowText, plan);
  const saved = await loadRunState(git, s.run_id);
  await verifyRunState(git, o.flow, o.flowText, saved);
  const r = resume(saved.machine);
  if ("refused" in r) throw refuse(`run ${s.run_id}: ${r.refused}`);
  rebuildSteps(s, r.state, saved.base_sha);
  return { ...saved, machine: r.state };
}

/**
 * A new run's workspace, opened as the engine starts rather than after its lock and first save: its
 * first step is known from the plan alone, so `warm` (group-warmup.ts) prepares that step's directories
 * while the run takes its lock, saves its state and writes its status. Safe before the run lock: the run
 * id is this process's alone (start.ts claims its folder), and each directory is claimed by its own lock.
 */
export function openEarly(git: Git, runId: string, warm: (ws: RunWorkspace) => void): Promise<RunWorkspace> {
  const opening = openedBeforeRun(git, runId).then((ws) => {
    warm(ws);
    return ws;
  });
  opening.catch(() => undefined);
  return opening;
}

/** The workspace early-workspace.ts opened for the run, else one opened now. */
async function openedBeforeRun(git: Git, runId: string): Promise<RunWorkspace> {
  return (await takeEarlyWorkspace(git.cwd, runId)) ?? RunWorkspace.open(git, runId);
}

/** Hands back the directories of a workspace the run will not use (it was refused before its first step). */
export async function abandonWorkspace(opening: Promise<RunWorkspace> | undefined): Promise<void> {
  const ws = await opening?.catch(() => undefined);
  if (ws)
    await warmedUp(ws)
      .then(
        () => ws.dispose(),
        () => undefined,
      )
      .catch(() => undefined);
}

/**
 * Records a run refused after its folder was made (a workspace that cannot open, a state that cannot be
 * saved or verified), so that it does not stay `pending`: failed, with the reason, and resumable when
 * its state is saved (a new run's first save, or a resumed run's own). Under the run's lock only.
 */
export async function recordRefusal(
  recorder: RunRecorder,
  err: unknown,
  saved: boolean,
  written: Promise<void> = Promise.resolve(),
): Promise<void> {
  // After the run's first status (start.ts), which would otherwise land over this one.
  await written.catch(() => undefined);
  const reason = err instanceof Error ? err.message : String(err);
  await recorder.finish({ state: "failed", reason, retryable: saved }).catch(() => undefined);
}

/**
 * A run whose lock cannot be taken: a new run is recorded failed all the same (its id is this process's
 * alone, see start.ts, so its status is written without the lock), once its first files are written; a
 * resumed run's status belongs to whoever holds its lock. Its directories go back; throws `err`.
 */
export async function unlockedRefusal(
  o: { resumed: boolean; written?: Promise<void> },
  recorder: RunRecorder,
  opening: Promise<RunWorkspace> | undefined,
  err: unknown,
): Promise<never> {
  await Promise.all([
    o.resumed ? undefined : recordRefusal(recorder, err, false, o.written),
    abandonWorkspace(opening),
  ]);
  throw err;
}

/**
 * What a run does first under its lock: ends leftovers of an earlier engine of the run (so that a leftover
 * is never a live engine's agent), and starts asking whether the files the run uses have uncommitted
 * changes (with the first reading of the checkout, see checkoutStatus()): the warning, or null. Its
 * agents' programs and secrets were checked by the run command just before (refuseMissingNeeds(): a new
 * run before anything is written, a resumed one once its status is read); a second look here, a few ms
 * later, found nothing the first did not and cost a search of $PATH per agent on the way to the first step.
 */
export function underLock(
  o: { flow: Flow; status: RunStatus; resumed: boolean; root: string },
  git: Git,
): Promise<string | null> {
  prepareProcesses(o.flow, o.status.run_id, o.resumed);
  return uncommittedInputsWarning(git, o.root, o.flow, {
    branch: o.status.base_branch,
    sha: o.status.base_sha,
  }).catch(() => null);
}

/**
 * The run is under way: its status says running (with this engine), then what the start found is
 * reported in order (uncommitted inputs, the containment in force), and old runs' refs are packed.
 */
export async function announceStart(
  o: { root: string; status: RunStatus; resumed: boolean },
  git: Git,
  changed: (e: EngineEvent) => Promise<void>,
  uncommittedWarning: Promise<string | null>,
): Promise<void> {
  const s = o.status;
  s.state = "running";
  s.finished_at = null;
  s.error = null;
  s.engine = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  // Not awaited: its write overlaps the checks below (the log keeps the order; see RunRecorder).
  void changed({ type: "run-started", resumed: o.resumed });
  const uncommitted = await uncommittedWarning;
  if (uncommitted) await changed({ type: "message", level: "warning", text: uncommitted });
  await logContainment(o.root, s.run_id, (text) => changed({ type: "message", level: "warning", text }));
  await packRunRefs(git, (text) => changed({ type: "message", level: "info", text }));
}
