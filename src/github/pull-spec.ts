import { GitHubApiError } from "./errors.js";
import { lower } from "./pull-read.js";
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

/** GitHub refuses longer bodies ("body is too long (maximum is 65536 characters)") and titles. */
export const MAX_BODY_CHARS = 65536;
export const MAX_TITLE_CHARS = 256;
const TRUNCATED_NOTE = "\n\n---\n_The description was cut to fit GitHub's 65536-character limit._";

/** Cuts text to GitHub's limit on whole code points, saying so at the end. */
export function fitBody(body: string, log: (msg: string) => void): string {
  const points = Array.from(body);
  if (points.length <= MAX_BODY_CHARS) return body;
  log(`the pull request description has ${points.length} characters; cut to GitHub's ${MAX_BODY_CHARS}`);
  return points.slice(0, MAX_BODY_CHARS - Array.from(TRUNCATED_NOTE).length).join("") + TRUNCATED_NOTE;
}

export function fitTitle(title: string, log: (msg: string) => void): string {
  const points = Array.from(title.replace(/\s+/g, " ").trim());
  if (points.length <= MAX_TITLE_CHARS) return points.join("");
  log(`the pull request title has ${points.length} characters; cut to GitHub's ${MAX_TITLE_CHARS}`);
  return `${points.slice(0, MAX_TITLE_CHARS - 1).join("")}…`;
}

export function uniqueCaseless(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = lower(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function splitReviewers(spec: PullRequestSpec): {
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
export function specError(message: string): GitHubApiError {
  return new GitHubApiError(`cannot open the pull request: ${message}`, 0, "check the pull request spec");
}

export function checkSpec(spec: PullRequestSpec): void {
  const missing = (["owner", "repo", "head", "base", "title"] as const).filter((k) => !spec[k]?.trim());
  if (missing.length > 0) throw specError(`${missing.join(", ")} must not be empty`);
  if (spec.head === spec.base) throw specError(`head and base are the same branch '${spec.head}'`);
  if (spec.head.includes(":")) throw specError(`head must be a branch name, not '${spec.head}'`);
}
