import { expandPlaceholders } from "../flow/commit-rules.js";
import { AgentFlowError } from "../lib/errors.js";
import type { RunStatus } from "../run/status.js";

/** A refusal of the commit step: nothing was committed or pushed, and the message says why. */
export class CommitRefused extends AgentFlowError {}

/**
 * `{feature}`, `{run_id}`, `{workflow}` and `{base}` in branch, message and title templates; `{base}` of a
 * run from a detached HEAD is its commit's short id.
 */
export function expandTemplate(template: string, s: RunStatus): string {
  return expandPlaceholders(template, {
    feature: s.feature,
    run_id: s.run_id,
    workflow: s.workflow,
    base: s.base_branch || s.base_sha.slice(0, 7),
  });
}
