/**
 * The records the state machine reads and writes. All are plain JSON: a driver saves them between
 * transitions, and on GitHub a job hands them to the next one.
 */

export const MACHINE_SCHEMA = "agent-flow/machine@1";

/** One execution of a step: the n-th time step `id` (at 1-based `index`) of `workflow` runs in this run. */
export interface StepRef {
  workflow: string;
  index: number;
  id: string;
  n: number;
}

/** The one textual form of a step execution, for refs, logs and the status file; never parsed back. */
export const stepKey = (s: StepRef): string => `${s.workflow}/${s.id}#${s.n}`;

/** What the run should do next. */
export type Action =
  | {
      kind: "agents";
      step: StepRef;
      base: string;
      /** Indexes into the stage's agents to run now (the list a GitHub matrix fans out). */
      calls: number[];
      /** Results of members that already succeeded on this same base, kept as they are. */
      reuse: AgentResult[];
    }
  | { kind: "check"; step: StepRef; base: string }
  | { kind: "commit"; step: StepRef; base: string }
  | { kind: "finish"; outcome: Outcome };

export interface Outcome {
  state: "succeeded" | "failed" | "refused" | "cancelled";
  reason: string | null;
  /** Whether resuming the run can change the outcome. */
  retryable: boolean;
}

/** One agent call's result. */
export interface AgentResult {
  /** Index into the stage's agents. */
  index: number;
  agent: string;
  ok: boolean;
  exit_code: number | null;
  error: string | null;
  /** The engine's commit of the agent's accepted change (its tree may equal the base's). */
  commit: string | null;
  changed: string[];
  raised: string[];
  /** The agent's output folder in the run directory. */
  output: string;
}

/** What a check measured (test_results/summary.json). */
export interface CheckSummary {
  command: string[];
  step: string;
  exit_code: number | null;
  passed: boolean;
  duration_ms: number;
  finished_at: string;
  /** Counts read from the output when the runner prints them (node:test, TAP, vitest, jest, pytest). */
  tests: { pass: number; fail: number } | null;
  /** Lines that name failing tests (`not ok ...`, `✖ ...`), since the tail may not reach them. */
  failures: string[];
  output_tail: string;
  error: string | null;
}

export type ActionResult =
  | {
      kind: "agents";
      step: StepRef;
      agents: AgentResult[];
      /** The step's combined commit; null when a member failed. */
      head: string | null;
      error: string | null;
      cancelled?: boolean;
    }
  | { kind: "check"; step: StepRef; summary: CheckSummary; error: string | null; cancelled?: boolean }
  | {
      kind: "commit";
      step: StepRef;
      ok: boolean;
      error: string | null;
      branch: string | null;
      pr_url: string | null;
      cancelled?: boolean;
    };

export interface Raise {
  name: string;
  /** A failure or an agent's raise repeats the step after the triggered workflow; a success goes on. */
  repeat: boolean;
  manual?: boolean;
}

/** A workflow being walked; triggered workflows stack on top of the step that raised them. */
export interface Frame {
  workflow: string;
  /** 0-based position of the current step. */
  pos: number;
  /** Set once the current step finished: the triggers it raised still to run, and what follows. */
  after: {
    step: StepRef;
    failed: boolean;
    error: string | null;
    queue: Raise[];
    repeat: boolean;
  } | null;
}

/** The trigger ledger: every trigger that fired in this run, in order. */
export interface LedgerEntry {
  name: string;
  target: string;
  /** The step execution that raised it, or `manual`. */
  source: string;
  /** The n-th start of its workflow by this kind of source (automatic or manual). */
  count: number;
}

export interface StepDone {
  step: StepRef;
  ok: boolean;
  /** The run's head after the step. */
  head: string;
  /** The accepted agents' results (agent steps only). */
  agents?: AgentResult[];
}

export interface MachineState {
  schema: typeof MACHINE_SCHEMA;
  /** The run's current result. */
  head: string;
  /** Set once a trigger that targets `commit` (e.g. all_green) fired. */
  green: boolean;
  stack: Frame[];
  /** Executions so far per `workflow/step`. */
  executions: Record<string, number>;
  /** Automatic starts per trigger (bounded by `max`). */
  counts: Record<string, number>;
  /** Starts by hand per trigger (bounded by `max` too, separately). */
  manualCounts: Record<string, number>;
  ledger: LedgerEntry[];
  /** Triggers dropped by hand, waiting for the next step boundary. */
  manual: string[];
  pending: { action: Action; agents: AgentResult[] } | null;
  /** Members of a failed group that succeeded, reusable when the group runs again from the same base. */
  carry: { stem: string; base: string; agents: AgentResult[] } | null;
  done: StepDone[];
  /** The last check's summary. */
  check: CheckSummary | null;
  outcome: Outcome | null;
}

export type MachineEvent =
  | { type: "trigger"; name: string; target: string; count: number; source: string }
  | { type: "warning"; text: string };

export function emptyState(workflow: string, head: string): MachineState {
  return {
    schema: MACHINE_SCHEMA,
    head,
    green: false,
    stack: [{ workflow, pos: 0, after: null }],
    executions: {},
    counts: {},
    manualCounts: {},
    ledger: [],
    manual: [],
    pending: null,
    carry: null,
    done: [],
    check: null,
    outcome: null,
  };
}
