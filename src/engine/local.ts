import type { Plan, Stage } from "../flow/plan.js";
import type { CheckStep, CommitStep, Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { acquireRunLock } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import { appendLog } from "../run/store.js";
import { type AgentGroupHost, runAgentGroup } from "./agent-group.js";
import { type RunContext, refFor } from "./agent-run.js";
import { RunBudget } from "./budget.js";
import { runCheck } from "./check-run.js";
import { TamperDetected } from "./fingerprint-changes.js";
import { Git } from "./git.js";
import { warmedUp, warmFirstStep } from "./group-warmup.js";
import {
  type Action,
  type ActionResult,
  advance,
  type MachineState,
  next,
  type Outcome,
  raiseManually,
  stepKey,
} from "./machine.js";
import { type MachinePlan, machinePlan } from "./machine-plan.js";
import type { EngineEvent, Reporter } from "./reporter.js";
import {
  abandonWorkspace,
  announceStart,
  initialRunState,
  openEarly,
  recordRefusal,
  runContext,
  underLock,
  unlockedRefusal,
} from "./run-opening.js";
import { RunRecorder, RunViewUnwritable } from "./run-recorder.js";
import { type RunState, saveRunState } from "./run-state.js";
import { stepFinished, stepStarted } from "./status-view.js";
import { executeCommit, failedResult, newRunState } from "./step-results.js";
import { takeManualTriggers } from "./triggers.js";
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
  /** A new run's first files being written (startRun() in start.ts): awaited before its status or state. */
  written?: Promise<void>;
  reporter: Reporter;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  retryDelayMs?: { min: number; max: number };
}

