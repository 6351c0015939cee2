import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { AgentCall, AgentSpec } from "../flow/schema.js";
import type { LockHandle } from "../lib/locks/index.js";
import { checkChangedPaths, describeViolations } from "../run/scope-check.js";
import type { AgentStatus, Usage } from "../run/status.js";
import { runDir, WORK_DIR } from "../run/store.js";
import { holdLocks, type RunContext } from "./agent-context.js";
import { copyOutput, outputProblem } from "./agent-output.js";
import { freshStaging, raisedTriggers } from "./agent-staging.js";
import { recordAttemptUsage } from "./budget.js";
import { agentEnvironment } from "./contract.js";
import { processEnvironment } from "./environment.js";
import { expectUnchangedSplit, takeBefore } from "./fingerprint.js";
import { type AgentRun, agentRuns } from "./fingerprint-share.js";
import { warmSlot } from "./group-warmup.js";
import { policeSnapshot } from "./police.js";
import { agentCommand, agentSecrets, logSize, recordUsage } from "./preset-run.js";
import { appendLogLine, describeResult, runProcess, runWithRetries } from "./process.js";
import { AttemptSpare } from "./process-spare.js";
import { writeAgentPrompt } from "./prompt-render.js";
import { dropStagingOf } from "./staging-later.js";
import type { Snapshot } from "./workspace.js";

export { type RunContext, refFor } from "./agent-context.js";

const now = (): string => new Date().toISOString();

/**
 * Runs one agent of a step in its own worktree at `base`, with retries. Its changes are accepted only
 * if every changed path lies in its scopes; then they become a commit on the run's private refs and
 * its output folder is copied into the run directory. A rejected attempt leaves nothing behind.
 */
