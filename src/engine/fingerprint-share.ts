import type { Fingerprint } from "./fingerprint-changes.js";
import type { Git } from "./git.js";

/**
 * Readings "after" (fingerprint.ts, restUnchanged()) shared by the agents and checks that end together:
 * a parallel group's members end within a few ms of each other, and each took a reading of its own (the
 * metadata files, every ref, and the working files' `git status`, which alone was shared) on the step's
 * critical path. A caller needs a reading that starts after its call; so it gets the one that starts
 * next: a caller that arrives while a reading runs waits for the following one, which every caller that
 * arrives meanwhile shares (as fingerprint.ts's Scans does for the status alone). Readings are never
 * changed by their users (diff() only reads them).
 */
interface Share {
  running: Promise<Fingerprint> | null;
  next: Promise<Fingerprint> | null;
}

const shares = new WeakMap<Git, Map<string, Share>>();

function shareFor(git: Git, root: string): Share {
  let byRoot = shares.get(git);
  if (!byRoot) {
    byRoot = new Map();
    shares.set(git, byRoot);
  }
  let s = byRoot.get(root);
  if (!s) {
    s = { running: null, next: null };
    byRoot.set(root, s);
  }
  return s;
}

type Take = (git: Git, root: string) => Promise<Fingerprint>;

/**
 * A reading by `take` that starts after this call, shared with the callers that can share it. `takeNow`
 * takes it instead when it begins at once, and so is this caller's alone: it may use what the caller
 * read since its own moment (the metadata files its comparison just read, see fingerprint.ts).
 */
export function takeAfter(git: Git, root: string, take: Take, takeNow: Take = take): Promise<Fingerprint> {
  const s = shareFor(git, root);
  if (s.next) return s.next;
  const begin = (by: Take): Promise<Fingerprint> => {
    const p = by(git, root);
    s.running = p;
    const done = (): void => {
      if (s.running === p) s.running = null;
    };
    p.then(done, done);
    return p;
  };
  const current = s.running;
  if (!current) return begin(takeNow);
  const settled = (): void => undefined;
  const next = current.then(settled, settled).then(() => {
    s.next = null;
    return begin(take);
  });
  s.next = next;
  return next;
}
