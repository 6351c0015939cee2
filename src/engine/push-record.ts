import type { Git } from "./git.js";
import { dropRef, refValue } from "./git-ops.js";

/**
 * What a run pushed, as its push lease: kept in refs the engine writes under the run's private namespace
 * (`refs/agent-flow/<RUN_ID>/pushed`, `.../pushing`), never read from `branch_info.json`. That file is in
 * the run folder, which agents can write: a `pushed_sha` forged there would make any commit look like
 * this run's, and the lease would then overwrite a branch someone else moved. The refs travel with the
 * run's other refs (the GitHub engine's state package) and go with them at rollback and cleanup.
 */
const pushedRef = (runId: string): string => `refs/agent-flow/${runId}/pushed`;
const pushingRef = (runId: string): string => `refs/agent-flow/${runId}/pushing`;

export interface PushLease {
  /** What this run last pushed, or null. */
  pushed: string | null;
  /** What it was about to push when an attempt died before recording it, or null. */
  pushing: string | null;
}

export async function readPushLease(git: Git, runId: string): Promise<PushLease> {
  return { pushed: await refValue(git, pushedRef(runId)), pushing: await refValue(git, pushingRef(runId)) };
}

/** Before the push: `sha` is what this run is pushing (so a crash right after the push still knows it). */
export async function notePushing(git: Git, runId: string, sha: string): Promise<void> {
  await git.updateRef(pushingRef(runId), sha);
}

/** After the push: `sha` is what this run pushed, the lease of its next push. */
export async function notePushed(git: Git, runId: string, sha: string): Promise<void> {
  await git.updateRef(pushedRef(runId), sha);
  await dropRef(git, pushingRef(runId));
}
