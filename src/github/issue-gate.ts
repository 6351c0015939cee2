// The issue-label entry (examples/workflows/agent-issue.yml): who may start a run from an issue, what the
// run is given, and the one comment on the issue that says what happened.
//
// Who: the sender of the `issues.labeled` event must have write, maintain or admin on the repository,
// asked of the API (GET /repos/{owner}/{repo}/collaborators/{username}/permission); triage is not enough,
// and a failed check denies. What: the title, slugged, is the feature; the body is the request; both
// are strangers' text, stripped (src/lib/untrusted-text.ts) and handed on only as data (action outputs
// passed with `with:`), never spliced into a script. The comment: found again by a hidden marker among
// the bot's own comments, created once and then updated, so an issue carries one comment per entry.

import { sanitiseUntrusted, slugFeature } from "../lib/untrusted-text.js";
import type { GitHubClient } from "./client.js";
import { call, GitHubApiError } from "./errors.js";
import type { RepoRef } from "./remote.js";

export const COMMENT_MARKER = "<!-- agent-flow:issue-run -->";
/** Roles that may start a run; `permission` (the legacy level) reads maintain as write. */
const ALLOWED_ROLES = new Set(["admin", "maintain", "write"]);
const ALLOWED_LEGACY = new Set(["admin", "write"]);
const PER_PAGE = 100;

/** The fields of an `issues` webhook payload the gate reads (as @octokit/webhooks-types describes them). */
export interface IssueEventPayload {
  action: string;
  label?: { name: string } | null;
  issue: { number: number; title: string; body?: string | null; html_url?: string; pull_request?: unknown };
  sender: { login: string; type?: string };
  repository: { name: string; owner: { login: string } };
}

export interface GateDecision {
  allowed: boolean;
  /** Why it is allowed or denied, in words for the comment and the log. */
  reason: string;
  repo: RepoRef;
  issue: number;
  feature: string;
  request: string;
  /** What sanitising removed, for the run's log. */
  removed: { comments: number; hidden: number; truncatedBytes: number };
  comment: { id: number; url: string } | null;
}

export interface GateOptions {
  /** The label that starts a run; another label's event is denied without a comment. Empty: any label. */
  label: string;
  /** The workflow run's page, linked from the comment. */
  runUrl: string;
}

/** A login as GitHub allows them (letters, digits, hyphens; `[bot]` for apps), anything else shown inert. */
const shownLogin = (login: string): string =>
  /^[A-Za-z0-9-]{1,39}(\[bot\])?$/.test(login) ? login : "(an unusual login)";

/** Whether `login` may start a run on `repo`, and the role GitHub reports. */
export async function senderRole(
  client: GitHubClient,
  repo: RepoRef,
  login: string,
): Promise<{ allowed: boolean; role: string }> {
  const ctx = {
    operation: `read the permission of ${login} on ${repo.owner}/${repo.repo}`,
    permission: "metadata: read",
    ref: repo,
  };
  try {
    const { data } = await call(client, ctx, () =>
      client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login }),
    );
    const role = data.role_name || data.permission;
    const allowed =
      ALLOWED_ROLES.has(data.role_name) || (!data.role_name && ALLOWED_LEGACY.has(data.permission));
    return { allowed, role };
  } catch (err) {
    // A failed check denies: the run must never start on a guess.
    return { allowed: false, role: `unknown (${err instanceof Error ? err.message : String(err)})` };
  }
}

interface CommentJson {
  id: number;
  body?: string;
  html_url: string;
  user?: { login: string; type?: string } | null;
}

/** The entry's comment on the issue: the newest bot comment carrying the marker, or null. */
export async function findMarkedComment(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
): Promise<{ id: number; url: string } | null> {
  const ctx = { operation: `list the comments of issue #${issue}`, permission: "issues: read", ref: repo };
  let found: CommentJson | null = null;
  for (let page = 1; ; page++) {
    const { data } = await call(client, ctx, () =>
      client.rest.issues.listComments({ ...repo, issue_number: issue, per_page: PER_PAGE, page }),
    );
    for (const c of data as CommentJson[]) {
      // Someone else's comment quoting the marker is not ours to edit: only a bot's (the token's) counts.
      const bot = c.user?.type === "Bot" || c.user?.login.endsWith("[bot]") === true;
      if (c.body?.includes(COMMENT_MARKER) && bot) found = c;
    }
    if (data.length < PER_PAGE) break;
  }
  return found ? { id: found.id, url: found.html_url } : null;
}

