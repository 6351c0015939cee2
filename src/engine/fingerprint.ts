import { join } from "node:path";
import { STATE_PATHS } from "../run/store.js";
import { diff, type Fingerprint, TamperDetected } from "./fingerprint-changes.js";
import { type CopyUse, PrivateIndex } from "./fingerprint-index.js";
import { digest, knownLayout, layoutOf, metadata } from "./fingerprint-metadata.js";
import { readRefs, refValue } from "./fingerprint-refs.js";
import { takeAfter } from "./fingerprint-share.js";
import { Git } from "./git.js";
import { type StatusRecord, workingChanges } from "./git-watch-ops.js";
import { engineMovedRef, refMark } from "./ref-journal.js";

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

/**
 * The Git for `root` and the working-file scans of one run (one engine Git object: a new run starts
 * afresh), so that the checkout is found once per run, not once per reading.
 */
const scopes = new WeakMap<Git, Map<string, Scans>>();

function scansFor(git: Git, root: string): Scans {
  let byRoot = scopes.get(git);
  if (!byRoot) {
    byRoot = new Map();
    scopes.set(git, byRoot);
  }
  let s = byRoot.get(root);
  if (!s) {
    s = takeEarly(root) ?? new Scans(git.at(root), root);
    byRoot.set(root, s);
  }
  return s;
}

/** The reading beginEarlyReading() began, once its run may take it (see there), and when. */
let handedOver: { root: string; scans: Scans; at: number } | null = null;
/**
 * A run takes the reading within its start (its first look follows the hand-over at once); one left
 * by a run of this process refused in between must not become a later run's first reading.
 */
const HAND_OVER_MS = 10_000;

/** The handed-over reading when it is of `root`; the first look after the hand-over drops it either way. */
function takeEarly(root: string): Scans | null {
  const h = handedOver;
  handedOver = null;
  return h !== null && h.root === root && Date.now() - h.at < HAND_OVER_MS ? h.scans : null;
}

/**
 * Begins the first reading of the working files at `root` (a top level as Git.topLevel() names it) for a
 * run that is not started yet (early-workspace.ts: while the CLI parses the flow), on the run's
 * behalf: `handOver()`, called as that run begins, gives it (and the engine's index copy it made) to the
 * run's first use of the fingerprint of that same root. Such a reading is no different from the one the
 * run would begin itself a little later: no agent or check of this process runs before the run's first
 * step, and what changes in between is reported by the first comparison, as for any reading before.
 */
export function beginEarlyReading(root: string): { handOver(): void } {
  const scans = new Scans(new Git(root), root);
  scans.fresh().catch(() => undefined); // the run's own reading reports what fails
  return {
    handOver: () => {
      handedOver = { root, scans, at: Date.now() };
    },
  };
}

/** The `file:` entries of one reading of the working files (see workingFiles()). */
type FileEntries = ReadonlyMap<string, string>;

/**
 * Readings of the working files (the one costly part of a fingerprint: a `git status` of the whole
 * checkout) shared by the agents and checks of a run:
 * - a reading that must show the state after some moment (after an agent ended) is one that starts
 *   after that moment: callers that arrive while one is running share the next one, so a parallel group
 *   of N agents costs about two readings, not N;
 * - a reading of the state before an agent starts may be the last one taken (after the previous agent):
 *   the engine changes none of the fingerprinted files between two agents, and anything else that changed
 *   them in between is reported by the next comparison, as if it had happened during the agent.
 */
class Scans {
  /** A takeBefore() reading under way (see there). */
  before: Promise<Fingerprint> | null = null;
  private last: FileEntries | null = null;
  private running: Promise<FileEntries> | null = null;
  private next: Promise<FileEntries> | null = null;
  /** The copy of the user's index the readings use (fingerprint-index.ts); null until the first. */
  private copy: PrivateIndex | null = null;
  /**
   * False once a reading listed a run state path as untracked (not ignored): git keeps the copy's
   * untracked cache for a status of the whole checkout only, which would then list every file of every
   * run, so the state paths are left to a pathspec (and the untracked files are all walked again).
   */
  private whole = true;

  constructor(
    readonly g: Git,
    private readonly root: string,
  ) {}

