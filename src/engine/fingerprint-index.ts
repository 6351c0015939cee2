import { createHash, randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { pidRunning } from "../lib/liveness.js";
import { holdsRecent } from "./fingerprint-recent.js";
import { parseIndex } from "./index-file.js";
import { commandActivity } from "./process.js";

/**
 * The engine's private copy of the user's index, for the fingerprint's `git status` of the checkout
 * (fingerprint.ts). The user's index is never written by a reading (no optional lock), so git re-checks
 * there on every reading what it could have settled once: files whose stat data is stale (a checkout
 * in the second the index was written leaves every file "racily clean": all of them re-hashed each
 * time), and every folder walked for untracked files. A copy git may write keeps its refreshed stat
 * data and its untracked cache (a folder whose stat data, ctime included, is unchanged is not read
 * again), so a reading after an agent re-reads only what changed.
 *
 * Why the copy sees what the user's index would:
 * - it holds the user's entries: made from the bytes whose digest the reading's metadata holds (the
 *   index is fingerprinted whole, so any change to it is reported), and made again when that digest
 *   changes;
 * - it holds nothing else of theirs: only the entries and the cache-tree are copied (an untracked cache,
 *   fsmonitor data or resolve-undo the user's git wrote are left out), and its mtime is the user's
 *   index's or earlier, so git treats as racily clean every entry it would there;
 * - git decides from stat data with ctime trusted (fingerprint.ts forces core.trustctime): an agent
 *   that plants a file and sets a folder's or file's mtime back still changes its ctime; and what git
 *   wrote is not kept when a write still to come could match it in whole seconds (fingerprint-recent.ts);
 * - an agent can find and write the copy (it runs as the user): the copy is used only while its own stat
 *   data (inode, size, mtime and ctime to the nanosecond) is what the engine saw after git's last write,
 *   else it is made afresh from the user's index and git reads everything again; and it is used, and what
 *   git wrote to it kept, only while no agent or check runs (process.ts's commandActivity()): one running
 *   beside the reading (a parallel group's other members) could rewrite it after git and before the
 *   engine looks. Such readings use the user's index as it is.
 */
/** Stat data that any write, rename onto or `touch` of a file changes (ctime cannot be set back). */
function statKey(path: string): string | null {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st?.isFile()) return null;
  return `${st.ino}:${st.dev}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.mode}:${st.nlink}`;
}

const hostTag = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);
const NAME_RE = /^([0-9a-f]{8})-(\d+)-[0-9a-f]+\.index(\.lock)?$/;
const swept = new Set<string>();

/** Removes the copies (and their locks) that dead processes of this host left in `dir`. */
function sweep(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  for (const name of readdirSync(dir)) {
    const m = name.match(NAME_RE);
    if (m && m[1] === hostTag && !pidRunning(Number(m[2]))) rmSync(join(dir, name), { force: true });
  }
}

/** Copies made by this process, removed when it exits. */
const live = new Set<string>();
let hooked = false;
function removeAtExit(path: string): void {
  live.add(path);
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const p of live) {
      rmSync(p, { force: true });
      rmSync(`${p}.lock`, { force: true });
    }
  });
}

/**
 * The user's index bytes with only the entries and the cache-tree kept (and a new checksum), or null
 * when the engine's reader does not understand them (a split or sparse index, conflicts, intent-to-add
 * or skip-worktree entries: the reading then uses the user's index as it is).
 */
function entriesOnly(bytes: Buffer, objectFormat: string): Buffer | null {
  const idx = parseIndex(bytes, objectFormat);
  if (idx === null) return null;
  const parts = [bytes.subarray(0, idx.entriesEnd)];
  if (idx.cacheTree) parts.push(bytes.subarray(idx.cacheTree.start - 8, idx.cacheTree.end));
  const body = Buffer.concat(parts);
  const sum = createHash(idx.hashLen === 32 ? "sha256" : "sha1")
    .update(body)
    .digest();
  return Buffer.concat([body, sum]);
}

/** A reading under way against the copy (see PrivateIndex.begin()). */
export interface CopyUse {
  path: string;
  startMs: number;
  started: number;
  before: string | null;
}

export class PrivateIndex {
  private path: string | null = null;
  /** The digest (fingerprint-metadata.ts) of the user's index the copy was made from. */
  private source = "";
  /** The copy's stat data after git last wrote it (or the engine made it). */
  private seen: string | null = null;

  /** `dir`: the engine's folder for these copies (in the user's git dir, not fingerprinted). */
  constructor(
    private readonly dir: string,
    private readonly objectFormat: string,
  ) {}

  /**
   * The copy to read the checkout against, for the user's index at `userIndex` whose content digest is
   * `digest` (`f:<sha1>` as fingerprint-metadata.ts's digest() gives it); null: read against the user's
   * index itself, as when an agent or check is running (what git would write to the copy then could be
   * an agent's, see end()).
   */
  begin(userIndex: string, digest: string): CopyUse | null {
    const activity = commandActivity();
    if (activity.live > 0) return null;
    const path = this.ready(userIndex, digest);
    if (path === null) return null;
    return { path, startMs: Date.now(), started: activity.started, before: this.seen };
  }

  /**
   * After the git process of `use` ended. What git wrote to the copy is kept only if no agent or check
   * ran meanwhile (one could have rewritten the copy after git, before the engine looked) and it holds
   * no stat data a later write could match (fingerprint-recent.ts); else the copy is thrown away.
   */
  end(use: CopyUse): void {
    if (this.path !== use.path) return;
    try {
      const now = statKey(use.path);
      if (now !== null && now === use.before) return;
      const activity = commandActivity();
      let keep = now !== null && activity.live === 0 && activity.started === use.started;
      if (keep) {
        const bytes = readFileSync(use.path);
        keep = statKey(use.path) === now && !holdsRecent(bytes, this.objectFormat, use.startMs);
      }
      if (keep) this.seen = now;
      else this.drop();
    } catch {
      this.drop();
    }
  }

  /** The copy, made afresh unless the one there is still the engine's (see begin()). */
  private ready(userIndex: string, digest: string): string | null {
    if (
      this.path !== null &&
      this.source === digest &&
      this.seen !== null &&
      statKey(this.path) === this.seen
    )
      return this.path;
    this.drop();
    const hash = /^[fx]:([0-9a-f]{40})$/.exec(digest)?.[1];
    if (!hash) return null;
    const st = lstatSync(userIndex, { bigint: true, throwIfNoEntry: false });
    if (!st?.isFile()) return null;
    const bytes = readFileSync(userIndex);
    // Written since its digest was taken: this reading uses the user's index.
    if (createHash("sha1").update(bytes).digest("hex") !== hash) return null;
    const copy = entriesOnly(bytes, this.objectFormat);
    if (copy === null) return null;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    sweep(this.dir);
    const path = join(this.dir, `${hostTag}-${process.pid}-${randomBytes(6).toString("hex")}.index`);
    writeFileSync(path, copy, { flag: "wx", mode: 0o600 });
    removeAtExit(path);
    // A microsecond earlier than the user's index, never later: git takes an entry for racily clean
    // (and compares its content) when it is not older than its index file.
    const mtime = (Number(st.mtimeNs / 1000n) - 1) / 1e6;
    utimesSync(path, mtime, mtime);
    this.path = path;
    this.source = digest;
    this.seen = statKey(path);
    return path;
  }

  /** Throws the copy away (the next reading makes a new one). */
  drop(): void {
    if (this.path === null) return;
    rmSync(this.path, { force: true });
    rmSync(`${this.path}.lock`, { force: true });
    live.delete(this.path);
    this.path = null;
    this.seen = null;
  }
}
