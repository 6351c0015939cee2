import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { type Contexts, evalDeep, evalIf, evalText, type Json, type Status } from "./gh-expr.js";
import { expandMatrix, inGroup, pool } from "./workflow-fanout.js";
import { runLeg } from "./workflow-leg.js";
import { keptJob, keptLeg, rerunJobs } from "./workflow-rerun.js";
import type { StepEnv, StepOutcome } from "./workflow-steps.js";

export { expandMatrix };

/**
 * Runs a workflow's jobs the way GitHub's runner does, on this machine: jobs start once their `needs`
 * finished, `if:` is evaluated with the status functions, a matrix fans out into legs (at most
 * `max-parallel` at once, one concurrency group at a time), each leg in fresh folders, steps in order.
 * What a step does is in workflow-steps.ts; a test can replace any step with `options.step`.
 */

export type Result = "success" | "failure" | "cancelled" | "skipped";

export interface StepSpec {
  id?: string;
  name?: string;
  if?: unknown;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
  "working-directory"?: string;
  "continue-on-error"?: unknown;
}

export interface JobSpec {
  name?: string;
  needs?: string | string[];
  if?: unknown;
  strategy?: { matrix?: unknown; "max-parallel"?: unknown; "fail-fast"?: unknown };
  concurrency?: unknown;
  env?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  steps?: StepSpec[];
  /** A reusable workflow this job calls (run by `options.call`, workflow-call.ts). */
  uses?: string;
}

export interface StepReport {
  id: string | null;
  name: string;
  ran: boolean;
  outcome: "success" | "failure" | "skipped";
  outputs: Record<string, string>;
  /** The evaluated `with:` (what the step was given). */
  with: Record<string, string>;
  log: string;
  summary: string;
}

export interface LegReport {
  matrix: Record<string, Json> | null;
  concurrency: string | null;
  result: Result;
  steps: StepReport[];
  durationMs: number;
  /** Set on a leg a re-run kept: the attempt it ran in. */
  attempt?: number;
}

export interface JobReport {
  id: string;
  ran: boolean;
  result: Result;
  outputs: Record<string, string>;
  legs: LegReport[];
  /** Why the job failed before its steps (e.g. an empty matrix). */
  error: string | null;
  startedMs: number;
  durationMs: number;
  /** Set on a job a re-run kept: the attempt it ran in. */
  attempt?: number;
}

export interface SimResult {
  jobs: Record<string, JobReport>;
  /** Job ids in the order they finished. */
  order: string[];
  /** The workflow's `concurrency.group`, evaluated. */
  concurrency: string | null;
  /** `on.workflow_call.outputs`, evaluated. */
  outputs: Record<string, string>;
  /** Time spent waiting for the workflow's concurrency group (another run held it). */
  queuedMs: number;
  /** From the dispatch to the last job's end, the queue included. */
  wallClockMs: number;
  /** github.run_attempt: 1, or one more than the run this one re-ran. */
  attempt: number;
}

/** A step the test runs itself; returning undefined leaves the step to the simulator. */
export type StepOverride = (
  step: StepSpec,
  env: StepEnv,
) => Promise<StepOutcome | undefined> | StepOutcome | undefined;

