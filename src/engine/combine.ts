import { rm } from "node:fs/promises";
import { checkCombined } from "./combine-check.js";
import { combinedTree } from "./combine-tree.js";
import type { Git } from "./git.js";
import { readTreeInto, setIndexEntries, writeTree } from "./git-worktree-ops.js";
import type { RawChange, SnapRecord } from "./snapshot.js";

/** One member of a parallel group: its commit, and the paths it changed (none: nothing to combine). */
export interface CombineInput {
  commit: string;
  changed: string[];
}

/** What combineCommits() needs of the run's workspace. */
export interface CombineHost {
  /** Engine git for objects (the user's common git dir). */
  git(): Git;
  /** The snapshot that made `commit`, while the workspace still knows it. */
  snapOf(commit: string): SnapRecord | undefined;
  scratchFile(kind: string): Promise<string>;
  rawDiff(from: string, to: string): Promise<RawChange[]>;
  commit(tree: string, parents: string[], message: string): Promise<string>;
}

/**
 * Combines parallel agents' commits made from the same base. Their scopes are disjoint, so taking
 * each agent's version of the paths it changed should not conflict; a file/folder clash (one agent
 * writes `out`, another `out/x`) fails the step loudly: the engine's tree writer refuses it, and when
 * git combines (no snapshot index of this workspace, e.g. after a resume), update-index would drop one
 * silently, so the combined tree is checked to hold every agent's entries.
 */
export async function combineCommits(
  host: CombineHost,
  baseSha: string,
  results: CombineInput[],
  message: string,
): Promise<string> {
  const changedOnes = results.filter((r) => r.changed.length > 0);
  if (changedOnes.length === 0) return baseSha;
  if (changedOnes.length === 1) return changedOnes[0]?.commit ?? baseSha;
  const git = host.git();
  const recs = changedOnes.map((r) => {
    const rec = host.snapOf(r.commit);
    return rec && rec.base === baseSha ? rec : undefined;
  });
  const all: RawChange[][] = [];
  for (const [i, r] of changedOnes.entries())
    all.push(recs[i]?.raw ?? (await host.rawDiff(baseSha, r.commit)));
  const parents = [baseSha, ...changedOnes.map((r) => r.commit)];
  // The first member's snapshot index (the base's tree plus its changes) is the start: the engine
  // writes the combined tree from it (combine-tree.ts), or git does when it cannot.
  let start = recs.findIndex((r) => r !== undefined);
  const first = start >= 0 ? recs[start] : undefined;
  const built = first ? await combinedTree(git, first.view, all) : null;
  if (built !== null) return host.commit(built, parents, message);
  const index = await host.scratchFile("combine");
  try {
    // From the member's commit, not its snapshot's index file: the group's other agents, still running
    // when it was written, could have rewritten that file.
    if (start < 0) start = 0;
    await readTreeInto(git, changedOnes[start]?.commit ?? baseSha, index);
    const zero = "0".repeat(baseSha.length);
    const lines: string[] = [];
    for (const [i, raw] of all.entries()) {
      if (i === start) continue;
      for (const c of raw)
        lines.push(/^0+$/.test(c.mode) ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.oid}\t${c.path}`);
    }
    if (lines.length > 0) await setIndexEntries(git, index, lines);
    const tree = await writeTree(git, index);
    await checkCombined(git, tree, all);
    return await host.commit(tree, parents, message);
  } finally {
    await rm(index, { force: true });
  }
}
