// Reading pull requests: the fields the delivery uses, and the open pull requests of a branch.
import type { GitHubClient } from "./client.js";
import { type Context, call } from "./errors.js";
import type { RepoRef } from "./remote.js";

/** The fields this module reads, from a pulls/list, pulls/get, pulls/create or pulls/update answer. */
export interface Pull {
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

export interface PullJson {
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

export function toPull(p: PullJson): Pull {
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

export const lower = (s: string): string => s.toLowerCase();
export const sameBody = (a: string, b: string): boolean =>
  a.replace(/\r\n/g, "\n") === b.replace(/\r\n/g, "\n");

export function headOf(ref: RepoRef, head: string): { owner: string; branch: string } {
  const i = head.indexOf(":");
  return i > 0 ? { owner: head.slice(0, i), branch: head.slice(i + 1) } : { owner: ref.owner, branch: head };
}

/** Open pull requests whose head is owner:branch, checked again here (GitHub ignores a malformed filter). */
export async function listOpen(client: GitHubClient, ref: RepoRef, head: string): Promise<Pull[]> {
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

/** The open pull request for this base, else any (its base is then changed). */
export function pickFor(pulls: Pull[], base: string): Pull | undefined {
  return pulls.find((p) => p.base === base) ?? pulls[0];
}
