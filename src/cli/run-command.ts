import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { probeContainment } from "../engine/containment.js";
import { openBeforeRun } from "../engine/early-workspace.js";
import { Git } from "../engine/git.js";
import { LocalEngine } from "../engine/local.js";
import { refuseMissingNeeds } from "../engine/preflight.js";
import { killAllChildrenSync } from "../engine/process.js";
import { startRefWriter } from "../engine/ref-writer.js";
import { retryDelayFromEnv } from "../engine/retry.js";
import {
  findRepoRoot,
  type RunBase,
  RunRefused,
  readBase,
  requestFileProblem,
  startRun,
} from "../engine/start.js";
import { planWorkflow } from "../flow/plan.js";
import { writeSpacing } from "../github/write-spacing.js";
import { AgentFlowError } from "../lib/errors.js";
import { releaseAllHeldSync } from "../lib/locks/index.js";
import { runDir } from "../run/store.js";
import { autoCleanup } from "./cleanup-command.js";
import { loadValidFlowText } from "./flow-file.js";
import { type CliIO, EXIT, UsageError } from "./output.js";
import { cliReporter, type ViewMode } from "./view.js";

export interface RunFlags {
  flow: string;
  feature?: string;
  request?: string;
  base?: string;
  runId?: string;
  retry: boolean;
  force?: boolean;
  parallelMax?: string;
  issue?: string;
  quiet: boolean;
  json: boolean;
}

async function readRequest(io: CliIO, from: string | undefined): Promise<string | undefined> {
  if (from === undefined) return undefined;
  if (from === "-") {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(resolve(io.cwd, from), "utf8");
  } catch (err) {
    throw new UsageError(`--request ${from}: ${requestFileProblem(err)}`);
  }
}

/**
 * The settings read from the environment ($AGENT_FLOW_RETRY_DELAY_MS, $AGENT_FLOW_GITHUB_WRITE_SPACING),
 * checked before anything runs: a bad value is a usage error (exit 2), not a failure at the pull request.
 */
