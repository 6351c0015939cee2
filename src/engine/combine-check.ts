import { AgentFlowError } from "../lib/errors.js";
import type { Git } from "./git.js";
import { treeEntries } from "./git-objects.js";
import type { RawChange } from "./workspace.js";

/** The combined tree of a parallel group lost an agent's change (e.g. a file/folder clash). */
export class CombineClashError extends AgentFlowError {
  constructor(message: string) {
    super(message);
    this.name = "CombineClashError";
  }
}

/**
 * Checks that `tree` holds every agent's changes: each path an agent wrote has that agent's mode and
 * object, and each path it deleted is absent as a file. One ls-tree over the changed paths.
 */
export async function checkCombined(git: Git, tree: string, perAgent: RawChange[][]): Promise<void> {
  const paths = [...new Set(perAgent.flat().map((c) => c.path))];
  if (paths.length === 0) return;
  const found = new Map<string, string>();
  for (const e of await treeEntries(git, tree, paths, { recursive: true }))
    found.set(e.path, `${e.mode} ${e.oid}`);
  for (const [i, changes] of perAgent.entries()) {
    for (const c of changes) {
      const deleted = /^0+$/.test(c.mode);
      const got = found.get(c.path);
      if (deleted ? got === undefined : got === `${c.mode} ${c.oid}`) continue;
      throw clashError(perAgent, i, c);
    }
  }
}

/** The error for agent `i`'s change `c`, which the combined tree does not hold. */
export function clashError(perAgent: RawChange[][], i: number, c: RawChange): CombineClashError {
  const deleted = /^0+$/.test(c.mode);
  const other = perAgent
    .flatMap((cs, j) => (j === i ? [] : cs.map((x) => x.path)))
    .find((p) => p.startsWith(`${c.path}/`) || c.path.startsWith(`${p}/`));
  return new CombineClashError(
    `parallel agents' changes do not fit together: ${JSON.stringify(c.path)} ${deleted ? "deleted by one agent is still present" : "written by one agent is missing from the combined result"}${other ? `, because another agent of the same group wrote ${JSON.stringify(other)} (a file and a folder at the same place)` : ""}; nothing of this step was kept. Give the agents scopes that cannot hold a file and a folder at the same path`,
  );
}
