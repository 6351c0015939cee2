// Kept apart from table.ts: the run's view needs ages, not string-width (whose Intl.Segmenter costs
// ~20 ms and ~3 MB at load).

/** A duration as people read it: `42s`, `5m03s`, `3h05m`, `59d2h`. */
export function humanAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}
