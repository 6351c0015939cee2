import { hostname } from "node:os";
import type { Plan, Stage } from "../flow/plan.js";
import type { CheckStep, CommitStep, Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { acquireRunLock } from "../run/run-lock.js";
import type { AgentStatus, RunStatus } from "../run/status.js";
import { appendLog, statusFile, swapLatest, writeStatus } from "../run/store.js";
import { type RunContext, refFor, runAgent } from "./agent-run.js";
import { RunBudget } from "./budget.js";
import { runCheck } from "./check-run.js";
import { logContainment } from "./containment-log.js";
import { prepareProcesses } from "./environment.js";
import { describeEvent } from "./events.js";
import { TamperDetected } from "./fingerprint.js";
import { Git } from "./git.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  advance,
  type MachineEvent,
  type MachineState,
  next,
  type Outcome,
  raiseManually,
  recordAgent,
  resume,
  stepKey,
} from "./machine.js";
import { type MachinePlan, machinePlan } from "./machine-plan.js";
import { refuseMissingNeeds } from "./preflight.js";
import type { EngineEvent, Reporter } from "./reporter.js";
import { loadRunState, type RunState, saveRunState, verifyRunState } from "./run-state.js";
import { rebuildSteps, stepFinished, stepStarted } from "./status-view.js";
import { agentResult, combineStep, executeCommit, failedResult, newRunState } from "./step-results.js";
import { takeManualTriggers, writeTriggerFile } from "./triggers.js";
import { uncommittedInputsWarning } from "./uncommitted.js";
import { RunWorkspace } from "./workspace.js";

export interface EngineOptions {
  root: string;
  flow: Flow;
  /** The flow file's text, pinned by hash at the start of the run. */
  flowText: string;
  /** What the run executes: `agent-flow plan` for the run's workflow. */
  plan: Plan;
  /** The view written to pipeline_status.json. */
  status: RunStatus;
  resumed: boolean;
  /** The request text of a new run (a resumed run keeps its own). */
  request?: string;
  reporter: Reporter;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  retryDelayMs?: { min: number; max: number };
}

export const headRef = (runId: string): string => `refs/agent-flow/${runId}/head`;
const now = (): string => new Date().toISOString();
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Raised when a run cannot start or resume (its saved state is missing, changed or tampered with). */
export class EngineRefused extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * The local engine: a loop around the state machine (machine.ts). Ask for the next action, execute it
 * (agents in worktrees, a check, the commit step), hand the result back, persist, repeat. A resume is
 * the same loop started from the saved state, after verifying it.
 */
export class LocalEngine {
  private readonly git: Git;
  private readonly mplan: MachinePlan;
  private ctx!: RunContext;
  private run_!: RunState;
  private writing: Promise<void> = Promise.resolve();
  /** Refs to move with the next save of the state (a single agent's commit). */
  private unsavedRefs: [string, string][] = [];
  /** The first write of the status or the log that failed; it ends the run (see changed()). */
  private writeFailure: string | null = null;

  /** The wall clock and the cost ceiling; its signal is the user's cancel or the clock running out. */
  private readonly budget: RunBudget;

  constructor(private readonly o: EngineOptions) {
    this.git = new Git(o.root);
    this.mplan = machinePlan(o.plan);
    this.budget = new RunBudget(o.flow.defaults, o.signal);
  }

  /**
   * Persists the view, appends to pipeline.log and tells the reporter, in order. Never rejects: a failed
   * write is remembered and ends the run with the path and the OS error, so nothing is left `running`.
   */
  private changed(event: EngineEvent): Promise<void> {
    const s = this.o.status;
    this.writing = this.writing.then(async () => {
      try {
        const line = describeEvent(event, s);
        if (line) await appendLog(this.o.root, s.run_id, line.scope, line.text);
        await writeStatus(this.o.root, s);
      } catch (err) {
        this.writeFailure ??= `cannot write the run's status or log (${statusFile(this.o.root, s.run_id)}): ${message(err)}`;
      }
      try {
        this.o.reporter.update(event, s);
      } catch {
        // A reporter (e.g. a closed terminal) must not stop the run.
      }
    });
    return this.writing;
  }

  private async emit(events: MachineEvent[]): Promise<void> {
    for (const e of events) {
      if (e.type === "warning") await this.changed({ type: "message", level: "warning", text: e.text });
      else {
        this.o.status.triggers.push({
          name: e.name,
          source: e.source,
          at: now(),
          count: e.count,
          target: e.target,
        });
        if (e.source !== "manual") {
          const stamp = await writeTriggerFile(this.o.root, this.o.status.run_id, e.name).catch(() => null);
          if (stamp) this.run_.trigger_stamps[e.name] = stamp;
        }
        await this.changed({ type: "trigger", name: e.name, target: e.target, count: e.count });
      }
    }
  }

