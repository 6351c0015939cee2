/**
 * How a run's base is shown: `main at 1a2b3c4`, or `detached HEAD at 1a2b3c4` for a run started from a
 * detached HEAD, whose `base_branch` is "" (the commit is the base; no branch names it).
 */
export function describeBase(branch: string, sha: string): string {
  return branch ? `${branch} at ${sha.slice(0, 7)}` : `detached HEAD at ${sha.slice(0, 7)}`;
}
