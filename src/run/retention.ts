import { AgentFlowError } from "../lib/errors.js";
import { RUN_ID_RE } from "./run-id.js";

/** How many days finished runs are kept: the guide's AGENT_RUN_RETENTION, `--retention`, the `retention` input. */
export const RETENTION_RULE = "a whole number of days, 0 or more (0 keeps only the latest and running runs)";
/** A century: anything longer is a typo (milliseconds for days?), not a wish. */
export const MAX_RETENTION_DAYS = 36_500;

export class RetentionError extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Reads a retention given as text by `source` ("--retention", "AGENT_RUN_RETENTION", "input retention").
 * Empty is refused rather than taken as "not given": `AGENT_RUN_RETENTION=` in a scheduled job would
 * otherwise silently fall back to another value for a command that deletes things.
 */
export function parseRetention(text: string, source: string): number {
  const t = text.trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  if (t === "") throw new RetentionError(`${source} is empty; it must be ${RETENTION_RULE}`);
  if (!/^\d{1,6}$/.test(t) || Number(t) > MAX_RETENTION_DAYS)
    throw new RetentionError(
      `${source}=${JSON.stringify(shown)} is not a retention; it must be ${RETENTION_RULE}, at most ${MAX_RETENTION_DAYS}`,
    );
  return Number(t);
}

/** The UTC time a run id was created at (its first 15 characters), or null for text that is not a run id. */
export function runIdTime(runId: string): number | null {
  if (!RUN_ID_RE.test(runId)) return null;
  const n = (a: number, b: number): number => Number(runId.slice(a, b));
  const t = Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(9, 11), n(11, 13), n(13, 15));
  return Number.isNaN(t) ? null : t;
}

/** The instant before which a finished run is past the retention. */
export const retentionCutoff = (days: number, now: number): number => now - days * 86_400_000;
