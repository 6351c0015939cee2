import type { RunStatus } from "../run/status.js";
import { truncate } from "./table.js";
import { renderRun } from "./view.js";

/** The live view's lines, each cut to the terminal's width so that one line is one row to redraw. */
export function renderLive(
  s: RunStatus,
  columns: number,
  nowMs = Date.now(),
  upcoming: readonly string[] = [],
): string[] {
  return renderRun(s, nowMs, upcoming).map((l) => truncate(l, Math.max(1, columns - 1)));
}
