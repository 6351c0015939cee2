import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { BASE_ENV, CLI, cli, ROOT, tempDir } from "../helpers/cli.js";
import { git, readJson } from "../helpers/repo.js";

/**
 * Fault injection on the demo pipeline: while it runs, the run's log is replaced by a folder at a random
 * moment (a real file-system error for every later write, no mock of the engine). Each run either
 * succeeds (the fault came too late) or fails naming the path and the error, never crashes and never
 * stays `running`; once the path is fixed, `--retry` ends with the same result as an uninterrupted run.
 */
function demoRepo(): string {
  const dir = join(tempDir("agent-flow-demo-faults-"), "repo");
  cpSync(join(ROOT, "examples/demo/repo"), dir, { recursive: true });
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "demo");
  git(dir, "config", "user.email", "demo@example.com");
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "-m", "demo");
  return dir;
}

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };
const ARGS = ["run", "--feature", "position-limit", "--request", join(ROOT, "examples/demo/request.md")];

function runOf(repo: string): RunStatus {
  const id = readdirSync(join(repo, "docs/status/runs"))[0] as string;
  return readJson<RunStatus>(join(repo, "docs/status/runs", id, "pipeline_status.json"));
}

/** Runs the demo, replacing pipeline.log with a folder `afterMs` after the run folder appears. */
function faultyRun(
  repo: string,
  afterMs: number,
): Promise<{ code: number | null; stderr: string; hit: boolean }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...ARGS], {
      cwd: repo,
      // With the test file's pools folder (BASE_ENV): never the user's cache.
      env: BASE_ENV(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    let hit = false;
    const runs = join(repo, "docs/status/runs");
    const poll = setInterval(() => {
      const id = existsSync(runs) ? readdirSync(runs)[0] : undefined;
      if (!id) return;
      clearInterval(poll);
      setTimeout(() => {
        const log = join(runs, id, "pipeline.log");
        if (child.exitCode !== null) return;
        rmSync(log, { force: true });
        mkdirSync(log);
        hit = true;
      }, afterMs);
    }, 20);
    child.once("close", (code) => {
      clearInterval(poll);
      resolvePromise({ code, stderr, hit });
    });
  });
}

describe("failed writes at random points of the demo pipeline", () => {
  const clean = demoRepo();
  const uninterrupted = cli(ARGS, { cwd: clean, env: ENV });
  // The code and tests the run produced (docs/ name the run id, which differs between runs).
  const product = (repo: string, ref: string): string[] =>
    ["src", "tests"].map((d) => git(repo, "rev-parse", `${ref}:${d}`));
  const expected = product(clean, runOf(clean).result_ref);

  it("the uninterrupted demo run succeeds", () => {
    expect(uninterrupted.stderr).toBe("");
    expect(uninterrupted.code).toBe(0);
  });

  // Deterministic "random" points (a seeded sequence), so that a failure can be replayed.
  let x = 20261129;
  const points = Array.from({ length: 3 }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 100 + (x % 2500);
  });
  for (const at of points)
    it(`pipeline.log replaced by a folder ${at} ms into the run`, async () => {
      const repo = demoRepo();
      const r = await faultyRun(repo, at);
      expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      const s = runOf(repo);
      expect(s.state).not.toBe("running");
      if (r.code === 0) {
        expect(s.state).toBe("succeeded");
        return;
      }
      expect(r.hit).toBe(true);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("pipeline.log");
      expect(r.stderr).toContain("EISDIR");
      expect(s.state).toBe("failed");
      rmSync(join(repo, "docs/status/runs", s.run_id, "pipeline.log"), { recursive: true, force: true });
      const again = cli(["run", "--run-id", s.run_id, "--retry"], { cwd: repo, env: ENV });
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
      expect(product(repo, s.result_ref)).toEqual(expected);
    }, 90_000);
});
