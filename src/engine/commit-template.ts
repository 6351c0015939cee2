import type { RunStatus } from "../run/status.js";

/** A refusal of the commit step: nothing was committed or pushed, and the message says why. */
export class CommitRefused extends Error {}

/**
 * `{feature}`, `{run_id}`, `{workflow}` and `{base}` in branch, message and title templates; `{base}` of a
 * run from a detached HEAD is its commit's short id.
 */
export function expandTemplate(template: string, s: RunStatus): string {
  return template.replace(/\{(feature|run_id|workflow|base)\}/g, (_m, k: string) =>
    k === "feature"
      ? s.feature
      : k === "run_id"
        ? s.run_id
        : k === "workflow"
          ? s.workflow
          : s.base_branch || s.base_sha.slice(0, 7),
  );
}
