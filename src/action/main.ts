import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PackageStore } from "../engine/jobs/package-store.js";
import { formatResumeState, resumeNote } from "../engine/jobs/resume-state.js";
import type { JobBase } from "../engine/jobs/state-package.js";
import { jobSummary } from "../engine/jobs/summary.js";
import type { JobResult } from "../engine/jobs/transition.js";
import { retryDelayFromEnv } from "../engine/retry.js";
import { formatDiagnostic } from "../flow/diagnostics.js";
import { loadFlowFile } from "../flow/load.js";
import { planToMermaid, planWorkflow } from "../flow/plan.js";
import type { Flow } from "../flow/schema.js";
import type { RunStatus } from "../run/status.js";
import { type ActionSettings, readInputs } from "./inputs.js";
import * as runner from "./runner-commands.js";

// The GitHub client, the cache and the engine's jobs are loaded by the commands that use them, so that
// `validate` (run on every push) starts without reading or evaluating them (issue 12's cold start):
// the build emits each as a chunk file beside dist/index.js (scripts/build.mjs).
const github = () => import("./issue-gate.js");
const cleanup = () => import("./cleanup.js");
const cache = () => import("./cache-transport.js");
const presets = () => import("./preset-install.js");
const jobs = {
  plan: () => import("../engine/jobs/plan-job.js"),
  leg: () => import("../engine/jobs/leg-job.js"),
  advance: () => import("../engine/jobs/advance-job.js"),
  commit: () => import("../engine/jobs/commit-job.js"),
};

/** Validates the flow, annotating each problem on its line of the flow file. */
async function loadFlow(settings: ActionSettings): Promise<{ flow: Flow; text: string } | null> {
  runner.startGroup(`Validate ${settings.flow}`);
  const result = await loadFlowFile(settings.flow, process.env);
  for (const d of result.diagnostics) {
    const where = d.line > 0 ? { file: d.file, startLine: d.line, startColumn: d.col } : { file: d.file };
    runner.error(d.path ? `${d.path}: ${d.message}` : d.message, { ...where, title: "agent-flow" });
    runner.info(formatDiagnostic(d));
  }
  runner.endGroup();
  runner.setOutput("valid", String(result.flow !== undefined));
  if (!result.flow) {
    runner.setFailed(`${settings.flow}: ${result.diagnostics.length} problem(s); nothing was run`);
    return null;
  }
  return { flow: result.flow, text: await readFile(settings.flow, "utf8") };
}

async function summary(markdown: string): Promise<void> {
  await runner
    .appendSummary(markdown)
    .catch((err: unknown) => runner.warning(`could not write the job summary: ${String(err)}`));
}

function emit(job: string, r: JobResult, diagram = false): Promise<void> {
  for (const [name, value] of Object.entries(r.outputs)) runner.setOutput(name, value);
  // A run that ended without success marks its last job failed, so the workflow run shows it.
  if (r.outputs.done === "true" && r.outputs.outcome && r.outputs.outcome !== "succeeded")
    runner.setFailed(`run ${r.status.run_id} ${r.outputs.outcome}: ${r.status.error ?? ""}`);
  if (r.notice) runner.notice(r.notice, { title: "agent-flow" });
  const s: RunStatus = r.status;
  runner.info(`run ${s.run_id}: ${s.state}${s.error ? ` (${s.error})` : ""}; next: ${r.outputs.kind ?? "-"}`);
  const md = jobSummary(job, s, { notice: r.notice, diagram, prUrl: r.outputs["pr-url"] || undefined });
  // Where a later dispatch resumes from; a run that succeeded has nothing left to resume.
  const resume = r.outputs["resume-state"];
  const more = resume && r.outputs.outcome !== "succeeded" ? resumeNote(s.run_id, resume) : "";
  return summary(md + more);
}

/** cleanup, issue-gate and issue-report: the GitHub side only, with the token. */
async function githubCommand(settings: ActionSettings): Promise<boolean> {
  const repository = process.env.GITHUB_REPOSITORY ?? "";
  const token = settings.githubToken;
  if (settings.command === "cleanup") {
    const { runCleanup } = await cleanup();
    await runCleanup({ token, repository, retention: settings.retention, dryRun: settings.dryRun });
    return true;
  }
  if (settings.command === "issue-gate") {
    const { issueGate } = await github();
    await issueGate({ token, label: settings.label });
    return true;
  }
  if (settings.command === "issue-report") {
    const { issueReport } = await github();
    await issueReport({
      token,
      repository,
      issue: settings.issue ?? "",
      commentId: settings.commentId,
      outcome: settings.outcome,
      prUrl: settings.prUrl,
      runId: settings.runId,
      resumeState: settings.resumeState ? formatResumeState(settings.resumeState) : undefined,
    });
    return true;
  }
  return false;
}

