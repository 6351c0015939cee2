import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { CLI, cli, tempDir } from "../helpers/cli.js";
import { makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

/** A run whose engine was SIGKILLed mid-step (its agent too): the status says running, a run lock is left. */
async function crashedRun(): Promise<{ repo: string; id: string; statusFile: string; lockFile: string }> {
  const marks = tempDir();
  const repo = makeRepo({
    "agents/flow.yaml": `version: 1\nagents:\n  slow:\n    run: 'if [ ! -f ${marks}/started ]; then touch ${marks}/started; exec sleep 29.7; fi; mkdir -p docs; echo 1 > docs/x.md'\n    writes: [docs/**]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: slow\n`,
  });
  const child = spawn(process.execPath, [CLI, "run", "--feature", "crash"], {
    cwd: repo,
    stdio: "ignore",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...ENV },
  });
  const deadline = Date.now() + 20_000;
  while (!existsSync(join(marks, "started")) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  spawnSync("pkill", ["-f", "^sleep 29.7$"]);
  const id = readdirSync(join(repo, "docs/status/runs"))[0] as string;
  return {
    repo,
    id,
    statusFile: join(repo, "docs/status/runs", id, "pipeline_status.json"),
    lockFile: join(repo, ".locks", `run-${id}.lock`),
  };
}

/** Rewrites JSON in place. */
function edit<T>(file: string, change: (v: T) => void): void {
  const v = readJson<T>(file);
  change(v);
  writeFileSync(file, JSON.stringify(v));
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe("liveness: a run whose engine is gone is never stuck", () => {
  it("a crash seen from another host (a new CI container): stale by its heartbeat, and --retry resumes", async () => {
    const { repo, id, statusFile, lockFile } = await crashedRun();
    edit<RunStatus>(statusFile, (s) => {
      if (!s.engine) throw new Error("no engine recorded");
      s.engine.host = "ci-runner-7";
      s.engine.heartbeat_at = minutesAgo(3);
    });
    edit<{ host: string; timestamp: string }>(lockFile, (l) => {
      l.host = "ci-runner-7";
      l.timestamp = minutesAgo(4);
    });
    const runs = cli(["runs"], { cwd: repo });
    expect(runs.stdout).toMatch(
      new RegExp(`${id}\\s+stale\\s+crash.*gone: no heartbeat for 3m \\(pid \\d+ on host ci-runner-7\\)`),
    );
    const again = cli(["run", "--run-id", id, "--retry"], { cwd: repo, env: ENV });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("a fresh heartbeat from another host blocks --retry with the reason, and --force says what it assumes", async () => {
    const { repo, id, statusFile, lockFile } = await crashedRun();
    edit<RunStatus>(statusFile, (s) => {
      if (!s.engine) throw new Error("no engine recorded");
      s.engine.host = "ci-runner-8";
      s.engine.heartbeat_at = new Date().toISOString();
    });
    edit<{ host: string }>(lockFile, (l) => {
      l.host = "ci-runner-8";
    });
    const refused = cli(["run", "--run-id", id, "--retry"], { cwd: repo, env: ENV });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is still running \(heartbeat \d+s ago \(pid \d+ on host ci-runner-8\)\)/);
    expect(refused.stderr).toContain("add --force to --retry");
    const forced = cli(["run", "--run-id", id, "--retry", "--force"], { cwd: repo, env: ENV });
    expect(forced.stderr).toMatch(/--force: assuming the engine pid \d+ on host ci-runner-8 is gone/);
    expect(forced.code).toBe(0);
  });

  it("a reused pid (pid 1 with another start time) blocks neither --retry nor rollback", async () => {
    const { repo, id, statusFile, lockFile } = await crashedRun();
    edit<RunStatus>(statusFile, (s) => {
      if (!s.engine) throw new Error("no engine recorded");
      s.engine.pid = 1;
      s.engine.start_time = "1";
    });
    edit<{ pid: number; timestamp: string }>(lockFile, (l) => {
      l.pid = 1;
      l.timestamp = minutesAgo(2);
    });
    const status = cli(["status", id], { cwd: repo });
    expect(status.stdout).toContain("stale: pid 1 is another process now (the engine is gone)");
    expect(readJson<RunStatus>(statusFile).engine?.host).toBe(hostname());
    const rb = cli(["rollback", id], { cwd: repo });
    expect(rb.stderr).not.toContain("still running");
    expect(rb.code).toBe(0);
    expect(existsSync(statusFile)).toBe(false);
  });

  it("records pid, host, boot id, start time and a heartbeat while the engine lives", async () => {
    const { statusFile } = await crashedRun();
    const e = readJson<RunStatus>(statusFile).engine;
    expect(e).toMatchObject({
      host: hostname(),
      boot_id: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
    });
    expect(e?.start_time).toMatch(/^\d+$/);
    expect(Date.parse(e?.heartbeat_at ?? "")).toBeGreaterThan(0);
  });
});
