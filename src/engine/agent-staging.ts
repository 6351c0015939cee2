import { lstatSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";

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
  // Usually gone already: the attempt before removed it when it ended.
  if (lstatSync(dir, { throwIfNoEntry: false })) await rm(dir, { recursive: true, force: true });
  const staging = { dir, outputDir: join(dir, "output"), triggersDir: join(dir, "triggers") };
  mkdirSync(staging.outputDir, { recursive: true });
  mkdirSync(staging.triggersDir, { recursive: true });
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
 * parallel group's other members' reads, several ms per member at a group's end).
 */
export function dropStaging(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
