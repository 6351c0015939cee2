import { join } from "node:path";
import { diff, type Fingerprint, TamperDetected } from "./fingerprint-changes.js";
import { digest, knownLayout, type Layout, layoutOf, metadata } from "./fingerprint-metadata.js";
import { readRefs, refValue } from "./fingerprint-refs.js";
import { type FileEntries, type Scans, scansFor } from "./fingerprint-scans.js";
import { type AgentRun, takeAfter } from "./fingerprint-share.js";
import type { Git } from "./git.js";
import { engineMovedRef, refMark } from "./ref-journal.js";

export { beginEarlyReading, checkoutStatus } from "./fingerprint-scans.js";

/**
 * A fingerprint of what the user owns in their repository: git metadata that can change what git does
 * or what the user's branches hold, and the working files git would show them (tracked, or untracked and
 * not ignored). Taken before and after every agent and check: a same-user process cannot be stopped
 * without an OS sandbox, but any change is seen and fails the run before anything is pushed.
 *
 * The runs' private refs `refs/agent-flow/**` are fingerprinted too; the engine's own moves of them
 * while an agent runs are told apart by ref-journal.ts. Not fingerprinted, because the engine itself
 * writes them during a run: the engine's folder `agent-flow/`, linked
 * worktree records `worktrees/`, objects (append-only; what matters is which refs point where), logs,
 * and the run state paths in the working tree (docs/status, .locks, .triggers).
 *
 * How two readings are compared and reported: fingerprint-changes.ts.
 */

/** A fingerprint now (the working files read afresh). */
export function take(git: Git, root: string): Promise<Fingerprint> {
  const scans = scansFor(git, root);
  return fingerprint(scans, () => scans.fresh());
}

/**
 * A fingerprint to compare with expectUnchanged() once an agent or check ends, taken before it starts:
 * the metadata afresh, the working files from the run's last reading when there is one (see Scans).
 */
export function takeBefore(git: Git, root: string): Promise<Fingerprint> {
  const scans = scansFor(git, root);
  // Callers that arrive while one is taken share it (a parallel group's members, each otherwise a
  // reading of the metadata and refs on the engine's thread before its agent starts): it was begun
  // before any of their agents, which is all a reading before needs.
  if (scans.before) return scans.before;
  const p = fingerprint(scans, () => scans.recent(), true);
  scans.before = p;
  const done = (): void => {
    if (scans.before === p) scans.before = null;
  };
  p.then(done, done);
  return p;
}

/**
 * `before`: a reading before an agent or check, which may take refs over from an earlier one
 * (fingerprint-refs.ts). `meta`: the metadata files as read since the moment this reading must follow.
 */
async function fingerprint(
  scans: Scans,
  files: () => Promise<FileEntries>,
  before = false,
  meta?: ReadonlyMap<string, string>,
): Promise<Fingerprint> {
  const g = scans.g;
  const root = g.cwd;
  const layout = layoutOf(g, root);
  const mark = refMark();
  const { common } = await layout.dirs;
  // The file list comes from one git process, run while the metadata files are read.
  const listing = files();
  const reftable = digest(join(common, "reftable")) === "dir";
  // A reading after an agent reads the refs (synchronous calls, one per loose ref folder) on the next turn
  // of the event loop: the agent's snapshot, which continues in this one, then sends its `git status`
  // of the agent's directory first, and the two walks overlap the refs reading instead of following it.
  // Later is safe: a reading after an agent must only start after it ended.
  const reading = before
    ? readRefs(g, common, reftable, before)
    : new Promise<void>((resolve) => setImmediate(resolve)).then(() => readRefs(g, common, reftable));
  // A reading before takes the metadata files from the run's last reading, as it takes the working files
  // (Scans.recent()), and for the same reason: the engine writes none of them between two agents or
  // checks (it never writes the user's config, hooks, HEAD or index during a run, and its own git
  // processes take no optional lock on that index). So this is no weaker than a reading now; it is
  // stronger: a change made between the last reading and this one (after the previous agent was found
  // clean, before this one starts) is reported by this agent's comparison, where a reading now would
  // have taken it in as the state before. Each reading after an agent still reads every file afresh.
  // (Engine code that comes to write one of these files between agents must set scans.lastMeta to null,
  // or its write is reported as the next agent's. The refs are not taken over this way: the engine moves
  // the run's refs between agents, and an agent setting one back would then show no change.)
  const known = meta ?? (before ? scans.lastMeta : null) ?? readMetadata(root, await layout.full);
  scans.lastMeta = known;
  const entries = new Map<string, string>(known);
  const [fileEntries, refs] = await Promise.all([listing, reading]);
  for (const [k, v] of fileEntries) entries.set(k, v);
  return { root, entries, refs, refMark: mark };
}

