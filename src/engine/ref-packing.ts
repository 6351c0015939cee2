import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Git } from "./git.js";
import { packRefs } from "./git-ops.js";
import { PRIVATE_REFS } from "./ref-journal.js";

/**
 * Keeps the runs' private refs (`refs/agent-flow/<RUN_ID>/...`) of past runs packed, so that what reads
 * every ref stays flat as runs pile up: the fingerprint before and after every agent (fingerprint-refs.ts)
 * reads each loose ref file, git reads them for a ref transaction's checks. Once the refs of
 * PACK_AFTER_RUNS runs or more are loose, a run packs them before its first step: a one-off of about one
 * ms per run's refs, then nothing until PACK_AFTER_RUNS more runs have ended. Packing changes no ref's
 * value (a loose ref wins over packed-refs), so a fingerprint taken by a run in another process sees no change.
 */
export const PACK_AFTER_RUNS = 16;

/** How many runs have loose refs: the folders under `<common>/refs/agent-flow/`, one readdir. */
export function runsWithLooseRefs(common: string): number {
  try {
    return readdirSync(join(common, PRIVATE_REFS)).length;
  } catch {
    return 0;
  }
}

/** The common git dir without a git process when the root's `.git` is a folder (not a linked worktree). */
async function commonDir(git: Git): Promise<string> {
  const dotGit = join(git.cwd, ".git");
  return statSync(dotGit, { throwIfNoEntry: false })?.isDirectory() ? dotGit : git.commonDir();
}

/** From this many runs' loose refs on, packing says so first: it may take seconds (a repository of an older engine). */
const NOTICE_FROM_RUNS = 200;

/**
 * Packs the private refs when `after` runs or more have loose ones; true when it packed. A failure is no
 * error: the refs stay loose, and are slower to read, not wrong.
 */
export async function packRunRefs(
  git: Git,
  notice: (text: string) => unknown = () => undefined,
  after = PACK_AFTER_RUNS,
): Promise<boolean> {
  try {
    const loose = runsWithLooseRefs(await commonDir(git));
    if (loose < after) return false;
    if (loose >= NOTICE_FROM_RUNS)
      await notice(`packing the private refs (${PRIVATE_REFS}) of ${loose} runs into packed-refs, once`);
    return await packRefs(git, `${PRIVATE_REFS}*`);
  } catch {
    return false;
  }
}
