// `agent-flow cleanup`: removes what finished runs older than the retention left behind. What is removed
// is decided from the runs' own records (the status's `finished_at`, the run id's date for private refs
// whose run folder is gone), never from file times, which a fresh checkout or a copy resets.
//
// Never removed: a run that is not finished or whose run lock is held by a live engine (a resume of a
// failed run holds it before it rewrites the status), the run `latest` points to, anything newer than
// the retention, and a branch whose tip is not the run's own commit or whose pull request may be open.

import { lstat, readdir, readFile, readlink, rm } from "node:fs/promises";
import { join } from "node:path";
import { listLocks, readLock } from "../lib/locks/index.js";
import { retentionCutoff, runIdTime } from "../run/retention.js";
import { runIdProblem } from "../run/run-id.js";
import { runLockResource } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import { LATEST, listRunIds, RUNS_DIR, readStatus, runDir, STATUS_DIR } from "../run/store.js";
import {
  type CleanupItem,
  type CleanupKind,
  diskBytes,
  removeOrphanPools,
  removePoolSurplus,
  removeStaleLocks,
} from "./cleanup-pool.js";
import type { Git } from "./git.js";

export type { CleanupItem, CleanupKind } from "./cleanup-pool.js";

export interface CleanupKept {
  run_id: string;
  reason: string;
}

export interface CleanupReport {
  retention_days: number;
  /** Finished before this instant (ISO 8601) means past the retention. */
  cutoff: string;
  dry_run: boolean;
  removed: CleanupItem[];
  /** Runs past the retention (or parts of them) that were kept, with why. */
  kept: CleanupKept[];
  /** Runs within the retention, left alone. */
  fresh: number;
  bytes: number;
}

/** What the run recorded about its pull request: null when it never opened one. */
export interface PullRecord {
  number: number | null;
  url: string | null;
  /** The configured remote the branch was pushed to (its name), when known. */
  remote: string | null;
}

export interface CleanupOptions {
  root: string;
  git: Git;
  retentionDays: number;
  dryRun: boolean;
  now?: number;
  /**
   * Whether the pull request of a run branch is still open: true, false, or null when it cannot be
   * known here (no token, no GitHub remote). A branch is removed only when this says false.
   */
  pullRequestOpen?: (branch: string, pull: PullRecord) => Promise<boolean | null>;
}

const FINISHED = new Set<RunStatus["state"]>(["succeeded", "failed", "cancelled"]);

/** Runs `fn` over `items`, `width` at a time: removing thousands of folders one by one is slow. */
export async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** The run `latest` points to: the snapshot link's target name, or a legacy folder's own status. */
async function latestRunId(root: string): Promise<string | null> {
  const target = await readlink(join(root, LATEST)).catch(() => null);
  if (target !== null) {
    const m = /^\.snapshots\/(\d{8}-\d{6}-[0-9a-f]{8})-[0-9a-f]{6}$/.exec(target);
    return m ? (m[1] as string) : null;
  }
  const text = await readFile(join(root, LATEST, "pipeline_status.json"), "utf8").catch(() => null);
  try {
    const id = text === null ? null : (JSON.parse(text) as { run_id?: unknown } | null)?.run_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null; // a damaged legacy folder names no run: nothing is protected by it, nothing removed for it
  }
}

/** Every ref under refs/agent-flow/, with its value, by run id: one git call for all runs. */
async function privateRefs(git: Git): Promise<Map<string, string[]>> {
  const out = await git.out(["for-each-ref", "--format=%(objectname) %(refname)", "refs/agent-flow/"]);
  const byRun = new Map<string, string[]>();
  for (const line of out.split("\n")) {
    const ref = line.slice(line.indexOf(" ") + 1);
    const id = ref.split("/")[2] ?? "";
    if (!line || runIdProblem(id) !== null) continue;
    const list = byRun.get(id) ?? [];
    list.push(line);
    byRun.set(id, list);
  }
  return byRun;
}

interface Candidate {
  id: string;
  status: RunStatus | null;
}

