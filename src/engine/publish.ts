import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommitOptions } from "../flow/schema.js";
import { createGitHubClient } from "../github/client.js";
import { createOrUpdatePullRequest } from "../github/pulls.js";
import { parseGitHubRemote } from "../github/remote.js";
import type { RunStatus } from "../run/status.js";
import { writeFileAtomic } from "../run/store.js";
import { CommitRefused, expandTemplate } from "./commit-template.js";
import type { Git } from "./git.js";

export interface PublishResult {
  push: "created" | "updated" | "unchanged" | "no-remote";
  remote: string | null;
  pr: { action: "created" | "updated" | "unchanged"; number: number; url: string } | null;
  summary: string;
}

interface BranchInfo {
  run_id: string;
  branch: string;
  base_branch: string;
  base_sha: string;
  head_sha: string;
  remote: string | null;
  remote_url: string | null;
  /** What this run last pushed, and what it was about to push: the lease for the next push. */
  pushed_sha: string | null;
  pushing_sha: string | null;
  pushed_at: string | null;
  pr_number: number | null;
  pr_url: string | null;
}

export function githubToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.AGENT_FLOW_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Pushes the branch with --force-with-lease (the lease is what this run pushed before, so a branch
 * someone else moved is never overwritten) and opens or updates the pull request.
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
  const infoFile = join(dir, "branch_info.json");
  const previous = await readFile(infoFile, "utf8").then(
    (t) => JSON.parse(t) as BranchInfo,
    () => undefined,
  );
  // The URL as configured, not as rewritten by url.<base>.insteadOf: it names the GitHub repository.
  const configured = await git.exec(["config", "--get", `remote.${options.remote}.url`], {
    allowFailure: true,
  });
  const remoteUrl = configured.stdout.trim() || null;
  const info: BranchInfo = {
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
  const save = () => writeFileAtomic(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  const title = options.title ? expandTemplate(options.title, status) : args.title;
  const bodyFile = join(dir, "pr_body.md");

  if (!remoteUrl) {
    await save();
    const command = `gh pr create --base ${shellQuote(status.base_branch)} --head ${shellQuote(branch)} --title ${shellQuote(title)} --body-file ${shellQuote(bodyFile)}`;
    return {
      push: "no-remote",
      remote: null,
      pr: null,
      summary: `branch ${branch} created locally; no remote '${options.remote}' to push to. To open the pull request: git push ${options.remote} ${branch} && ${command}`,
    };
  }

  const listed = await git.exec(["ls-remote", "--heads", options.remote, `refs/heads/${branch}`], {
    allowFailure: true,
  });
  if (listed.exitCode !== 0)
    throw new CommitRefused(
      `cannot reach remote '${options.remote}' (${remoteUrl}): ${listed.stderr.trim()}`,
    );
  const remoteSha = listed.stdout.split("\t")[0]?.trim() || null;
  let push: PublishResult["push"];
  if (remoteSha === tip) {
    push = "unchanged";
  } else {
    // Ours if it is what we pushed, or what we were pushing when a previous attempt died.
    const ours =
      remoteSha === null || remoteSha === previous?.pushed_sha || remoteSha === previous?.pushing_sha;
    const expected = ours ? (remoteSha ?? "") : (previous?.pushed_sha ?? "");
    info.pushing_sha = tip;
    await save();
    const r = await git.exec(
      [
        "push",
        "--porcelain",
        `--force-with-lease=refs/heads/${branch}:${expected}`,
        options.remote,
        `${tip}:refs/heads/${branch}`,
      ],
      { allowFailure: true },
    );
    if (r.exitCode !== 0) {
      const stale = /stale info|rejected/.test(r.stdout + r.stderr);
      throw new CommitRefused(
        stale
          ? `push refused: ${options.remote}/${branch} moved since this run last pushed (it is at ${remoteSha?.slice(0, 12) ?? "nothing"}, this run expected ${expected.slice(0, 12) || "no branch"}); someone else pushed to it and nothing was overwritten. Inspect it, delete it (agent-flow rollback ${status.run_id}) or choose another branch template`
          : `git push to ${options.remote} failed: ${(r.stderr || r.stdout).trim()}`,
      );
    }
    push = remoteSha === null ? "created" : "updated";
  }
  info.pushed_sha = tip;
  info.pushing_sha = null;
  info.pushed_at = push === "unchanged" ? info.pushed_at : new Date().toISOString();
  await save();
  await args.log(`push ${push}: ${options.remote}/${branch} at ${tip.slice(0, 12)}`);

  const repo = parseGitHubRemote(remoteUrl, args.env.GITHUB_SERVER_URL);
  const token = githubToken(args.env);
  if (!repo || !token) {
    const why = !repo ? `${remoteUrl} is not a GitHub repository` : "no GITHUB_TOKEN (or GH_TOKEN) is set";
    const command = `gh pr create --base ${shellQuote(status.base_branch)} --head ${shellQuote(branch)} --title ${shellQuote(title)} --body-file ${shellQuote(bodyFile)}`;
    return {
      push,
      remote: options.remote,
      pr: null,
      summary: `branch ${branch} pushed to ${options.remote} (${push}); ${why}, so no pull request was opened. To open it: ${command}`,
    };
  }
  const client = createGitHubClient({
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
