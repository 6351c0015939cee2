import { spawn } from "node:child_process";
import { redactUrls } from "../github/remote.js";

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Text for standard input. */
  input?: string;
  /** Extra environment (e.g. GIT_INDEX_FILE, author identity). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`;
    // A remote URL in the arguments or in git's message may carry a token.
    super(redactUrls(`git ${args.join(" ")} failed: ${detail}`));
    this.name = "GitError";
  }
}

/**
 * The one place that runs git. Everything goes through the CLI (no git library), with a fixed
 * environment so that user configuration such as pagers, hooks' colour or a localised git does not
 * change what we parse.
 */
export class Git {
  constructor(readonly cwd: string) {}

  at(cwd: string): Git {
    return new Git(cwd);
  }

  exec(args: string[], opts: GitOptions = {}): Promise<GitResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn("git", args, {
        cwd: opts.cwd ?? this.cwd,
        env: { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", ...opts.env },
        stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on("data", (d: Buffer) => out.push(d));
      child.stderr?.on("data", (d: Buffer) => err.push(d));
      child.on("error", (e) =>
        reject(new Error(`cannot run git: ${e.message}; is git installed and on PATH?`)),
      );
      child.on("close", (code) => {
        const result = {
          exitCode: code ?? 1,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
        };
        if (result.exitCode !== 0 && !opts.allowFailure) reject(new GitError(args, result));
        else resolvePromise(result);
      });
      if (child.stdin) {
        // git may exit before reading all of its input (e.g. on a bad argument); its exit code says why.
        child.stdin.on("error", () => {});
        child.stdin.end(opts.input);
      }
    });
  }

  /** stdout without the trailing newline. */
  async out(args: string[], opts: GitOptions = {}): Promise<string> {
    return (await this.exec(args, opts)).stdout.replace(/\n$/, "");
  }

  async revParse(rev: string): Promise<string | undefined> {
    const r = await this.exec(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], {
      allowFailure: true,
    });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  }

  async topLevel(): Promise<string | undefined> {
    const r = await this.exec(["rev-parse", "--show-toplevel"], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  }

  async updateRef(ref: string, sha: string, old?: string): Promise<void> {
    await this.exec(["update-ref", ref, sha, ...(old ? [old] : [])]);
  }

  /** Several refs in one transaction: all move or none (and one process instead of several). */
  async updateRefs(updates: readonly (readonly [ref: string, sha: string])[]): Promise<void> {
    const input = ["start", ...updates.map(([ref, sha]) => `update ${ref} ${sha}`), "prepare", "commit"].join(
      "\n",
    );
    await this.exec(["update-ref", "--stdin"], { input: `${input}\n` });
  }

  /** Paths changed between two trees (renames split into delete + add), NUL-separated for odd names. */
  async changedPaths(from: string, to: string): Promise<string[]> {
    const out = await this.out(["diff", "--name-only", "--no-renames", "-z", from, to]);
    return out.split("\0").filter(Boolean);
  }
}