/** Creates the entry's comment, or updates it when `id` (or the marker) finds it. */
export async function upsertIssueComment(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  text: string,
  id?: number | null,
): Promise<{ id: number; url: string }> {
  const body = `${COMMENT_MARKER}\n${text}`;
  const update = async (commentId: number) => {
    const ctx = {
      operation: `update the comment on issue #${issue}`,
      permission: "issues: write",
      ref: repo,
    };
    const { data } = await call(client, ctx, () =>
      client.rest.issues.updateComment({ ...repo, comment_id: commentId, body }),
    );
    return { id: data.id, url: data.html_url };
  };
  if (id) {
    try {
      return await update(id);
    } catch (err) {
      // Someone deleted the comment while the run went on: the outcome still belongs on the issue.
      if (!(err instanceof GitHubApiError && err.status === 404)) throw err;
    }
  }
  const existing = await findMarkedComment(client, repo, issue);
  if (existing) return update(existing.id);
  const ctx = { operation: `comment on issue #${issue}`, permission: "issues: write", ref: repo };
  const { data } = await call(client, ctx, () =>
    client.rest.issues.createComment({ ...repo, issue_number: issue, body }),
  );
  return { id: data.id, url: data.html_url };
}

/**
 * Decides on an `issues.labeled` event: checks the sender's permission, derives the feature and the
 * request, and comments on the issue (the run link, or why it was refused). Runs no shell and no agent.
 */
export async function gateIssue(
  client: GitHubClient,
  payload: IssueEventPayload,
  opts: GateOptions,
): Promise<GateDecision> {
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const issue = payload.issue.number;
  const title = sanitiseUntrusted(payload.issue.title ?? "", 1024).text.trim();
  const body = sanitiseUntrusted(payload.issue.body ?? "");
  const feature = slugFeature(payload.issue.title ?? "");
  const request = body.text.trim() === "" ? title : body.text;
  const base = { repo, issue, feature, request, removed: body.removed, comment: null };
  const deny = (reason: string): GateDecision => ({ ...base, allowed: false, reason });
  if (payload.action !== "labeled") return deny(`the event is issues.${payload.action}, not issues.labeled`);
  // GitHub label names ignore case (as does `==` in the workflow's `if:`), so "Agent-Flow" is the label.
  if (opts.label !== "" && payload.label?.name.toLowerCase() !== opts.label.toLowerCase())
    return deny(`the label is not '${opts.label}'`);
  if (payload.issue.pull_request !== undefined) return deny("it is a pull request, not an issue");
  const who = shownLogin(payload.sender.login);
  const { allowed, role } = await senderRole(client, repo, payload.sender.login);
  const reason = allowed
    ? `\`${who}\` has ${role} permission`
    : `\`${who}\` has ${role} permission on ${repo.owner}/${repo.repo}; starting a run needs write, maintain or admin`;
  const text = allowed
    ? `agent-flow is working on this issue as feature \`${feature}\`: [workflow run](${opts.runUrl}). This comment is updated with the outcome.`
    : `agent-flow did not start a run: ${reason}. [Workflow run](${opts.runUrl}).`;
  const comment = await upsertIssueComment(client, repo, issue, text);
  return { ...base, allowed, reason, comment };
}

export interface IssueOutcome {
  repo: RepoRef;
  issue: number;
  /** The reusable workflow's outcome: succeeded, failed, refused, cancelled, paused, or empty when it did not run. */
  outcome: string;
  /** The workflow's `resume-state` output (`<transition>-<sha256>`): where the run can go on from. */
  resumeState?: string;
  prUrl: string;
  runUrl: string;
  runId: string;
  commentId?: number | null;
}

/** Updates the entry's comment with the run's outcome and pull request (the report job). */
export async function reportIssueOutcome(
  client: GitHubClient,
  o: IssueOutcome,
): Promise<{ id: number; url: string }> {
  const outcome = /^[a-z]{1,20}$/.test(o.outcome) ? o.outcome : "unknown";
  const pr = /^https?:\/\/\S+$/.test(o.prUrl) ? ` Pull request: ${o.prUrl}` : "";
  const run = /^\d{8}-\d{6}-[0-9a-f]{8}$/.test(o.runId) ? ` (run \`${o.runId}\`)` : "";
  // A run that stopped with a saved state can go on: say how, with the two values the dispatch needs.
  const resumable =
    run !== "" &&
    /^\d{1,6}-[0-9a-f]{64}$/.test(o.resumeState ?? "") &&
    outcome !== "succeeded" &&
    outcome !== "refused";
  const goOn = resumable
    ? ` To go on from where it stopped, run the agent-feature workflow with the same feature, run-id \`${o.runId}\` and resume-state \`${o.resumeState}\`.`
    : "";
  const text =
    outcome === "succeeded"
      ? `agent-flow finished${run}: succeeded.${pr} [Workflow run](${o.runUrl}).`
      : outcome === "paused"
        ? `agent-flow paused${run}: the workflow's slots ran out before the run finished.${goOn} [Workflow run](${o.runUrl}).`
        : `agent-flow finished${run}: ${outcome}.${pr} See the [workflow run](${o.runUrl}) for why.${goOn}`;
  return upsertIssueComment(client, o.repo, o.issue, text, o.commentId);
}
