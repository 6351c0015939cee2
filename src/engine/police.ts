import type { Flow } from "../flow/schema.js";
import {
  checkChangeKinds,
  type ObjectReader,
  type RawRecord,
  type ScopeViolation,
} from "../run/scope-check.js";
import type { Git } from "./git.js";

/** Names given to git are file names, never pathspecs (`:(top)x`, `*`, `:(exclude)`...). */
const LITERAL = ["--literal-pathspecs"];

/** Reads what the checks need from git objects through the engine's git. */
export function gitObjects(git: Git): ObjectReader {
  return {
    blob: (oid) => git.out([...LITERAL, "cat-file", "blob", oid]),
    async modes(base, paths) {
      const out = await git.out([...LITERAL, "ls-tree", "-z", "--full-tree", base, "--", ...paths]);
      const modes = new Map<string, string>();
      for (const line of out.split("\0")) {
        const tab = line.indexOf("\t");
        if (tab > 0) modes.set(line.slice(tab + 1), line.slice(0, line.indexOf(" ")));
      }
      return modes;
    },
  };
}

/** `git diff-tree --raw` between two trees or commits, old modes kept. */
export async function rawChanges(git: Git, from: string, to: string): Promise<RawRecord[]> {
  const out = await git.out(["diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-commit-id", from, to]);
  const parts = out.split("\0");
  const records: RawRecord[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i] as string;
    if (!meta.startsWith(":")) break;
    const [oldMode, mode, , oid] = meta.slice(1).split(" ");
    if (!oldMode || !mode || !oid) throw new Error(`unexpected git diff-tree output: ${meta}`);
    records.push({ oldMode, mode, oid, path: parts[i + 1] as string });
  }
  return records;
}

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
