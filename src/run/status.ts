/** The shape of `pipeline_status.json` (documented in the README). */
export const STATUS_SCHEMA = "agent-flow/status@1";

export type RunState = "pending" | "running" | "succeeded" | "failed" | "cancelled";
export type StepState = "pending" | "running" | "succeeded" | "failed" | "cancelled";

/**
 * What an agent's model use cost, as its CLI reported it (see usage.ts): each field a number, or null
 * when nothing reported it. Summed over an agent's attempts, and over the run.
 */
export interface Usage {
  turns: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
}

export interface AgentStatus {
  agent: string;
  output: string;
  with: Record<string, string>;
  state: StepState;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  error: string | null;
  changed_files: string[];
  /** Commit on the run's private refs holding this agent's accepted change. */
  commit: string | null;
  /** Triggers the agent raised through $AGENT_TRIGGERS. */
  raised: string[];
  /** Summed over this execution's attempts; absent in records of older engines. */
  usage?: Usage;
}

export interface StepStatus {
  /** `workflow/step#n`: the n-th execution of that step in this run (triggers can repeat a step). */
  key: string;
  workflow: string;
  id: string;
  kind: "agent" | "parallel" | "check" | "commit";
  state: StepState;
  started_at: string | null;
  finished_at: string | null;
  /** Run head before and after the step. */
  base: string | null;
  result: string | null;
  error: string | null;
  /** Triggers raised by this execution (its own on_failure/on_success and its agents'). */
  raised: string[];
  /** A failed step whose triggered workflows all ran: replayed on retry, not run again. */
  handled?: boolean;
  agents: AgentStatus[];
}

export interface TriggerRecord {
  name: string;
  /** The step execution key that raised it, or `manual`. */
  source: string;
  at: string;
  /** How many times this trigger has started its workflow in this run, this one included. */
  count: number;
  target: string;
}

export interface RunStatus {
  schema: typeof STATUS_SCHEMA;
  run_id: string;
  feature: string;
  workflow: string;
  base_branch: string;
  base_sha: string;
  flow_file: string;
  state: RunState;
  started_at: string;
  finished_at: string | null;
  updated_at: string;
  /** The engine process working on the run, so `runs` can tell a stale run from a live one. */
  engine: { pid: number; host: string; started_at: string } | null;
  /** The run's current result: a commit, also at `result_ref`. */
  head: string;
  result_ref: string;
  /** Set once a trigger that targets `commit` (e.g. all_green) was raised. */
  green: boolean;
  error: string | null;
  triggers: TriggerRecord[];
  steps: StepStatus[];
  /** Whether `run --retry` can change the outcome of a run that did not succeed. */
  resumable?: boolean;
  /** What the run left for the user: the commit step's report, or where the result is. */
  outcome: string | null;
  /** The issue the run came from, for `Closes #N` in the pull request. */
  issue?: number | null;
  /** Every agent attempt of the run so far, across resumes; absent in records of older engines. */
  usage?: Usage;
  /** Set by the commit step. */
  branch?: string | null;
  pr_url?: string | null;
}