/** The metadata files as they are now, in a map of their own (kept by Scans, never changed). */
function readMetadata(root: string, layout: Layout): ReadonlyMap<string, string> {
  const entries = new Map<string, string>();
  metadata(root, layout, entries);
  return entries;
}

/** Throws TamperDetected, naming what changed, when the repository differs from `before`. */
export async function expectUnchanged(git: Git, before: Fingerprint, during: string): Promise<void> {
  await restUnchanged(git, before, during, await metadataUnchanged(before, during));
}

/**
 * expectUnchanged() in two parts, for a caller with git work of its own to do in the agent's directory
 * (the snapshot): resolves once the metadata files are found unchanged (so no engine git process can run
 * what an agent planted there), with `rest`, the comparison of the working files and refs under way. The
 * caller must await `rest` before it keeps or reports anything of the agent's.
 */
export async function expectUnchangedSplit(
  git: Git,
  before: Fingerprint,
  during: string,
  agent?: AgentRun,
): Promise<{ rest: Promise<void> }> {
  let meta: ReadonlyMap<string, string> | undefined;
  try {
    meta = await metadataUnchanged(before, during);
  } catch (err) {
    agent?.end(); // no reading after it: the others' must not wait for it
    throw err;
  }
  const rest = restUnchanged(git, before, during, meta, agent);
  rest.catch(() => undefined); // awaited by the caller; not an unhandled rejection meanwhile
  return { rest };
}

/** The metadata files as read now (undefined when no reading knew the layout), once found unchanged. */
async function metadataUnchanged(
  before: Fingerprint,
  during: string,
): Promise<ReadonlyMap<string, string> | undefined> {
  // The metadata files first, without git: a filter driver or fsmonitor that an agent added to the
  // user's config is not among the drivers an engine git process switches off (their names are read
  // once per process), so the `git status` of take() must not run before such a change is reported.
  const layout = knownLayout(before.root);
  if (!layout) return undefined;
  const now = new Map<string, string>();
  metadata(before.root, await layout.full, now);
  const isMeta = (what: string): boolean => !what.startsWith("file:") && !what.startsWith("ref:");
  const was = new Map([...before.entries].filter(([what]) => isMeta(what)));
  const early = diff({ root: before.root, entries: was }, { root: before.root, entries: now });
  if (early.length > 0) throw new TamperDetected(during, early);
  return now;
}

/**
 * The rest of the comparison, against a reading that starts now. When that reading is this caller's
 * alone (see takeAfter()), its metadata files are those `meta` just read, after the agent ended. `agent`:
 * the agent compared, counted as running until its reading is chosen (fingerprint-share.ts).
 */
async function restUnchanged(
  git: Git,
  before: Fingerprint,
  during: string,
  meta?: ReadonlyMap<string, string>,
  agent?: AgentRun,
): Promise<void> {
  const now =
    meta === undefined
      ? take
      : (g: Git, root: string): Promise<Fingerprint> => {
          const scans = scansFor(g, root);
          return fingerprint(scans, () => scans.fresh(), false, meta);
        };
  const after = await takeAfter(git, before.root, take, now, agent);
  const changes = diff(before, after).filter(
    (c) =>
      !c.what.startsWith("ref:") ||
      !engineMovedRef(
        before.root,
        c.what.slice(4),
        after.refs && refValue(after.refs, c.what.slice(4)),
        before.refMark ?? -1,
        c.how,
      ),
  );
  if (changes.length > 0) throw new TamperDetected(during, changes);
}
