import { lstat, readdir, readlink, rm } from "node:fs/promises";
import { join } from "node:path";
import { openGitHubClient } from "../github/open-client.js";
import { closePullRequest } from "../github/pulls.js";
import { parseGitHubRemote } from "../github/remote.js";
import { AgentFlowError } from "../lib/errors.js";
import { readBranchRecord } from "../run/branch-record.js";
import { liveEngineGate } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import { LATEST, readStatus, runDir, STATUS_DIR, triggerDir } from "../run/store.js";
import type { Git } from "./git.js";
import { trailerValues } from "./git-objects.js";
import {
  checkedOutBranches,
  remoteUrl as configuredUrl,
  deleteRef,
  deleteRefs,
  isValidBranchName,
  deleteRemoteBranch as pushDelete,
  refsUnder,
  remoteBranchTip,
} from "./git-ops.js";
import { githubToken, TOKEN_VARIABLES } from "./publish.js";

export class RollbackRefused extends AgentFlowError {}

export interface RollbackResult {
  /** What this run left on the remote and could not remove, each with the command that removes it. */
  remaining: string[];
}

/** Whether `sha` is a commit this run made: its message carries the run's `Run-Id:` trailer. */
async function madeByRun(git: Git, sha: string, runId: string): Promise<boolean> {
  return (await trailerValues(git, sha, "Run-Id"))?.includes(runId) === true;
}

/**
 * The branch records in the run folder (branch_info.json, pipeline_status.json) are files an agent could
 * have written: they only name candidates. What is deleted is decided by git: a branch whose tip carries
 * this run's `Run-Id:` trailer, on a remote that is configured in the repository.
 */
async function candidates(
  root: string,
  runId: string,
  status: RunStatus,
): Promise<{ branches: string[]; remote: string | null }> {
  const info = await readBranchRecord(runDir(root, runId));
  const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
  const branches = [info?.branch ?? null, str(status.branch)].filter((b): b is string => b !== null);
  return { branches: [...new Set(branches)], remote: info?.remote ?? null };
}

async function remoteTipIsRun(git: Git, remote: string, branch: string, runId: string): Promise<boolean> {
  const listed = await remoteBranchTip(git, remote, branch);
  return listed.reachable && listed.sha ? madeByRun(git, listed.sha, runId) : false;
}

/**
 * Deletes the remote branch if its tip is this run's (with a lease on that tip, so a push that lands
 * meanwhile is kept); otherwise says what remains and how to remove it.
 */
async function deleteRemoteBranch(
  git: Git,
  remote: string,
  branch: string,
  runId: string,
  log: (text: string) => void,
): Promise<string | null> {
  const by = `git push ${remote} --delete ${branch}`;
  const listed = await remoteBranchTip(git, remote, branch);
  if (!listed.reachable)
    return `${remote}/${branch}: could not reach ${remote} (${listed.error}); if the branch is there, delete it with: ${by}`;
  const sha = listed.sha;
  if (!sha) return null;
  if (!(await madeByRun(git, sha, runId)))
    return `${remote}/${branch} (at ${sha.slice(0, 12)}) was kept: its tip was not made by this run (someone pushed to it since, or it is not this run's branch). Check it (git fetch ${remote} ${branch} && git log FETCH_HEAD), and if it is to go, delete it with: ${by}`;
  const r = await pushDelete(git, remote, branch, sha);
  if (r.ok || r.missing) {
    log(`deleted ${remote}/${branch}`);
    return null;
  }
  const why = r.stale ? "it moved while rollback ran" : r.error;
  return `${remote}/${branch} (at ${sha.slice(0, 12)}) could not be deleted: ${why}; delete it with: ${by}`;
}

/** The run's snapshots under docs/status/.snapshots/, `latest` first if it points to one of them. */
async function removeSnapshots(root: string, runId: string, log: (text: string) => void): Promise<void> {
  const statusDir = join(root, STATUS_DIR);
  const own = new RegExp(`^${runId}-[0-9a-f]{6}$`);
  const target = await readlink(join(root, LATEST)).catch(() => "");
  const m = /^\.snapshots\/([^/]+)$/.exec(target);
  if (m && own.test(m[1] as string)) {
    await rm(join(root, LATEST), { force: true });
    log(`removed ${LATEST}, which pointed to this run`);
  }
  const current = await readlink(join(root, LATEST)).catch(() => "");
  const snapshots = join(statusDir, ".snapshots");
  for (const name of await readdir(snapshots).catch(() => [] as string[])) {
    if (!own.test(name)) continue;
    // Only folders the engine made: a link planted in their place is removed as a link, never followed.
    const info = await lstat(join(snapshots, name)).catch(() => undefined);
    if (!info) continue;
    if (current === `.snapshots/${name}`) {
      log(`kept ${STATUS_DIR}/.snapshots/${name}: ${LATEST} points to it`);
      continue;
    }
    await rm(join(snapshots, name), { recursive: info.isDirectory(), force: true });
    log(`removed ${STATUS_DIR}/.snapshots/${name}`);
  }
}

