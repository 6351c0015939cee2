import { planWorkflow } from "../../flow/plan.js";
import { sanitiseUntrusted } from "../../lib/untrusted-text.js";
import { newRunId } from "../../run/run-id.js";
import { appendLog } from "../../run/store.js";
import { EnvironmentRefused, environmentProblems } from "../environment.js";
import { Git } from "../git.js";
import { resume, stepBound } from "../machine.js";
import { machinePlan } from "../machine-plan.js";
import { prepareRun } from "../start.js";
import { rebuildSteps } from "../status-view.js";
import { newRunState } from "../step-results.js";
import { packageKeys } from "./package-store.js";
import { JobRefused } from "./packages.js";
import type { StateAnchor } from "./resume-state.js";
import { type JobBase, type OpenRun, openState } from "./state-package.js";
import { emitNext, type JobResult } from "./transition.js";

export interface PlanJobInput extends JobBase {
  /** Empty: a new run id. Given with `resumeState`: resume that run; alone: start a run with this id. */
  runId: string;
  /** The saved state to resume from, as a plan/advance/commit job of the run printed it. */
  resumeState: StateAnchor | null;
  workflow: string;
  feature: string;
  request: string;
  baseBranch: string;
  issue: number | null;
  /** How many run/advance slots the workflow has. */
  slots: number;
  /** owner/name, for the locks' concurrency groups. */
  repository: string;
}

/**
 * The run a resume goes on from: the state `resumeState` names, exactly. A run id given alone starts a
 * run with that id, unless the cache already holds state of that run: then the dispatch meant a resume
 * and is refused, saying where the value is, rather than starting the run over or guessing a state.
 */
async function savedRun(input: PlanJobInput): Promise<OpenRun | null> {
  if (input.resumeState) {
    if (!input.runId) throw new JobRefused("input 'resume-state' needs the 'run-id' of the run to resume");
    return openState(input, input.runId, input.resumeState.seq, input.resumeState.digest);
  }
  if (input.runId && (await input.store.exists(packageKeys.statePrefix(input.runId))))
    throw new JobRefused(
      `run ${input.runId} has saved state: to resume it, give input 'resume-state' too. Its value is in the summary of the last plan, advance-k or commit job of the dispatch that ran it ("To resume this run from here"), and in that job's 'resume-state' output; take it only from those jobs, never from a run-k leg. To start a new run instead, leave 'run-id' empty`,
    );
  return null;
}

/**
 * The `plan` job: validates, starts a new run or resumes a saved one, and emits the first action. A
 * flow that can take more step executions than the workflow has slots is refused unless the run id is
 * given: then a dispatch that runs out of slots is continued by the next with the same run id.
 */
export async function planJob(input: PlanJobInput): Promise<JobResult> {
  const { flow } = input;
  const credentials = environmentProblems(flow);
  if (credentials.length > 0) throw new EnvironmentRefused(credentials);
  const saved = await savedRun(input);
  if (saved) {
    const clash = (name: string, given: string, recorded: string): void => {
      if (given && given !== recorded)
        throw new JobRefused(
          `input '${name}' is '${given}' but run ${input.runId} has '${recorded}'; a resumed run keeps what it started with (leave the input empty)`,
        );
    };
    clash("feature", input.feature, saved.state.feature);
    clash("workflow", input.workflow, saved.state.workflow);
    clash("base-branch", input.baseBranch, saved.state.base_branch);
    const r = resume(saved.state.machine);
    if ("refused" in r) throw new JobRefused(`run ${input.runId}: ${r.refused}`);
    saved.state.machine = r.state;
    rebuildSteps(saved.status, r.state, saved.state.base_sha);
    saved.status.finished_at = null;
    saved.status.error = null;
    await appendLog(input.root, input.runId, "run", `resumed from transition ${saved.job.seq}`);
    const { outputs } = await emitNext(input, saved, saved.job.seq + 1, input.repository);
    return {
      outputs,
      status: saved.status,
      notice: `resumed run ${input.runId} from transition ${saved.job.seq}`,
    };
  }

  if (!input.feature)
    throw new JobRefused(
      input.runId
        ? `run ${input.runId} has no saved state in the cache (never started, or evicted): give input 'feature' to start it anew`
        : "input 'feature' is required to start a run (or give 'run-id' and 'resume-state' to resume one)",
    );
  const workflow = input.workflow || flow.defaults.workflow;
  const plan = planWorkflow(flow, workflow);
  const mplan = machinePlan(plan);
  const bound = stepBound(mplan);
  if (bound > input.slots && !input.runId)
    throw new JobRefused(
      `workflow '${workflow}' of ${flow.file} can take up to ${bound} step executions (with its triggers at their max), more than the ${input.slots} slots of the workflow, so one dispatch may not finish it. Either dispatch with a run id (e.g. run-id: ${newRunId()}): the run then stops when the slots are used up, and dispatching again with the same run id resumes it from the saved state (give also the resume-state that the summary of its last advance job shows); or give the workflow more slots (node scripts/workflow.mjs --slots ${bound}); or lower the triggers' max`,
    );
  // Dispatch inputs and issue text are strangers' text: hidden parts are removed before any agent sees it.
  const request = sanitiseUntrusted(input.request).text;
  const prepared = await prepareRun({
    cwd: input.root,
    flow,
    workflow,
    feature: input.feature || undefined,
    request,
    baseBranch: input.baseBranch || undefined,
    runId: input.runId || undefined,
    retry: false,
    issue: input.issue ?? undefined,
  });
  const status = prepared.status;
  const state = newRunState(status, request, input.flowText, mplan);
  status.state = "running";
  await appendLog(
    input.root,
    status.run_id,
    "run",
    `run started on GitHub (${bound} step executions at most, ${input.slots} slots)`,
  );
  const run = {
    git: new Git(prepared.root),
    state,
    status,
    job: { schema: "agent-flow/job@1" as const, seq: 0, nonce: "" },
    plan,
    mplan,
  };
  const { outputs } = await emitNext(input, run, 0, input.repository);
  return {
    outputs,
    status,
    notice:
      bound > input.slots
        ? `this run may need more than one dispatch: when the slots run out, dispatch again with run-id ${status.run_id} and the resume-state in the summary of the run's last advance job`
        : null,
  };
}
