import { join } from "node:path";
import type { Git } from "./git.js";

/**
 * Git by intent for fingerprint.ts: reads of the user's repository taken before and after every agent
 * and check. They run no repository program (fsmonitor), trust no cache an agent could poison
 * (the user's untracked cache) and take no optional lock on the user's files (so a reading never blocks
 * or changes the user's git): the one cache and lock is the engine's copy of the index (workingChanges()).
 */
const SAFE = ["-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "--literal-pathspecs"];
const SAFE_ENV = { GIT_OPTIONAL_LOCKS: "0" };

/** One ref as git resolves it: its object, or the ref it points to when symbolic ("" otherwise). */
export interface WatchedRef {
  name: string;
  oid: string;
  symref: string;
}

/** Every ref of the repository with its value, as git resolves them (any ref storage). */
export async function allRefs(g: Git): Promise<WatchedRef[]> {
  const out = await g.out([...SAFE, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(symref)"], {
    env: SAFE_ENV,
  });
  const refs: WatchedRef[] = [];
  for (const line of out.split("\n")) {
    const [name, oid, symref] = line.split("\0");
    if (name) refs.push({ name, oid: oid ?? "", symref: symref ?? "" });
  }
  return refs;
}

/**
 * The user's own core.hooksPath ("" when unset), read from the repository's config file: the engine's
 * git pins core.hooksPath on its command line (git-env.ts), so asking git for the hooks path would name that.
 */
export async function configuredHooksPath(g: Git, common: string): Promise<string> {
  return (
    await g.exec([...SAFE, "config", "--file", join(common, "config"), "--get", "core.hooksPath"], {
      env: SAFE_ENV,
      allowFailure: true,
    })
  ).stdout.trim();
}

/** One record of `git status` as porcelain v1 spells it: `XY` (a space for unchanged; `??` untracked). */
export interface StatusRecord {
  code: string;
  path: string;
}

/** A working file that differs from the index (`modified`) or is untracked and not ignored. */
export interface WorkingChange {
  path: string;
  untracked: boolean;
}

/**
 * The working files whose worktree side differs (`git status` porcelain v2), those under `excluded`
 * (literal paths) left out. Git is told to trust ctime and full stat data whatever the user's config
 * says, so a rewrite that restores size and mtime is still seen. `records`, when given, gets every
 * record of the status, the index side too.
 *
 * With `copy`, the status reads that copy of the user's index (fingerprint-index.ts) and may write it
 * (its refreshed stat data), and with `copy.whole` its untracked cache too: git keeps that only for a
 * status of the whole checkout (no pathspec), so `excluded` is then left out here rather than by git
 * (`leftOut` says whether an untracked file was).
 */
export async function workingChanges(
  g: Git,
  excluded: readonly string[],
  records?: StatusRecord[],
  copy?: { index: string; whole: boolean },
): Promise<{ changes: WorkingChange[]; leftOut: boolean }> {
  const cached = copy?.whole === true;
  const out = await g.exec(
    [
      ...["-c", "core.fsmonitor=false", "-c", `core.untrackedCache=${cached}`, "-c", "core.splitIndex=false"],
      ...[
        "-c",
        "core.trustctime=true",
        "-c",
        "core.checkStat=default",
        "-c",
        "status.showUntrackedFiles=all",
      ],
      "status",
      "--porcelain=v2",
      "-z",
      "--untracked-files=all",
      "--ignore-submodules=all",
      "--no-renames",
      ...(cached ? [] : ["--", ".", ...excluded.map((p) => `:(exclude,literal)${p}`)]),
    ],
    {
      env: copy
        ? { GIT_INDEX_FILE: copy.index, GIT_OPTIONAL_LOCKS: "1", GIT_LITERAL_PATHSPECS: "0" }
        : { ...SAFE_ENV, GIT_LITERAL_PATHSPECS: "0" },
    },
  );
  const left = (path: string): boolean => excluded.some((p) => path === p || path.startsWith(`${p}/`));
  const changes: WorkingChange[] = [];
  let leftOut = false;
  for (const rec of out.stdout.split("\0")) {
    // "1 XY sub mH mI mW hH hI <path>", "u XY sub m1 m2 m3 mW h1 h2 h3 <path>", "? <path>"
    const fields = rec[0] === "1" ? 8 : rec[0] === "u" ? 10 : rec[0] === "?" ? 1 : -1;
    if (fields < 0) continue;
    let at = 0;
    for (let i = 0; i < fields; i++) at = rec.indexOf(" ", at) + 1;
    const path = rec.slice(at);
    if (cached && left(path)) {
      leftOut ||= rec[0] === "?";
      continue;
    }
    records?.push({ code: rec[0] === "?" ? "??" : rec.slice(2, 4).replaceAll(".", " "), path });
    // Only the worktree side (Y): the index is fingerprinted whole, and HEAD against it says nothing new.
    if (rec[0] === "1" && rec[3] === ".") continue;
    changes.push({ path, untracked: rec[0] === "?" });
  }
  return { changes, leftOut };
}
