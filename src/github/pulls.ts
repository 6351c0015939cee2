// Creates or updates the one pull request of a run's branch, idempotently, and closes it. Every REST call
// goes through `call()` of errors.ts, which turns GitHub's answers into GitHubApiError messages that say
// what to fix.
import type { GitHubClient } from "./client.js";
import { allMessages, call, toGitHubApiError } from "./errors.js";
import { listOpen, lower, type Pull, type PullJson, pickFor, sameBody, toPull } from "./pull-read.js";
import { requestReviewers } from "./pull-reviewers.js";
import {
  checkSpec,
  fitBody,
  fitTitle,
  type PullRequestSpec,
  splitReviewers,
  uniqueCaseless,
} from "./pull-spec.js";
import type { RepoRef } from "./remote.js";

export { findOpenPullRequest } from "./pull-read.js";
export { MAX_BODY_CHARS, MAX_TITLE_CHARS, type PullRequestSpec } from "./pull-spec.js";

export interface PullRequestResult {
  action: "created" | "updated" | "unchanged";
  number: number;
  url: string;
  /** Labels that were not on the pull request before. */
  labelsAdded: string[];
  /** Users and "org/team" entries newly requested. */
  reviewersRequested: string[];
  /** Whether the pull request is a draft now (a repository without draft support gets a normal one). */
  draft: boolean;
}

const ALREADY_EXISTS = /A pull request already exists for/i;
const DRAFT_UNSUPPORTED = /Draft pull requests are not supported/i;

/** Closes the open pull request of `head` (with a comment first, when given); its number, or null if none. */
export async function closePullRequest(
  client: GitHubClient,
  ref: RepoRef,
  head: string,
  comment?: string,
): Promise<number | null> {
  const [pull] = await listOpen(client, ref, head);
  if (!pull) return null;
  const what = `#${pull.number} in ${ref.owner}/${ref.repo}`;
  if (comment?.trim()) {
    const ctx = { operation: `comment on ${what}`, permission: "pull-requests: write", ref };
    await call(client, ctx, () =>
      client.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: pull.number,
        body: fitBody(comment, client.log),
      }),
    );
  }
  const ctx = { operation: `close ${what}`, permission: "pull-requests: write", ref };
  await call(client, ctx, () =>
    client.rest.pulls.update({ owner: ref.owner, repo: ref.repo, pull_number: pull.number, state: "closed" }),
  );
  client.log(`closed pull request ${what}`);
  return pull.number;
}

/**
 * Makes sure exactly one open pull request proposes spec.head for spec.base, with the spec's title, body,
 * labels and reviewers: creates it, or updates the open one (a concurrent run that created it first
 * included). Sends only the changes it needs: running it twice with the same spec sends no write.
 */
export async function createOrUpdatePullRequest(
  client: GitHubClient,
  spec: PullRequestSpec,
): Promise<PullRequestResult> {
  checkSpec(spec);
  const log = client.log;
  const ref: RepoRef = { owner: spec.owner, repo: spec.repo };
  const where = `${spec.owner}/${spec.repo}`;
  const title = fitTitle(spec.title, log);
  const body = fitBody(spec.body, log);
  const labels = uniqueCaseless(spec.labels.map((l) => l.trim()).filter(Boolean));
  const reviewers = splitReviewers(spec);
  const base = { ref, head: spec.head, base: spec.base, permission: "pull-requests: write" };

  let action: PullRequestResult["action"] = "unchanged";
  let pull: Pull | undefined = pickFor(await listOpen(client, ref, spec.head), spec.base);
  if (!pull) {
    const ctx = { ...base, operation: `create the pull request ${spec.head} -> ${spec.base} in ${where}` };
    const create = (draft: boolean) =>
      client.rest.pulls.create({
        owner: spec.owner,
        repo: spec.repo,
        head: spec.head,
        base: spec.base,
        title,
        body,
        draft,
      });
    try {
      let data: PullJson;
      try {
        data = (await create(spec.draft)).data as PullJson;
      } catch (err) {
        if (!(spec.draft && DRAFT_UNSUPPORTED.test(allMessages(err)))) throw err;
        log(`${where} does not support draft pull requests; opening a ready one instead`);
        data = (await create(false)).data as PullJson;
      }
      pull = toPull(data);
      action = "created";
      log(`created pull request #${pull.number} (${spec.head} -> ${spec.base}): ${pull.url}`);
    } catch (err) {
      if (!ALREADY_EXISTS.test(allMessages(err))) throw toGitHubApiError(err, ctx, client);
      // A concurrent run opened it between our look-up and our create: update that one.
      pull = pickFor(await listOpen(client, ref, spec.head), spec.base);
      if (!pull) throw toGitHubApiError(err, ctx, client);
      log(`pull request #${pull.number} for ${spec.head} appeared meanwhile; updating it`);
    }
  }

  if (action !== "created") {
    const existing: Pull = pull;
    const patch: { title?: string; body?: string; base?: string } = {};
    if (existing.title !== title) patch.title = title;
    if (!sameBody(existing.body, body)) patch.body = body;
    if (existing.base !== spec.base) patch.base = spec.base;
    if (Object.keys(patch).length > 0) {
      const ctx = { ...base, operation: `update pull request #${existing.number} in ${where}` };
      const { data } = await call(client, ctx, () =>
        client.rest.pulls.update({
          owner: spec.owner,
          repo: spec.repo,
          pull_number: existing.number,
          ...patch,
        }),
      );
      pull = toPull(data as PullJson);
      action = "updated";
      log(`updated pull request #${pull.number} (${Object.keys(patch).join(", ")}): ${pull.url}`);
    } else {
      log(`pull request #${existing.number} is up to date: ${existing.url}`);
    }
    if (existing.draft !== spec.draft) {
      log(
        `pull request #${existing.number} is ${existing.draft ? "a draft" : "ready for review"}; left so (the REST API cannot change that)`,
      );
    }
  }
  const current: Pull = pull;

  const have = new Set(current.labels.map(lower));
  const labelsAdded = labels.filter((l) => !have.has(lower(l)));
  if (labelsAdded.length > 0) {
    const ctx = {
      ...base,
      operation: `add labels ${labelsAdded.join(", ")} to #${current.number} in ${where}`,
      permission: "pull-requests: write (or issues: write)",
    };
    await call(client, ctx, () =>
      client.rest.issues.addLabels({
        owner: spec.owner,
        repo: spec.repo,
        issue_number: current.number,
        labels: labelsAdded,
      }),
    );
    log(`labelled #${current.number}: ${labelsAdded.join(", ")}`);
  }

  const reviewersRequested = await requestReviewers(client, spec, current, reviewers, action === "created");
  if (action === "unchanged" && (labelsAdded.length > 0 || reviewersRequested.length > 0)) action = "updated";
  return {
    action,
    number: current.number,
    url: current.url,
    labelsAdded,
    reviewersRequested,
    draft: current.draft,
  };
}
