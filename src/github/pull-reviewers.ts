// Requesting reviews on a pull request, without re-notifying who was asked or reviewed already.
import type { GitHubClient } from "./client.js";
import { type Context, call } from "./errors.js";
import { lower, type Pull } from "./pull-read.js";
import type { PullRequestSpec } from "./pull-spec.js";

export async function requestReviewers(
  client: GitHubClient,
  spec: PullRequestSpec,
  pull: Pull,
  wanted: { users: string[]; teams: { slug: string; entry: string }[] },
  created: boolean,
): Promise<string[]> {
  const where = `${spec.owner}/${spec.repo}`;
  const ref = { owner: spec.owner, repo: spec.repo };
  const requested = new Set(pull.requestedUsers.map(lower));
  let users = wanted.users.filter((u) => !requested.has(lower(u)));
  if (pull.author && users.some((u) => lower(u) === lower(pull.author as string))) {
    client.log(
      `not requesting a review from ${pull.author}: GitHub refuses reviews by a pull request's author`,
    );
    users = users.filter((u) => lower(u) !== lower(pull.author as string));
  }
  if (!created && users.length > 0) {
    // Someone who reviewed already is no longer "requested"; asking again on every update would re-notify.
    const ctx = {
      operation: `list the reviews of #${pull.number} in ${where}`,
      permission: "pull-requests: read",
      ref,
    };
    const { data } = await call(client, ctx, () =>
      client.rest.pulls.listReviews({
        owner: spec.owner,
        repo: spec.repo,
        pull_number: pull.number,
        per_page: 100,
      }),
    );
    const reviewed = new Set(data.flatMap((r) => (r.user ? [lower(r.user.login)] : [])));
    const skipped = users.filter((u) => reviewed.has(lower(u)));
    if (skipped.length > 0)
      client.log(`not asking ${skipped.join(", ")} again: they reviewed #${pull.number} already`);
    users = users.filter((u) => !reviewed.has(lower(u)));
  }
  const requestedTeams = new Set(pull.requestedTeams.map(lower));
  const teams = wanted.teams.filter((t) => !requestedTeams.has(lower(t.slug)));
  if (users.length === 0 && teams.length === 0) return [];
  const entries = [...users, ...teams.map((t) => t.entry)];
  const ctx: Context = {
    operation: `request reviews from ${entries.join(", ")} on #${pull.number} in ${where}`,
    permission: "pull-requests: write",
    ref,
  };
  await call(client, ctx, () =>
    client.rest.pulls.requestReviewers({
      owner: spec.owner,
      repo: spec.repo,
      pull_number: pull.number,
      ...(users.length > 0 ? { reviewers: users } : {}),
      ...(teams.length > 0 ? { team_reviewers: teams.map((t) => t.slug) } : {}),
    }),
  );
  client.log(`requested reviews on #${pull.number} from ${entries.join(", ")}`);
  return entries;
}