  /** A reading that starts after this call. */
  fresh(): Promise<FileEntries> {
    if (this.next) return this.next;
    const current = this.running;
    if (!current) return this.begin();
    const next = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.next = null;
        return this.begin();
      });
    this.next = next;
    return next;
  }

  /** The last reading, or one now. */
  recent(): Promise<FileEntries> {
    if (this.last) return Promise.resolve(this.last);
    return this.running ?? this.fresh();
  }

  private begin(): Promise<FileEntries> {
    const entries = new Map<string, string>();
    const p = this.read(entries).then(() => entries as FileEntries);
    this.running = p;
    p.then(
      (e) => {
        this.last = e;
      },
      () => undefined,
    ).finally(() => {
      if (this.running === p) this.running = null;
    });
    return p;
  }

  /** One reading of the working files, against the engine's copy of the user's index when it can. */
  private async read(entries: Map<string, string>): Promise<void> {
    const [gitDir, common, format] = await Promise.all([
      this.g.gitDir(),
      this.g.commonDir(),
      this.g.objectFormat(),
    ]);
    this.copy ??= new PrivateIndex(join(common, "agent-flow", "fingerprint"), format);
    const copy = this.copy;
    const userIndex = join(gitDir, "index");
    let use: CopyUse | null = null;
    try {
      use = copy.begin(userIndex, digest(userIndex));
    } catch {
      copy.drop();
    }
    let leftOut: boolean;
    try {
      leftOut = await workingFiles(
        this.g,
        this.root,
        entries,
        use === null ? undefined : { index: use.path, whole: this.whole },
      );
    } finally {
      if (use !== null) copy.end(use);
    }
    if (leftOut) this.whole = false;
  }
}

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
  const entries = new Map<string, string>(meta);
  // The file list comes from one git process, run while the metadata files are read.
  const listing = files();
  const reftable = digest(join(common, "reftable")) === "dir";
  const reading = readRefs(g, common, reftable, before);
  if (meta === undefined) metadata(root, await layout.full, entries);
  const [fileEntries, refs] = await Promise.all([listing, reading]);
  for (const [k, v] of fileEntries) entries.set(k, v);
  return { root, entries, refs, refMark: mark };
}

/**
 * The user's working files that differ from their index (tracked) or are untracked and not ignored:
 * `git status` (its worktree column), which compares stat data in C, then a digest of each file it lists (contents hashed
 * only when their stat changed since the last reading). A clean tracked file is left out: any write to
 * it shows up as a status entry in the next reading. Hiding a file from the listing needs a change to
 * the index or to ignore rules, which are fingerprinted too. Git is told to trust ctime and full stat
 * data whatever the user's config says, so a rewrite that restores size and mtime is still seen.
 */
async function workingFiles(
  g: Git,
  root: string,
  entries: Map<string, string>,
  copy: { index: string; whole: boolean } | undefined,
): Promise<boolean> {
  const records: StatusRecord[] = [];
  const { changes, leftOut } = await workingChanges(g, STATE_PATHS, records, copy);
  for (const { path, untracked } of changes)
    entries.set(`file:${path}`, `${untracked ? "untracked" : "modified"} ${digest(join(root, path))}`);
  statusOf.set(entries, records);
  return leftOut;
}

/** Each reading's `git status` records (see checkoutStatus()). */
const statusOf = new WeakMap<FileEntries, readonly StatusRecord[]>();

/**
 * `git status` of the user's checkout (state paths and submodules left out, every record, the index side
 * too), from the run's last reading of its working files, or one taken now that the fingerprint of the
 * run's first agent or check then shares: the run's start asks it whether files the run uses have
 * uncommitted changes, which was a `git status` of its own.
 */
export async function checkoutStatus(git: Git, root: string): Promise<readonly StatusRecord[]> {
  return statusOf.get(await scansFor(git, root).recent()) ?? [];
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
): Promise<{ rest: Promise<void> }> {
  const meta = await metadataUnchanged(before, during);
  const rest = restUnchanged(git, before, during, meta);
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
 * alone (see takeAfter()), its metadata files are those `meta` just read, after the agent ended.
 */
async function restUnchanged(
  git: Git,
  before: Fingerprint,
  during: string,
  meta?: ReadonlyMap<string, string>,
): Promise<void> {
  const now =
    meta === undefined
      ? take
      : (g: Git, root: string): Promise<Fingerprint> => {
          const scans = scansFor(g, root);
          return fingerprint(scans, () => scans.fresh(), false, meta);
        };
  const after = await takeAfter(git, before.root, take, now);
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
