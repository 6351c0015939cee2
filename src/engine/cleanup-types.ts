import type { Git } from "./git.js";

export type CleanupKind = "run-folder" | "snapshot" | "triggers" | "refs" | "branch" | "worktree" | "lock";

export interface CleanupItem {
  kind: CleanupKind;
  /** A path relative to the repository root (a pooled worktree: absolute), a ref pattern, a branch name or a lock file. */
  target: string;
  run_id: string | null;
  /** Bytes the files take on disk (0 for refs and branches: their objects go at git's next gc; 0 for a
   * pool removed in the background at a run's end: not measured). */
  bytes: number;
}

export interface CleanupKept {
  run_id: string;
  reason: string;
}

export interface CleanupReport {
  retention_days: number;
  /** Finished before this instant (ISO 8601) means past the retention. */
  cutoff: string;
  dry_run: boolean;
  removed: CleanupItem[];
  /** Runs past the retention (or parts of them) that were kept, with why. */
  kept: CleanupKept[];
  /** Runs within the retention, left alone. */
  fresh: number;
  bytes: number;
}

/** What the run recorded about its pull request: null when it never opened one. */
export interface PullRecord {
  number: number | null;
  url: string | null;
  /** The configured remote the branch was pushed to (its name), when known. */
  remote: string | null;
}

export interface CleanupOptions {
  root: string;
  git: Git;
  retentionDays: number;
  dryRun: boolean;
  now?: number;
  /**
   * Skip the runs (not the pool and locks) unless the last sweep said one may now be past the retention
   * (cleanup-marker.ts): the end of every run. `agent-flow cleanup` always looks at every run. Also
   * leaves the removal of other repositories' orphan pools to a detached process (detached-remove.ts).
   */
  whenDue?: boolean;
  /**
   * Whether the pull request of a run branch is still open: true, false, or null when it cannot be
   * known here (no token, no GitHub remote). A branch is removed only when this says false.
   */
  pullRequestOpen?: (branch: string, pull: PullRecord) => Promise<boolean | null>;
}
