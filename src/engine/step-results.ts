import type { PlannedAgent, Stage } from "../flow/plan.js";
import type { CommitStep, Flow } from "../flow/schema.js";
import { GitHubApiError } from "../github/errors.js";
import type { AgentStatus, RunStatus } from "../run/status.js";
import { runCommitStep } from "./commit-step.js";
import { CommitRefused } from "./commit-template.js";
import type { Git } from "./git.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  type CheckSummary,
  type MachineState,
  type StepRef,
  start,
  stepKey,
} from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import { flowHash, type RunState } from "./run-state.js";
import type { RunWorkspace } from "./workspace.js";

/**
 * What both drivers (the local loop, local.ts, and the GitHub jobs, jobs/) build from an executed action
 * the same way: an agent's result record, the combination of a step's agents, the failure records of a
 * step that threw, the commit step's result, and a new run's state.
 */

/** The result record of one agent call, from the status record runAgent filled in. */
export function agentResult(index: number, planned: PlannedAgent, rec: AgentStatus): AgentResult {
  return {
    index,
    agent: planned.agent,
    ok: rec.state === "succeeded",
    exit_code: rec.exit_code,
    error: rec.error,
    commit: rec.commit,
    changed: rec.changed_files,
    raised: rec.raised,
    output: planned.output,
  };
}

/** The commit message of a step's combination of several agents' commits. */
export const combineMessage = (runId: string, key: string, results: AgentResult[]): string =>
  `agent-flow: ${key}\n\nRun-Id: ${runId}\nStep: ${key}\n${results.map((a) => `Agent: ${a.agent}`).join("\n")}\n`;

/**
 * The step's result from all its agents' results: a failure naming each failed agent, or the
 * combination of their commits on the step's base.
 */
export async function combineStep(
  workspace: RunWorkspace,
  runId: string,
  step: StepRef,
  base: string,
  agents: AgentResult[],
  cancelled: boolean,
): Promise<ActionResult> {
  const results = [...agents].sort((x, y) => x.index - y.index);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    return {
      kind: "agents",
      step,
      agents: results,
      head: null,
      error: failed.map((a) => `${a.agent}: ${a.error ?? "failed"}`).join("\n"),
      cancelled,
    };
  const head = await workspace.combine(
    base,
    results.map((a) => ({ commit: a.commit ?? base, changed: a.changed })),
    combineMessage(runId, stepKey(step), results),
  );
  return { kind: "agents", step, agents: results, head, error: null };
}

/** A check that could not run (or whose result is missing): failed, with the reason. */
export function failedCheck(stage: Stage, key: string, error: string): CheckSummary {
  return {
    command: stage.command ?? [],
    step: key,
    exit_code: null,
    passed: false,
    duration_ms: 0,
    finished_at: new Date().toISOString(),
    tests: null,
    failures: [],
    output_tail: "",
    error,
  };
}

/** The result of an action whose execution threw `error` (not a tamper: that ends the run). */
export function failedResult(
  action: Exclude<Action, { kind: "finish" }>,
  stage: Stage,
  error: string,
  cancelled: boolean,
): ActionResult {
  if (action.kind === "agents")
    return { kind: "agents", step: action.step, agents: [], head: null, error, cancelled };
  if (action.kind === "check")
    return {
      kind: "check",
      step: action.step,
      error,
      cancelled,
      summary: failedCheck(stage, stepKey(action.step), error),
    };
  return { kind: "commit", step: action.step, ok: false, error, branch: null, pr_url: null, cancelled };
}

export interface CommitInputs {
  root: string;
  git: Git;
  flow: Flow;
  status: RunStatus;
  run: RunState;
  machine: MachineState;
  step: StepRef;
  options: CommitStep["options"];
  env: NodeJS.ProcessEnv;
  log(text: string): Promise<void>;
}

/** What the commit step reported beyond the machine's result (the PR), for the GitHub outputs. */
export interface CommitOutcome {
  result: ActionResult;
  pr: { number: number; url: string; action: string } | null;
}

/** The commit step (the same for both drivers): refusals and API errors are the step's failure. */
export async function executeCommit(c: CommitInputs): Promise<CommitOutcome> {
  const s = c.status;
  try {
    const report = await runCommitStep({
      root: c.root,
      git: c.git,
      flow: c.flow,
      status: s,
      pr: { request: c.run.request, check: c.machine.check, issue: c.run.issue },
      options: c.options,
      env: c.env,
      log: c.log,
    });
    s.outcome = report.summary;
    s.branch = report.branch;
    s.pr_url = report.pr?.pr?.url ?? null;
    return {
      result: {
        kind: "commit",
        step: c.step,
        ok: true,
        error: null,
        branch: report.branch,
        pr_url: s.pr_url,
      },
      pr: report.pr?.pr ?? null,
    };
  } catch (err) {
    if (!(err instanceof CommitRefused) && !(err instanceof GitHubApiError)) throw err;
    return {
      result: { kind: "commit", step: c.step, ok: false, error: err.message, branch: null, pr_url: null },
      pr: null,
    };
  }
}

/** The saved state a new run starts from. */
export function newRunState(
  status: RunStatus,
  request: string | undefined,
  flowText: string,
  plan: MachinePlan,
): RunState {
  return {
    schema: "agent-flow/run-state@1",
    run_id: status.run_id,
    feature: status.feature,
    workflow: status.workflow,
    base_branch: status.base_branch,
    base_sha: status.base_sha,
    request: request?.trim() ? request.trim() : `Implement the feature '${status.feature}'.`,
    issue: status.issue ?? null,
    flow_sha256: flowHash(flowText),
    trigger_stamps: {},
    machine: start(plan, status.base_sha),
  };
}
