// Creates or updates the one pull request of a run's branch, idempotently, and closes it. Every REST call
// goes through `call()`, which turns GitHub's answers into GitHubApiError messages that say what to fix.
import type { GitHubClient } from "./client.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

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

export class GitHubApiError extends Error {
  override name = "GitHubApiError";
  /** GitHub's HTTP status; 0 when GitHub could not be reached or the request was refused before sending. */
  readonly status: number;
  /** What was being done, e.g. "create the pull request feature/x -> main in o/r". */
  readonly operation: string;

  constructor(message: string, status: number, operation: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.operation = operation;
  }
}

/** GitHub refuses longer bodies ("body is too long (maximum is 65536 characters)") and titles. */
export const MAX_BODY_CHARS = 65536;
export const MAX_TITLE_CHARS = 256;
const TRUNCATED_NOTE = "\n\n---\n_The description was cut to fit GitHub's 65536-character limit._";

// ---------------------------------------------------------------------------------------------------------
// Remotes

const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const REPO_RE = /^[A-Za-z0-9._-]+$/;

/**
 * owner/repo of a GitHub remote URL, or null when the URL points elsewhere. Accepts
 * https://[user[:token]@]HOST/o/r(.git)(/), git@HOST:o/r(.git), ssh://[user@]HOST[:port]/o/r(.git) and
 * git://HOST/o/r(.git), where HOST is github.com or the host of `serverUrl` (GHES, e.g.
 * https://github.example.com, path prefix allowed).
 */
export function parseGitHubRemote(url: string, serverUrl?: string): RepoRef | null {
  let server: URL;
  try {
    server = new URL(serverUrl?.trim() || "https://github.com");
  } catch {
    return null;
  }
  const host = server.hostname.toLowerCase();
  const prefix = server.pathname.replace(/\/+$/, "");
  const text = url.trim();
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // scp-like: git@github.com:o/r.git (no scheme, a colon before the path)
    if ((scp[1] as string).toLowerCase() !== host) return null;
    path = scp[2] as string;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    if (!["https:", "http:", "ssh:", "git:", "git+ssh:", "ssh+git:"].includes(parsed.protocol)) return null;
    if (parsed.hostname.toLowerCase() !== host) return null;
    if (
      (parsed.protocol === "https:" || parsed.protocol === "http:") &&
      server.port &&
      parsed.port !== server.port
    ) {
      return null;
    }
    path = decodeURIComponent(parsed.pathname);
    if (prefix && (parsed.protocol === "https:" || parsed.protocol === "http:")) {
      if (!path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return null;
      path = path.slice(prefix.length);
    }
  }
  const parts = path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .split("/");
  if (parts.length !== 2) return null;
  const [owner, repo] = parts as [string, string];
  if (!OWNER_RE.test(owner) || !REPO_RE.test(repo) || repo === "." || repo === "..") return null;
  return { owner, repo };
}

// ---------------------------------------------------------------------------------------------------------
// Errors

interface Context {
  /** "create the pull request feature/x -> main in o/r" */
  operation: string;
  /** The permission this call needs, for a 403 that is not a rate limit. */
  permission: string;
  ref: RepoRef;
  head?: string;
  base?: string;
}

