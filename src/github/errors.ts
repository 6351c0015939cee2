// GitHub's failures as GitHubApiError, whose message says what to fix: the permission to grant, the
// setting to enable, the branch to push, when a rate limit resets.

import { AgentFlowError } from "../lib/errors.js";
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./remote.js";

export class GitHubApiError extends AgentFlowError {
  override name = "GitHubApiError";
  /** GitHub's HTTP status; 0 when GitHub could not be reached or the request was refused before sending. */
  readonly status: number;
  /** What was being done, e.g. "create the pull request feature/x -> main in o/r". */
  readonly operation: string;

  constructor(message: string, status: number, operation: string, options?: { cause?: unknown }) {
    super(message, 1, undefined, options);
    this.status = status;
    this.operation = operation;
  }
}

export interface Context {
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
export function allMessages(err: unknown): string {
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
    fix = `GitHub could not be reached${client ? ` at ${client.baseUrl}` : ""}${retries} (${said}); check the network, a proxy, or GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3)`;
    return new GitHubApiError(`${cannot}: ${fix}`, 0, ctx.operation, { cause: err });
  }
  const rateLimited =
    (status === 403 || status === 429) &&
    (String(headers?.["x-ratelimit-remaining"]) === "0" ||
      /rate limit/i.test(said) ||
      headers?.["retry-after"] !== undefined);
  if (status === 401) {
    fix = `GitHub rejected the token (401 ${said}): it is expired, revoked or mistyped; set AGENT_FLOW_GITHUB_TOKEN (or GITHUB_TOKEN, or GH_TOKEN) to a valid token (GITHUB_TOKEN, PAT or App token)`;
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
    // GitHub answers 404, not 403, to a token that may not see the repository: name what this call needs.
    fix = `not found: ${where} (or what the call names in it) does not exist, or the token cannot see it; this call needs ${ctx.permission} on ${where}`;
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

export async function call<T>(client: GitHubClient, ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGitHubApiError(err, ctx, client);
  }
}
