import { REQUEST_MAX_BYTES, sanitiseUntrusted } from "../lib/untrusted-text.js";

/**
 * The feature request: text a stranger may have written (an issue body, a dispatch input, `--request`).
 * It reaches agents only as this data file in the run folder, named in their prompt; it is never put
 * into a prompt, an argument or an environment variable.
 */
export const REQUEST_FILE = "feature_request.md";

const size = (n: number): string =>
  n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(1)} MiB`
    : n >= 1024
      ? `${Math.round(n / 1024)} KiB`
      : `${n} bytes`;

/**
 * The request as agents and the pull request get it: HTML comments, invisible and bidirectional
 * characters removed, capped at `maxBytes`; `note` says what was removed (for the run's log), or null.
 */
export function cleanRequest(
  text: string,
  maxBytes: number = REQUEST_MAX_BYTES,
): { text: string; note: string | null } {
  // Only the head can survive the cap; sanitising is per character, so megabytes past it would cost
  // seconds for nothing. Four times the cap leaves room for the comments and hidden characters removed.
  const head = text.length > 4 * maxBytes ? text.slice(0, 4 * maxBytes) : text;
  const { text: clean, removed } = sanitiseUntrusted(head, maxBytes);
  if (head !== text)
    removed.truncatedBytes =
      Buffer.byteLength(text) - Buffer.byteLength(head) + Math.max(removed.truncatedBytes, 0);
  const parts: string[] = [];
  if (removed.comments > 0)
    parts.push(`${removed.comments} HTML comment${removed.comments === 1 ? "" : "s"} removed`);
  if (removed.hidden > 0)
    parts.push(
      `${removed.hidden} invisible, bidirectional or control character${removed.hidden === 1 ? "" : "s"} removed`,
    );
  if (removed.truncatedBytes > 0)
    parts.push(`cut at ${size(maxBytes)} (${size(removed.truncatedBytes)} dropped)`);
  return {
    text: clean,
    note: parts.length > 0 ? `the request text was sanitised: ${parts.join("; ")}` : null,
  };
}
