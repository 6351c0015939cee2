/**
 * The one place where names and text that agents control (file names, error text, statuses they may
 * have forged) are made safe to print. A raw newline, ESC or bidi override in a file name could forge a
 * line of `pipeline.log`, clear the terminal or reorder what the reader sees.
 */

// C0 controls, DEL, C1 controls, the line/paragraph separators and the bidi embedding, override and
// isolate marks: none of them has a visible form of its own.
const INVISIBLE = "\\p{Cc}\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE = new RegExp(`[${INVISIBLE}]`, "u");
const UNSAFE_ALL = new RegExp(`[${INVISIBLE}]`, "gu");
// The same, minus tab and newline: multi-line text keeps its lines (each gets its own log prefix).
const UNSAFE_IN_TEXT = new RegExp(`(?![\\t\\n])[${INVISIBLE}]`, "gu");

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const escapeChar = (c: string): string =>
  SHORT[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, "0")}`;

/**
 * A file name (or any one-line name) as printed: unchanged when every character is printable, else
 * JSON-style quoted (`"db\n.yml"`, `"\u001b[2J"`), as git's core.quotePath does, so it is one
 * visible token that reads back unambiguously.
 */
export function quoteName(name: string): string {
  if (!UNSAFE.test(name)) return name;
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`).replace(UNSAFE_ALL, escapeChar)}"`;
}

/** Text that may span lines (an error, a log): lines and tabs are kept, every other control escaped. */
export function safeText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escapeChar);
}