export interface SimOptions {
  /** The workflow file (path) or its text. */
  workflow: string;
  inputs?: Record<string, string | number | boolean>;
  secrets?: Record<string, string>;
  /** The repository `actions/checkout` clones (a path or URL git accepts). */
  origin?: string;
  /** `uses: <owner/repo>@...` prefixes that run `node <entry>`, e.g. {"agent-flow/agent-flow": dist}. */
  actions?: Record<string, { entry: string; metadata?: string }>;
  /** Where `actions/upload-artifact` copies to (a folder per artifact name). */
  artifacts?: string;
  /** Extra environment for every step (e.g. the cache service's ACTIONS_* variables). */
  env?: Record<string, string>;
  /** Overrides of the `github` context (repository, run_id, api_url, token, ...). */
  github?: Record<string, Json>;
  /** Written to GITHUB_EVENT_PATH. */
  event?: Json;
  step?: StepOverride;
  /** "Re-run failed jobs" of this earlier result: the same run, its next attempt (workflow-rerun.ts). */
  rerun?: SimResult;
  /** Runs a job that `uses:` a reusable workflow (workflow-call.ts); `vars` is the `vars` context. */
  call?: (id: string, job: JobSpec, ctx: Contexts) => Promise<Pick<JobReport, "result" | "outputs">>;
  vars?: Record<string, string>;
  /** Concurrency groups shared between simulations that run at once (job and leg groups). */
  groups?: Map<string, Promise<void>>;
  /** Kills a step's process after this long (default 10 minutes). */
  stepTimeoutMs?: number;
  /** Keep the legs' folders (under `work`) after the run. */
  keep?: boolean;
  work?: string;
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function loadWorkflow(workflow: string): {
  on?: unknown;
  env?: Record<string, unknown>;
  concurrency?: unknown;
  jobs: Record<string, JobSpec>;
} {
  const text = workflow.includes("\n") ? workflow : readFileSync(workflow, "utf8");
  return parse(text, { merge: false });
}

export async function simulateWorkflow(options: SimOptions): Promise<SimResult> {
  const t0 = performance.now();
  let queuedMs = 0;
  const wf = loadWorkflow(options.workflow);
  const work = options.work ?? mkdtempSync(join(tmpdir(), "agent-flow-sim-"));
  const groups = options.groups ?? new Map<string, Promise<void>>();
  const callInputs = ((wf.on as Record<string, { inputs?: Record<string, { default?: Json }> }> | undefined)
    ?.workflow_call?.inputs ?? {}) as Record<string, { default?: Json }>;
  const inputs: Record<string, Json> = Object.fromEntries(
    Object.entries(callInputs).map(([k, spec]) => [k, options.inputs?.[k] ?? spec.default ?? ""]),
  );
  for (const [k, v] of Object.entries(options.inputs ?? {})) inputs[k] = v;
  const attempt = options.rerun ? options.rerun.attempt + 1 : 1;
  const rerun = options.rerun ? rerunJobs(wf.jobs, options.rerun) : null;
  const github: Record<string, Json> = {
    repository: "owner/repo",
    repository_owner: "owner",
    run_id: "1000",
    run_number: "1",
    event_name: "workflow_dispatch",
    ref: "refs/heads/main",
    sha: "",
    actor: "octocat",
    server_url: "https://github.com",
    api_url: "https://api.github.com",
    graphql_url: "https://api.github.com/graphql",
    token: "sim-token",
    workflow: "agent-flow",
    ...options.github,
    run_attempt: String(attempt),
  };
  const eventPath = join(work, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.event ?? { inputs }));
  const base: Contexts = { github, inputs, vars: {}, secrets: options.secrets ?? {}, env: {} };
  if (options.vars) base.vars = options.vars;
  const concurrency = wf.concurrency
    ? evalText(
        typeof wf.concurrency === "object" ? (wf.concurrency as { group: unknown }).group : wf.concurrency,
        base,
      )
    : null;

