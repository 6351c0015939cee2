import { type Dirent, lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * An attempt's scratch folder in the run folder's `.work`: its output and triggers folders (and its
 * prompt), made afresh for each attempt and copied from once it is accepted. These few calls sit on the
 * step's critical path while the fingerprint's reads fill libuv's thread pool, so the small ones are
 * synchronous (~0.1 ms each) rather than queued behind those reads.
 */
export interface Staging {
  dir: string;
  outputDir: string;
  triggersDir: string;
}

/** Makes `dir` an empty staging folder (whatever an earlier attempt left is removed first). */
export async function freshStaging(dir: string): Promise<Staging> {
  const staging = { dir, outputDir: join(dir, "output"), triggersDir: join(dir, "triggers") };
  // One mkdir per folder, each made where it is known to be missing: a recursive mkdir of the deepest
  // one first fails its way up (a failed call per missing level), and a look before it is one more call.
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // Left by an earlier attempt (usually gone already: the attempt before removed it when it ended).
    await rm(dir, { recursive: true, force: true });
    mkdirSync(dir);
  }
  mkdirSync(staging.outputDir);
  mkdirSync(staging.triggersDir);
  return staging;
}

/** The triggers an agent raised: the names it left in its triggers folder (dot files left out), sorted. */
export function raisedTriggers(triggersDir: string): string[] {
  return readdirSync(triggersDir)
    .filter((n) => !n.startsWith("."))
    .sort();
}

/**
 * Removes an attempt's staging folder once its output is copied (or refused): a few files, removed with
 * synchronous calls, not the promise API's walk whose every call waits in libuv's thread pool (behind a
 * parallel group's other members' reads, several ms per member at a group's end). Each entry's kind
 * comes with its folder's listing, so each is removed with one call (rmSync's walk stats every entry and
 * tries each folder's removal before listing it); whatever that cannot remove is left to rmSync.
 */
export function dropStaging(dir: string): void {
  try {
    // An agent may have put a link (or a file) where its staging folder was: that is removed itself,
    // never followed. Below it, each entry's kind is the one its listing gave, as rmSync's lstat does.
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st === undefined) return;
    if (st.isDirectory()) removeTree(dir);
    else unlinkSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes the folder `path` and what it holds; a link is removed itself, never followed. */
function removeTree(path: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  for (const e of entries) {
    const p = `${path}/${e.name}`;
    if (!e.isDirectory()) unlinkSync(p);
    else if (!removedEmpty(p)) removeTree(p);
  }
  rmdirSync(path);
}

/** Removes the folder `path` if it is empty (most of an attempt's are, once its outputs are moved). */
function removedEmpty(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch (e) {
    if (["ENOTEMPTY", "EEXIST"].includes((e as NodeJS.ErrnoException).code ?? "")) return false;
    throw e;
  }
}
