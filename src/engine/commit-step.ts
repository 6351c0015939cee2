import { join } from "node:path";
import { AUTHOR_RULE, parseAuthor } from "../flow/commit-rules.js";
import type { CommitOptions, Flow } from "../flow/schema.js";
import { type CheckResult, renderPrBody } from "../run/pr-body.js";
import { checkChangedPaths, describeViolations, type ScopeViolation } from "../run/scope-check.js";
import type { RunStatus } from "../run/status.js";
import { runDir, writeFileAtomic } from "../run/store.js";
import { CommitRefused, expandTemplate } from "./commit-template.js";
import type { Git } from "./git.js";
import { commitDate, commitMessage, commitTree, treeEntries } from "./git-objects.js";
import { configValue, isValidBranchName, worktreeHolding } from "./git-ops.js";
import { policeResult } from "./police.js";
import { type PublishResult, publishPullRequest } from "./publish.js";

export interface CommitReport {
  empty: boolean;
  branch: string | null;
  commits: { sha: string; subject: string; agents: string[] }[];
  pushed: "created" | "updated" | "unchanged" | "no-remote" | null;
  pr: PublishResult | null;
  summary: string;
}

const ZERO = "0000000000000000000000000000000000000000";

/** Which agents' accepted steps changed each path, so the final diff can be checked per writer. */
function attribution(status: RunStatus): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const step of status.steps) {
    if (step.state !== "succeeded") continue;
    for (const a of step.agents) {
      if (a.state !== "succeeded") continue;
      for (const p of a.changed_files) map.set(p, [...(map.get(p) ?? []), a.agent]);
    }
  }
  return map;
}

/**
 * Re-checks the whole result before anything leaves the machine: every changed path must have been
 * written by an accepted agent whose scopes allow it, no path may be protected, and the change must
 * stay within the flow's caps. The engine checked each step already; this guards against refs edited
 * by hand and against a flow whose scopes changed between steps and commit.
 */
async function recheck(git: Git, flow: Flow, status: RunStatus, changed: string[]): Promise<void> {
  const owners = attribution(status);
  const violations: ScopeViolation[] = [];
  for (const path of changed) {
    const agents = owners.get(path);
    if (!agents) {
      violations.push({
        path,
        reason: "not changed by any accepted agent step (were the run's refs edited by hand?)",
      });
      continue;
    }
    const allowed = agents.some(
      (a) => checkChangedPaths([path], flow.agents[a]?.writes ?? [], flow.policy).length === 0,
    );
    if (!allowed) {
      const why =
        checkChangedPaths([path], flow.agents[agents[0] as string]?.writes ?? [], flow.policy)[0]?.reason ??
        "not allowed";
      violations.push({ path, reason: `${why} (written by ${agents.join(", ")})` });
    }
  }
  violations.push(
    ...(await policeResult(git, flow, status.base_sha, status.head, (p) => owners.get(p) ?? [])),
  );
  if (violations.length > 0)
    throw new CommitRefused(
      `the result touches paths it may not; nothing was committed or pushed:\n${describeViolations(violations)}`,
    );
  const { max_changed_files: maxFiles, max_changed_bytes: maxBytes } = flow.policy;
  if (changed.length > maxFiles) {
    throw new CommitRefused(
      `the result changes ${changed.length} files, more than policy.max_changed_files (${maxFiles}); nothing was pushed`,
    );
  }
  const listing = await treeEntries(git, status.head, changed, { recursive: true, sizes: true });
  const bytes = listing.reduce((sum, entry) => sum + entry.size, 0);
  if (bytes > maxBytes) {
    throw new CommitRefused(
      `the result adds ${bytes} bytes, more than policy.max_changed_bytes (${maxBytes}); nothing was pushed`,
    );
  }
}

function parseIdentity(text: string): { name: string; email: string } {
  const id = parseAuthor(text);
  if (!id) throw new CommitRefused(`commit author '${text}' ${AUTHOR_RULE}`);
  return id;
}

async function identity(
  git: Git,
  options: CommitOptions,
  env: NodeJS.ProcessEnv,
): Promise<NodeJS.ProcessEnv> {
  let who = options.author ?? env.AGENT_FLOW_AUTHOR;
  if (!who) {
    const name = await configValue(git, "user.name");
    const email = await configValue(git, "user.email");
    who = name && email ? `${name} <${email}>` : "agent-flow <agent-flow@users.noreply.github.com>";
  }
  const id = parseIdentity(who);
  return {
    GIT_AUTHOR_NAME: id.name,
    GIT_AUTHOR_EMAIL: id.email,
    GIT_COMMITTER_NAME: id.name,
    GIT_COMMITTER_EMAIL: id.email,
  };
}

function trailers(status: RunStatus, agents: string[]): string {
  return [`Run-Id: ${status.run_id}`, ...agents.map((a) => `Agent: ${a}`)].join("\n");
}

