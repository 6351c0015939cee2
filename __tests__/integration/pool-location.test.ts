/**
 * Where the worktree pool lives: one folder per repository outside its git dir and working tree (Claude
 * Code refuses every write under a path with a `.git` component), realpath-checked, and the old pool
 * inside the git dir removed.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, sep } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { POOL_DIR_VARIABLE, poolDirFor, poolsRoot } from "../../src/engine/pool-location.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

const RUN = "20260101-000000-abcdef01";
const testPools = process.env[POOL_DIR_VARIABLE] as string;

async function open(repo: string): Promise<{ ws: RunWorkspace; dir: string }> {
  const g = new Git(repo);
  const ws = await RunWorkspace.open(g, RUN);
  const dir = await ws.acquire((await g.revParse("HEAD")) as string);
  return { ws, dir };
}

describe("the worktree pool's location", () => {
  afterEach(() => {
    process.env[POOL_DIR_VARIABLE] = testPools;
  });

  it("is one folder per repository under the pools folder, outside the repository, with no .git in its path", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    // the pool of an earlier version, inside the git dir: removed when a run opens the new one
    mkdirSync(join(repo, ".git/agent-flow/worktrees/pool/w0"), { recursive: true });
    const { ws, dir } = await open(repo);
    try {
      const pool = RunWorkspace.poolDir(join(repo, ".git"));
      expect(dir).toBe(join(pool, "w0"));
      expect(pool.startsWith(`${realpathSync(testPools)}${sep}`)).toBe(true);
      expect(pool.split(sep)).not.toContain(".git");
      expect(pool.startsWith(repo)).toBe(false);
      expect(readFileSync(join(pool, "repository"), "utf8")).toBe(`${join(repo, ".git")}\n`);
      expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("a\n");
      expect(existsSync(join(repo, ".git/agent-flow/worktrees"))).toBe(false);
      expect(git(repo, "status", "--porcelain", "--ignored")).toBe("");
    } finally {
      ws.release(dir);
      await ws.dispose();
    }
    // another repository gets a pool of its own
    const other = makeRepo({ "b.txt": "b\n" });
    expect(RunWorkspace.poolDir(join(other, ".git"))).not.toBe(RunWorkspace.poolDir(join(repo, ".git")));
  });

  it("defaults to the user's cache folder: XDG_CACHE_HOME, else ~/.cache", () => {
    const common = "/home/u/src/my repo/.git";
    const xdg = poolDirFor(common, { XDG_CACHE_HOME: "/c", HOME: "/home/u" });
    expect(xdg).toMatch(/^\/c\/agent-flow\/pools\/my_repo-[0-9a-f]{16}$/);
    expect(poolDirFor(common, { HOME: "/home/u" })).toBe(xdg.replace("/c/", "/home/u/.cache/"));
    expect(poolsRoot({ [POOL_DIR_VARIABLE]: "/p", HOME: "/home/u" })).toBe("/p");
    expect(() => poolsRoot({ [POOL_DIR_VARIABLE]: "rel/p" })).toThrow(/is not absolute/);
  });

  it("refuses a pools folder with a .git component or inside the repository, before checking anything out", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    process.env[POOL_DIR_VARIABLE] = join(tempDir("agent-flow-pools-"), ".git", "pools");
    await expect(open(repo)).rejects.toThrow(/has a '\.git' component in its path: Claude Code refuses/);
    process.env[POOL_DIR_VARIABLE] = join(repo, "pools");
    await expect(open(repo)).rejects.toThrow(/lies inside the repository/);
    expect(existsSync(join(repo, "pools", "w0"))).toBe(false);
  });

  it("a pools folder that cannot be made fails the run by name, with what to do, and lets go of the run lock", () => {
    const repo = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  a:\n    run: 'true'\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: a\n",
    });
    const file = join(tempDir("agent-flow-pools-"), "a-file");
    writeFileSync(file, "");
    const r = cli(["run", "--feature", "x", "--quiet"], {
      cwd: repo,
      env: { [POOL_DIR_VARIABLE]: join(file, "pools") },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cannot make the folder of the worktree pools ${join(file, "pools")}: ENOTDIR`,
    );
    expect(r.stderr).toContain(`set ${POOL_DIR_VARIABLE} to an absolute folder`);
    expect(readdirSync(join(repo, ".locks")).filter((n) => n.startsWith("run-"))).toEqual([]);
    // The run folder was made before the pool was opened: its status says why the run failed (not
    // `pending`), and the run resumes once the pools folder is fixed.
    const [runId] = readdirSync(join(repo, "docs/status/runs"));
    const status = JSON.parse(
      readFileSync(join(repo, "docs/status/runs", runId as string, "pipeline_status.json"), "utf8"),
    );
    expect(status).toMatchObject({ state: "failed", engine: null, resumable: true });
    expect(status.error).toContain("cannot make the folder of the worktree pools");
    expect(status.finished_at).not.toBeNull();
    const shown = cli(["status", runId as string], { cwd: repo });
    expect(shown.stdout).toContain("failed");
    expect(shown.stdout).toContain("cannot make the folder of the worktree pools");
    const retried = cli(["run", "--run-id", runId as string, "--retry", "--quiet"], { cwd: repo });
    expect(retried.stdout).toContain(`run ${runId} succeeded`);
  });

  it("refuses a pool folder replaced by a link, and one that another repository owns", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const pool = RunWorkspace.poolDir(join(repo, ".git"));
    mkdirSync(join(pool, ".."), { recursive: true });
    symlinkSync(repo, pool);
    await expect(open(repo)).rejects.toThrow();
    expect(existsSync(join(repo, "w0"))).toBe(false);

    const other = makeRepo({ "b.txt": "b\n" });
    const otherPool = RunWorkspace.poolDir(join(other, ".git"));
    mkdirSync(otherPool, { recursive: true });
    writeFileSync(join(otherPool, "repository"), "/somewhere/else/.git\n");
    await expect(open(other)).rejects.toThrow(/belongs to the repository at \/somewhere\/else\/\.git/);
  });
});
