/**
 * Where a repository's worktree pool lives: outside its git dir and outside its working tree, one
 * folder per repository under a per-user cache folder.
 *
 * Not in the git dir: Claude Code refuses every write under a path with a `.git` component, so agents
 * working in `<git-common-dir>/agent-flow/...` could write nothing. Not in the working tree: the agents'
 * directories would show up in the user's `git status` and be walked by their tools.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { AgentFlowError } from "../lib/errors.js";
import { assertRealDirSync } from "./agent-dir.js";

/** Overrides the folder holding the pools of all repositories (tests point it at a temp folder). */
export const POOL_DIR_VARIABLE = "AGENT_FLOW_POOL_DIR";
/** Inside a repository's pool: the git common dir it belongs to, so `cleanup` can tell an orphan. */
const OWNER_FILE = "repository";

/** Refused before anything is checked out: the pool location cannot hold agents' directories. */
export class PoolLocationRefused extends AgentFlowError {
  constructor(message: string) {
    super(
      message,
      2,
      `set ${POOL_DIR_VARIABLE} to an absolute folder outside the repository, with no '.git' in its path`,
    );
  }
}

/**
 * The folder holding the pools of all repositories: `$AGENT_FLOW_POOL_DIR`, else
 * `$XDG_CACHE_HOME/agent-flow/pools`, else `~/.cache/agent-flow/pools`.
 */
export function poolsRoot(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[POOL_DIR_VARIABLE];
  if (given) {
    if (!isAbsolute(given)) throw new PoolLocationRefused(`${POOL_DIR_VARIABLE} '${given}' is not absolute`);
    return given;
  }
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".cache");
  return join(cache, "agent-flow", "pools");
}

/**
 * The location rule, in one place: the pool of the repository whose git common dir (its realpath) is
 * `commonDir` is `<poolsRoot>/<name>-<hash>`, the name the repository folder's (for people), the hash
 * the common dir's path (for uniqueness).
 */
export function poolDirFor(commonDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const folder = basename(commonDir) === ".git" ? basename(dirname(commonDir)) : basename(commonDir);
  const name =
    folder
      .replace(/\.git$/, "")
      .replace(/[^A-Za-z0-9_-]/g, "_")
      .slice(0, 40) || "repo";
  const hash = createHash("sha256").update(commonDir).digest("hex").slice(0, 16);
  return join(poolsRoot(env), `${name}-${hash}`);
}

const inside = (child: string, parent: string): boolean => {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !isAbsolute(r));
};

/**
 * Makes the pool folder of the repository (common dir `common`, working tree `workTree`, both
 * realpaths) and returns its realpath. The folders above it may be links (a home on another disk); the
 * pool itself must be a real folder, and must not lie in the repository or have a `.git` component.
 * Synchronous calls: a run opens its pool while its start queues libuv's thread pool (see
 * assertRealDirSync()).
 */
export function openPoolDirSync(
  common: string,
  workTree: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const wanted = poolDirFor(common, env);
  try {
    mkdirSync(dirname(wanted), { recursive: true, mode: 0o700 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new PoolLocationRefused(
      `cannot make the folder of the worktree pools ${dirname(wanted)}: ${e.code ?? e.message}`,
    );
  }
  const pool = join(realpathSync.native(dirname(wanted)), basename(wanted));
  if (pool.split(sep).includes(".git"))
    throw new PoolLocationRefused(
      `the worktree pool ${pool} has a '.git' component in its path: Claude Code refuses to write there`,
    );
  if (inside(pool, workTree) || inside(pool, common))
    throw new PoolLocationRefused(`the worktree pool ${pool} lies inside the repository ${workTree}`);
  if (lstatSync(pool, { throwIfNoEntry: false }) === undefined) {
    try {
      mkdirSync(pool, { mode: 0o700 });
    } catch {
      // made by another run meanwhile, or not makeable: assertRealDirSync() says which
    }
  }
  assertRealDirSync(pool);
  const owner = join(pool, OWNER_FILE);
  let recorded: string | null = null;
  try {
    recorded = readFileSync(owner, "utf8");
  } catch {
    try {
      writeFileSync(owner, `${common}\n`, { flag: "wx" });
    } catch {
      // another run wrote it first
    }
  }
  if (recorded !== null && recorded.trimEnd() !== common)
    throw new PoolLocationRefused(
      `the worktree pool ${pool} belongs to the repository at ${recorded.trimEnd()}, not ${common}`,
    );
  return pool;
}

/** openPoolDirSync(), as a promise. */
export async function openPoolDir(
  common: string,
  workTree: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return openPoolDirSync(common, workTree, env);
}

/** The git dir of an old pool inside the repository's git dir, removed when a run opens the new one. */
export function legacyPoolsIn(common: string): string {
  return join(common, "agent-flow", "worktrees");
}

/**
 * Pools whose repository is gone (its common dir no longer exists): each is a folder of `poolsRoot`
 * holding an owner file. Links and folders without an owner file are never touched.
 */
export async function orphanPools(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const root = poolsRoot(env);
  const found: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, name);
    const st = await lstat(dir).catch(() => null);
    if (!st?.isDirectory()) continue;
    const owner = (await readFile(join(dir, OWNER_FILE), "utf8").catch(() => "")).trimEnd();
    if (!owner || !isAbsolute(owner)) continue;
    // Gone only when git's dir is not there: a path this process may not read (EACCES) is not gone.
    const gone = await lstat(owner).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === "ENOENT" || e.code === "ENOTDIR",
    );
    if (gone) found.push(dir);
  }
  return found.sort();
}
