import { copyFile, rm } from "node:fs/promises";
import { checkCombined } from "./combine-check.js";
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
 * writes `out`, another `out/x`) would make update-index drop one of them silently, so the combined
 * tree is checked to hold every agent's entries, and the step fails loudly otherwise.
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
  const index = await host.scratchFile("combine");
  try {
    // The first member's snapshot index (valid stat data, the base's tree plus its changes) is the start.
    let start = recs.findIndex((r) => r !== undefined);
    const first = start >= 0 ? recs[start] : undefined;
    const copied = first
      ? await copyFile(first.index, index).then(
          () => true,
          () => false,
        )
      : false;
    if (!copied) {
      if (start < 0) start = 0;
      await readTreeInto(git, changedOnes[start]?.commit ?? baseSha, index);
    }
    const zero = "0".repeat(baseSha.length);
    const lines: string[] = [];
    const all: RawChange[][] = [];
    for (const [i, r] of changedOnes.entries()) {
      const raw = recs[i]?.raw ?? (await host.rawDiff(baseSha, r.commit));
      all.push(raw);
      if (i === start) continue;
      for (const c of raw)
        lines.push(/^0+$/.test(c.mode) ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.oid}\t${c.path}`);
    }
    if (lines.length > 0) await setIndexEntries(git, index, lines);
    const tree = await writeTree(git, index);
    await checkCombined(git, tree, all);
    return await host.commit(tree, [baseSha, ...changedOnes.map((r) => r.commit)], message);
  } finally {
    await rm(index, { force: true });
  }
}
