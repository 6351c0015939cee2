import { lstat, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AgentFlowError } from "../lib/errors.js";
import { assertRealDir, ensureRealDir } from "./agent-dir.js";
import type { Git } from "./git.js";
import { checkoutExactly, hasCommit, indexEntries } from "./git-objects.js";
import { parseIndex, pathOf } from "./index-file.js";

/**
 * Submodules of an agent's or a check's directory, filled from the user's repository, never from the
 * network: each gitlink's files are read from the submodule's git dir under `<common>/modules/<name>`
 * (where `git submodule update --init` keeps it) into the directory, with an index the engine owns. The
 * directory gets no `.git` for it, so a snapshot keeps the gitlink as in the base (git treats a gitlink
 * whose folder has no repository as unchanged): changes inside a submodule are not part of a result.
 * A submodule that the user's repository does not hold is refused with what to run. Nested submodules
 * are not filled.
 */

export class SubmoduleError extends AgentFlowError {
  constructor(message: string) {
    super(message);
    this.name = "SubmoduleError";
  }
}

interface Gitlink {
  path: string;
  sha: string;
}

/** Fills every submodule of the directory at `dir` (whose engine index is `index`) from `common`. */
export async function fillSubmodules(
  git: Git,
  dir: string,
  index: string,
  common: string,
  indexDir: string,
): Promise<void> {
  // Cheap test first: no .gitmodules, no submodules to fill (a gitlink without one is left empty).
  if ((await lstat(join(dir, ".gitmodules")).catch(() => null))?.isFile() !== true) return;
  const links = await gitlinks(git, index);
  if (links.length === 0) return;
  const names = parseNames(await readFile(join(dir, ".gitmodules"), "utf8").catch(() => ""));
  await mkdir(indexDir, { recursive: true });
  await assertRealDir(indexDir);
  for (const [i, link] of links.entries()) {
    const name = names.get(link.path) ?? link.path;
    // The name comes from a file agents can write: it must stay below modules/.
    if (name.startsWith("/") || name.split("/").some((p) => p === ".." || p === "." || p === ""))
      throw new SubmoduleError(
        `submodule ${JSON.stringify(link.path)} has an unsafe name ${JSON.stringify(name)}`,
      );
    const gitDir = join(common, "modules", name);
    const sub = git.with({ gitDir, workTree: join(dir, link.path) });
    const has = await assertRealDir(gitDir).then(
      () => hasCommit(sub, link.sha),
      () => false,
    );
    if (!has)
      throw new SubmoduleError(
        `submodule ${JSON.stringify(link.path)} at ${link.sha.slice(0, 12)} is not in your repository (${gitDir}); agent-flow fills submodules from there and never fetches: run 'git submodule update --init --recursive' in your checkout, then run again`,
      );
    await ensureRealDir(join(dir, link.path));
    await checkoutExactly(sub, link.sha, join(indexDir, `${i}.index`));
  }
}

/**
 * The gitlinks of the index file `index`, read from the file itself (index-file.ts): no git process on
 * every acquire of a directory in a repository with submodules. An index the reader does not handle is
 * asked of git.
 */
async function gitlinks(git: Git, index: string): Promise<Gitlink[]> {
  const idx = parseIndex(await readFile(index), await git.objectFormat());
  if (idx === null) return parseGitlinks(await indexEntries(git, index));
  const links: Gitlink[] = [];
  for (let i = 0; i < idx.count; i++)
    if (idx.modes[i] === GITLINK)
      links.push({
        sha: idx.buf.toString("hex", idx.oids[i], (idx.oids[i] as number) + idx.hashLen),
        path: pathOf(idx, i),
      });
  return links;
}

const GITLINK = 0o160000;

function parseGitlinks(entries: string[]): Gitlink[] {
  const links: Gitlink[] = [];
  for (const entry of entries) {
    const m = /^160000 ([0-9a-f]+) 0\t(.+)$/s.exec(entry);
    if (m?.[1] && m[2]) links.push({ sha: m[1], path: m[2] });
  }
  return links;
}

/** path -> name from .gitmodules (`[submodule "name"]` sections with a `path =` line). */
function parseNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split("\n")) {
    const section = /^\s*\[submodule\s+"(.+)"\s*\]\s*$/.exec(line);
    if (section) {
      current = section[1] ?? null;
      continue;
    }
    if (/^\s*\[/.test(line)) current = null;
    const path = /^\s*path\s*=\s*(.+?)\s*$/.exec(line);
    if (current !== null && path?.[1]) names.set(path[1], current);
  }
  return names;
}
