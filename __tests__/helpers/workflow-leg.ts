import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Contexts, evalDeep, evalIf, evalText, type Json, type Status } from "./gh-expr.js";
import type { JobSpec, LegReport, SimOptions, StepReport } from "./workflow-sim.js";
import { runStep, type StepEnv } from "./workflow-steps.js";

/** One leg of a job (one matrix entry): fresh folders, then its steps in order, as the runner does. */

export interface LegInput {
  id: string;
  job: JobSpec;
  index: number;
  ctx: Contexts;
  work: string;
  eventPath: string;
  wfEnv: Record<string, unknown> | undefined;
}

export async function runLeg(
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
