import { createHash } from "node:crypto";
import { type Dirent, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Git } from "./git.js";
import { configuredHooksPath } from "./git-watch-ops.js";

// The fingerprint's reading of files without git (fingerprint.ts): digests of single paths, kept while
// their stat data is unchanged, and the repository's metadata files (where they live, and what they hold).

const MAX_HASHED = 64 * 1024 * 1024;

interface Cached {
  stat: string;
  digest: string;
}
/** Content digests by absolute path, re-used while the stat data (incl. ctime and inode) is unchanged. */
const cache = new Map<string, Cached>();

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const sha = (data: string | Buffer): string => createHash("sha1").update(data).digest("hex");

/**
 * Digest of one path: file content, link target, or the kind of thing it is; "missing" when absent.
 * Synchronous on purpose: one lstat per file through the thread pool costs several times more than the
 * call itself (several times, measured on 1,000 files), and a take() must stay cheap.
 */
export function digest(path: string): string {
  let st: ReturnType<typeof lstatSync>;
  try {
    // A missing file is the usual answer for several paths (config.worktree, shallow, alternates):
    // without throwIfNoEntry, each would cost a thrown error, several times the call itself.
    st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return "missing";
    throw e;
  }
  if (!st) return "missing";
  const key = `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
  const hit = cache.get(path);
  if (hit && hit.stat === key) return hit.digest;
  let d: string;
  if (st.isSymbolicLink()) d = `link:${readlinkSync(path)}`;
  else if (st.isFile() && st.size <= MAX_HASHED)
    d = `${st.mode & 0o111n ? "x" : "f"}:${sha(readFileSync(path))}`;
  else if (st.isDirectory()) d = "dir";
  else d = `other:${key}`;
  cache.set(path, { stat: key, digest: d });
  return d;
}

/** Every file under `dir` (recursively), as paths relative to it; [] when there is no such folder. */
function walk(dir: string, prefix = ""): string[] {
  let names: Dirent[];
  try {
    names = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch (e) {
    if (["ENOENT", "ENOTDIR"].includes(errno(e) ?? "")) return [];
    throw e;
  }
  const out: string[] = [];
  for (const d of names) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out;
}

function add(entries: Map<string, string>, label: string, path: string): void {
  const d = digest(path);
  if (d !== "missing") entries.set(label, d);
}

interface Dirs {
  gitDir: string;
  common: string;
}
export interface Layout extends Dirs {
  hooks: string;
}
/**
 * Where the repository's metadata lives, read once per process and root: moving it (a `.git` file, or
 * core.hooksPath in the config) is itself a change of a fingerprinted file, so a cached answer is safe.
 * `dirs` is what the engine's Git found already (no git process); the working files' listing and the refs
 * need only that, so the reading of the hooks path from the config runs beside them.
 */
const layouts = new Map<string, { dirs: Promise<Dirs>; full: Promise<Layout> }>();

function readLayout(g: Git, root: string): { dirs: Promise<Dirs>; full: Promise<Layout> } {
  const dirs = Promise.all([g.gitDir(), g.commonDir()]).then(([gitDir, common]) => ({ gitDir, common }));
  const full = dirs.then(async ({ gitDir, common }) => {
    // The user's own core.hooksPath (git-watch-ops.ts says why it is read from the config file).
    const configured = await configuredHooksPath(g, common);
    const hooks = configured
      ? isAbsolute(configured)
        ? configured
        : resolve(root, configured)
      : join(common, "hooks");
    return { gitDir, common, hooks };
  });
  return { dirs, full };
}

/** The layout of the repository at `root` (read once per process; a failed reading is asked again). */
export function layoutOf(g: Git, root: string): { dirs: Promise<Dirs>; full: Promise<Layout> } {
  let layout = layouts.get(root);
  if (!layout) {
    const read = readLayout(g, root);
    layout = read;
    layouts.set(root, read);
    read.full.catch(() => layouts.get(root) === read && layouts.delete(root));
  }
  return layout;
}

/** The layout of `root` when a reading has asked for it already. */
export const knownLayout = (root: string): { dirs: Promise<Dirs>; full: Promise<Layout> } | undefined =>
  layouts.get(root);

/**
 * The repository's metadata files, read without git: the `.git` link, config, HEAD, index, alternates,
 * info/ (attributes, exclude) and hooks. These are what can make a git process run code or look
 * elsewhere (a filter driver or fsmonitor in config, a hook, an alternates path).
 */
export function metadata(root: string, layout: Layout, entries: Map<string, string>): void {
  const { gitDir, common, hooks } = layout;
  // A `.git` file redirects every git command run in the checkout.
  add(entries, ".git", join(root, ".git"));
  for (const name of ["config", "config.worktree", "shallow"])
    add(entries, `git:${name}`, join(common, name));
  for (const name of ["HEAD", "index"]) add(entries, `git-dir:${name}`, join(gitDir, name));
  // The same file as `git:config.worktree` in a repository's main checkout: looked at once.
  const worktreeConfig = entries.get("git:config.worktree");
  if (gitDir !== common) add(entries, "git-dir:config.worktree", join(gitDir, "config.worktree"));
  else if (worktreeConfig !== undefined) entries.set("git-dir:config.worktree", worktreeConfig);
  add(entries, "git:objects/info/alternates", join(common, "objects/info/alternates"));
  const tree = (label: string, dir: string): void => {
    for (const rel of walk(dir)) add(entries, `${label}/${rel}`, join(dir, rel));
  };
  tree("git:info", join(common, "info"));
  tree("git:hooks", join(common, "hooks"));
  if (hooks !== join(common, "hooks")) tree(`hooks-path:${hooks}`, hooks);
}
