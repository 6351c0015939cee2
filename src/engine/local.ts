import { hostname } from "node:os";
import type { AgentCall, CommitStep, Flow, StepSpec } from "../flow/schema.js";
import { COMMIT_TARGET } from "../flow/schema.js";
import { GitHubApiError } from "../github/errors.js";
import { acquireLock, type LockHandle, LockTimeoutError } from "../run/locks.js";
import type { AgentStatus, RunStatus, StepStatus } from "../run/status.js";
import { appendLog, swapLatest, writeStatus } from "../run/store.js";
import { type RunContext, refFor, runAgent } from "./agent-run.js";
import { runCheck } from "./check-run.js";
import { runCommitStep } from "./commit-step.js";
import { CommitRefused } from "./commit-template.js";
import { describeEvent } from "./events.js";
import { Git } from "./git.js";
import type { EngineEvent, Reporter } from "./reporter.js";
import { takeManualTriggers, writeTriggerFile } from "./triggers.js";
import { RunWorkspace } from "./workspace.js";

export interface EngineOptions {
  root: string;
  flow: Flow;
  status: RunStatus;
  resumed: boolean;
  parallelMax: number;
  reporter: Reporter;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  retryDelayMs?: { min: number; max: number };
}

export const headRef = (runId: string): string => `refs/agent-flow/${runId}/head`;
const now = (): string => new Date().toISOString();

interface Raise {
  name: string;
  /** A failure or an agent's raise repeats the step after the triggered workflow; a success goes on. */
  repeat: boolean;
  /** Dropped by hand (`agent-flow trigger`), not by the step: always new, even when the step is replayed. */
  manual?: boolean;
}

/**
 * The local engine: walks a workflow step by step, running agents in worktrees, checks, triggers and
 * the commit step. It replays what an earlier attempt of the same run already completed, so
 * `--retry` resumes at the first step that did not finish, even after the engine was killed.
 */
