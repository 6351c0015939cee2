// The action's `issue-gate` and `issue-report` commands (examples/workflows/agent-issue.yml). The gate
// reads the event from GITHUB_EVENT_PATH itself, so the issue's text never passes through an expression
// in the workflow file; it hands the sanitised feature and request on as step outputs, which the
// workflow passes to the reusable workflow with `with:` only.

import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { createGitHubClient } from "../github/client.js";
import {
  type GateDecision,
  gateIssue,
  type IssueEventPayload,
  reportIssueOutcome,
} from "../github/issue-gate.js";

export interface IssueGateArgs {
  token: string;
  /** The label that starts a run (input `label`); empty: any label. */
  label: string;
  /** Default $GITHUB_EVENT_PATH. */
  eventPath?: string;
  /** Default from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID. */
  runUrl?: string;
  apiUrl?: string;
  spaceWrites?: boolean;
}

/** This workflow run's page, from the runner's own variables (never from the event). */
export function workflowRunUrl(env: NodeJS.ProcessEnv = process.env): string {
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  return `${server}/${env.GITHUB_REPOSITORY ?? ""}/actions/runs/${env.GITHUB_RUN_ID ?? ""}`;
}

function client(args: { token: string; apiUrl?: string; spaceWrites?: boolean }) {
  return createGitHubClient({
    token: args.token,
    baseUrl: args.apiUrl,
    log: (msg) => core.info(msg),
    spaceWrites: args.spaceWrites,
  });
}

/**
 * Outputs: `allowed` (true/false), `feature`, `request`, `issue-number`, `comment-id`, `reason`. A denied
 * event is not a failed step: the comment says why, and the workflow skips the run on `allowed`.
 */
export async function issueGate(args: IssueGateArgs): Promise<GateDecision> {
  const path = args.eventPath ?? process.env.GITHUB_EVENT_PATH;
  if (!path)
    throw new Error("GITHUB_EVENT_PATH is not set: issue-gate runs in a workflow started by an issues event");
  const payload = JSON.parse(await readFile(path, "utf8")) as IssueEventPayload;
  const decision = await gateIssue(client(args), payload, {
    label: args.label,
    runUrl: args.runUrl ?? workflowRunUrl(),
  });
  core.setOutput("allowed", String(decision.allowed));
  core.setOutput("feature", decision.allowed ? decision.feature : "");
  core.setOutput("request", decision.allowed ? decision.request : "");
  core.setOutput("issue-number", String(decision.issue));
  core.setOutput("comment-id", decision.comment ? String(decision.comment.id) : "");
  core.setOutput("reason", decision.reason);
  const { comments, hidden, truncatedBytes } = decision.removed;
  core.info(
    `issue #${decision.issue}: ${decision.allowed ? "allowed" : "denied"} (${decision.reason}); ` +
      `removed ${comments} HTML comment(s), ${hidden} hidden character(s), ${truncatedBytes} byte(s) past the cap`,
  );
  return decision;
}

export interface IssueReportArgs {
  token: string;
  /** `owner/repo`, as in GITHUB_REPOSITORY. */
  repository: string;
  issue: string | number;
  /** The gate's `comment-id` output; empty: found by its marker. */
  commentId?: string;
  outcome: string;
  prUrl: string;
  runId: string;
  /** The workflow's `resume-state` output, when the run saved one. */
  resumeState?: string;
  runUrl?: string;
  apiUrl?: string;
  spaceWrites?: boolean;
}

/** Updates the issue's comment with the outcome and the pull request link. */
export async function issueReport(args: IssueReportArgs): Promise<{ id: number; url: string }> {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(args.repository.trim());
  if (!m) throw new Error(`repository '${args.repository}' must be owner/repo (as GITHUB_REPOSITORY is)`);
  const issue = Number(args.issue);
  if (!Number.isInteger(issue) || issue < 1) throw new Error(`issue '${args.issue}' must be an issue number`);
  const commentId = args.commentId && /^\d+$/.test(args.commentId) ? Number(args.commentId) : null;
  return reportIssueOutcome(client(args), {
    repo: { owner: m[1] as string, repo: m[2] as string },
    issue,
    outcome: args.outcome,
    prUrl: args.prUrl,
    runId: args.runId,
    resumeState: args.resumeState,
    runUrl: args.runUrl ?? workflowRunUrl(),
    commentId,
  });
}
