// The end of every `agent-flow run` sweeps runs past the retention (AGENT_AUTO_CLEANUP). A full sweep reads
// every run's status and every private ref: thousands of files in a repository that has seen thousands
// of runs, for nothing in the common case. A sweep therefore records when the next one can first find
// something to remove: the soonest instant a run it saw as fresh passes the retention. Runs that end
// later pass it later still. A run kept only because `latest` points to it or a live engine holds its
// lock may be removable at the next run's end, so such a run makes the next sweep due at once.
// `agent-flow cleanup` always sweeps.

import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { STATUS_DIR, writeFileAtomic } from "../run/store.js";

export const SWEEP_MARKER = join(STATUS_DIR, ".cleanup.json");
export const DAY_MS = 86_400_000;

interface Marker {
  retention_days: number;
  swept_at: string;
  next_due: string;
}

function readMarker(root: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(join(root, SWEEP_MARKER), "utf8")) as Partial<Marker> | null;
    if (
      typeof m?.retention_days === "number" &&
      typeof m.swept_at === "string" &&
      typeof m.next_due === "string"
    )
      return m as Marker;
  } catch {}
  return null;
}

/**
 * Whether a sweep with `days` of retention may find something now: yes unless the last sweep, made with
 * the same retention and not in the future (a clock set back), said the first removal is later.
 */
export function sweepDue(root: string, days: number, now: number): boolean {
  const m = readMarker(root);
  if (m === null || m.retention_days !== days) return true;
  const swept = Date.parse(m.swept_at);
  const due = Date.parse(m.next_due);
  if (Number.isNaN(swept) || Number.isNaN(due) || swept > now) return true;
  return now >= due;
}

/** Records a finished sweep: the next one is due at `nextDue` (ms), at the latest a retention from now. */
export async function recordSweep(root: string, days: number, now: number, nextDue: number): Promise<void> {
  const marker: Marker = {
    retention_days: days,
    swept_at: new Date(now).toISOString(),
    next_due: new Date(Math.min(nextDue, now + days * DAY_MS)).toISOString(),
  };
  const file = join(root, SWEEP_MARKER);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(marker, null, 2)}\n`);
}