  private get machine(): MachineState {
    return this.run_.machine;
  }

  private async save(state: MachineState, refs: [string, string][] = []): Promise<void> {
    this.run_.machine = state;
    await saveRunState(this.git, this.run_, refs);
  }

  /** The run's saved state: new, or loaded, verified and resumed. */
  private async initialState(): Promise<RunState> {
    const s = this.o.status;
    if (!this.o.resumed) return newRunState(s, this.o.request, this.o.flowText, this.mplan);
    const saved = await loadRunState(this.git, s.run_id);
    await verifyRunState(this.git, this.o.flow, this.o.flowText, saved);
    const r = resume(saved.machine);
    if ("refused" in r) throw new EngineRefused(`run ${s.run_id}: ${r.refused}`);
    rebuildSteps(s, r.state, saved.base_sha);
    return { ...saved, machine: r.state };
  }

  async run(): Promise<RunStatus> {
    const s = this.o.status;
    const runLock = await acquireRunLock(this.o.root, s.run_id);
    try {
      // Under the run's lock, so that a leftover is never a live engine's agent.
      prepareProcesses(this.o.flow, s.run_id, this.o.resumed);
      refuseMissingNeeds(this.o.flow, this.o.plan, this.o.env, this.o.root);
      this.run_ = await this.initialState();
      await this.save(this.run_.machine);
    } catch (err) {
      await runLock.release();
      throw err;
    }
    const workspace = await RunWorkspace.open(this.git, s.run_id);
    this.ctx = {
      root: this.o.root,
      git: this.git,
      flow: this.o.flow,
      runId: s.run_id,
      feature: s.feature,
      baseBranch: s.base_branch,
      workspace,
      signal: this.budget.signal,
      env: this.o.env,
      changed: (e) => this.changed(e),
      retryDelayMs: this.o.retryDelayMs ?? { min: 1000, max: 30_000 },
    };
    s.state = "running";
    s.finished_at = null;
    s.error = null;
    s.engine = { pid: process.pid, host: hostname(), started_at: now() };
    await this.changed({ type: "run-started", resumed: this.o.resumed });
    const uncommitted = await uncommittedInputsWarning(this.git, this.o.root, this.o.flow, {
      branch: s.base_branch,
      sha: s.base_sha,
    }).catch(() => null);
    if (uncommitted) await this.changed({ type: "message", level: "warning", text: uncommitted });
    await logContainment(this.o.root, s.run_id, (text) =>
      this.changed({ type: "message", level: "warning", text }),
    );
    let outcome: Outcome;
    this.budget.start();
    try {
      outcome = this.budget.explain(await this.loop());
    } catch (err) {
      outcome = { state: "failed", reason: message(err), retryable: !(err instanceof TamperDetected) };
    } finally {
      this.budget.stop();
      await workspace.dispose().catch(() => undefined);
    }
    const ok = outcome.state === "succeeded";
    s.state = ok ? "succeeded" : outcome.state === "cancelled" ? "cancelled" : "failed";
    s.error = ok ? null : (outcome.reason ?? (s.state === "cancelled" ? "cancelled by the user" : "failed"));
    s.resumable = !ok && outcome.retryable;
    s.finished_at = now();
    s.engine = null;
    await this.changed({ type: "run-finished" });
    if (this.writeFailure) {
      // Whatever is in memory is flushed once more; the run ends failed with the path and the error.
      s.state = "failed";
      s.error = this.writeFailure;
      await writeStatus(this.o.root, s).catch(() => undefined);
    } else if (ok) {
      // The run succeeded whatever happens to `latest`: a failure to switch it is said, not fatal.
      const moved = await swapLatest(this.o.root, s.run_id).then(
        () => "docs/status/latest now points to this run",
        (err: unknown) => `docs/status/latest was not switched to this run: ${message(err)}`,
      );
      if (moved.includes("not switched"))
        await this.changed({ type: "message", level: "warning", text: moved });
      else await appendLog(this.o.root, s.run_id, "run", moved).catch(() => undefined);
    }
    await runLock.release();
    return s;
  }