interface HttpErrorLike {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

function isHttpError(err: unknown): err is HttpErrorLike {
  return err instanceof Error && typeof (err as { status?: unknown }).status === "number";
}

function githubMessage(err: HttpErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === "string" ? data.message : err.message;
}

function githubErrors(err: HttpErrorLike): unknown[] {
  const data = err.response?.data as { errors?: unknown } | undefined;
  return Array.isArray(data?.errors) ? data.errors : [];
}

/** The 422 text GitHub gives, flattened: the top message and each errors[] entry. */
function allMessages(err: unknown): string {
  if (!isHttpError(err)) return err instanceof Error ? err.message : String(err);
  const items = githubErrors(err).map((e) =>
    typeof e === "string"
      ? e
      : typeof e === "object" && e
        ? String((e as { message?: unknown }).message ?? "")
        : "",
  );
  return [err.message, githubMessage(err), ...items].join("\n");
}

const ALREADY_EXISTS = /A pull request already exists for/i;
const DRAFT_UNSUPPORTED = /Draft pull requests are not supported/i;

function describe422(entry: unknown, ctx: Context): string {
  if (typeof entry === "string") return entry;
  const e = (entry ?? {}) as {
    resource?: string;
    field?: string;
    code?: string;
    message?: string;
    value?: unknown;
  };
  const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
  const m = e.message ?? "";
  if (/No commits between/i.test(m))
    return `${m}: nothing to propose; push the commits to '${ctx.head}' first`;
  if (/Review cannot be requested from pull request author/i.test(m)) {
    return `${m.replace(/\.$/, "")}: remove the author from the reviewers`;
  }
  if (/only be requested from collaborators/i.test(m)) {
    return `${m.replace(/\.$/, "")}: give them read access to ${where}, or drop them from the reviewers`;
  }
  if (/Could not resolve to a node/i.test(m)) {
    return `${m.replace(/\.$/, "")}: a team reviewer does not exist, or the token cannot read the organization's teams (GITHUB_TOKEN cannot; use a PAT or App token with members: read)`;
  }
  if (/is too long/i.test(m)) return `${m} (shorten it)`;
  if (m) return m;
  if (e.field === "base" && e.code === "invalid") {
    return `base branch '${ctx.base ?? String(e.value ?? "")}' does not exist in ${where}; push it or choose another base`;
  }
  if (e.field === "head" && e.code === "invalid") {
    return `head branch '${ctx.head ?? String(e.value ?? "")}' does not exist in ${where}; was it pushed?`;
  }
  if (e.code === "missing_field") return `${e.resource ?? "request"}.${e.field ?? "?"} is missing`;
  if (e.code === "already_exists") return `${e.resource ?? "resource"}.${e.field ?? "?"} already exists`;
  return `${e.resource ?? "request"}${e.field ? `.${e.field}` : ""}: ${e.code ?? "invalid"}`;
}

function resetTime(headers: Record<string, string | number | undefined> | undefined): string {
  const reset = Number(headers?.["x-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : "";
}

/** Turns anything a REST call threw into a GitHubApiError whose message says what to fix. */
export function toGitHubApiError(err: unknown, ctx: Context, client?: GitHubClient): GitHubApiError {
  if (err instanceof GitHubApiError) return err;
  const cannot = `cannot ${ctx.operation}`;
  const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
  if (!isHttpError(err)) {
    const msg = err instanceof Error ? err.message : String(err);
    return new GitHubApiError(`${cannot}: ${msg}`, 0, ctx.operation, { cause: err });
  }
  const status = err.status;
  const said = githubMessage(err);
  const headers = err.response?.headers;
  const retries = client ? ` after ${client.retries} retries` : "";
  let fix: string;
  if (!err.response) {
    fix = `GitHub could not be reached${client ? ` at ${client.baseUrl}` : ""}${retries} (${said}); check the network, a proxy, or GITHUB_API_URL`;
    return new GitHubApiError(`${cannot}: ${fix}`, 0, ctx.operation, { cause: err });
  }
  const rateLimited =
    (status === 403 || status === 429) &&
    (String(headers?.["x-ratelimit-remaining"]) === "0" ||
      /rate limit/i.test(said) ||
      headers?.["retry-after"] !== undefined);
  if (status === 401) {
    fix = `GitHub rejected the token (401 ${said}): it is expired, revoked or mistyped; pass a valid GITHUB_TOKEN, PAT or App token`;
  } else if (status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
    fix =
      "Actions is not permitted to create pull requests in this repository: enable 'Allow GitHub Actions to create and approve pull requests' in Settings -> Actions -> General (or use a PAT/App token)";
  } else if (rateLimited) {
    const secondary = /secondary/i.test(said) ? "secondary " : "";
    fix = `GitHub's ${secondary}rate limit stopped it${resetTime(headers)}; run again later, or use a token with its own quota (a PAT or App token)`;
  } else if (status === 403 && /SAML|single sign-on/i.test(said)) {
    fix = `the token is not authorized for the organization's SAML single sign-on (${said}); authorize it for SSO in the token's settings`;
  } else if (status === 403) {
    fix = `the token lacks permission: ${ctx.permission} (GitHub said: ${said}); grant it in the workflow's permissions: block, or use a PAT/App token that has it`;
  } else if (status === 404) {
    fix = `repository ${where} not found or the token cannot see it (needs contents: read and pull-requests: write)`;
  } else if (status === 422) {
    const listed = githubErrors(err);
    const entries = (listed.length > 0 ? listed : [{ message: said }]).map((e) => describe422(e, ctx));
    fix = `GitHub refused it: ${entries.join("; ")}`;
  } else if (status >= 500) {
    fix = `GitHub answered ${status} (a server error)${retries}: ${said}; try again later (https://www.githubstatus.com)`;
  } else {
    fix = `GitHub answered ${status}: ${said}`;
  }
  return new GitHubApiError(`${cannot}: ${fix}`, status, ctx.operation, { cause: err });
}

async function call<T>(client: GitHubClient, ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGitHubApiError(err, ctx, client);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pull requests

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
