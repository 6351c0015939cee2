// `agent-flow cleanup`: removes what finished runs older than the retention left behind. Which runs may
// go is decided in cleanup-runs.ts, which of their branches in cleanup-branches.ts; the pool's surplus
// worktrees and stale locks in cleanup-pool.ts.
//
// Never removed: a run that is not finished or whose run lock is held by a live engine (a resume of a
// failed run holds it before it rewrites the status), the run `latest` points to, anything newer than
// the retention, and a branch whose tip is not the run's own commit or whose pull request may be open.

import { lstatSync } from "node:fs";
import { join } from "node:path";
import { listLocks } from "../lib/locks/index.js";
import { retentionCutoff } from "../run/retention.js";
import { RUNS_DIR, STATUS_DIR } from "../run/store.js";
import { runBranches } from "./cleanup-branches.js";
import { measureTrees } from "./cleanup-files.js";
import { recordSweep, sweepDue } from "./cleanup-marker.js";
import { removeOrphanPools, removePoolSurplus, removeStaleLocks } from "./cleanup-pool.js";
import { chooseRuns, privateRefs, snapshotsOf } from "./cleanup-runs.js";
import type { CleanupItem, CleanupKind, CleanupOptions, CleanupReport } from "./cleanup-types.js";
import { deleteRefsAt } from "./git-ops.js";

export type {
  CleanupItem,
  CleanupKept,
  CleanupKind,
  CleanupOptions,
  CleanupReport,
  PullRecord,
} from "./cleanup-types.js";

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
  if (!o.whenDue || sweepDue(o.root, o.retentionDays, now)) {
    const due = { next: Number.POSITIVE_INFINITY };
    await removeRuns({ ...o, now }, report, due);
    if (!o.dryRun) await recordSweep(o.root, o.retentionDays, now, due.next);
  }
  // Three independent looks (this repository's pool, other repositories' pools, this repository's
  // locks) at once: at a run's end, where each is a few trips through libuv's pool in a row. Reported in
  // this order whatever order they end in.
  const parts: CleanupItem[][] = [[], [], []];
  const into =
    (part: CleanupItem[]) =>
    (item: CleanupItem): void => {
      part.push(item);
    };
  const [surplus, orphans, locks] = parts as [CleanupItem[], CleanupItem[], CleanupItem[]];
  const done = await Promise.allSettled([
    removePoolSurplus(o.git, o.dryRun, into(surplus)),
    removeOrphanPools(o.dryRun, into(orphans), o.whenDue === true),
    listLocks(o.root).then((found) => removeStaleLocks(o.root, found, into(locks), o.dryRun)),
  ]);
  for (const item of parts.flat()) {
    report.removed.push(item);
    report.bytes += item.bytes;
  }
  const failed = done.find((d): d is PromiseRejectedResult => d.status === "rejected");
  if (failed) throw failed.reason;
  return report;
}

/** The runs past the retention: their folders, snapshots, triggers, private refs and branches. */
async function removeRuns(o: CleanupOptions, report: CleanupReport, due: { next: number }): Promise<void> {
  const refs = await privateRefs(o.git);
  const runs = await chooseRuns(o, refs, report, due);
  const snapshots = await snapshotsOf(o.root, new Set(runs.map((r) => r.id)));

  // What each run left, in the report's order; a path that is not there is not listed.
  const left = runs.map(({ id }) => ({
    id,
    paths: [
      { kind: "run-folder" as CleanupKind, rel: join(RUNS_DIR, id) },
      ...(snapshots.get(id) ?? []).map((s) => ({
        kind: "snapshot" as CleanupKind,
        rel: join(STATUS_DIR, ".snapshots", s),
      })),
      { kind: "triggers" as CleanupKind, rel: join(".triggers", "runs", id) },
    ],
  }));
  const present = new Set(
    left
      .flatMap((r) => r.paths.map((p) => p.rel))
      .filter((rel) => lstatSync(join(o.root, rel), { throwIfNoEntry: false }) !== undefined),
  );
  const items: CleanupItem[] = [];
  for (const { id, paths } of left) {
    for (const { kind, rel } of paths) {
      if (!present.has(rel)) continue;
      const item: CleanupItem = { kind, target: rel, run_id: id, bytes: 0 };
      items.push(item);
      report.removed.push(item);
    }
    if (refs.has(id))
      report.removed.push({ kind: "refs", target: `refs/agent-flow/${id}/*`, run_id: id, bytes: 0 });
  }

  const branches = await runBranches(o, runs, report);
  if (!o.dryRun) {
    // The refs go first, each only at the value just listed: if one moved, git refuses and nothing goes.
    await deleteRefsAt(
      o.git,
      runs.flatMap(({ id }) => refs.get(id) ?? []),
    );
    await deleteRefsAt(o.git, branches);
  }
  // One walk per folder counts its bytes and, unless this is a dry run, removes it.
  const bytes = await measureTrees(
    items.map((i) => join(o.root, i.target)),
    !o.dryRun,
  );
  items.forEach((item, i) => {
    item.bytes = bytes[i] ?? 0;
    report.bytes += item.bytes;
  });
}
