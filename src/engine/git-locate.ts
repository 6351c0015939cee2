import { accessSync, constants, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { GitResult } from "./git.js";

// Where git and the repository are, each found once per process: the git program on PATH, the
// repository that contains a folder, and that repository's common dir and object format.

/** The git program found on each PATH value (absolute entries only), looked up once per process. */
const PROGRAMS = new Map<string, string>();

/**
 * git by absolute path: given a bare name, the child would try every PATH entry in turn (most of a
 * step's execve calls were failed probes), and a relative entry would be searched from the child's cwd.
 */
export function gitProgram(pathVar = process.env.PATH ?? ""): string {
  let found = PROGRAMS.get(pathVar);
  if (found === undefined) {
    found = "git";
    for (const dir of pathVar.split(":")) {
      if (!isAbsolute(dir)) continue;
      const file = join(dir, "git");
      try {
        accessSync(file, constants.X_OK);
        if (!statSync(file).isFile()) continue;
      } catch {
        continue;
      }
      found = file;
      break;
    }
    PROGRAMS.set(pathVar, found);
  }
  return found;
}

/** A repository's common git dir (absolute) and object format. */
export interface RepoFacts {
  common: string;
  format: string;
}

/** Per git dir: its RepoFacts, asked once per process. */
const FACTS = new Map<string, Promise<RepoFacts>>();

/**
 * Per folder: the repository found from it, asked once per process (a run used to ask 8 times). Only
 * answers are kept: a folder that is not (yet) in a repository is asked again.
 */
const FOUND = new Map<string, Promise<GitLayout>>();

function repoFacts([common = "", format = ""]: string[], cwd: string): RepoFacts {
  return { common: isAbsolute(common) ? common : resolve(cwd, common), format: format || "sha1" };
}

type RawRun = (args: string[], cwd: string) => Promise<GitResult>;
type Failure = (args: string[], r: GitResult) => Error;

/** The repository that contains `cwd`, found as the user's git finds it; its facts come with it. */
export function discover(cwd: string, run: RawRun, fail: Failure): Promise<GitLayout> {
  const key = resolve(cwd);
  let found = FOUND.get(key);
  if (found === undefined) {
    // --show-toplevel last: it fails in a bare repository, after the others printed their lines.
    const args = ["rev-parse", "--absolute-git-dir", "--git-common-dir", "--show-object-format"];
    found = run([...args, "--is-bare-repository", "--show-toplevel"], cwd).then((r) => {
      if (r.exitCode !== 0) throw fail(["rev-parse", "--absolute-git-dir"], r);
      const [gitDir = "", common = "", format = "", bare = "", top = ""] = r.stdout.split("\n");
      if (!FACTS.has(gitDir)) FACTS.set(gitDir, Promise.resolve(repoFacts([common, format], cwd)));
      return { gitDir, workTree: bare === "true" || top === "" ? null : top };
    });
    FOUND.set(key, found);
    found.catch(() => FOUND.delete(key));
  }
  return found;
}

/** Where git looks: both computed by the engine, never discovered from a `.git` file. */
export interface GitLayout {
  gitDir: string;
  /** null for commands that need no work tree. */
  workTree: string | null;
}

/**
 * The common git dir and object format of the repository whose git dir is `gitDir`, asked (`ask`) once
 * per git dir and process, or known already from its discovery.
 */
export function factsOf(gitDir: string, cwd: string, ask: () => Promise<GitResult>): Promise<RepoFacts> {
  let facts = FACTS.get(gitDir);
  if (facts === undefined) {
    facts = ask().then((r) => repoFacts(r.stdout.split("\n"), cwd));
    FACTS.set(gitDir, facts);
    facts.catch(() => FACTS.delete(gitDir));
  }
  return facts;
}
