import type { Flow } from "../flow/schema.js";
import {
  checkChangeKinds,
  type ObjectReader,
  type RawRecord,
  type ScopeViolation,
} from "../run/scope-check.js";
import type { Git } from "./git.js";
import { rawDiff, readBlob, treeEntries } from "./git-objects.js";

/** Reads what the checks need from git objects through the engine's git. */
export function gitObjects(git: Git): ObjectReader {
  return {
    blob: (oid) => readBlob(git, oid),
    async modes(base, paths) {
      const entries = await treeEntries(git, base, paths, { recursive: false });
      return new Map(entries.map((e) => [e.path, e.mode]));
    },
  };
}

/** `git diff-tree --raw` between two trees or commits, old modes kept. */
export const rawChanges: (git: Git, from: string, to: string) => Promise<RawRecord[]> = rawDiff;

/** One agent's snapshot: the kinds of change its scopes alone do not police (see checkChangeKinds). */
export function policeSnapshot(
  git: Git,
  flow: Flow,
  writes: readonly string[],
  base: string,
  raw: readonly RawRecord[],
): Promise<ScopeViolation[]> {
  return checkChangeKinds(raw, () => writes, flow.policy, base, gitObjects(git));
}

/** The commit step's re-check of the whole result from git objects; `writersOf` names each path's agents. */
export async function policeResult(
  git: Git,
  flow: Flow,
  base: string,
  head: string,
  writersOf: (path: string) => readonly string[],
): Promise<ScopeViolation[]> {
  const raw = await rawChanges(git, base, head);
  const writesOf = (path: string): string[] => writersOf(path).flatMap((a) => flow.agents[a]?.writes ?? []);
  return checkChangeKinds(raw, writesOf, flow.policy, base, gitObjects(git));
}
