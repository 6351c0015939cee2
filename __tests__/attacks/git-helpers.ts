import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { cli, type Ran, tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

/** Temp folders made by a test file, removed by cleanup() (afterAll). */
const made: string[] = [];
export function temp(prefix: string): string {
  const d = tempDir(prefix);
  made.push(d);
  return d;
}
export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

export function flow(agents: string, steps: string, extra = ""): string {
  return `version: 1\n${extra}agents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n`;
}

/** A user's repository with uncommitted work (a changed tracked file, an untracked file, a staged file). */
export function userRepo(files: Record<string, string>): string {
  const repo = makeRepo({ "src/app.js": "export const x = 1;\n", "README.md": "hi\n", ...files });
  made.push(repo);
  git(repo, "branch", "develop");
  git(repo, "tag", "v1");
  return repo;
}

const hashOf = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");

/** Every file under `dir` (links as their target text), relative path -> digest, skipping `skip`. */
function tree(dir: string, skip: (rel: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      const rel = relative(dir, abs);
      if (skip(rel)) continue;
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(abs)}`;
      else if (st.isDirectory()) walk(abs);
      else out[rel] = `${st.mode.toString(8)}:${hashOf(readFileSync(abs))}`;
    }
  };
  walk(dir);
  return out;
}

/**
 * What must stay byte-identical in the user's repository: HEAD, branches, tags (all refs but the
 * engine's private ones), config, hooks, info, index, and working files with uncommitted work.
 * The run's own folders (docs/status, the engine's pool and refs, objects) are left out.
 */
export function fingerprint(repo: string): Record<string, string> {
  const gitDir = join(repo, ".git");
  const refs = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    .split("\n")
    .filter((l) => !l.startsWith("refs/agent-flow/"))
    .join("\n");
  return {
    HEAD: readFileSync(join(gitDir, "HEAD"), "utf8"),
    refs,
    config: readFileSync(join(gitDir, "config"), "utf8"),
    index: hashOf(readFileSync(join(gitDir, "index"))),
    ...Object.fromEntries(
      Object.entries(
        tree(
          gitDir,
          (r) =>
            r === "objects" ||
            r === "agent-flow" ||
            r === "index" ||
            r.startsWith("refs/agent-flow") ||
            r === "logs",
        ),
      ).map(([k, v]) => [`.git/${k}`, v]),
    ),
    ...tree(repo, (r) => r === ".git" || r === "docs/status" || r === ".locks" || r === ".triggers"),
  };
}

/** Uncommitted work a run must not touch: a changed tracked file, a staged one, an untracked one. */
export function addUncommittedWork(repo: string): void {
  writeFileSync(join(repo, "src/app.js"), "export const x = 2; // not committed\n");
  writeFileSync(join(repo, "README.md"), "staged\n");
  git(repo, "add", "README.md");
  writeFileSync(join(repo, "notes.txt"), "untracked\n");
}

export function run(repo: string, feature: string, env: NodeJS.ProcessEnv = {}): Ran {
  return cli(["run", "--feature", feature, "--quiet"], { cwd: repo, env: { ...ENV, ...env } });
}

export const planted = (marker: string): boolean => existsSync(marker);