/**
 * The action's entry: one command per job of the reusable workflow (docs/github-engine.md), each a thin
 * driver over the job functions of src/engine/jobs. `store` moves packages between jobs; by default the
 * Actions cache. One top-level catch turns any error into a failed step.
 */
export async function run(store?: () => PackageStore): Promise<void> {
  try {
    const settings = readInputs();
    // The repository-wide commands read no flow (and cleanup and the gate read no repository code).
    if (await githubCommand(settings)) return;
    const loaded = await loadFlow(settings);
    if (!loaded) return;
    const { flow, text } = loaded;
    if (settings.command === "validate") {
      runner.info(`${settings.flow} is valid`);
      const plan = planWorkflow(flow, settings.workflow || flow.defaults.workflow);
      await summary(
        `## agent-flow: ${settings.flow} is valid\n\n\`\`\`mermaid\n${planToMermaid(plan)}\`\`\`\n`,
      );
      return;
    }
    const open = store ?? (await cache()).cacheStore;
    const env = { ...process.env };
    // Only the commit step uses the token; it never reaches an agent (environment.ts refuses it).
    if (settings.command === "commit" && settings.githubToken)
      env.AGENT_FLOW_GITHUB_TOKEN = settings.githubToken;
    // Made on first use: validate-only paths and refusals never need the cache service.
    let made: PackageStore | null = null;
    const lazy = (): PackageStore => {
      made ??= open();
      return made;
    };
    const packages: PackageStore = {
      save: (key, dir) => lazy().save(key, dir),
      restore: (key, dir) => lazy().restore(key, dir),
      exists: (prefix) => lazy().exists(prefix),
    };
    const base: JobBase = { root: resolve("."), flow, flowText: text, store: packages, env };
    const repository = process.env.GITHUB_REPOSITORY ?? "";
    const need = (v: number | null): number => v ?? 0;
    switch (settings.command) {
      case "plan": {
        const plan = planWorkflow(flow, settings.workflow || flow.defaults.workflow);
        runner.setOutput("plan", JSON.stringify(plan));
        runner.setOutput("stage-count", String(plan.stages.length));
        const { planJob } = await jobs.plan();
        const r = await planJob({
          ...base,
          runId: settings.runId,
          resumeState: settings.resumeState,
          workflow: settings.workflow,
          feature: settings.feature,
          request: settings.request,
          baseBranch: settings.baseBranch,
          issue: settings.issue,
          slots: settings.slots,
          repository,
        });
        return emit("plan", r);
      }
      case "run": {
        const leg = settings.leg;
        if (!leg) throw new Error("input 'leg' is required for command 'run'");
        // Read before anything is installed: a bad value fails the leg at once.
        const retryDelayMs = retryDelayFromEnv(env);
        const { legJob } = await jobs.leg();
        // The preset's CLI is installed before the agent or any repository code runs.
        const { legEnvironment } = await presets();
        const legEnv = await legEnvironment(flow, leg, {
          store: packages,
          env,
          log: (line) => runner.info(line),
          warn: (line) => runner.warning(line, { title: "agent-flow" }),
        });
        const r = await legJob({
          ...base,
          env: legEnv,
          runId: settings.runId,
          seq: leg.seq,
          digest: settings.stateDigest,
          leg,
          log: (line) => runner.info(line),
          retryDelayMs,
        });
        runner.setOutput("ok", String(r.ok));
        // The leg's failure is the agent's: advance records it. The job itself succeeded.
        if (!r.ok) runner.warning(`${leg.name}: ${r.error}`, { title: "agent-flow" });
        return summary(
          jobSummary(`leg ${leg.name}`, r.status, {
            notice: r.ok ? `saved as ${r.key}` : `${leg.name} failed: ${r.error}; saved as ${r.key}`,
          }),
        );
      }
      case "advance": {
        const { advanceJob } = await jobs.advance();
        const r = await advanceJob({
          ...base,
          runId: settings.runId,
          seq: need(settings.seq),
          digest: settings.stateDigest,
          slot: settings.slot,
          slots: settings.slots,
          repository,
        });
        return emit(`advance-${settings.slot}`, r);
      }
      case "commit": {
        const { commitJob } = await jobs.commit();
        const r = await commitJob({
          ...base,
          runId: settings.runId,
          seq: need(settings.seq),
          digest: settings.stateDigest,
          repository,
        });
        return emit("commit", r, true);
      }
      case "status": {
        if (!settings.resumeState) throw new Error("input 'resume-state' is required for command 'status'");
        const { statusJob } = await jobs.commit();
        const r = await statusJob({ ...base, runId: settings.runId, anchor: settings.resumeState });
        for (const [name, value] of Object.entries(r.outputs)) runner.setOutput(name, value);
        return summary(jobSummary("status", r.status, { diagram: true }));
      }
    }
  } catch (err) {
    runner.setFailed(err instanceof Error ? err.message : String(err));
  }
}