  const reports: Record<string, JobReport> = {};
  const order: string[] = [];
  const done = new Map<string, Promise<JobReport>>();
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    for (const n of asList(wf.jobs[id]?.needs)) {
      if (seen.has(n)) continue;
      seen.add(n);
      ancestors(n, seen);
    }
    return seen;
  };

  const runJob = async (id: string, job: JobSpec): Promise<JobReport> => {
    const needs = asList(job.needs);
    for (const n of needs) if (!wf.jobs[n]) throw new Error(`job '${id}' needs unknown job '${n}'`);
    await Promise.all(needs.map((n) => done.get(n)));
    const kept = rerun && !rerun.has(id) && options.rerun ? keptJob(options.rerun, id) : undefined;
    if (kept) return kept;
    const startedMs = performance.now() - t0;
    const up = [...ancestors(id)].map((a) => reports[a]?.result);
    const status: Status = {
      success: up.every((r) => r === "success"),
      failure: up.some((r) => r === "failure"),
      cancelled: false,
    };
    const needsCtx: Record<string, Json> = Object.fromEntries(
      needs.map((n) => [n, { result: reports[n]?.result ?? "skipped", outputs: reports[n]?.outputs ?? {} }]),
    );
    const ctx: Contexts = { ...base, needs: needsCtx, env: {} };
    const report: JobReport = {
      id,
      ran: false,
      result: "skipped",
      outputs: {},
      legs: [],
      error: null,
      startedMs,
      durationMs: 0,
    };
    if (!evalIf(job.if, ctx, status)) return report;
    report.ran = true;
    if (job.uses !== undefined && options.call) {
      Object.assign(report, await options.call(id, job, ctx));
      report.durationMs = performance.now() - t0 - startedMs;
      return report;
    }
    let matrices: Array<Record<string, Json> | null> = [null];
    let limit = Number.POSITIVE_INFINITY;
    let failFast = true;
    try {
      if (job.strategy?.matrix !== undefined) {
        matrices = expandMatrix(evalDeep(job.strategy.matrix, ctx));
        const mp = job.strategy["max-parallel"];
        if (mp !== undefined) limit = Number(evalDeep(mp, ctx));
        const ff = job.strategy["fail-fast"];
        if (ff !== undefined) failFast = evalDeep(ff, ctx) !== false;
      }
    } catch (err) {
      report.result = "failure";
      report.error = (err as Error).message;
      report.durationMs = performance.now() - t0 - startedMs;
      return report;
    }
    let stop = false;
    const legTasks = matrices.map((matrix, index) => async (): Promise<LegReport> => {
      const legCtx: Contexts = {
        ...ctx,
        matrix: matrix ?? {},
        strategy: {
          "job-index": index,
          "job-total": matrices.length,
          "max-parallel": limit,
          "fail-fast": failFast,
        },
      };
      const group = job.concurrency
        ? evalText(
            typeof job.concurrency === "object"
              ? (job.concurrency as { group: unknown }).group
              : job.concurrency,
            legCtx,
          )
        : null;
      if (stop) return { matrix, concurrency: group, result: "cancelled", steps: [], durationMs: 0 };
      const before = keptLeg(options.rerun, id, matrix);
      if (before) return before;
      return inGroup(groups, group, async () => {
        const leg = await runLeg(options, { id, job, index, ctx: legCtx, work, eventPath, wfEnv: wf.env });
        if (leg.result === "failure" && failFast) stop = true;
        return { ...leg, matrix, concurrency: group };
      });
    });
    report.legs = await pool(legTasks, limit);
    report.result = report.legs.some((l) => l.result === "failure" || l.result === "cancelled")
      ? "failure"
      : "success";
    for (const leg of report.legs) {
      const steps: Record<string, Json> = {};
      for (const s of leg.steps)
        if (s.id) steps[s.id] = { outputs: s.outputs, outcome: s.outcome, conclusion: s.outcome };
      for (const [k, v] of Object.entries(job.outputs ?? {})) {
        const value = evalText(v, { ...ctx, matrix: leg.matrix ?? {}, steps });
        if (value !== "" || !(k in report.outputs)) report.outputs[k] = value;
      }
    }
    report.durationMs = performance.now() - t0 - startedMs;
    return report;
  };

  // The whole run holds the workflow's concurrency group: a second run of the group waits (queue: max).
  await inGroup(groups, concurrency, async () => {
    queuedMs = performance.now() - t0;
    for (const [id, job] of Object.entries(wf.jobs)) {
      done.set(
        id,
        Promise.resolve()
          .then(() => runJob(id, job))
          .then((r) => {
            reports[id] = r;
            order.push(id);
            return r;
          }),
      );
    }
    await Promise.all(done.values());
  }).finally(() => {
    if (!options.keep && !options.work) rmSync(work, { recursive: true, force: true });
  });
  const jobsCtx: Record<string, Json> = Object.fromEntries(
    Object.entries(reports).map(([id, r]) => [id, { result: r.result, outputs: r.outputs }]),
  );
  const callOutputs = ((wf.on as Record<string, { outputs?: Record<string, { value: unknown }> }> | undefined)
    ?.workflow_call?.outputs ?? {}) as Record<string, { value: unknown }>;
  const outputs = Object.fromEntries(
    Object.entries(callOutputs).map(([k, o]) => [k, evalText(o.value, { ...base, jobs: jobsCtx })]),
  );
  return {
    jobs: reports,
    order,
    concurrency,
    outputs,
    queuedMs,
    wallClockMs: performance.now() - t0,
    attempt,
  };
}

/** The jobs that ran with their result and run time, and the wall clock: for a test's closing note. */
export function formatTimings(sim: SimResult): string {
  const ran = Object.values(sim.jobs).filter((j) => j.ran && j.attempt === undefined);
  const lines = ran.map((j) => {
    const legs = j.legs.filter((l) => l.attempt === undefined).length;
    return (
      `${j.id.padEnd(12)} ${j.result.padEnd(8)} ${(j.durationMs / 1000).toFixed(2).padStart(7)} s` +
      (legs > 1 ? `  (${legs} legs)` : "")
    );
  });
  const skipped = Object.values(sim.jobs).filter((j) => !j.ran).length;
  const kept = Object.values(sim.jobs).length - ran.length - skipped;
  lines.push(
    `attempt ${sim.attempt}: ${ran.length} jobs ran, ${skipped} skipped` +
      (kept > 0 ? `, ${kept} kept from the previous attempt` : "") +
      `; wall clock ${(sim.wallClockMs / 1000).toFixed(2)} s`,
  );
  return lines.join("\n");
}
