// Which runs cleanup may remove: decided from the runs' own records (the status's `finished_at`, the run
// id's date for private refs whose run folder is gone), never from file times, which a fresh checkout or
// a copy resets.

import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { readLock } from "../lib/locks/index.js";
import { inBatches } from "../lib/pool.js";
import { retentionCutoff, runIdTime } from "../run/retention.js";
import { runIdProblem } from "../run/run-id.js";
import { runLockResource } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import { LATEST, listRunIds, readStatus, STATUS_DIR } from "../run/store.js";
import { READ_WIDTH } from "./cleanup-files.js";
import { DAY_MS } from "./cleanup-marker.js";
import type { CleanupOptions, CleanupReport } from "./cleanup-types.js";
import type { Git } from "./git.js";
import { type RefValue, refValuesUnder } from "./git-ops.js";

export interface Candidate {
  id: string;
  status: RunStatus | null;
}

const FINISHED = new Set<RunStatus["state"]>(["succeeded", "failed", "cancelled"]);
/** The run a snapshot folder `<RUN_ID>-xxxxxx` belongs to, or undefined for any other name. */
const snapshotRun = (name: string): string | undefined =>
  /^(\d{8}-\d{6}-[0-9a-f]{8})-[0-9a-f]{6}$/.exec(name)?.[1];

/** Every ref under refs/agent-flow/, with its value, by run id: one git call for all runs. */
export async function privateRefs(git: Git): Promise<Map<string, RefValue[]>> {
  const byRun = new Map<string, RefValue[]>();
  for (const r of await refValuesUnder(git, "refs/agent-flow/")) {
    const id = r.ref.split("/")[2] ?? "";
    if (runIdProblem(id) !== null) continue;
    const list = byRun.get(id) ?? [];
    list.push(r);
    byRun.set(id, list);
  }
  return byRun;
}

/** The run `latest` points to: the snapshot link's target name, or a legacy folder's own status. */
async function latestRunId(root: string): Promise<string | null> {
  const target = await readlink(join(root, LATEST)).catch(() => null);
  if (target !== null) {
    const m = /^\.snapshots\/(.*)$/.exec(target);
    return m ? (snapshotRun(m[1] as string) ?? null) : null;
  }
  const text = await readFile(join(root, LATEST, "pipeline_status.json"), "utf8").catch(() => null);
  try {
    const id = text === null ? null : (JSON.parse(text) as { run_id?: unknown } | null)?.run_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null; // a damaged legacy folder names no run: nothing is protected by it, nothing removed for it
  }
}

/** Each run folder's status, read several at a time: a status that cannot be read is its error. */
async function readStatuses(root: string, ids: string[]): Promise<Map<string, RunStatus | Error>> {
  const out = new Map<string, RunStatus | Error>();
  await inBatches(ids, READ_WIDTH, async (id) => {
    out.set(
      id,
      await readStatus(root, id).catch((err: unknown) =>
        err instanceof Error ? err : new Error(String(err)),
      ),
    );
  });
  return out;
}

/**
 * Which runs are past the retention and may go; the rest are counted as fresh or kept with a reason.
 * `due.next` is lowered to the soonest instant a run left here may become removable (cleanup-marker.ts).
 */
export async function chooseRuns(
  o: CleanupOptions,
  refs: Map<string, RefValue[]>,
  report: CleanupReport,
  due: { next: number } = { next: Number.POSITIVE_INFINITY },
): Promise<Candidate[]> {
  const now = o.now ?? Date.now();
  const cutoff = retentionCutoff(o.retentionDays, now);
  const passes = (t: number): void => {
    due.next = Math.min(due.next, t + o.retentionDays * DAY_MS);
  };
  const latest = await latestRunId(o.root);
  const folders = await listRunIds(o.root);
  const ids = [...new Set([...folders, ...refs.keys()])].sort();
  const statuses = await readStatuses(o.root, folders);
  const out: Candidate[] = [];
  for (const id of ids) {
    const keep = (reason: string): void => {
      report.kept.push({ run_id: id, reason });
    };
    const read = statuses.get(id);
    if (read instanceof Error) {
      keep(`its status cannot be read (${read.message}); remove it with: agent-flow rollback ${id}`);
      continue;
    }
    const status = read ?? null;
    // Private refs whose run folder is gone: the run id's date is the only record left.
    const finished =
      status === null
        ? runIdTime(id)
        : FINISHED.has(status.state) && status.finished_at
          ? Date.parse(status.finished_at)
          : null;
    if (finished !== null && finished >= cutoff) {
      report.fresh += 1;
      passes(finished);
      continue;
    }
    if (status !== null && finished === null) {
      // Not finished: running, or an engine that died (resume or roll it back).
      if (Date.parse(status.started_at) >= cutoff) {
        report.fresh += 1;
        passes(Date.parse(status.started_at));
      } else
        keep(
          `not finished (${status.state}); resume it (agent-flow run --run-id ${id} --retry) or roll it back`,
        );
      continue;
    }
    const lock = readLock(o.root, runLockResource(id));
    if (lock !== null && !lock.unreadable && !lock.stale) {
      // Removable once that engine ends: the next sweep looks again.
      keep(`an engine holds its run lock (${lock.liveness})`);
      due.next = now;
      continue;
    }
    if (id === latest) {
      // Removable once the next run moves `latest`.
      keep(`${LATEST} points to it`);
      due.next = now;
      continue;
    }
    out.push({ id, status });
  }
  return out;
}

/** The runs' snapshots (`.snapshots/<RUN_ID>-xxxxxx`); `latest`'s own target never, whatever its name. */
export async function snapshotsOf(root: string, ids: Set<string>): Promise<Map<string, string[]>> {
  const dir = join(root, STATUS_DIR, ".snapshots");
  const current = await readlink(join(root, LATEST)).catch(() => "");
  const byRun = new Map<string, string[]>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const id = snapshotRun(name);
    if (id === undefined || !ids.has(id) || current === `.snapshots/${name}`) continue;
    const list = byRun.get(id) ?? [];
    list.push(name);
    byRun.set(id, list);
  }
  return byRun;
}
