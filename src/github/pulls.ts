// Creates or updates the one pull request of a run's branch, idempotently, and closes it. Every REST call
// goes through `call()` of errors.ts, which turns GitHub's answers into GitHubApiError messages that say
// what to fix.
import type { GitHubClient } from "./client.js";
import { allMessages, type Context, call, GitHubApiError, toGitHubApiError } from "./errors.js";
import type { RepoRef } from "./remote.js";

export interface PullRequestSpec extends RepoRef {
  /** The branch name, pushed to owner/repo. */
  head: string;
  base: string;
  title: string;
  body: string;
  /** Asked for on creation only: the REST API cannot convert an existing pull request. */
  draft: boolean;
  labels: string[];
  /** Users ("alice", "@alice") and teams ("org/team"; sent as team_reviewers). */
  reviewers: string[];
}

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

/** GitHub refuses longer bodies ("body is too long (maximum is 65536 characters)") and titles. */
export const MAX_BODY_CHARS = 65536;
export const MAX_TITLE_CHARS = 256;
const TRUNCATED_NOTE = "\n\n---\n_The description was cut to fit GitHub's 65536-character limit._";

/** The fields this module reads, from a pulls/list, pulls/get, pulls/create or pulls/update answer. */
interface Pull {
  number: number;
  url: string;
  title: string;
  body: string;
  draft: boolean;
  base: string;
  headLabel: string;
  headRef: string;
  author: string | null;
  labels: string[];
  requestedUsers: string[];
  requestedTeams: string[];
}

interface PullJson {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  draft?: boolean;
  base: { ref: string };
  head: { ref: string; label: string };
  user: { login: string } | null;
  labels: ({ name?: string } | string)[];
  requested_reviewers?: ({ login: string } | null)[] | null;
  requested_teams?: ({ slug: string } | null)[] | null;
}

function toPull(p: PullJson): Pull {
  return {
    number: p.number,
    url: p.html_url,
    title: p.title,
    body: p.body ?? "",
    draft: p.draft === true,
    base: p.base.ref,
    headLabel: p.head.label,
    headRef: p.head.ref,
    author: p.user?.login ?? null,
    labels: p.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    requestedUsers: (p.requested_reviewers ?? []).flatMap((u) => (u ? [u.login] : [])),
    requestedTeams: (p.requested_teams ?? []).flatMap((t) => (t ? [t.slug] : [])),
  };
}

const lower = (s: string): string => s.toLowerCase();
const sameBody = (a: string, b: string): boolean => a.replace(/\r\n/g, "\n") === b.replace(/\r\n/g, "\n");

function headOf(ref: RepoRef, head: string): { owner: string; branch: string } {
  const i = head.indexOf(":");
  return i > 0 ? { owner: head.slice(0, i), branch: head.slice(i + 1) } : { owner: ref.owner, branch: head };
}

/** Open pull requests whose head is owner:branch, checked again here (GitHub ignores a malformed filter). */
async function listOpen(client: GitHubClient, ref: RepoRef, head: string): Promise<Pull[]> {
  const h = headOf(ref, head);
  const label = `${h.owner}:${h.branch}`;
  const ctx: Context = {
    operation: `list the open pull requests of ${label} in ${ref.owner}/${ref.repo}`,
    permission: "pull-requests: read",
    ref,
    head: h.branch,
  };
  const { data } = await call(client, ctx, () =>
    client.rest.pulls.list({ owner: ref.owner, repo: ref.repo, state: "open", head: label, per_page: 100 }),
  );
  return (data as PullJson[])
    .map(toPull)
    .filter((p) => p.headRef === h.branch && lower(p.headLabel) === lower(label));
}

export async function findOpenPullRequest(
  client: GitHubClient,
  ref: RepoRef,
  head: string,
): Promise<{ number: number; url: string } | null> {
  const [pull] = await listOpen(client, ref, head);
  return pull ? { number: pull.number, url: pull.url } : null;
}

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

/** Cuts text to GitHub's limit on whole code points, saying so at the end. */
function fitBody(body: string, log: (msg: string) => void): string {
  const points = Array.from(body);
  if (points.length <= MAX_BODY_CHARS) return body;
  log(`the pull request description has ${points.length} characters; cut to GitHub's ${MAX_BODY_CHARS}`);
  return points.slice(0, MAX_BODY_CHARS - Array.from(TRUNCATED_NOTE).length).join("") + TRUNCATED_NOTE;
}

function fitTitle(title: string, log: (msg: string) => void): string {
  const points = Array.from(title.replace(/\s+/g, " ").trim());
  if (points.length <= MAX_TITLE_CHARS) return points.join("");
  log(`the pull request title has ${points.length} characters; cut to GitHub's ${MAX_TITLE_CHARS}`);
  return `${points.slice(0, MAX_TITLE_CHARS - 1).join("")}…`;
}

function uniqueCaseless(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = lower(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function splitReviewers(spec: PullRequestSpec): {
  users: string[];
  teams: { slug: string; entry: string }[];
} {
  const users: string[] = [];
  const teams: { slug: string; entry: string }[] = [];
  for (const raw of spec.reviewers) {
    const entry = raw.trim().replace(/^@/, "");
    if (!entry) continue;
    const slash = entry.indexOf("/");
    if (slash < 0) {
      users.push(entry);
      continue;
    }
    const org = entry.slice(0, slash);
    const slug = entry.slice(slash + 1);
    if (!org || !slug || slug.includes("/")) throw specError(`reviewer '${raw}': a team is written org/team`);
    if (lower(org) !== lower(spec.owner)) {
      throw specError(
        `reviewer '${raw}': only teams of the repository's organization '${spec.owner}' can review its pull requests`,
      );
    }
    teams.push({ slug, entry });
  }
  return {
    users: uniqueCaseless(users),
    teams: teams.filter((t, i) => teams.findIndex((u) => lower(u.slug) === lower(t.slug)) === i),
  };
}

/** A spec GitHub would refuse, caught before any request: status 0, like an unreachable API. */
function specError(message: string): GitHubApiError {
  return new GitHubApiError(`cannot open the pull request: ${message}`, 0, "check the pull request spec");
}

function checkSpec(spec: PullRequestSpec): void {
  const missing = (["owner", "repo", "head", "base", "title"] as const).filter((k) => !spec[k]?.trim());
  if (missing.length > 0) throw specError(`${missing.join(", ")} must not be empty`);
  if (spec.head === spec.base) throw specError(`head and base are the same branch '${spec.head}'`);
  if (spec.head.includes(":")) throw specError(`head must be a branch name, not '${spec.head}'`);
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

/** The open pull request for this base, else any (its base is then changed). */
function pickFor(pulls: Pull[], base: string): Pull | undefined {
  return pulls.find((p) => p.base === base) ?? pulls[0];
}

async function requestReviewers(
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