function envSettings(env: NodeJS.ProcessEnv): { min: number; max: number } | undefined {
  try {
    writeSpacing(env);
    return retryDelayFromEnv(env);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export async function runCommand(io: CliIO, workflow: string | undefined, flags: RunFlags): Promise<number> {
  let parallelMax: number | undefined;
  if (flags.parallelMax !== undefined) {
    if (
      !/^\d+$/.test(flags.parallelMax) ||
      Number(flags.parallelMax) < 1 ||
      Number(flags.parallelMax) > 256
    ) {
      throw new UsageError(`--parallel-max '${flags.parallelMax}' must be a whole number from 1 to 256`);
    }
    parallelMax = Number(flags.parallelMax);
  }
  if (flags.issue !== undefined && !/^[1-9]\d{0,9}$/.test(flags.issue))
    throw new UsageError(`--issue '${flags.issue}' must be an issue number`);
  if (flags.issue !== undefined && flags.retry)
    throw new UsageError("--issue applies to a new run; a retry keeps the run's own");
  if (flags.quiet && flags.json) throw new UsageError("--quiet and --json cannot be used together");
  const retryDelayMs = envSettings(io.env);
  // While the flow file is checked (on the worker thread, see flow-worker.ts; else here, tens of ms of
  // this thread's time), git reads the repository's settings and a new run's base, the containment probe
  // runs, and the new run's first directory is prepared at that base (early-workspace.ts): a run needs
  // them all. Not when there is no flow file: that ends the command at once.
  let baseRead: Promise<RunBase> | undefined;
  if (existsSync(resolve(io.cwd, flags.flow))) {
    void new Git(io.cwd).prepare();
    // The run's `git update-ref --stdin` (its first files and every save go through it), started while
    // this thread waits for the flow, not forked on the way to the first save.
    void findRepoRoot(io.cwd).then(
      (root) => startRefWriter(new Git(root)),
      () => undefined,
    );
    if (!flags.retry) {
      baseRead = readBase(io.cwd, flags.base);
      openBeforeRun(
        io.cwd,
        baseRead.then((b) => b.baseSha),
      );
    }
    void probeContainment(); // the engine awaits it before its first agent
  }
  const loaded = await loadValidFlowText(io, flags.flow);
  if (!loaded) return EXIT.failed;
  const { flow, text: flowText } = loaded;
  const request = await readRequest(io, flags.request);
  // A missing agent CLI or secret refuses a new run before anything is written (a retry: see below).
  const named = workflow ?? flow.defaults.workflow;
  if (!flags.retry && flow.workflows[named])
    refuseMissingNeeds(flow, planWorkflow(flow, named), io.env, await findRepoRoot(io.cwd));

  let prepared: Awaited<ReturnType<typeof startRun>>["prepared"];
  let written: Promise<void>;
  try {
    ({ prepared, written } = await startRun({
      cwd: io.cwd,
      flow,
      workflow,
      feature: flags.feature,
      request,
      baseBranch: flags.base,
      runId: flags.runId,
      retry: flags.retry,
      force: flags.force === true,
      notice: (text) => io.err(`warning: ${text}\n`),
      issue: flags.issue === undefined ? undefined : Number(flags.issue),
      baseRead,
    }));
  } catch (err) {
    if (err instanceof RunRefused) {
      io.err(`error: ${err.message}\nnothing was written\n`);
      return EXIT.usage;
    }
    throw err;
  }

  if (prepared.resumed)
    refuseMissingNeeds(flow, planWorkflow(flow, prepared.status.workflow), io.env, prepared.root);
  void probeContainment(); // started above, unless the flow file appeared since: then now

  const mode: ViewMode = flags.json ? "json" : flags.quiet ? "quiet" : io.isTTY ? "live" : "plain";
  const steps = flow.workflows[prepared.status.workflow]?.steps.map((x) => x.id) ?? [];
  const reporter = await cliReporter(io, mode, steps);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts === 1) {
      io.err(`\n${signal}: cancelling run ${prepared.status.run_id}; stopping agents (again to force)\n`);
      controller.abort();
    } else if (interrupts === 2) {
      // Force: agents are killed at once, and the engine still records the run as cancelled.
      io.err(`\n${signal}: killing the agents of run ${prepared.status.run_id}\n`);
      killAllChildrenSync("SIGKILL");
    } else {
      releaseAllHeldSync();
      process.exit(130);
    }
  };
  const onExit = (): void => {
    killAllChildrenSync("SIGKILL");
    releaseAllHeldSync();
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const sig of signals) process.on(sig, onSignal);
  process.on("exit", onExit);
  try {
    // The run executes exactly what `agent-flow plan` prints for its workflow (with --parallel-max applied).
    const planned = {
      ...flow,
      defaults: { ...flow.defaults, parallel_max: parallelMax ?? flow.defaults.parallel_max },
    };
    const engine = new LocalEngine({
      root: prepared.root,
      flow,
      flowText,
      plan: planWorkflow(planned, prepared.status.workflow),
      status: prepared.status,
      resumed: prepared.resumed,
      request: prepared.request,
      written,
      reporter,
      signal: controller.signal,
      env: io.env,
      retryDelayMs,
    });
    let s: Awaited<ReturnType<LocalEngine["run"]>>;
    try {
      s = await engine.run();
    } catch (err) {
      if (!(err instanceof AgentFlowError)) throw err;
      reporter.stop();
      io.err(`error: ${err.message}\n${err.hint ? `${err.hint}\n` : ""}`);
      return err.exitCode;
    }
    reporter.stop();
    await autoCleanup(io, prepared.root, flow.defaults, flags.json ? "json" : flags.quiet ? "quiet" : "text");
    const dir = runDir(prepared.root, s.run_id);
    if (flags.json) {
      io.out(
        `${JSON.stringify({ type: "result", run_id: s.run_id, state: s.state, error: s.error, outcome: s.outcome, run_dir: dir })}\n`,
      );
    } else {
      const summary = [`run ${s.run_id} ${s.state}`];
      if (s.error) summary.push(`  ${s.error.split("\n").join("\n  ")}`);
      if (s.outcome) summary.push(`  ${s.outcome}`);
      summary.push(
        `  run folder: ${dir}`,
        `  status:     agent-flow status ${s.run_id}`,
        `  log:        agent-flow logs ${s.run_id}`,
      );
      if (s.state !== "succeeded" && s.resumable !== false)
        summary.push(`  resume:     agent-flow run --run-id ${s.run_id} --retry`);
      (s.state === "succeeded" ? io.out : io.err)(`${summary.join("\n")}\n`);
    }
    return s.state === "succeeded" ? EXIT.ok : s.state === "cancelled" ? 130 : EXIT.failed;
  } finally {
    reporter.stop();
    for (const sig of signals) process.off(sig, onSignal);
    process.off("exit", onExit);
  }
}
