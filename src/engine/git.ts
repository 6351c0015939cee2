import { type ChildProcess, spawn } from "node:child_process";
import { redactUrls } from "../github/remote.js";
import { AgentFlowError } from "../lib/errors.js";
import { filterNames, filterOverrides, gitEnv, PINNED_CONFIG } from "./git-env.js";
import { discover, factsOf, type GitLayout, gitProgram, type RepoFacts } from "./git-locate.js";
import { runInShell, ShellUnavailable, shellable } from "./git-shell.js";
import { beginRefWrites } from "./ref-journal.js";
import { refTransaction } from "./ref-writer.js";

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

export class GitError extends AgentFlowError {
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

/** Filter driver names per git dir (see git-env.ts), asked once per process. */
const FILTERS = new Map<string, Promise<string[]>>();

/**
 * The one place that runs git. Everything goes through the CLI (no git library), with a fixed
 * environment (see git-env.ts: no hooks, fsmonitor, filters, replace objects, system config or inherited
 * redirection; literal pathspecs) so that neither a repository nor an agent can make the engine's git run
 * code or act on another repository, and so that pagers or a localised git do not change what we parse.
 *
 * The git dir and work tree are passed explicitly on every call. Without a layout, the first call asks
 * git once, from `cwd`, for the repository that contains it (the user's own checkout, found the way the
 * user's git finds it) and pins the answer for every later call of this object.
 */
export class Git {
  private layout: Promise<GitLayout> | null;

  constructor(
    readonly cwd: string,
    layout?: GitLayout,
  ) {
    this.layout = layout ? Promise.resolve(layout) : null;
  }

  /** A Git for the repository containing `cwd`, found (once) from there. */
  at(cwd: string): Git {
    return new Git(cwd);
  }

  /** A Git with this git dir and work tree, never discovered (e.g. an agent's directory). */
  with(layout: GitLayout): Git {
    return new Git(layout.workTree ?? this.cwd, layout);
  }

  /** The pinned git dir and work tree (asks git once when they were not given). */
  async where(): Promise<GitLayout> {
    if (this.layout === null) {
      const found = discover(
        this.cwd,
        (args, cwd) => this.raw(args, { cwd }),
        (args, r) => new GitError(args, r),
      );
      this.layout = found;
      found.catch(() => {
        if (this.layout === found) this.layout = null;
      });
    }
    return this.layout;
  }

  /**
   * The common git dir and object format of this Git's repository, asked of git once per git dir and
   * process (with the discovery itself when this Git found its repository from `cwd`).
   */
  private async facts(): Promise<RepoFacts> {
    const where = await this.where();
    return factsOf(where.gitDir, this.cwd, () =>
      this.exec(["rev-parse", "--git-common-dir", "--show-object-format"]),
    );
  }

  /** The repository's object format (`sha1` or `sha256`). */
  async objectFormat(): Promise<string> {
    return (await this.facts()).format;
  }

  /** `-c` settings, git dir and work tree put before every command of this Git. */
  private async pinned(): Promise<string[]> {
    const where = await this.where();
    let filters = FILTERS.get(where.gitDir);
    if (filters === undefined) {
      // Once per git dir and process: the drivers the user's config names (cwd / so that no repository
      // around it is discovered for the config lookup).
      filters = this.raw(
        [`--git-dir=${where.gitDir}`, "config", "-z", "--name-only", "--get-regexp", "^filter\\."],
        { cwd: "/" },
      ).then((r) => filterNames(r.stdout));
      FILTERS.set(where.gitDir, filters);
    }
    return [
      ...PINNED_CONFIG.flatMap((c) => ["-c", c]),
      ...filterOverrides(await filters),
      `--git-dir=${where.gitDir}`,
      ...(where.workTree === null ? [] : [`--work-tree=${where.workTree}`]),
    ];
  }

  async exec(args: string[], opts: GitOptions = {}): Promise<GitResult> {
    const result = await this.raw([...(await this.pinned()), ...args], opts);
    if (result.exitCode !== 0 && !opts.allowFailure) throw new GitError(args, result);
    return result;
  }

  /**
   * A long-running git command (e.g. `update-ref --stdin`) with the same pinning as exec(), all three
   * streams piped, in its own process group (a Ctrl-C meant for the run does not kill it between two
   * requests; it ends when its standard input closes, at the latest when this process exits).
   */
  async spawnLongLived(args: string[]): Promise<ChildProcess> {
    const pinned = await this.pinned();
    // From /: every path is absolute, and the folder it was asked from may be gone by the time it runs.
    return spawn(gitProgram(), [...pinned, ...args], {
      cwd: "/",
      env: gitEnv(undefined),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
  }

  /**
   * Finds the repository and reads what every command of this Git needs first (see pinned()), for a
   * caller with other work to do meanwhile; the first command then starts at once. Never rejects: a
   * failure is met again, and reported, by the first command.
   */
  async prepare(): Promise<void> {
    await this.pinned().catch(() => undefined);
  }

  /** The git dir every command of this Git names. */
  async gitDir(): Promise<string> {
    return (await this.where()).gitDir;
  }

  /** Runs git with the pinned environment; never throws for an exit code. */
  private raw(args: string[], opts: GitOptions): Promise<GitResult> {
    const req = {
      program: gitProgram(),
      args,
      cwd: opts.cwd ?? this.cwd,
      env: gitEnv(opts.env),
      input: opts.input,
    };
    // Started by a helper shell, not by forking this process (see git-shell.ts), unless all are busy.
    const viaShell = shellable(req) ? runInShell(req, () => gitEnv(undefined)) : null;
    if (viaShell === null) return this.spawned(args, opts);
    return viaShell.catch((e: unknown) => {
      if (e instanceof ShellUnavailable) return this.spawned(args, opts);
      throw e;
    });
  }

  /** Runs git as a child of this process. */
  private spawned(args: string[], opts: GitOptions): Promise<GitResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(gitProgram(), args, {
        cwd: opts.cwd ?? this.cwd,
        env: gitEnv(opts.env),
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
        resolvePromise(result);
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
    try {
      return (await this.where()).workTree ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** The repository's common git dir (shared by its linked worktrees), absolute. */
  async commonDir(): Promise<string> {
    return (await this.facts()).common;
  }

  async updateRef(ref: string, sha: string, old?: string): Promise<void> {
    const done = beginRefWrites([[ref, sha]]);
    await this.exec(["update-ref", ref, sha, ...(old ? [old] : [])]).finally(done);
  }

  /**
   * Several refs in one transaction: all move or none. Sent to one `git update-ref --stdin` kept for the
   * git dir (see ref-writer.ts), not a process per transaction.
   */
  async updateRefs(updates: readonly (readonly [ref: string, sha: string])[]): Promise<void> {
    const done = beginRefWrites(updates);
    await refTransaction(this, updates).finally(done);
  }

  /** Paths changed between two trees (renames split into delete + add), NUL-separated for odd names. */
  async changedPaths(from: string, to: string): Promise<string[]> {
    const out = await this.out([
      "diff",
      "--no-ext-diff",
      "--no-textconv",
      "--name-only",
      "--no-renames",
      "-z",
      from,
      to,
    ]);
    return out.split("\0").filter(Boolean);
  }
}
