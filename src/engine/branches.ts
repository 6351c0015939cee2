import { editDistance } from "../flow/diagnostics.js";
import type { Git } from "./git.js";
import { branchesByRecency } from "./git-ops.js";

/**
 * Local branches ordered by how likely the user meant them for `wanted`: most similar name first, then
 * most recently committed. Run branches (`feature/...-<RUN_ID>`) are plentiful and rarely meant, so
 * similarity, not the alphabet, decides what is shown.
 */
export async function likelyBranches(git: Git, wanted: string): Promise<{ names: string[]; all: number }> {
  const byRecency = await branchesByRecency(git);
  const w = wanted.toLowerCase();
  const score = (name: string): number => {
    const n = name.toLowerCase();
    // A name containing the wanted one (or the reverse) is nearly as good as a typo of it.
    const contains = n.includes(w) || w.includes(n) ? Math.abs(n.length - w.length) / 4 : Infinity;
    return Math.min(editDistance(w, n), contains);
  };
  const ranked = byRecency
    .map((name, recency) => ({ name, recency, score: score(name) }))
    .sort((a, b) => a.score - b.score || a.recency - b.recency);
  return { names: ranked.map((r) => r.name), all: ranked.length };
}
