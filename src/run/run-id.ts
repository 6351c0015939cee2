import { randomBytes } from "node:crypto";

/** `YYYYMMDD-HHMMSS-xxxxxxxx`: UTC time, then 8 hex characters. It becomes a path and a ref name. */
export const RUN_ID_RE = /^\d{8}-\d{6}-[0-9a-f]{8}$/;
export const RUN_ID_RULE = "YYYYMMDD-HHMMSS-xxxxxxxx (UTC date and time, then 8 lowercase hex characters)";

export function newRunId(now: Date = new Date(), suffix: string = randomBytes(4).toString("hex")): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  const date = `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  const time = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${date}-${time}-${suffix}`;
}

/** Returns a sentence saying what is wrong with `id`, or null when it is a valid run id. */
export function runIdProblem(id: string): string | null {
  if (id === "") return `the run id is empty; it must look like ${RUN_ID_RULE}`;
  if (!RUN_ID_RE.test(id))
    return `'${id.length > 60 ? `${id.slice(0, 60)}...` : id}' is not a run id; it must look like ${RUN_ID_RULE}`;
  const [y, mo, d, h, mi, s] = [
    id.slice(0, 4),
    id.slice(4, 6),
    id.slice(6, 8),
    id.slice(9, 11),
    id.slice(11, 13),
    id.slice(13, 15),
  ].map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
  if (
    date.getUTCMonth() + 1 !== mo ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return `'${id}' is not a run id: its date or time does not exist`;
  }
  return null;
}
