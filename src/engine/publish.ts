import { join } from "node:path";
import type { CommitOptions } from "../flow/schema.js";
import { openGitHubClient } from "../github/open-client.js";
import { createOrUpdatePullRequest } from "../github/pulls.js";
import { parseGitHubRemote, redactUrls } from "../github/remote.js";
import { type BranchRecord, readBranchRecord, writeBranchRecord } from "../run/branch-record.js";
import type { RunStatus } from "../run/status.js";
import { writeFileAtomic } from "../run/store.js";
import { CommitRefused, expandTemplate } from "./commit-template.js";
import type { Git } from "./git.js";
import { remoteUrl as configuredUrl, pushWithLease, remoteBranchTip } from "./git-ops.js";
import { notePushed, notePushing, readPushLease } from "./push-record.js";

export interface PublishResult {
  push: "created" | "updated" | "unchanged" | "no-remote";
  remote: string | null;
  pr: { action: "created" | "updated" | "unchanged"; number: number; url: string } | null;
  summary: string;
}

export function githubToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.AGENT_FLOW_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/** The variables githubToken reads, in its order of preference, for messages. */
export const TOKEN_VARIABLES = "AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN";

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * pr_url.txt when no pull request was opened: comment lines saying why and how to open it, so the file
 * the README lists always exists and a script can tell (`grep -v '^#' pr_url.txt` is empty).
 */
async function writeNoPr(dir: string, why: string, command: string): Promise<void> {
  await writeFileAtomic(
    join(dir, "pr_url.txt"),
    `# no pull request was opened: ${why}\n# to open it: ${command}\n`,
  );
}

/**
 * Pushes the branch with --force-with-lease (the lease is what this run pushed before, as the engine's
 * refs record it, so a branch someone else moved is never overwritten) and opens or updates the pull
 * request. branch_info.json repeats what was pushed for the user; it is never trusted as the lease.
 */
export async function publishPullRequest(args: {
  git: Git;
  status: RunStatus;
  options: CommitOptions;
  env: NodeJS.ProcessEnv;
  branch: string;
  tip: string;
  title: string;
  body: string;
  dir: string;
  log(text: string): Promise<void>;
}): Promise<PublishResult> {
  const { git, status, options, branch, tip, dir } = args;
  const previous = await readBranchRecord(dir);
  // The URL as configured, not as rewritten by url.<base>.insteadOf: it names the GitHub repository.
  const configured = await configuredUrl(git, options.remote);
  // Stored and shown without userinfo: a token in the URL must not reach branch_info.json or a log.
  const remoteUrl = configured ? redactUrls(configured) : null;
  const info: BranchRecord = {
    run_id: status.run_id,
    branch,
    base_branch: status.base_branch,
    base_sha: status.base_sha,
    head_sha: tip,
    remote: remoteUrl ? options.remote : null,
    remote_url: remoteUrl,
    pushed_sha: previous?.pushed_sha ?? null,
    pushing_sha: null,
    pushed_at: previous?.pushed_at ?? null,
    pr_number: previous?.pr_number ?? null,
    pr_url: previous?.pr_url ?? null,
  };
  const save = () => writeBranchRecord(dir, info);
  const title = options.title ? expandTemplate(options.title, status) : args.title;
  const bodyFile = join(dir, "pr_body.md");
  // A run from a detached HEAD has no base branch: the pull request's base is the user's to choose.
  const command = `gh pr create --base ${status.base_branch ? shellQuote(status.base_branch) : "BRANCH"} --head ${shellQuote(branch)} --title ${shellQuote(title)} --body-file ${shellQuote(bodyFile)}`;

  if (!remoteUrl) {
    await save();
    await writeNoPr(
      dir,
      `no remote '${options.remote}' to push to`,
      `git push ${options.remote} ${branch} && ${command}`,
    );
    return {
      push: "no-remote",
      remote: null,
      pr: null,
      summary: `branch ${branch} created locally; no remote '${options.remote}' to push to. To open the pull request: git push ${options.remote} ${branch} && ${command}`,
    };
  }

  const listed = await remoteBranchTip(git, options.remote, branch);
  if (!listed.reachable)
    throw new CommitRefused(`cannot reach remote '${options.remote}' (${remoteUrl}): ${listed.error}`);
  const remoteSha = listed.sha;
  let push: PublishResult["push"];
  if (remoteSha === tip) {
    push = "unchanged";
  } else {
    // Ours if it is what we pushed, or what we were pushing when a previous attempt died: as the engine's
    // own refs say, never branch_info.json (see push-record.ts).
    const lease = await readPushLease(git, status.run_id);
    const ours = remoteSha === null || remoteSha === lease.pushed || remoteSha === lease.pushing;
    const expected = ours ? (remoteSha ?? "") : (lease.pushed ?? "");
    await notePushing(git, status.run_id, tip);
    info.pushing_sha = tip;
    await save();
    const r = await pushWithLease(git, options.remote, branch, tip, expected);
    if (!r.ok) {
      throw new CommitRefused(
        r.stale
          ? `push refused: ${options.remote}/${branch} moved since this run last pushed (it is at ${remoteSha?.slice(0, 12) ?? "nothing"}, this run expected ${expected.slice(0, 12) || "no branch"}); someone else pushed to it and nothing was overwritten. Inspect it (git fetch ${options.remote} ${branch}); then either choose another commit.branch template and retry (agent-flow run --run-id ${status.run_id} --retry), or drop this run with agent-flow rollback ${status.run_id}, which removes what it made locally and keeps the moved remote branch (delete that with git push ${options.remote} --delete ${branch})`
          : `git push to ${options.remote} failed: ${r.error}`,
      );
    }
    push = remoteSha === null ? "created" : "updated";
  }
  await notePushed(git, status.run_id, tip);
  info.pushed_sha = tip;
  info.pushing_sha = null;
  info.pushed_at = push === "unchanged" ? info.pushed_at : new Date().toISOString();
  await save();
  await args.log(`push ${push}: ${options.remote}/${branch} at ${tip.slice(0, 12)}`);

  const repo = parseGitHubRemote(remoteUrl, args.env.GITHUB_SERVER_URL);
  const token = githubToken(args.env);
  if (!repo || !token || !status.base_branch) {
    const why = !repo
      ? `${remoteUrl} is not a GitHub repository`
      : !token
        ? `no GitHub token is set (${TOKEN_VARIABLES})`
        : "the run started from a detached HEAD, so no base branch is known (start it with --base BRANCH for a pull request)";
    await writeNoPr(dir, why, command);
    return {
      push,
      remote: options.remote,
      pr: null,
      summary: `branch ${branch} pushed to ${options.remote} (${push}); ${why}, so no pull request was opened. To open it: ${command}`,
    };
  }
  const client = await openGitHubClient({
    token,
    baseUrl: args.env.GITHUB_API_URL || undefined,
    log: (m: string) => void args.log(m),
  });
  const pr = await createOrUpdatePullRequest(client, {
    ...repo,
    head: branch,
    base: status.base_branch,
    title,
    body: args.body,
    draft: options.draft,
    labels: options.labels,
    reviewers: options.reviewers,
  });
  info.pr_number = pr.number;
  info.pr_url = pr.url;
  await save();
  await writeFileAtomic(join(dir, "pr_url.txt"), `${pr.url}\n`);
  return {
    push,
    remote: options.remote,
    pr: { action: pr.action, number: pr.number, url: pr.url },
    summary: `pull request #${pr.number} ${pr.action}: ${pr.url} (branch ${branch}, push ${push})`,
  };
}
