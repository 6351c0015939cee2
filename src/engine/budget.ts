import type { FlowDefaults } from "../flow/schema.js";
import type { AgentStatus, RunStatus, Usage } from "../run/status.js";
import { addUsage, formatCost, readUsage, runUsage } from "../run/usage.js";
import type { Outcome } from "./machine-types.js";
import { appendLogLine } from "./process.js";

/** setTimeout's longest delay; a longer budget is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const span = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s || (!h && !m) ? `${s}s` : ""}`;
};

/**
 * A run's budgets: the wall clock (`defaults.run_timeout`, per engine session: a resume starts a fresh
 * one, or an over-time run could never be finished) and the cost ceiling (`defaults.max_cost_usd`, over
 * the whole run). The wall clock aborts `signal`, which stops running agents and checks as a cancel
 * does; the ceiling is checked before each agent step, so a started agent always finishes.
 */
export class RunBudget {
  private readonly clock = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private warnedNoCost = new Set<string>();
  /** The user's cancel or the wall clock. */
  readonly signal: AbortSignal;

  constructor(
    private readonly defaults: FlowDefaults,
    private readonly user: AbortSignal,
  ) {
    this.signal = AbortSignal.any([user, this.clock.signal]);
  }

  /** Starts the wall clock; call stop() when the run ends. */
  start(): void {
    const seconds = this.defaults.run_timeout;
    if (seconds === undefined || seconds * 1000 > MAX_TIMER_MS) return;
    this.timer = setTimeout(() => this.clock.abort(), seconds * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The outcome once `signal` is aborted: the user's cancel, else the wall clock ran out. */
  stopped(): Outcome {
    if (this.user.aborted || !this.clock.signal.aborted)
      return { state: "cancelled", reason: "cancelled by the user", retryable: true };
    return {
      state: "failed",
      reason: `the run's time budget ran out (defaults.run_timeout: ${span(this.defaults.run_timeout ?? 0)}); running agents and checks were stopped. Resume with --retry for a fresh budget`,
      retryable: true,
    };
  }

  /** A run's outcome as the budget explains it: a cancel caused by the clock is the budget's failure. */
  explain(outcome: Outcome): Outcome {
    return outcome.state === "cancelled" && this.clock.signal.aborted && !this.user.aborted
      ? this.stopped()
      : outcome;
  }

  /** Before an agent step starts: the outcome that ends the run when its cost is above the ceiling. */
  beforeAgents(status: RunStatus): Outcome | null {
    const ceiling = this.defaults.max_cost_usd;
    const spent = runUsage(status).cost_usd;
    if (ceiling === undefined || spent === null || spent <= ceiling) return null;
    return {
      state: "failed",
      reason: `the run's cost ceiling was exceeded: its agents reported ${formatCost(spent)}, above defaults.max_cost_usd (${formatCost(ceiling)}); no further agent was started`,
      retryable: false,
    };
  }

  /**
   * After an agent's attempts: adds its usage to the run's total, and says (once per agent) when a cost
   * ceiling is set but the agent reported no cost, since the ceiling cannot count what is not reported.
   */
  agentFinished(status: RunStatus, rec: AgentStatus): string | null {
    status.usage = addUsage(status.usage, rec.usage);
    if (this.defaults.max_cost_usd === undefined || (rec.usage?.cost_usd ?? null) !== null) return null;
    if (this.warnedNoCost.has(rec.agent)) return null;
    this.warnedNoCost.add(rec.agent);
    return `agent '${rec.agent}' reported no cost (no cost_usd in its usage.json), so defaults.max_cost_usd cannot count it`;
  }
}

/**
 * After one attempt of an agent: its usage, added to its record (reset by its first attempt). `parsed`
 * is what the engine itself read from a preset CLI's output, when it did; otherwise the attempt's
 * `usage.json` counts. One that is not a usage record is said in the agent's log and counted as unknown.
 */
export async function recordAttemptUsage(
  rec: AgentStatus,
  outputDir: string,
  attempt: number,
  logFile: string,
  parsed: Usage | null = null,
): Promise<void> {
  if (attempt === 1) rec.usage = undefined;
  if (parsed) {
    rec.usage = addUsage(rec.usage, parsed);
    return;
  }
  const { usage, problem } = await readUsage(outputDir).catch((err: unknown) => ({
    usage: null as Usage | null,
    problem: String(err),
  }));
  if (problem) appendLogLine(logFile, `==> agent-flow: usage not recorded: ${problem}`);
  rec.usage = addUsage(rec.usage, usage ?? undefined);
}
