/**
 * How a new dispatch finds a run's saved state. No job may take "the newest state in the cache": a leg
 * runs hostile code with the run's cache token and can save entries under any key. So a resume names
 * the exact state to go on from, as the job that saved it printed it in its summary (and its
 * `resume-state` output): the transition and the package's sha256, which is also part of the key.
 * Only plan, advance and commit save state, and they run no agent or repository code.
 */

/** One saved state: its transition and its package's digest. */
export interface StateAnchor {
  seq: number;
  digest: string;
}

const RESUME_RE = /^(\d{1,6})-([0-9a-f]{64})$/;

export const RESUME_STATE_RULE =
  "expected <transition>-<sha256>, e.g. 0007-3f2a...: the 'resume-state' line of the summary of the last plan, advance-k or commit job of the dispatch that ran the run (never of a run-k leg)";

export const formatResumeState = (a: StateAnchor): string => `${String(a.seq).padStart(4, "0")}-${a.digest}`;

/** The anchor in a `resume-state` value, or null when it is not one. */
export function parseResumeState(text: string): StateAnchor | null {
  const m = RESUME_RE.exec(text.trim());
  if (!m) return null;
  return { seq: Number(m[1]), digest: m[2] as string };
}

/** Said in the summary of every job that saved a state the run can go on from. */
export function resumeNote(runId: string, resumeState: string): string {
  return [
    "",
    "### To resume this run from here",
    "",
    "Dispatch the workflow again with these inputs (after the slots ran out, a failed or cancelled",
    "job, or a failed step to retry). Take them only from a `plan`, `advance-k` or `commit` job:",
    "",
    `- \`run-id\`: \`${runId}\``,
    `- \`resume-state\`: \`${resumeState}\``,
    "",
  ].join("\n");
}