export async function runAgent(
  ctx: RunContext,
  key: string,
  call: AgentCall,
  base: string,
  rec: AgentStatus,
  opts: { inGroup?: boolean; onStarted?: () => void } = {},
): Promise<void> {
  const agent = ctx.flow.agents[call.agent];
  if (!agent) throw new Error(`unknown agent '${call.agent}'`);
  const dir = runDir(ctx.root, ctx.runId);
  const finalOutput = join(dir, agent.output);
  const logFile = join(finalOutput, "agent.log");
  const staging = join(dir, WORK_DIR, key.replace(/[/#]/g, "_"), agent.name);
  mkdirSync(finalOutput, { recursive: true });

  rec.state = "running";
  rec.started_at = now();
  rec.finished_at = null;
  rec.error = null;
  let locks: LockHandle[] = [];
  try {
    locks = await holdLocks(ctx, agent);
  } catch (err) {
    rec.state = ctx.signal.aborted ? "cancelled" : "failed";
    rec.error = err instanceof Error ? err.message : String(err);
    rec.finished_at = now();
    await ctx.changed({ type: "agent-finished", key, agent: agent.name });
    return;
  }
  try {
    const outcome = await runWithRetries(
      { retries: agent.retries, minDelayMs: ctx.retryDelayMs.min, maxDelayMs: ctx.retryDelayMs.max },
      async (attempt) => {
        rec.attempts += 1;
        // What was reported before is written while the attempt gets going (the agent starts only once
        // it is, see settled()); this start is written with the next write. A failed write ends the run
        // there, but not under a group's other members: the group's end looks at it (local.ts).
        let earlier = ctx.settled?.() ?? Promise.resolve();
        if (opts.inGroup) earlier = earlier.catch(() => undefined);
        else earlier.catch(() => undefined);
        const shown = ctx.changed({ type: "agent-started", key, agent: agent.name, attempt });
        shown.catch(() => undefined);
        // Its contained process, when one was made ahead (process-spare.ts).
        const spare = new AttemptSpare();
        const value = await attemptOnce(ctx, key, agent, call, base, {
          staging,
          logFile,
          earlier,
          spare,
          ...opts,
        }).finally(() => spare.dispose());
        await recordAttemptUsage(rec, join(staging, "output"), attempt, logFile, value.usage);
        return { ok: value.error === null, value };
      },
      {
        signal: ctx.signal,
        onRetry: (attempt, delayMs, value) => {
          void ctx.changed({
            type: "agent-retry",
            key,
            agent: agent.name,
            attempt,
            delayMs,
            reason: value.error ?? "",
          });
        },
      },
    );
    const v = outcome.value;
    rec.exit_code = v.exitCode;
    rec.error = v.error;
    rec.changed_files = v.changed;
    rec.commit = v.commit;
    rec.raised = v.raised;
    if (v.error === null) {
      // Succeeded only once its output is safe in the run folder (the engine saves its commit's ref
      // with the run's state).
      try {
        await copyOutput(join(staging, "output"), finalOutput);
      } catch (err) {
        rec.error = err instanceof Error ? err.message : String(err);
        rec.commit = null;
      }
    }
    rec.state = rec.error === null ? "succeeded" : ctx.signal.aborted ? "cancelled" : "failed";
  } finally {
    if (rec.state === "running") rec.state = "failed"; // thrown: TamperDetected ends the run
    for (const h of locks) await h.release();
    dropStagingOf(staging, opts.inGroup === true); // a group's, once it is combined (staging-later.ts)
    rec.finished_at = now();
    // Not waited for: the step's end is written after it, in order, and nothing starts before both are
    // (settled()); the run's state, not this view, is what a crash must not lose.
    ctx.changed({ type: "agent-finished", key, agent: agent.name }).catch(() => undefined);
  }
}

interface AttemptResult {
  error: string | null;
  exitCode: number | null;
  changed: string[];
  commit: string | null;
  raised: string[];
  /** What the engine read from a preset CLI's output in this attempt; null: usage.json counts. */
  usage: Usage | null;
}

async function attemptOnce(
  ctx: RunContext,
  key: string,
  agent: AgentSpec,
  call: AgentCall,
  base: string,
  {
    staging,
    logFile,
    inGroup = false,
    onStarted,
    earlier,
    spare,
  }: {
    staging: string;
    logFile: string;
    inGroup?: boolean;
    onStarted?: () => void;
    earlier: Promise<void>;
    spare: AttemptSpare;
  },
): Promise<AttemptResult> {
  let usage: Usage | null = null;
  const fail = (error: string, exitCode: number | null = null, changed: string[] = []): AttemptResult => ({
    error,
    exitCode,
    changed,
    commit: null,
    raised: [],
    usage,
  });
  const { outputDir, triggersDir } = await freshStaging(staging);
  const runDirectory = runDir(ctx.root, ctx.runId);
  const contract = {
    runId: ctx.runId,
    feature: ctx.feature,
    baseBranch: ctx.baseBranch,
    runDir: runDirectory,
    outputDir,
    inputDir: call.with.input ? join(runDirectory, call.with.input) : runDirectory,
    promptFile: null as string | null,
    triggersDir,
    agent,
    with: call.with,
  };
  // Taken while the prompt is written and the directory prepared (neither touches what it covers): the
  // engine changes nothing it covers before the agent starts, and a change by anyone else in between is
  // reported as if made during the agent.
  const before = takeBefore(ctx.git, ctx.root);
  before.catch(() => undefined);
  contract.promptFile = await writeAgentPrompt(ctx.root, contract, join(staging, "prompt.md"));
  // The first step's directories may be under preparation (group-warmup.ts): take one of those.
  await warmSlot(ctx.workspace);
  spare.start();
  const worktree = await ctx.workspace.acquire(base);
  let running: AgentRun | undefined;
  try {
    const env = processEnvironment(ctx.env, {
      runId: ctx.runId,
      vars: agentEnvironment(contract),
      secrets: agentSecrets(agent),
    });
    const {
      command,
      stdin,
      env: presetEnv,
    } = await agentCommand(agent, {
      promptFile: contract.promptFile,
      workspace: worktree,
      outputDir,
      triggersDir,
      scratchDir: staging,
    });
    appendLogLine(logFile, `==> ${new Date().toISOString()} ${key}: ${command.join(" ")}`);
    const logStart = logSize(logFile);
    const untouched = await before;
    await earlier;
    // Readings after another agent of the run wait for this one's (fingerprint-share.ts).
    running = agentRuns(ctx.git);
    const result = await runProcess({
      command,
      cwd: worktree,
      env: { ...env, ...presetEnv },
      logFile,
      timeoutMs: agent.timeout * 1000,
      signal: ctx.signal,
      spare: spare.spare,
      ...(stdin !== undefined ? { stdin } : {}),
      ...(onStarted ? { onSpawn: onStarted } : {}),
    });
    // the engine's own reading of what the preset CLI printed; also left as usage.json in its output
    usage = await recordUsage(agent, logFile, logStart, outputDir);
    // The metadata is checked before the snapshot's git runs; the rest of the comparison (a `git status`
    // of the user's checkout and the refs) runs beside the snapshot, and a tamper it finds comes first.
    const { rest: untouchedStill } = await expectUnchangedSplit(
      ctx.git,
      untouched,
      `agent ${agent.name} (${key})`,
      running,
    );
    let snap: Snapshot;
    try {
      if (result.error || result.timedOut || result.cancelled || result.exitCode !== 0) {
        await untouchedStill;
        // 126/127 come from the shell: the agent's program is missing or not executable.
        const hint =
          result.exitCode === 127 || result.exitCode === 126
            ? ` (a command was not found or not executable: is ${agent.preset ? `the ${agent.preset} CLI` : "the program in 'run:'"} installed and on PATH?)`
            : "";
        return fail(`${describeResult(result)}${hint}; see ${logFile}`, result.exitCode);
      }
      const outputBad = await outputProblem(outputDir);
      if (outputBad) {
        await untouchedStill;
        return fail(outputBad, result.exitCode);
      }
      // A group's members leave their ignored files to be looked at when their directory is next used.
      snap = await ctx.workspace.snapshot(worktree, base, ctx.flow.policy, { checkIgnored: !inGroup });
    } catch (err) {
      await untouchedStill;
      throw err;
    }
    await untouchedStill;
    const violations = [
      ...checkChangedPaths(snap.changed, agent.writes, ctx.flow.policy),
      ...(await policeSnapshot(ctx.git, ctx.flow, agent.writes, base, snap.raw)),
    ];
    if (violations.length > 0) {
      return fail(
        `changed files outside its scopes; none of its changes were kept:\n${describeViolations(violations)}`,
        0,
        snap.changed,
      );
    }
    const raised = raisedTriggers(triggersDir);
    const commit =
      snap.changed.length === 0
        ? null
        : await ctx.workspace.commit(
            snap.tree,
            [base],
            commitMessage(ctx.runId, key, agent.name, call.with.mode),
          );
    // The worktree now holds exactly this commit: a next step starting from it skips checkout and clean.
    await ctx.workspace.adopt(worktree, commit ?? base);
    return { error: null, exitCode: 0, changed: snap.changed, commit, raised, usage };
  } finally {
    running?.end();
    ctx.workspace.release(worktree);
  }
}

export function commitMessage(runId: string, key: string, agent: string, mode?: string): string {
  return `agent-flow: ${agent}${mode ? ` (${mode})` : ""} in ${key}\n\nRun-Id: ${runId}\nStep: ${key}\nAgent: ${agent}\n`;
}
