import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./cli.js";

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

const REPO_CONFIG = "[user]\n\tname = test\n\temail = test@example.com\n[gc]\n\tauto = 0\n";

/** A throwaway repository with one commit on `main`; gc off so timings and refs stay predictable. */
export function makeRepo(files: Record<string, string>): string {
  const dir = tempDir("agent-flow-repo-");
  git(dir, "init", "--quiet", "--initial-branch=main");
  // Written into .git/config directly: three `git config` processes fewer for each of the suite's
  // hundreds of repositories (git reads the file the same way).
  appendFileSync(join(dir, ".git", "config"), REPO_CONFIG);
  for (const [path, text] of Object.entries({
    ".gitignore": "docs/status/\n.locks/\n.triggers/\n",
    ...files,
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "-m", "init");
  return dir;
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
