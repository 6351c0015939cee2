import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { type Contexts, evalDeep, evalIf, evalText, type Json, type Status } from "./gh-expr.js";
import { runStep, type StepEnv, type StepOutcome } from "./workflow-steps.js";

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

interface JobSpec {
  name?: string;
  needs?: string | string[];
  if?: unknown;
  strategy?: { matrix?: unknown; "max-parallel"?: unknown; "fail-fast"?: unknown };
  concurrency?: unknown;
  env?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  steps?: StepSpec[];
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

/** `include`/`exclude` and the product of the other keys, as GitHub expands `strategy.matrix`. */
export function expandMatrix(matrix: Json): Array<Record<string, Json>> {
  if (!matrix || typeof matrix !== "object" || Array.isArray(matrix))
    throw new Error("strategy.matrix must be a mapping");
  const { include, exclude, ...vectors } = matrix as Record<string, Json>;
  let combos: Array<Record<string, Json>> = [{}];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values) || values.length === 0)
      throw new Error(`Matrix vector '${key}' does not contain any values`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const matches = (c: Record<string, Json>, e: Record<string, Json>) =>
    Object.entries(e).every(([k, v]) => JSON.stringify(c[k]) === JSON.stringify(v));
  if (Array.isArray(exclude))
    combos = combos.filter(
      (c) => !exclude.some((e) => e && typeof e === "object" && matches(c, e as Record<string, Json>)),
    );
  if (Object.keys(vectors).length === 0) combos = [];
  for (const inc of Array.isArray(include) ? include : []) {
    const entry = inc as Record<string, Json>;
    const original = Object.fromEntries(Object.entries(entry).filter(([k]) => k in vectors));
    const hits = combos.filter((c) => Object.keys(original).length > 0 && matches(c, original));
    if (hits.length > 0) for (const h of hits) Object.assign(h, entry);
    else combos.push({ ...entry });
  }
  if (combos.length === 0) throw new Error("the matrix expands to no job");
  return combos;
}

/** Runs `fn` while holding concurrency group `group` (queued behind earlier holders, none dropped). */
async function inGroup<T>(
  groups: Map<string, Promise<void>>,
  group: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  if (!group) return fn();
  const before = groups.get(group) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((r) => {
    release = r;
  });
  groups.set(
    group,
    before.then(() => mine),
  );
  await before;
  try {
    return await fn();
  } finally {
    release();
  }
}

/** At most `limit` of `tasks` at once, in order. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
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
  const github: Record<string, Json> = {
    repository: "owner/repo",
    repository_owner: "owner",
    run_id: "1000",
    run_number: "1",
    run_attempt: "1",
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
  };
  const eventPath = join(work, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.event ?? { inputs }));
  const base: Contexts = { github, inputs, vars: {}, secrets: options.secrets ?? {}, env: {} };
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
  return { jobs: reports, order, concurrency, outputs, queuedMs, wallClockMs: performance.now() - t0 };
}

interface LegInput {
  id: string;
  job: JobSpec;
  index: number;
  ctx: Contexts;
  work: string;
  eventPath: string;
  wfEnv: Record<string, unknown> | undefined;
}

async function runLeg(
  options: SimOptions,
  leg: LegInput,
): Promise<Omit<LegReport, "matrix" | "concurrency">> {
  const t = performance.now();
  const dir = join(leg.work, `${leg.id}-${leg.index}`);
  const workspace = join(dir, "workspace");
  const temp = join(dir, "temp");
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  const github = { ...(leg.ctx.github as Record<string, Json>), workspace, job: leg.id };
  let env: Record<string, string> = {};
  const ctx0: Contexts = { ...leg.ctx, github, runner: { os: "Linux", arch: "X64", temp, name: "sim" } };
  for (const [k, v] of Object.entries(leg.wfEnv ?? {})) env[k] = evalText(v, { ...ctx0, env });
  for (const [k, v] of Object.entries(leg.job.env ?? {})) env[k] = evalText(v, { ...ctx0, env });
  const steps: Record<string, Json> = {};
  const reports: StepReport[] = [];
  const extraPath: string[] = [];
  let failed = false;
  for (const [i, step] of (leg.job.steps ?? []).entries()) {
    const ctx: Contexts = { ...ctx0, env, steps };
    const status: Status = { success: !failed, failure: failed, cancelled: false };
    const name = step.name ?? step.uses ?? step.run?.split("\n")[0] ?? `step ${i + 1}`;
    if (!evalIf(step.if, ctx, status)) {
      reports.push({
        id: step.id ?? null,
        name,
        ran: false,
        outcome: "skipped",
        outputs: {},
        with: {},
        log: "",
        summary: "",
      });
      if (step.id) steps[step.id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
      continue;
    }
    const stepEnv: Record<string, string> = { ...env };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = evalText(v, { ...ctx, env: stepEnv });
    const withValues = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, evalText(v, ctx)]),
    );
    const files = {
      output: join(temp, `output-${i}`),
      summary: join(temp, `summary-${i}`),
      env: join(temp, `env-${i}`),
      path: join(temp, `path-${i}`),
    };
    for (const f of Object.values(files)) writeFileSync(f, "");
    const senv: StepEnv = {
      job: leg.id,
      index: leg.index,
      workspace,
      temp,
      ctx,
      with: withValues,
      env: stepEnv,
      files,
      eventPath: leg.eventPath,
      extraPath,
      options,
    };
    const run = step.run === undefined ? undefined : evalText(step.run, ctx);
    const outcome = (await options.step?.(step, senv)) ?? (await runStep({ ...step, run }, senv));
    const outputs = { ...outcome.outputs };
    const continueOnError =
      step["continue-on-error"] !== undefined && evalDeep(step["continue-on-error"], ctx) === true;
    if (!outcome.ok && !continueOnError) failed = true;
    const result = outcome.ok ? "success" : "failure";
    env = { ...env, ...outcome.env };
    extraPath.unshift(...outcome.path);
    if (step.id)
      steps[step.id] = { outputs, outcome: result, conclusion: continueOnError ? "success" : result };
    reports.push({
      id: step.id ?? null,
      name,
      ran: true,
      outcome: result,
      outputs,
      with: withValues,
      log: outcome.log,
      summary: outcome.summary,
    });
  }
  return { result: failed ? "failure" : "success", steps: reports, durationMs: performance.now() - t };
}

/** The jobs that ran with their result and run time, and the wall clock: for a test's closing note. */
export function formatTimings(sim: SimResult): string {
  const ran = Object.values(sim.jobs).filter((j) => j.ran);
  const lines = ran.map(
    (j) =>
      `${j.id.padEnd(12)} ${j.result.padEnd(8)} ${(j.durationMs / 1000).toFixed(2).padStart(7)} s` +
      (j.legs.length > 1 ? `  (${j.legs.length} legs)` : ""),
  );
  const skipped = Object.values(sim.jobs).length - ran.length;
  lines.push(
    `${ran.length} jobs ran, ${skipped} skipped; wall clock ${(sim.wallClockMs / 1000).toFixed(2)} s`,
  );
  return lines.join("\n");
}
