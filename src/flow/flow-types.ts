// The flow as the engine uses it, after parsing and defaults: plain types and the built-in defaults. The
// zod schemas of the YAML document that produce it are in schema.ts.

export type Duration = number;

export interface FlowDefaults {
  workflow: string;
  parallel_max: number;
  lock_timeout: Duration;
  run_retention: number;
  auto_cleanup: boolean;
  timeout: Duration;
  retries: number;
  /** Wall-clock budget of one engine session of a run (a resume gets a fresh one); none when unset. */
  run_timeout?: Duration;
  /** Cost ceiling of a run in US dollars: no agent starts once the recorded cost is above it. */
  max_cost_usd?: number;
}

export const BUILTIN_DEFAULTS: FlowDefaults = {
  workflow: "idea_to_feature",
  parallel_max: 4,
  lock_timeout: 60,
  run_retention: 7,
  auto_cleanup: true,
  timeout: 1800,
  retries: 0,
};

export interface Policy {
  /** Single-writer paths: glob -> the one agent allowed to write there. */
  owners: Record<string, string>;
  /** Paths no agent may write (besides `.github/**` unless `allow_github`). */
  protected: string[];
  allow_github: boolean;
  max_changed_files: number;
  max_changed_bytes: number;
  /** Symlinks whose target leaves the writing agent's scopes (links inside them are always allowed). */
  allow_symlinks: boolean;
  /** New executable bits (new 100755 files, or a mode change to 100755). */
  allow_executable: boolean;
  /** Changes to `.gitattributes` files (they can hide a diff from review: `*.js -diff`). */
  allow_gitattributes: boolean;
  /** Gitlinks (mode 160000) and changes to `.gitmodules`. */
  allow_submodules: boolean;
}

/** Paths that are single-writer even when `policy.owners` does not name them (the guide's rule). */
export const DEFAULT_SINGLE_WRITER = ["src/**", "tests/**"];
export const GITHUB_PATHS = ".github/**";

export interface AgentSpec {
  name: string;
  description?: string;
  preset?: string;
  model?: string;
  max_turns?: number;
  /** Extra arguments appended to the preset's command line. */
  args: string[];
  run?: string | string[];
  prompt?: string;
  prompt_file?: string;
  /** Folder name inside the run directory. */
  output: string;
  writes: string[];
  reads: string[];
  timeout: Duration;
  retries: number;
  env: Record<string, string>;
  raises: string[];
  /** Advisory locks (`.locks/<name>.lock`) held while the agent runs, e.g. the guide's `src_writer`. */
  locks: string[];
  /** Names of environment variables passed to this agent's process only (e.g. ANTHROPIC_API_KEY). */
  secrets: string[];
}

export type WithValues = Record<string, string>;

interface StepBase {
  /** Unique within its workflow; names refs, matrix slots and status entries. */
  id: string;
  /** Position in the workflow's `steps`, for locating problems. */
  index: number;
  on_failure?: string;
  on_success?: string;
}
export interface AgentCall {
  agent: string;
  with: WithValues;
}
export interface AgentStep extends StepBase {
  kind: "agent";
  call: AgentCall;
}
export interface ParallelStep extends StepBase {
  kind: "parallel";
  calls: AgentCall[];
  max_parallel?: number;
}
export interface CheckStep extends StepBase {
  kind: "check";
  run: string | string[];
  timeout?: Duration;
  env: Record<string, string>;
}
export interface CommitOptions {
  branch: string;
  message?: string;
  squash: boolean;
  draft: boolean;
  labels: string[];
  reviewers: string[];
  author?: string;
  /** Git remote to push to; the pull request is opened when it is a GitHub repository. */
  remote: string;
  /** Pull request title template (default: the commit subject). */
  title?: string;
}
export interface CommitStep extends StepBase {
  kind: "commit";
  options: CommitOptions;
}
export type StepSpec = AgentStep | ParallelStep | CheckStep | CommitStep;

export interface WorkflowSpec {
  name: string;
  description?: string;
  steps: StepSpec[];
}

/** `commit` as a trigger target means "the run may go on to its commit step". */
export const COMMIT_TARGET = "commit";
export interface TriggerSpec {
  name: string;
  /** A workflow name, or COMMIT_TARGET. */
  target: string;
  max?: number;
  description?: string;
}

export interface Flow {
  file: string;
  version: 1;
  defaults: FlowDefaults;
  policy: Policy;
  agents: Record<string, AgentSpec>;
  workflows: Record<string, WorkflowSpec>;
  triggers: Record<string, TriggerSpec>;
}

export const DEFAULT_BRANCH_TEMPLATE = "feature/{feature}-{run_id}";
