import { join } from "node:path";
import { STATE_PATHS } from "../run/store.js";
import type { Fingerprint } from "./fingerprint-changes.js";
import { type CopyUse, PrivateIndex } from "./fingerprint-index.js";
import { digest } from "./fingerprint-metadata.js";
import { Git } from "./git.js";
import { type StatusRecord, workingChanges } from "./git-watch-ops.js";

// The working-file readings of the user's checkout that fingerprint.ts compares around every agent and
// check: the costly part of a fingerprint (a `git status` of the whole checkout), shared by a run's
// agents and checks, and begun early for a run's first one (early-workspace.ts).

/**
 * The Git for `root` and the working-file scans of one run (one engine Git object: a new run starts
 * afresh), so that the checkout is found once per run, not once per reading.
 */
const scopes = new WeakMap<Git, Map<string, Scans>>();

export function scansFor(git: Git, root: string): Scans {
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
export type FileEntries = ReadonlyMap<string, string>;

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
export class Scans {
  /** A takeBefore() reading under way (see there). */
  before: Promise<Fingerprint> | null = null;
  /**
   * The metadata files (fingerprint-metadata.ts) as the last reading of this run saw them, for the next
   * reading before an agent or check (see fingerprint.ts); null until a reading read them.
   */
  lastMeta: ReadonlyMap<string, string> | null = null;
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
