// Runs stuck for good (issue 14): a crashed engine in a container that no longer exists, a pid reused by
// an unrelated process, a live-looking engine the user knows is gone. Each case is a real failed run whose
// status and run lock are then rewritten as the crashed engine would have left them.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";
import { makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "10" };
const FLOW = `version: 1
agents:
  dev:
    run: 'exit 3'
workflows:
  idea_to_feature:
    steps:
      - agent: dev
`;

/** A repository holding one failed (resumable) run; returns the repo and the run id. */
function failedRun(): { repo: string; id: string } {
  const repo = makeRepo({ "agents/flow.yaml": FLOW });
  const r = cli(["run", "--feature", "stuck", "--quiet"], { cwd: repo, env: ENV });
  expect(r.code).toBe(1);
  const id = readdirSync(join(repo, "docs/status/runs"))[0] as string;
  return { repo, id };
}

const statusPath = (repo: string, id: string): string =>
  join(repo, "docs/status/runs", id, "pipeline_status.json");

/** Rewrites the run as an engine that crashed mid-run left it: `running`, with its engine and run lock. */
function crashedAs(
  repo: string,
  id: string,
  engine: { pid: number; host: string },
  lock: { start_time?: string; heartbeatAgoMs: number } | null,
): void {
  const s = readJson<RunStatus>(statusPath(repo, id));
  s.state = "running";
  s.finished_at = null;
  s.engine = { ...engine, started_at: new Date(Date.now() - 600_000).toISOString() };
  writeFileSync(statusPath(repo, id), JSON.stringify(s, null, 2));
  if (lock === null) return;
  const beat = new Date(Date.now() - lock.heartbeatAgoMs).toISOString();
  mkdirSync(join(repo, ".locks"), { recursive: true });
  writeFileSync(
    join(repo, ".locks", `run-${id}.lock`),
    JSON.stringify({
      resource: `run-${id}`,
      run_id: id,
      agent: "engine",
      timestamp: s.engine.started_at,
      ...engine,
      token: randomBytes(16).toString("hex"),
      boot_id: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
      start_time: lock.start_time ?? null,
      heartbeat_at: beat,
      stale_after_ms: 90_000,
    }),
  );
}

const notRefused = (r: { code: number | null; stderr: string }): void => {
  expect(r.stderr).not.toContain("still running");
  expect(r.code).not.toBe(2);
};

describe("a crashed run is never stuck", () => {
  it("a run crashed in another container (another host name) is stale once its heartbeat is old, and resumes", async () => {
    const { repo, id } = failedRun();
    crashedAs(repo, id, { pid: 4242, host: "ci-old-container" }, { heartbeatAgoMs: 12 * 60_000 });
    const runs = cli(["runs"], { cwd: repo });
    expect(runs.stdout).toMatch(/stale\s+stuck/);
    expect(runs.stdout).toMatch(
      /stale\s+stuck\s+\S+\s+stale: no heartbeat for 12m \(host ci-old-container; the bound is 90s\)\n/,
    );
    expect((await cliHere(["status", id], { cwd: repo })).stdout).toContain("stale: no heartbeat for 12m");
    expect((await cliHere(["locks"], { cwd: repo })).stdout).toMatch(
      new RegExp(`run-${id}\\s+${id}\\s+engine\\s+pid 4242@ci-old-container\\s+\\S+\\s+STALE: no heartbeat`),
    );
    const retry = cli(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env: ENV });
    notRefused(retry);
    expect(readJson<RunStatus>(statusPath(repo, id)).state).toBe("failed");
    expect(existsSync(join(repo, ".locks", `run-${id}.lock`))).toBe(false);
  });

  it("an engine on another host that no longer holds its run lock is stale at once", async () => {
    const { repo, id } = failedRun();
    crashedAs(repo, id, { pid: 4242, host: "ci-old-container" }, null);
    expect((await cliHere(["runs"], { cwd: repo })).stdout).toContain(
      "stale: the engine (pid 4242 on host ci-old-container) no longer holds its run lock\n",
    );
    notRefused(cli(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env: ENV }));
  });

  it("a reused pid (pid 1, another start time) blocks neither --retry nor rollback", async () => {
    const { repo, id } = failedRun();
    crashedAs(repo, id, { pid: 1, host: hostname() }, { start_time: "999999999999", heartbeatAgoMs: 1000 });
    expect((await cliHere(["runs"], { cwd: repo })).stdout).toContain(
      "stale: pid 1 reused by another process (start time differs)\n",
    );
    notRefused(cli(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env: ENV }));
    crashedAs(repo, id, { pid: 1, host: hostname() }, { start_time: "999999999999", heartbeatAgoMs: 1000 });
    const rb = cli(["rollback", id], { cwd: repo });
    expect(rb.stderr).toBe("");
    expect(rb.code).toBe(0);
    expect(existsSync(join(repo, "docs/status/runs", id))).toBe(false);
  });

  it("a live-looking engine is refused with why, and --force says what it assumes", async () => {
    const { repo, id } = failedRun();
    crashedAs(repo, id, { pid: 4242, host: "ci-7" }, { heartbeatAgoMs: 3000 });
    // The age is printed as 3.0s up to 9.9s, then as 10s, 11s...: a slow machine may reach 10s.
    expect((await cliHere(["runs"], { cwd: repo })).stdout).toMatch(
      /running\s+stuck\s+\S+\s+alive: heartbeat \d+(\.\d)?s ago \(host ci-7\)\n/,
    );
    const refused = cli(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env: ENV });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /still running \(engine pid 4242 on ci-7; alive: heartbeat \d+(\.\d)?s ago/,
    );
    expect(refused.stderr).toContain("add --force");
    const rbRefused = await cliHere(["rollback", id], { cwd: repo });
    expect(rbRefused.code).toBe(1);
    expect(rbRefused.stderr).toContain("add --force");

    const forced = cli(["run", "--run-id", id, "--retry", "--force", "--quiet"], { cwd: repo, env: ENV });
    expect(forced.stderr).toContain(
      `warning: assuming the engine pid 4242 on host ci-7 is gone (alive: heartbeat`,
    );
    expect(forced.stderr).toContain(`removed its run lock ${join(repo, ".locks", `run-${id}.lock`)}`);
    notRefused(forced);
    expect(readJson<RunStatus>(statusPath(repo, id)).state).toBe("failed");

    crashedAs(repo, id, { pid: 4242, host: "ci-7" }, { heartbeatAgoMs: 3000 });
    const rb = cli(["rollback", id, "--force"], { cwd: repo });
    expect(rb.code).toBe(0);
    expect(rb.stdout).toContain("warning: assuming the engine pid 4242 on host ci-7 is gone");
    expect(existsSync(join(repo, "docs/status/runs", id))).toBe(false);
  });

  it("locks shows a corrupt lock file as unreadable, naming the file and what is wrong", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    mkdirSync(join(repo, ".locks"));
    writeFileSync(join(repo, ".locks/src_writer.lock"), '{"run_id": "x", "agent": "y", "timestamp": "z"}');
    const out = (await cliHere(["locks"], { cwd: repo })).stdout;
    expect(out).toContain(`UNREADABLE ${join(repo, ".locks/src_writer.lock")}: "pid" is missing`);
    expect(out).not.toContain("pid 0@");
  });
});