export class LocalEngine {
  private readonly git: Git;
  private readonly occurrences = new Map<string, number>();
  private readonly triggerCounts = new Map<string, number>();
  private ctx!: RunContext;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly o: EngineOptions) {
    this.git = new Git(o.root);
  }

  get status(): RunStatus {
    return this.o.status;
  }

  /** Persists the status, appends to pipeline.log and tells the reporter, in order. */
  private changed(event: EngineEvent): Promise<void> {
    const s = this.o.status;
    this.writing = this.writing.then(async () => {
      const line = describeEvent(event, s);
      if (line) await appendLog(this.o.root, s.run_id, line.scope, line.text);
      await writeStatus(this.o.root, s);
      this.o.reporter.update(event, s);
    });
    return this.writing;
  }

  async run(): Promise<RunStatus> {
    const s = this.o.status;
    let runLock: LockHandle;
    try {
      runLock = await acquireLock(
        this.o.root,
        `run-${s.run_id}`,
        { run_id: s.run_id, agent: "engine" },
        { timeoutMs: 1, staleAfterMs: 365 * 86_400_000 },
      );
    } catch (err) {
      if (err instanceof LockTimeoutError)
        throw new Error(
          `run ${s.run_id} is already being run by another agent-flow process (${err.holder ? `pid ${err.holder.pid} on ${err.holder.host}` : "see 'agent-flow locks'"})`,
        );
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
      signal: this.o.signal,
      env: this.o.env,
      changed: (e) => this.changed(e),
      retryDelayMs: this.o.retryDelayMs ?? { min: 1000, max: 30_000 },
    };
    s.state = "running";
    s.finished_at = null;
    s.error = null;
    s.engine = { pid: process.pid, host: hostname(), started_at: now() };
    await this.changed({ type: "run-started", resumed: this.o.resumed });
    let ok = false;
    try {
      ok = await this.walk(s.workflow);
    } catch (err) {
      s.error = err instanceof Error ? err.message : String(err);
    } finally {
      await workspace.dispose().catch(() => undefined);
    }
    s.state = ok ? "succeeded" : this.o.signal.aborted ? "cancelled" : "failed";
    if (s.state === "cancelled" && !s.error) s.error = "cancelled by the user";
    s.finished_at = now();
    s.engine = null;
    await this.changed({ type: "run-finished" });
    if (ok) {
      await swapLatest(this.o.root, s.run_id);
      await appendLog(this.o.root, s.run_id, "run", "docs/status/latest now points to this run");
    }
    await runLock.release();
    return s;
  }

  private nextKey(workflow: string, step: StepSpec): string {
    const stem = `${workflow}/${step.id}`;
    const n = (this.occurrences.get(stem) ?? 0) + 1;
    this.occurrences.set(stem, n);
    return `${stem}#${n}`;
  }

  private async walk(workflow: string): Promise<boolean> {
    const s = this.o.status;
    const wf = this.o.flow.workflows[workflow];
    if (!wf) throw new Error(`no workflow '${workflow}' in the flow`);
    for (const step of wf.steps) {
      for (;;) {
        if (this.o.signal.aborted) return false;
        const key = this.nextKey(workflow, step);
        let rec = s.steps.find((r) => r.key === key);
        const replay = rec !== undefined && this.isComplete(rec);
        if (rec && replay) {
          s.head = rec.result ?? s.head;
          await this.changed({ type: "step-replayed", key });
        } else {
          rec = rec ?? this.newRecord(key, workflow, step);
          await this.execute(step, rec);
          if (this.o.signal.aborted) return false;
        }
        const raises = this.raisesOf(step, rec);
        // A trigger dropped by hand says the step's result is in doubt, as an agent's raise does.
        for (const name of await takeManualTriggers(this.o.root, s))
          raises.push({ name, repeat: true, manual: true });
        let repeat = false;
        for (const r of raises) {
          const fresh = !replay || r.manual === true;
          const source = r.manual ? "manual" : key;
          const t = this.o.flow.triggers[r.name];
          if (!t) {
            await this.changed({
              type: "message",
              level: "warning",
              text: `trigger '${r.name}' is not declared in the flow; ignored`,
            });
            continue;
          }
          if (fresh && !r.manual) await writeTriggerFile(this.o.root, s.run_id, r.name);
          if (t.target === COMMIT_TARGET) {
            s.green = true;
            if (!replay)
              s.triggers.push({ name: r.name, source: key, at: now(), count: 1, target: t.target });
            await this.changed({ type: "trigger", name: r.name, target: t.target, count: 1 });
            continue;
          }
          const count = (this.triggerCounts.get(r.name) ?? 0) + 1;
          this.triggerCounts.set(r.name, count);
          const max = t.max ?? 1;
          if (count > max) {
            s.error = `${key}: trigger '${r.name}' was raised ${count} times, more than its bound (max: ${max}); the run stops here`;
            rec.handled = false;
            return false;
          }
          if (fresh) s.triggers.push({ name: r.name, source, at: now(), count, target: t.target });
          await this.changed({ type: "trigger", name: r.name, target: t.target, count });
          if (!(await this.walk(t.target))) return false;
          rec.handled = true;
          repeat ||= r.repeat;
        }
        if (rec.state === "failed" && !repeat) {
          s.error = rec.error ?? `${key} failed`;
          return false;
        }
        if (!repeat) break;
      }
    }
    return true;
  }

  /** A record an earlier attempt finished: replayed, not run again. */
  private isComplete(rec: StepStatus): boolean {
    return (
      rec.state === "succeeded" || rec.state === "skipped" || (rec.state === "failed" && rec.handled === true)
    );
  }

  private raisesOf(step: StepSpec, rec: StepStatus): Raise[] {
    const out: Raise[] = [];
    if (rec.state === "failed" && step.on_failure) out.push({ name: step.on_failure, repeat: true });
    if (rec.state === "succeeded" && step.on_success) out.push({ name: step.on_success, repeat: false });
    for (const a of rec.agents)
      for (const name of a.raised) if (!out.some((r) => r.name === name)) out.push({ name, repeat: true });
    rec.raised = out.map((r) => r.name);
    return out;
  }

  private newRecord(key: string, workflow: string, step: StepSpec): StepStatus {
    const calls: AgentCall[] =
      step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
    const rec: StepStatus = {
      key,
      workflow,
      id: step.id,
      kind: step.kind,
      state: "pending",
      started_at: null,
      finished_at: null,
      base: null,
      result: null,
      error: null,
      raised: [],
      agents: calls.map((c) => newAgentRecord(this.o.flow, c)),
    };
    this.o.status.steps.push(rec);
    return rec;
  }

  private async execute(step: StepSpec, rec: StepStatus): Promise<void> {
    const s = this.o.status;
    const base = s.head;
    // Agents that already succeeded on this same base (a parallel group retried) keep their result.
    const reusable = rec.base === base;
    rec.base = base;
    rec.state = "running";
    rec.started_at = now();
    rec.finished_at = null;
    rec.error = null;
    rec.handled = false;
    await this.changed({ type: "step-started", key: rec.key });
    try {
      if (step.kind === "agent" || step.kind === "parallel") {
        const calls = step.kind === "agent" ? [step.call] : step.calls;
        const limit =
          step.kind === "parallel"
            ? Math.max(1, Math.min(step.max_parallel ?? this.o.parallelMax, this.o.parallelMax))
            : 1;
        await pool(
          calls.map((call, i) => ({ call, rec: rec.agents[i] as AgentStatus })),
          limit,
          async ({ call, rec: a }) => {
            if (reusable && a.state === "succeeded") return;
            a.attempts = 0;
            await runAgent(this.ctx, rec.key, call, base, a);
          },
        );
        const failed = rec.agents.filter((a) => a.state !== "succeeded");
        if (failed.length > 0) {
          rec.state = failed.some((a) => a.state === "cancelled") ? "cancelled" : "failed";
          rec.error = failed.map((a) => `${a.agent}: ${a.error ?? a.state}`).join("\n");
          rec.result = base;
        } else {
          const results = rec.agents.map((a) => ({ commit: a.commit ?? base, changed: a.changed_files }));
          rec.result = await this.ctx.workspace.combine(
            base,
            results,
            `agent-flow: ${rec.key}\n\nRun-Id: ${s.run_id}\nStep: ${rec.key}\n${rec.agents.map((a) => `Agent: ${a.agent}`).join("\n")}\n`,
          );
          rec.state = "succeeded";
        }
      } else if (step.kind === "check") {
        const n = Number(rec.key.split("#")[1] ?? "1");
        const summary = await runCheck(this.ctx, rec.key, step, base, n);
        rec.state = summary.passed ? "succeeded" : this.o.signal.aborted ? "cancelled" : "failed";
        rec.error = summary.error;
        rec.result = base;
      } else {
        await this.commitStep(step, rec, base);
      }
      if (rec.state === "succeeded" && rec.result && rec.result !== base) {
        await this.git.updateRefs([
          [refFor(s.run_id, rec.key), rec.result],
          [headRef(s.run_id), rec.result],
        ]);
        s.head = rec.result;
      }
    } catch (err) {
      rec.state = this.o.signal.aborted ? "cancelled" : "failed";
      rec.error = err instanceof Error ? err.message : String(err);
      rec.result = base;
    }
    rec.finished_at = now();
    await this.changed({ type: "step-finished", key: rec.key });
  }

  private async commitStep(step: CommitStep, rec: StepStatus, base: string): Promise<void> {
    const s = this.o.status;
    const gated = Object.values(this.o.flow.triggers).filter((t) => t.target === COMMIT_TARGET);
    rec.result = base;
    if (gated.length > 0 && !s.green) {
      rec.state = "failed";
      rec.error = `the commit step runs only after ${gated.map((t) => `'${t.name}'`).join(" or ")} was raised, and it was not`;
      return;
    }
    try {
      const report = await runCommitStep({
        root: this.o.root,
        git: this.git,
        flow: this.o.flow,
        status: s,
        options: step.options,
        env: this.o.env,
        log: (text: string) => appendLog(this.o.root, s.run_id, rec.key, text),
      });
      rec.state = "succeeded";
      s.outcome = report.summary;
      s.branch = report.branch;
      s.pr_url = report.pr?.pr?.url ?? null;
    } catch (err) {
      if (!(err instanceof CommitRefused) && !(err instanceof GitHubApiError)) throw err;
      rec.state = "failed";
      rec.error = err.message;
    }
  }
}

function newAgentRecord(flow: Flow, call: AgentCall): AgentStatus {
  return {
    agent: call.agent,
    output: flow.agents[call.agent]?.output ?? call.agent,
    with: call.with,
    state: "pending",
    attempts: 0,
    started_at: null,
    finished_at: null,
    exit_code: null,
    error: null,
    changed_files: [],
    commit: null,
    raised: [],
  };
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
