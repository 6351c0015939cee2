/**
 * Text that strangers wrote (an issue title or body, a dispatch input) before it reaches an agent or a
 * record: HTML comments hide instructions from the person reviewing the issue, and invisible or
 * bidirectional characters make the text read differently from what the agent receives.
 */

/** Default cap for a request body, in UTF-8 bytes. */
export const REQUEST_MAX_BYTES = 64 * 1024;

/** Ranges of code points removed: zero-width and invisible format characters, bidi embeddings,
 * overrides and isolates, variation selectors, the BOM, soft hyphen, Unicode tags, and C0/C1 controls
 * other than tab and newline. */
const HIDDEN_RANGES: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb],
  [0xe0000, 0xe0fff],
];

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;
/** One character class of every range: a single regex pass, so a 10 MB body takes milliseconds, not seconds. */
const HIDDEN_RE = new RegExp(`[${HIDDEN_RANGES.map(([lo, hi]) => `${hex(lo)}-${hex(hi)}`).join("")}]`, "gu");

export interface Sanitised {
  text: string;
  /** What was removed or cut, for the run's log. */
  removed: { comments: number; hidden: number; truncatedBytes: number };
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function capBytes(text: string, maxBytes: number): { text: string; cut: number } {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= maxBytes) return { text, cut: 0 };
  let end = maxBytes;
  const buf = Buffer.from(text, "utf8");
  // Step back to a character boundary (a UTF-8 continuation byte is 10xxxxxx).
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString("utf8"), cut: bytes - end };
}

export function sanitiseUntrusted(input: string, maxBytes: number = REQUEST_MAX_BYTES): Sanitised {
  let comments = 0;
  // An unclosed comment hides everything after it on GitHub too.
  let text = input.replace(/<!--[\s\S]*?(?:-->|$)/g, () => {
    comments++;
    return "";
  });
  let hidden = 0;
  text = text.replace(/\r\n?/g, "\n").replace(HIDDEN_RE, () => {
    hidden++;
    return "";
  });
  const capped = capBytes(text, maxBytes);
  return { text: capped.text, removed: { comments, hidden, truncatedBytes: capped.cut } };
}

/** A feature name from an issue title: lower-case ASCII words joined by `-`, at most 48 characters. */
export function slugFeature(title: string): string {
  const slug = sanitiseUntrusted(title, 1024)
    .text.normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || "feature";
}