export const headRef = (runId: string): string => `refs/agent-flow/${runId}/head`;
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
  /** Refs to move with the next save of the state (a single agent's commit). */
  private unsavedRefs: [string, string][] = [];
  /** pipeline_status.json, pipeline.log and the reporter. */
  private readonly recorder: RunRecorder;

  /** The wall clock and the cost ceiling; its signal is the user's cancel or the clock running out. */
  private readonly budget: RunBudget;

  constructor(private readonly o: EngineOptions) {
    this.git = new Git(o.root);
    this.mplan = machinePlan(o.plan);
    this.budget = new RunBudget(o.flow.defaults, o.signal);
    this.recorder = new RunRecorder(o.root, o.status, o.reporter);
  }

  private changed(event: EngineEvent): Promise<void> {
    return this.recorder.changed(event);
  }

  private get machine(): MachineState {
    return this.run_.machine;
  }

  private async save(state: MachineState, refs: [string, string][] = []): Promise<void> {
    this.run_.machine = state;
    await saveRunState(this.git, this.run_, refs);
  }

  /** The run's context for `ws`, and the warm-up of its first step's directories (group-warmup.ts). */
  private warm(ws: RunWorkspace): void {
    this.ctx = {
      ...runContext(this.o, this.git, ws, this.budget.signal, (e) => this.changed(e)),
      settled: () => this.recorder.settled(),
    };
    warmFirstStep(this.ctx, this.mplan, this.machine);
  }

  async run(): Promise<RunStatus> {
    const s = this.o.status;
    // A new run's state is known without reading anything: its workspace opens, and its first step's
    // directories are prepared, while it takes its lock and saves its state (see openEarly()).
    let opening: Promise<RunWorkspace> | undefined;
    if (!this.o.resumed) {
      this.run_ = newRunState(s, this.o.request, this.o.flowText, this.mplan);
      opening = openEarly(this.git, s.run_id, (ws) => this.warm(ws));
    }
    const runLock = await acquireRunLock(this.o.root, s.run_id).catch((err: unknown) =>
      unlockedRefusal(this.o, this.recorder, opening, err),
    );
    let uncommittedWarning: Promise<string | null>;
    let workspace: RunWorkspace;
    let saved = this.o.resumed;
    try {
      // Reported in its place below.
      uncommittedWarning = underLock(this.o, this.git);
      if (this.o.resumed) {
        this.run_ = await initialRunState(this.git, this.o, this.mplan, (m) => new EngineRefused(m));
        // The workspace opens while the state is saved.
        opening = RunWorkspace.open(this.git, s.run_id);
        opening.catch(() => undefined);
      }
      await this.o.written;
      await this.save(this.run_.machine);
      saved = true;
      // Inside the try: a workspace that cannot open lets go of the run lock too.
      workspace = await (opening as Promise<RunWorkspace>);
    } catch (err) {
      // The run's folder exists: its status says why it stopped (not `pending`), and its directories go back.
      await Promise.all([
        recordRefusal(this.recorder, err, saved, this.o.written),
        abandonWorkspace(opening),
      ]);
      await runLock.release();
      throw err;
    }
    if (this.o.resumed) this.warm(workspace);
    await announceStart(this.o, this.git, (e) => this.changed(e), uncommittedWarning);
    let outcome: Outcome;
    this.budget.start();
    try {
      outcome = this.budget.explain(await this.loop());
    } catch (err) {
      outcome = { state: "failed", reason: message(err), retryable: !(err instanceof TamperDetected) };
    } finally {
      this.budget.stop();
    }
    // The pool's directories go back while the run's end is recorded (latest switched): neither waits.
    const disposed = warmedUp(workspace)
      .then(() => workspace.dispose())
      .catch(() => undefined);
    try {
      await this.recorder.finish(outcome);
    } finally {
      await disposed;
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
      await this.recorder.machineEvents(n.events, this.run_.trigger_stamps);
      if (n.action.kind === "finish") {
        // A failed write of the run's view ends it failed and resumable, not saved as succeeded.
        await this.recorder.settled().catch(() => undefined);
        if (this.recorder.writeFailure)
          return { state: "failed", reason: this.recorder.writeFailure, retryable: true };
        // A success next() gives again from the saved state (nothing raised or taken this turn) is not
        // saved once more: a run stopped before its end resumes to this same finish.
        if (manual.length > 0 || n.events.length > 0 || n.action.outcome.state !== "succeeded")
          await this.save(n.state);
        return n.action.outcome;
      }
      const action = n.action;
      const overBudget = action.kind === "agents" ? this.budget.beforeAgents(this.o.status) : null;
      if (overBudget) return overBudget;
      const result = await this.execute(action);
      const a = advance(this.mplan, this.machine, result);
      await this.recorder.machineEvents(a.events, this.run_.trigger_stamps);
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
        void this.changed({ type: "step-finished", key: rec.key }); // written before anything starts (settled())
      }
      // The last step's writes are not waited for by a next agent: a run ends only once they are done.
      if (a.state.outcome) await this.recorder.settled().catch(() => undefined);
      if (this.recorder.writeFailure)
        return { state: "failed", reason: this.recorder.writeFailure, retryable: true };
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
    // Written while the step gets going (its agents' starts share the write); on disk before its end.
    const shown = this.changed({ type: "step-started", key: rec.key });
    const cancelled = (): boolean => this.budget.signal.aborted;
    try {
      if (action.kind === "agents") return await runAgentGroup(this.groupHost(), action, stage, rec.agents);
      if (action.kind === "check") {
        const step = this.flowStep(action.step.workflow, action.step.id) as CheckStep;
        const summary = await runCheck(this.ctx, rec.key, step, action.base, action.step.n);
        return { kind: "check", step: action.step, summary, error: summary.error, cancelled: cancelled() };
      }
      return await this.commitStep(action, this.flowStep(action.step.workflow, action.step.id) as CommitStep);
    } catch (err) {
      if (err instanceof TamperDetected) throw err; // the user's repository changed: stop, push nothing
      if (err instanceof RunViewUnwritable) throw err; // as the failed write is seen between steps
      return failedResult(action, stage, message(err), cancelled());
    } finally {
      await shown;
    }
  }

  private groupHost(): AgentGroupHost {
    return {
      ctx: this.ctx,
      status: this.o.status,
      budget: this.budget,
      recorder: this.recorder,
      machine: () => this.machine,
      save: (state, refs) => this.save(state, refs),
      unsavedRefs: this.unsavedRefs,
      plan: this.mplan,
    };
  }

  private flowStep(workflow: string, id: string) {
    const step = this.o.flow.workflows[workflow]?.steps.find((x) => x.id === id);
    if (!step) throw new Error(`no step '${id}' in workflow '${workflow}' of ${this.o.flow.file}`);
    return step;
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
