import { AgentFlowError } from "../lib/errors.js";
import { diffRefs, NO_REFS, type RefsReading } from "./fingerprint-refs.js";

// What a fingerprint (fingerprint.ts) holds, and how two readings of the same repository are compared
// and reported to the user.

export interface Fingerprint {
  root: string;
  /** "<what>" -> digest of its content (or of its stat data for what is not a regular file). */
  entries: Map<string, string>;
  /** Every ref, compared as `ref:<name>` entries (fingerprint-refs.ts); none when absent. */
  refs?: RefsReading;
  /** ref-journal.ts's mark when this reading started. */
  refMark?: number;
}

export interface Change {
  what: string;
  how: "added" | "removed" | "changed";
}

export class TamperDetected extends AgentFlowError {
  constructor(
    readonly during: string,
    readonly changes: readonly Change[],
  ) {
    super(
      `the user's repository changed while ${during} ran; the run stops and nothing is pushed:\n${describeChanges(changes)}`,
      1,
      "an agent or check wrote outside its worktree (or the repository was edited during the run): inspect the paths above before running again",
    );
  }
}

/** What differs between two fingerprints of the same repository. */
export function diff(a: Fingerprint, b: Fingerprint): Change[] {
  const out: Change[] = [];
  for (const [what, d] of a.entries) {
    const now = b.entries.get(what);
    // A tracked file that is no longer listed went back to its indexed content: a change, not a removal.
    if (now === undefined) out.push({ what, how: d.startsWith("modified") ? "changed" : "removed" });
    else if (now !== d) out.push({ what, how: "changed" });
  }
  for (const [what, d] of b.entries)
    if (!a.entries.has(what)) out.push({ what, how: d.startsWith("modified") ? "changed" : "added" });
  out.push(...diffRefs(a.refs ?? NO_REFS, b.refs ?? NO_REFS));
  return out.sort((x, y) => (x.what < y.what ? -1 : 1));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: names are shown escaped
const CONTROL = /[\u0000-\u001f\u007f]/;

export function describeChanges(changes: readonly Change[], limit = 20): string {
  const show = (what: string): string => {
    const i = what.indexOf(":");
    const kind = what.slice(0, i);
    const name = what.slice(i + 1);
    const shown = CONTROL.test(name) ? JSON.stringify(name) : name;
    if (kind === "file") return `working file ${shown}`;
    if (kind === "git" || kind === "git-dir") return `.git/${shown}`;
    if (kind.startsWith("hooks-path")) return `hook ${shown}`;
    return `${kind} ${shown}`;
  };
  const lines = changes.slice(0, limit).map((c) => `  ${c.how}: ${show(c.what)}`);
  if (changes.length > limit) lines.push(`  ... and ${changes.length - limit} more`);
  return lines.join("\n");
}
