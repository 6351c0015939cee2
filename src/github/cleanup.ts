// The GitHub side of cleanup (the action's `cleanup` command): the Actions caches and the run branches of
// runs past the retention. Every list is paginated; every call goes through the one Octokit client, so
// retries and rate limits are handled as for pull requests.
//
// A run's age on GitHub comes from its own records: the run id's date (its start) and the newest of its
// caches (the GitHub engine saves a state package after every transition, the last one when it
// finishes). So a run that is going, or was resumed lately, has a recent cache and is never past the
// retention, whatever its id says. The newest run is kept whatever its age, as `latest` is locally.

import { retentionCutoff, runIdTime } from "../run/retention.js";
import type { GitHubClient } from "./client.js";
import { call, GitHubApiError } from "./errors.js";
import type { RepoRef } from "./remote.js";

const PER_PAGE = 100;
const CACHE_KEY_RE = /^agent-flow-(\d{8}-\d{6}-[0-9a-f]{8})-/;
/** A run branch ends with the run id (`feature/<feature>-<RUN_ID>`, the commit step's default). */
const BRANCH_RE = /(?:^|[-/_])(\d{8}-\d{6}-[0-9a-f]{8})$/;

export interface GitHubCleanupOptions {
  client: GitHubClient;
  repo: RepoRef;
  retentionDays: number;
  dryRun: boolean;
  now?: number;
}

export interface GitHubCleanupReport {
  repository: string;
  retention_days: number;
  cutoff: string;
  dry_run: boolean;
  caches: { id: number; key: string; run_id: string; bytes: number }[];
  branches: { name: string; run_id: string }[];
  kept: { run_id: string; what: string; reason: string }[];
  bytes: number;
}

/** Every page of a list, PER_PAGE at a time, until a short page. */
async function allPages<T>(fetch: (page: number) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const items = await fetch(page);
    out.push(...items);
    if (items.length < PER_PAGE) return out;
  }
}

interface Cache {
  id: number;
  key: string;
  runId: string;
  created: number;
  bytes: number;
}

async function listCaches(client: GitHubClient, repo: RepoRef): Promise<Cache[]> {
  const ctx = {
    operation: `list the Actions caches of ${repo.owner}/${repo.repo}`,
    permission: "actions: read",
    ref: repo,
  };
  const raw = await allPages(async (page) => {
    const { data } = await call(client, ctx, () =>
      client.rest.actions.getActionsCacheList({ ...repo, key: "agent-flow-", per_page: PER_PAGE, page }),
    );
    return data.actions_caches;
  });
  const out: Cache[] = [];
  for (const c of raw) {
    const m = CACHE_KEY_RE.exec(c.key ?? "");
    if (!m || c.id === undefined) continue;
    const created = Date.parse(c.created_at ?? "");
    out.push({
      id: c.id,
      key: c.key as string,
      runId: m[1] as string,
      created: Number.isNaN(created) ? 0 : created,
      bytes: c.size_in_bytes ?? 0,
    });
  }
  return out;
}

async function listRunBranches(
  client: GitHubClient,
  repo: RepoRef,
): Promise<{ name: string; runId: string; protected: boolean }[]> {
  const ctx = {
    operation: `list the branches of ${repo.owner}/${repo.repo}`,
    permission: "contents: read",
    ref: repo,
  };
  const all = await allPages(async (page) => {
    const { data } = await call(client, ctx, () =>
      client.rest.repos.listBranches({ ...repo, per_page: PER_PAGE, page }),
    );
    return data;
  });
  return all.flatMap((b) => {
    const m = BRANCH_RE.exec(b.name);
    return m && runIdTime(m[1] as string) !== null
      ? [{ name: b.name, runId: m[1] as string, protected: b.protected }]
      : [];
  });
}

/** Head branches (of this repository) of the open pull requests. */
async function openPullHeads(client: GitHubClient, repo: RepoRef): Promise<Set<string>> {
  const ctx = {
    operation: `list the open pull requests of ${repo.owner}/${repo.repo}`,
    permission: "pull-requests: read",
    ref: repo,
  };
  const pulls = await allPages(async (page) => {
    const { data } = await call(client, ctx, () =>
      client.rest.pulls.list({ ...repo, state: "open", per_page: PER_PAGE, page }),
    );
    return data;
  });
  const full = `${repo.owner}/${repo.repo}`.toLowerCase();
  return new Set(
    pulls.filter((p) => (p.head.repo?.full_name ?? full).toLowerCase() === full).map((p) => p.head.ref),
  );
}

/** Deletes (or, on a dry run, lists) the caches and run branches of runs past the retention. */
export async function cleanupGitHub(o: GitHubCleanupOptions): Promise<GitHubCleanupReport> {
  const { client, repo } = o;
  const cutoff = retentionCutoff(o.retentionDays, o.now ?? Date.now());
  const report: GitHubCleanupReport = {
    repository: `${repo.owner}/${repo.repo}`,
    retention_days: o.retentionDays,
    cutoff: new Date(cutoff).toISOString(),
    dry_run: o.dryRun,
    caches: [],
    branches: [],
    kept: [],
    bytes: 0,
  };
  const caches = await listCaches(client, repo);
  const branches = await listRunBranches(client, repo);
  // A run's last sign of life: its newest cache, else its id's date.
  const age = new Map<string, number>();
  for (const b of branches) age.set(b.runId, runIdTime(b.runId) ?? 0);
  for (const c of caches) age.set(c.runId, Math.max(age.get(c.runId) ?? runIdTime(c.runId) ?? 0, c.created));
  let newest: string | null = null;
  for (const [id, t] of age) if (newest === null || t > (age.get(newest) ?? 0)) newest = id;
  const past = (id: string): boolean => id !== newest && (age.get(id) ?? Date.now()) < cutoff;
  if (newest !== null && (age.get(newest) ?? 0) < cutoff)
    report.kept.push({ run_id: newest, what: "run", reason: "the newest run is always kept" });

  const doomed = caches.filter((c) => past(c.runId));
  for (const c of doomed) {
    if (!o.dryRun) {
      const ctx = { operation: `delete the Actions cache ${c.key}`, permission: "actions: write", ref: repo };
      try {
        await call(client, ctx, () =>
          client.rest.actions.deleteActionsCacheById({ ...repo, cache_id: c.id }),
        );
      } catch (err) {
        if (!(err instanceof GitHubApiError && err.status === 404)) throw err; // gone meanwhile: fine
      }
    }
    report.caches.push({ id: c.id, key: c.key, run_id: c.runId, bytes: c.bytes });
    report.bytes += c.bytes;
  }

  const candidates = branches.filter((b) => past(b.runId));
  const open = candidates.length > 0 ? await openPullHeads(client, repo) : new Set<string>();
  for (const b of candidates) {
    if (b.protected) {
      report.kept.push({ run_id: b.runId, what: `branch ${b.name}`, reason: "it is protected" });
      continue;
    }
    if (open.has(b.name)) {
      report.kept.push({ run_id: b.runId, what: `branch ${b.name}`, reason: "it has an open pull request" });
      continue;
    }
    if (!o.dryRun) {
      const ctx = { operation: `delete the branch ${b.name}`, permission: "contents: write", ref: repo };
      try {
        await call(client, ctx, () => client.rest.git.deleteRef({ ...repo, ref: `heads/${b.name}` }));
      } catch (err) {
        // "Reference does not exist": deleted meanwhile, which is what was wanted.
        if (!(err instanceof GitHubApiError && (err.status === 422 || err.status === 404))) throw err;
      }
    }
    report.branches.push({ name: b.name, run_id: b.runId });
  }
  return report;
}