/** Builds the user-facing commits from the run's private history; same run, same shas (dates are fixed). */
async function buildCommits(
  git: Git,
  status: RunStatus,
  options: CommitOptions,
  env: NodeJS.ProcessEnv,
): Promise<CommitReport["commits"]> {
  const who = await identity(git, options, env);
  // The run's own head commit date: a retry of the commit step then yields byte-identical commits.
  const date = await commitDate(git, status.head);
  const commitEnv = { ...who, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const subject = expandTemplate(
    options.message ?? "{feature}: changes from agent-flow run {run_id}",
    status,
  ).split("\n")[0] as string;
  const contributing = status.steps.filter(
    (s) => s.state === "succeeded" && s.result && s.base && s.result !== s.base,
  );
  if (options.squash) {
    const agents = [
      ...new Set(contributing.flatMap((s) => s.agents.filter((a) => a.commit).map((a) => a.agent))),
    ];
    const message = `${subject}\n\n${trailers(status, agents)}\n`;
    const sha = await commitTree(git, `${status.head}^{tree}`, [status.base_sha], message, commitEnv);
    return [{ sha, subject, agents }];
  }
  const commits: CommitReport["commits"] = [];
  let parent = status.base_sha;
  for (const step of contributing) {
    const agents = step.agents.filter((a) => a.commit).map((a) => a.agent);
    const stepSubject = `${subject} (${step.key})`;
    const message = `${stepSubject}\n\n${trailers(status, agents)}\nStep: ${step.key}\n`;
    const sha = await commitTree(git, `${step.result}^{tree}`, [parent], message, commitEnv);
    commits.push({ sha, subject: stepSubject, agents });
    parent = sha;
  }
  return commits;
}

/** What the pull request says, handed over by the engine from its own state (not re-read from files). */
export interface PrInputs {
  /** The request text as given when the run was created. */
  request: string;
  /** The summary of the run's last check, or null when the run had none. */
  check: CheckResult | null;
  /** The issue the run came from (`Closes #N`), or null. */
  issue: number | null;
}

export interface CommitContext {
  root: string;
  pr: PrInputs;
  git: Git;
  flow: Flow;
  status: RunStatus;
  options: CommitOptions;
  env: NodeJS.ProcessEnv;
  log(text: string): Promise<void>;
}

/**
 * The guide's auto-commit: the only step that makes user-visible branches and commits. Safe to run
 * again: the same run yields the same commits, the branch moves only with --force-with-lease, and the
 * pull request is found and updated rather than duplicated.
 */
export async function runCommitStep(ctx: CommitContext): Promise<CommitReport> {
  const { git, status, options } = ctx;
  const dir = runDir(ctx.root, status.run_id);
  const changed = await git.changedPaths(status.base_sha, status.head);
  if (changed.length === 0) {
    const report: CommitReport = {
      empty: true,
      branch: null,
      commits: [],
      pushed: null,
      pr: null,
      summary: "the run changed nothing: no branch and no pull request were made",
    };
    await writeFileAtomic(
      join(dir, "commit_log.json"),
      `${JSON.stringify({ run_id: status.run_id, empty: true, commits: [] }, null, 2)}\n`,
    );
    return report;
  }
  await recheck(git, ctx.flow, status, changed);

  const branch = expandTemplate(options.branch, status);
  if (!(await isValidBranchName(git, branch)))
    throw new CommitRefused(
      `branch name '${branch}' (from '${options.branch}') is not a valid git branch name`,
    );
  const busy = await worktreeHolding(git, branch);
  if (busy)
    throw new CommitRefused(
      `branch '${branch}' is checked out in ${busy}; switch that checkout to another branch first`,
    );

  const commits = await buildCommits(git, status, options, ctx.env);
  const tip = (commits[commits.length - 1] as { sha: string }).sha;
  const ref = `refs/heads/${branch}`;
  const current = await git.revParse(ref);
  if (current && current !== tip) {
    const log = await commitMessage(git, current);
    if (!log.includes(`Run-Id: ${status.run_id}`)) {
      throw new CommitRefused(
        `branch '${branch}' already exists and was not made by run ${status.run_id}; nothing was overwritten (choose another commit.branch template)`,
      );
    }
  }
  await git.updateRef(ref, tip, current ?? ZERO);
  await ctx.log(
    `branch ${branch} -> ${tip.slice(0, 12)} (${commits.length} commit${commits.length === 1 ? "" : "s"})`,
  );

  // From the engine's memory, never from the run folder: agents can write feature_request.md and
  // test_results/, and what they wrote there must not speak in the pull request.
  const body = renderPrBody(status, ctx.pr.request, ctx.pr.check, ctx.pr.issue ?? undefined);
  await writeFileAtomic(join(dir, "pr_body.md"), body);

  const published = await publishPullRequest({
    ...ctx,
    branch,
    tip,
    title: commits[0]?.subject.replace(/ \(.*\)$/, "") ?? branch,
    body,
    dir,
  });
  await writeFileAtomic(
    join(dir, "commit_log.json"),
    `${JSON.stringify({ run_id: status.run_id, empty: false, squash: options.squash, base: status.base_sha, branch, changed_files: changed, commits }, null, 2)}\n`,
  );
  return { empty: false, branch, commits, pushed: published.push, pr: published, summary: published.summary };
}