  private async loop(): Promise<Outcome> {
    for (;;) {
      if (this.budget.signal.aborted) return this.budget.stopped();
      const manual = await takeManualTriggers(this.o.root, this.o.status.run_id, this.run_.trigger_stamps);
      let state = this.machine;
      if (manual.length > 0) state = raiseManually(state, manual);
      const n = next(this.mplan, state);
      this.run_.machine = n.state;
      await this.emit(n.events);
      if (n.action.kind === "finish") {
        await this.save(n.state);
        return n.action.outcome;
      }
      const action = n.action;
      const overBudget = action.kind === "agents" ? this.budget.beforeAgents(this.o.status) : null;
      if (overBudget) return overBudget;
      const result = await this.execute(action);
      const a = advance(this.mplan, this.machine, result);
      await this.emit(a.events);
      const refs: [string, string][] = this.unsavedRefs.splice(0);
      if (a.state.head !== action.base) {
        refs.push([refFor(this.o.status.run_id, stepKey(action.step)), a.state.head]);
        refs.push([headRef(this.o.status.run_id), a.state.head]);
      }
      await this.save(a.state, refs);
      this.o.status.head = a.state.head;
      this.o.status.green = a.state.green;
      const rec = this.o.status.steps.find((r) => r.key === stepKey(action.step));
      if (rec) {
        stepFinished(rec, result, a.state);
        await this.changed({ type: "step-finished", key: rec.key });
      }
      if (this.writeFailure) return { state: "failed", reason: this.writeFailure, retryable: true };
      if (a.state.outcome) return a.state.outcome;
    }
  }

  private stageOf(action: Exclude<Action, { kind: "finish" }>): Stage {
    const stage = this.mplan.workflows[action.step.workflow]?.[action.step.index - 1];
    if (!stage) throw new Error(`no step ${stepKey(action.step)} in the plan`);
    return stage;
  }

  private async execute(action: Exclude<Action, { kind: "finish" }>): Promise<ActionResult> {
    const stage = this.stageOf(action);
    const rec = stepStarted(this.o.status, action, stage);
    await this.changed({ type: "step-started", key: rec.key });
    const cancelled = (): boolean => this.budget.signal.aborted;
    try {
      if (action.kind === "agents") return await this.runAgents(action, stage, rec.agents);
      if (action.kind === "check") {
        const step = this.flowStep(action.step.workflow, action.step.id) as CheckStep;
        const summary = await runCheck(this.ctx, rec.key, step, action.base, action.step.n);
        return { kind: "check", step: action.step, summary, error: summary.error, cancelled: cancelled() };
      }
      return await this.commitStep(action, this.flowStep(action.step.workflow, action.step.id) as CommitStep);
    } catch (err) {
      if (err instanceof TamperDetected) throw err; // the user's repository changed: stop, push nothing
      return failedResult(action, stage, message(err), cancelled());
    }
  }

  private flowStep(workflow: string, id: string) {
    const step = this.o.flow.workflows[workflow]?.steps.find((x) => x.id === id);
    if (!step) throw new Error(`no step '${id}' in workflow '${workflow}' of ${this.o.flow.file}`);
    return step;
  }

  private async runAgents(
    action: Extract<Action, { kind: "agents" }>,
    stage: Stage,
    records: AgentStatus[],
  ): Promise<ActionResult> {
    const key = stepKey(action.step);
    const results: AgentResult[] = [...action.reuse];
    // Members that finished before a crash or a cancel of this same action keep their result.
    const pending = this.machine.pending?.agents ?? [];
    const todo = action.calls.filter((i) => {
      const kept = pending.find((p) => p.index === i && p.ok);
      if (kept) results.push(kept);
      return !kept;
    });
    const limit = Math.max(1, stage.max_parallel);
    let saving: Promise<void> = Promise.resolve();
    await pool(todo, limit, async (i) => {
      const planned = stage.agents[i];
      const rec = records[i];
      if (!planned || !rec) throw new Error(`${key}: no agent #${i} in the plan`);
      rec.attempts = 0;
      await runAgent(this.ctx, key, { agent: planned.agent, with: planned.with }, action.base, rec);
      const noCost = this.budget.agentFinished(this.o.status, rec);
      if (noCost) await this.changed({ type: "message", level: "warning", text: noCost });
      const r = agentResult(i, planned, rec);
      results.push(r);
      const ref: [string, string][] = r.commit
        ? [[refFor(this.o.status.run_id, key, r.agent), r.commit]]
        : [];
      if (todo.length === 1) {
        // A single call is saved with the step's result, in one transaction.
        this.unsavedRefs.push(...ref);
        return;
      }
      // Members of a group are saved one after the other as they finish, so that a crash keeps each.
      saving = saving.then(() => this.save(recordAgent(this.machine, r), ref));
      await saving;
    });
    return combineStep(
      this.ctx.workspace,
      this.o.status.run_id,
      action.step,
      action.base,
      results,
      this.budget.signal.aborted,
    );
  }

  private async commitStep(
    action: Extract<Action, { kind: "commit" }>,
    step: CommitStep,
  ): Promise<ActionResult> {
    const s = this.o.status;
    const key = stepKey(action.step);
    const done = await executeCommit({
      root: this.o.root,
      git: this.git,
      flow: this.o.flow,
      status: s,
      run: this.run_,
      machine: this.machine,
      step: action.step,
      options: step.options,
      env: this.o.env,
      log: (text: string) => appendLog(this.o.root, s.run_id, key, text),
    });
    return done.result;
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