/** Which runs are past the retention and may go; the rest are counted as fresh or kept with a reason. */
async function chooseRuns(
  o: CleanupOptions,
  refs: Map<string, string[]>,
  report: CleanupReport,
): Promise<Candidate[]> {
  const cutoff = retentionCutoff(o.retentionDays, o.now ?? Date.now());
  const latest = await latestRunId(o.root);
  const folders = await listRunIds(o.root);
  const ids = [...new Set([...folders, ...refs.keys()])].sort();
  const inFolder = new Set(folders);
  const out: Candidate[] = [];
  for (const id of ids) {
    const keep = (reason: string): void => {
      report.kept.push({ run_id: id, reason });
    };
    let status: RunStatus | null = null;
    let finished: number | null;
    if (inFolder.has(id)) {
      try {
        status = await readStatus(o.root, id);
      } catch (err) {
        keep(
          `its status cannot be read (${(err as Error).message}); remove it with: agent-flow rollback ${id}`,
        );
        continue;
      }
      finished = FINISHED.has(status.state) && status.finished_at ? Date.parse(status.finished_at) : null;
    } else {
      // Private refs whose run folder is gone: the run id's date is the only record left.
      finished = runIdTime(id);
    }
    if (finished !== null && finished >= cutoff) {
      report.fresh += 1;
      continue;
    }
    if (status !== null && finished === null) {
      // Not finished: running, or an engine that died (resume or roll it back).
      if (Date.parse(status.started_at) >= cutoff) report.fresh += 1;
      else
        keep(
          `not finished (${status.state}); resume it (agent-flow run --run-id ${id} --retry) or roll it back`,
        );
      continue;
    }
    const lock = readLock(o.root, runLockResource(id));
    if (lock !== null && !lock.unreadable && !lock.stale) {
      keep(`an engine holds its run lock (${lock.liveness})`);
      continue;
    }
    if (id === latest) {
      keep(`${LATEST} points to it`);
      continue;
    }
    out.push({ id, status });
  }
  return out;
}

/** The run's snapshots (`.snapshots/<RUN_ID>-xxxxxx`); `latest`'s own target never, whatever its name. */
async function snapshotsOf(root: string, ids: Set<string>): Promise<Map<string, string[]>> {
  const dir = join(root, STATUS_DIR, ".snapshots");
  const current = await readlink(join(root, LATEST)).catch(() => "");
  const byRun = new Map<string, string[]>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = /^(\d{8}-\d{6}-[0-9a-f]{8})-[0-9a-f]{6}$/.exec(name);
    if (!m || !ids.has(m[1] as string) || current === `.snapshots/${name}`) continue;
    const list = byRun.get(m[1] as string) ?? [];
    list.push(name);
    byRun.set(m[1] as string, list);
  }
  return byRun;
}

const exists = (p: string): Promise<boolean> =>
  lstat(p).then(
    () => true,
    () => false,
  );

/** Removes (or, on a dry run, lists) what finished runs past the retention left; see the header. */
export async function cleanupRuns(o: CleanupOptions): Promise<CleanupReport> {
  const now = o.now ?? Date.now();
  const report: CleanupReport = {
    retention_days: o.retentionDays,
    cutoff: new Date(retentionCutoff(o.retentionDays, now)).toISOString(),
    dry_run: o.dryRun,
    removed: [],
    kept: [],
    fresh: 0,
    bytes: 0,
  };
  const refs = await privateRefs(o.git);
  const runs = await chooseRuns(o, refs, report);
  const snapshots = await snapshotsOf(o.root, new Set(runs.map((r) => r.id)));
  const files: string[] = [];
  const add = async (kind: CleanupKind, rel: string, id: string): Promise<void> => {
    const abs = join(o.root, rel);
    if (!(await exists(abs))) return;
    const bytes = await diskBytes(abs);
    report.removed.push({ kind, target: rel, run_id: id, bytes });
    report.bytes += bytes;
    files.push(abs);
  };
  for (const { id } of runs) {
    await add("run-folder", join(RUNS_DIR, id), id);
    for (const s of snapshots.get(id) ?? []) await add("snapshot", join(STATUS_DIR, ".snapshots", s), id);
    await add("triggers", join(".triggers", "runs", id), id);
    const own = refs.get(id);
    if (own) report.removed.push({ kind: "refs", target: `refs/agent-flow/${id}/*`, run_id: id, bytes: 0 });
  }
  const branches = await runBranches(o, runs, report);
  if (!o.dryRun) {
    // One transaction for every private ref of every run, each deleted only at the value just listed.
    const lines = runs.flatMap(({ id }) =>
      (refs.get(id) ?? []).map(
        (l) => `delete ${l.slice(l.indexOf(" ") + 1)} ${l.slice(0, l.indexOf(" "))}\n`,
      ),
    );
    if (lines.length > 0) await o.git.exec(["update-ref", "--stdin"], { input: lines.join("") });
    if (branches.length > 0)
      await o.git.exec(["update-ref", "--stdin"], {
        input: branches.map((b) => `delete refs/heads/${b.name} ${b.tip}\n`).join(""),
      });
    await inBatches(files, 16, (f) => rm(f, { recursive: true, force: true }));
  }
  const record = (item: CleanupItem): void => {
    report.removed.push(item);
    report.bytes += item.bytes;
  };
  await removePoolSurplus(o.git, o.dryRun, record);
  await removeOrphanPools(o.dryRun, record);
  await removeStaleLocks(o.root, await listLocks(o.root), record, o.dryRun);
  return report;
}

