import type { LockStatus } from "../lib/locks/index.js";
import { quoteName } from "../run/quote.js";
import { formatTable, humanAge } from "./table.js";

/** Age of an ISO time, as `runs` and `locks` print it; empty for a missing or unreadable time. */
export function ageSince(iso: string, nowMs = Date.now()): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "" : humanAge(nowMs - t);
}

// A feature name is a slug up to 64 characters; past this many the column is cut with an ellipsis.
const FEATURE_MAX = 40;

export function runsTable(
  rows: readonly { run_id: string; state: string; feature: string; age: string; liveness?: string | null }[],
): string[] {
  return formatTable(
    ["RUN ID", "STATE", "FEATURE", "AGE", "ENGINE"],
    rows.map((r) => [
      r.run_id,
      r.state,
      quoteName(r.feature),
      r.age,
      r.liveness ? quoteName(r.liveness) : "",
    ]),
    [undefined, undefined, FEATURE_MAX],
  );
}

export function locksTable(locks: readonly LockStatus[]): string[] {
  return formatTable(
    ["RESOURCE", "RUN", "AGENT", "HOLDER", "AGE", "STATE"],
    locks.map((l) =>
      l.unreadable !== undefined
        ? [
            quoteName(l.resource),
            "",
            "",
            "",
            humanAge(l.ageMs),
            `UNREADABLE ${quoteName(l.file)}: ${l.unreadable}; ${l.liveness}`,
          ]
        : [
            quoteName(l.resource),
            quoteName(l.run_id),
            quoteName(l.agent),
            `pid ${l.pid}@${quoteName(l.host)}`,
            humanAge(l.ageMs),
            quoteName(l.liveness.replace(/^stale:/, "STALE:")),
          ],
    ),
  );
}
