import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { CLI, cli, cliAsync, tempDir } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";
import { makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };
const FLOW = `version: 1
agents:
  writer:
    run: 'echo "hello from $AGENT_NAME ($AGENT_MODE)"; mkdir -p docs; echo "$RUN_ID" > docs/run.txt; echo report > "$AGENT_OUTPUT/report.md"'
    writes: [docs/**]
  fixer:
    run: 'echo fixing'
workflows:
  idea_to_feature:
    steps:
      - agent: writer
        with: { mode: create }
  triage:
    steps:
      - agent: fixer
triggers:
  tests_failed: { workflow: triage, max: 2 }
`;

describe("observing runs", () => {
  const repo = makeRepo({ "agents/flow.yaml": FLOW });
  const first = cli(["run", "--feature", "one", "--json"], { cwd: repo, env: ENV });
  const events = first.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type?: string; run_id: string });
  const runId = events[0]?.run_id as string;

  it("--json prints one JSON event per line, ending with the result", () => {
    expect(first.code).toBe(0);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "run-started",
        "step-started",
        "agent-started",
        "agent-finished",
        "step-finished",
        "run-finished",
        "result",
      ]),
    );
  });

  it("status, logs and runs show the run", async () => {
    const status = cli(["status", runId], { cwd: repo });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`run ${runId}\\s+succeeded\\s+\\S+\\s+feature one\\s+workflow idea_to_feature`),
    );
    expect(status.stdout).toMatch(/✔ idea_to_feature\/writer#1\s+succeeded/);
    expect(JSON.parse((await cliHere(["status", "latest", "--json"], { cwd: repo })).stdout)).toMatchObject({
      run_id: runId,
      state: "succeeded",
    });
    expect((await cliHere(["logs", runId], { cwd: repo })).stdout).toMatch(
      /\[idea_to_feature\/writer#1\] writer: succeeded \(1 file changed\)/,
    );
    expect((await cliHere(["logs", runId, "writer"], { cwd: repo })).stdout).toContain(
      "hello from writer (create)",
    );
    expect((await cliHere(["logs", runId, "nobody"], { cwd: repo })).stderr).toContain(
      "agent 'nobody' has not run in",
    );
    expect((await cliHere(["runs"], { cwd: repo })).stdout).toMatch(
      new RegExp(`${runId}\\s+succeeded\\s+one`),
    );
  });

  it("keeps run outputs and replaces latest with a link to a whole snapshot", () => {
    const run = join(repo, "docs/status/runs", runId);
    expect(readFileSync(join(run, "writer/report.md"), "utf8")).toBe("report\n");
    expect(readFileSync(join(run, "feature_request.md"), "utf8")).toContain(
      `Feature: one\nBase Branch: main\nRun ID: ${runId}`,
    );
    const second = cli(["run", "--feature", "two", "--quiet"], { cwd: repo, env: ENV });
    expect(second.code).toBe(0);
    const latest = readJson<RunStatus>(join(repo, "docs/status/latest/pipeline_status.json"));
    expect(latest.feature).toBe("two");
    expect(readlinkSync(join(repo, "docs/status/latest"))).toContain(latest.run_id);
  });

  it("a manual trigger runs its workflow when the run resumes", async () => {
    const mark = join(tempDir(), "fixed");
    const repo2 = makeRepo({
      "agents/flow.yaml": FLOW.replace(/run: 'echo "hello[^\n]*/, `run: 'test -f ${mark}'`).replace(
        "echo fixing",
        `touch ${mark}`,
      ),
    });
    const r = cli(["run", "--feature", "manual", "--quiet"], { cwd: repo2, env: ENV });
    expect(r.code).toBe(1);
    const id = r.stderr.match(/run (\d{8}-\d{6}-[0-9a-f]{8}) failed/)?.[1] as string;
    expect((await cliHere(["trigger", id, "tests_faild"], { cwd: repo2 })).stderr).toContain(
      "did you mean 'tests_failed'?",
    );
    const t = cli(["trigger", id, "tests_failed"], { cwd: repo2 });
    expect(t.code).toBe(0);
    expect(existsSync(join(repo2, ".triggers/runs", id, "tests_failed"))).toBe(true);
    expect(t.stdout).toContain("takes effect when the run resumes");
    const again = cli(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo2, env: ENV });
    expect(again.code).toBe(0);
    const s = readJson<RunStatus>(join(repo2, "docs/status/runs", id, "pipeline_status.json"));
    expect(s.steps.map((x) => `${x.key}:${x.state}`)).toEqual([
      "idea_to_feature/writer#1:failed",
      "triage/fixer#1:succeeded",
      "idea_to_feature/writer#2:succeeded",
    ]);
    expect(s.triggers).toMatchObject([{ name: "tests_failed", source: "manual" }]);
    expect((await cliHere(["trigger", id, "tests_failed"], { cwd: repo2 })).stderr).toContain(
      "already succeeded",
    );
  });

  it("locks lists holders while a run holds one, and nothing after", async () => {
    // The agent holds the lock until the test has looked (a file, not a fixed sleep: robust under load).
    const release = join(tempDir(), "release");
    const repo3 = makeRepo({
      "agents/flow.yaml": `version: 1\nagents:\n  dev:\n    run: 'while [ ! -f ${release} ]; do sleep 0.05; done'\n    locks: [src_writer]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: dev\n`,
    });
    const child = spawn(process.execPath, [CLI, "run", "--feature", "lock"], { cwd: repo3, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    try {
      const deadline = Date.now() + 15_000;
      while (!existsSync(join(repo3, ".locks/src_writer.lock")) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const held = cli(["locks"], { cwd: repo3 });
      expect(held.stdout).toMatch(/^RESOURCE\s+RUN\s+AGENT\s+HOLDER\s+AGE\s+STATE\n/);
      expect(held.stdout).toMatch(
        /\nsrc_writer\s+\d{8}-\d{6}-[0-9a-f]{8}\s+dev\s+pid \d+@\S+\s+\d+s\s+alive: heartbeat [\d.]+s ago \(pid \d+\)\n/,
      );
      expect((await cliHere(["runs"], { cwd: repo3 })).stdout).toMatch(/running\s+lock/);
    } finally {
      writeFileSync(release, "");
      await exited;
    }
    expect((await cliHere(["locks"], { cwd: repo3 })).stdout).toBe("no locks held\n");
  });

  it("logs -f follows the pipeline log until the run ends", async () => {
    const repo5 = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  slow:\n    run: 'echo begin; sleep 1.5; echo end'\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: slow\n",
    });
    const run = cliAsync(["run", "--feature", "follow", "--quiet"], { cwd: repo5 });
    const runs = join(repo5, "docs/status/runs");
    const deadline = Date.now() + 15_000;
    // The run's folder is made before its status file: follow once the status is there.
    const started = () =>
      existsSync(runs) && readdirSync(runs).some((id) => existsSync(join(runs, id, "pipeline_status.json")));
    while (!started() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const id = readdirSync(runs)[0] as string;
    const followed = await cliAsync(["logs", id, "-f"], { cwd: repo5 });
    expect(followed.stderr).toBe("");
    expect((await run).code).toBe(0);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain("[idea_to_feature/slow#1] slow: succeeded");
    expect(followed.stdout).toContain("[run] run succeeded");
  });

  it("a stale lock from a dead holder is shown as stale", async () => {
    const repo4 = makeRepo({ "agents/flow.yaml": FLOW });
    const info = {
      resource: "src_writer",
      run_id: "20260101-000000-abcdef01",
      agent: "x",
      timestamp: new Date().toISOString(),
      pid: 999_999,
      host: "",
    };
    await cliHere(["locks"], { cwd: repo4 });
    mkdirSync(join(repo4, ".locks"), { recursive: true });
    writeFileSync(join(repo4, ".locks/src_writer.lock"), JSON.stringify({ ...info, host: hostname() }));
    expect((await cliHere(["locks"], { cwd: repo4 })).stdout).toMatch(/STALE: pid 999999 gone/);
  });
});