interface RunBranch {
  name: string;
  tip: string;
}

/**
 * The local run branches of `runs` that may go: named by the run's records (branch_info.json, the status),
 * but chosen by git: the tip carries the run's `Run-Id:` trailer, no worktree has it checked out, and its
 * pull request was never opened or is known closed.
 */
async function runBranches(
  o: CleanupOptions,
  runs: Candidate[],
  report: CleanupReport,
): Promise<RunBranch[]> {
  const named: { id: string; branch: string; pull: PullRecord }[] = [];
  for (const { id, status } of runs) {
    if (status === null) continue;
    const info = await readFile(join(runDir(o.root, id), "branch_info.json"), "utf8").then(
      (t) => JSON.parse(t) as Record<string, unknown>,
      () => ({}) as Record<string, unknown>,
    );
    const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
    const num = typeof info.pr_number === "number" ? info.pr_number : null;
    const pull: PullRecord = {
      number: num,
      url: str(info.pr_url) ?? str(status.pr_url),
      remote: str(info.remote),
    };
    for (const branch of new Set([str(info.branch), str(status.branch)])) {
      if (branch !== null) named.push({ id, branch, pull });
    }
  }
  if (named.length === 0) return [];
  const out = await o.git.out([
    "for-each-ref",
    "--format=%(refname)%00%(objectname)%00%(trailers:key=Run-Id,valueonly,separator=%x2C)",
    "refs/heads/",
  ]);
  const tips = new Map<string, { sha: string; runIds: string[] }>();
  for (const line of out.split("\n")) {
    const [ref = "", sha = "", ids = ""] = line.split("\0");
    tips.set(ref.slice("refs/heads/".length), { sha, runIds: ids.split(",").map((s) => s.trim()) });
  }
  const checkedOut = new Set(
    (await o.git.out(["worktree", "list", "--porcelain"]))
      .split("\n")
      .filter((l) => l.startsWith("branch refs/heads/"))
      .map((l) => l.slice("branch refs/heads/".length)),
  );
  const chosen: RunBranch[] = [];
  for (const { id, branch, pull } of named) {
    const tip = tips.get(branch);
    if (!tip) continue;
    const keep = (why: string): void => {
      report.kept.push({ run_id: id, reason: `branch ${branch} kept: ${why}` });
    };
    if (!tip.runIds.includes(id)) {
      keep(`its tip ${tip.sha.slice(0, 12)} was not made by run ${id} (no 'Run-Id: ${id}' trailer)`);
      continue;
    }
    if (checkedOut.has(branch)) {
      keep("it is checked out");
      continue;
    }
    if (pull.number !== null || pull.url !== null) {
      const open = o.pullRequestOpen ? await o.pullRequestOpen(branch, pull) : null;
      if (open !== false) {
        const which = pull.url ?? `#${pull.number}`;
        keep(
          open
            ? `its pull request ${which} is open`
            : `its pull request ${which} may be open (set AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN to check)`,
        );
        continue;
      }
    }
    chosen.push({ name: branch, tip: tip.sha });
    report.removed.push({ kind: "branch", target: branch, run_id: id, bytes: 0 });
  }
  return chosen;
}