/**
 * The guide's rollback: removes everything a run made (its branch here and on the remote, optionally its
 * pull request, its private refs, trigger files, run folder and snapshot). Refuses a run that is still
 * running. Whatever cannot be removed on the remote (the branch moved, the remote is unreachable) does
 * not stop the local rollback: it is returned in `remaining`, with the command that removes it.
 */
export async function rollbackRun(args: {
  root: string;
  git: Git;
  runId: string;
  closePr: boolean;
  /** Assume a run's engine that still counts as alive is gone (see liveEngineGate). */
  force?: boolean;
  env: NodeJS.ProcessEnv;
  log(text: string): void;
}): Promise<RollbackResult> {
  const { root, git, runId, log } = args;
  const status: RunStatus = await readStatus(root, runId);
  const gate = liveEngineGate(root, status, args.force === true, "cancel it first");
  if (gate && "refused" in gate) throw new RollbackRefused(gate.refused);
  if (gate) log(`warning: ${gate.assumed}`);
  const remaining: string[] = [];
  const named = await candidates(root, runId, status);
  const branches: { name: string; tip: string | undefined; own: boolean }[] = [];
  for (const name of named.branches) {
    if (!(await isValidBranchName(git, name))) continue;
    const tip = await git.revParse(`refs/heads/${name}`);
    branches.push({ name, tip, own: tip ? await madeByRun(git, tip, runId) : false });
  }
  const held = await checkedOutBranches(git);
  for (const b of branches) {
    if (b.own && held.has(b.name))
      throw new RollbackRefused(
        `branch '${b.name}' is checked out; switch to another branch first (git checkout ${status.base_branch || "-"}); nothing was removed`,
      );
  }
  // The remote is only ever one configured in this repository, never a URL taken from the records.
  const remote = named.remote;
  const remoteUrl = remote ? ((await configuredUrl(git, remote)) ?? "") : "";
  for (const { name: branch, tip, own } of branches) {
    // A pull request is closed only for a branch shown to be this run's, here or on the remote.
    const ours =
      own ||
      (args.closePr &&
        remoteUrl !== "" &&
        remote !== null &&
        (await remoteTipIsRun(git, remote, branch, runId)));
    if (args.closePr && remoteUrl && !ours) {
      log(`left the pull requests of ${branch} alone: the branch was not made by run ${runId}`);
    } else if (args.closePr && remoteUrl) {
      const repo = parseGitHubRemote(remoteUrl, args.env.GITHUB_SERVER_URL);
      const token = githubToken(args.env);
      if (!repo || !token)
        throw new RollbackRefused(
          `--close-pr needs a GitHub remote and a token (${TOKEN_VARIABLES}); nothing was removed`,
        );
      const closed = await closePullRequest(
        await openGitHubClient({ token, baseUrl: args.env.GITHUB_API_URL || undefined }),
        repo,
        branch,
        `Rolled back: agent-flow run ${runId}.`,
      );
      log(closed ? `closed pull request #${closed}` : "no open pull request to close");
    }
    if (remote && remoteUrl) {
      const left = await deleteRemoteBranch(git, remote, branch, runId, log);
      if (left) remaining.push(left);
    } else if (remote) {
      remaining.push(
        `the run recorded remote '${remote}', which is not configured here; if it holds branch ${branch}, delete it there`,
      );
    }
    if (tip && own) {
      await deleteRef(git, `refs/heads/${branch}`, tip);
      log(`deleted branch ${branch}`);
    } else if (tip) {
      log(
        `kept branch ${branch}: its tip ${tip.slice(0, 12)} was not made by run ${runId} (no 'Run-Id: ${runId}' trailer)`,
      );
    }
  }
  const refs = await refsUnder(git, `refs/agent-flow/${runId}/`);
  await deleteRefs(git, refs);
  log(`deleted ${refs.length} private ref(s)`);
  await removeSnapshots(root, runId, log);
  await rm(triggerDir(root, runId), { recursive: true, force: true });
  await rm(runDir(root, runId), { recursive: true, force: true });
  log(`removed ${join("docs/status/runs", runId)}`);
  return { remaining };
}
