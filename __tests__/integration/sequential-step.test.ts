// A sequential step's bookkeeping runs beside the next step's start (issue 12): the run's view is written
// while the next agent's directory is prepared, and that agent starts only once every earlier change is
// written. A failed write still stops the run before another agent starts. Real files, the real CLI.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RunContext, runAgent } from "../../src/engine/agent-run.js";
import { Git } from "../../src/engine/git.js";
import type { EngineEvent } from "../../src/engine/reporter.js";
import { RunRecorder } from "../../src/engine/run-recorder.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { loadFlowText } from "../../src/flow/load.js";
import type { AgentStatus, RunStatus } from "../../src/run/status.js";
import { statusFile } from "../../src/run/store.js";
import { cli, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";

const quiet = { update: () => undefined };

function twoSteps(first: string, second: string): string {
  return [
    "version: 1",
    "agents:",
    `  a1:\n    run: '${first}'\n    writes: [docs/**]\n    retries: 0`,
    `  a2:\n    run: '${second}'\n    writes: [docs/**]\n    retries: 0`,
    "workflows:\n  idea_to_feature:\n    steps:\n      - agent: a1\n      - agent: a2\n",
  ].join("\n");
}

describe("RunRecorder.settled()", () => {
  it("resolves once the changes reported before it are on disk, and rejects once a write failed", async () => {
    const root = tempDir();
    const s = { run_id: "20250101-000000-bbbbbbbb", steps: [], state: "running" } as unknown as RunStatus;
    const rec = new RunRecorder(root, s, quiet);
    void rec.changed({ type: "message", level: "info", text: "one" });
    s.state = "succeeded";
    void rec.changed({ type: "message", level: "info", text: "two" });
    await rec.settled();
    expect(JSON.parse(readFileSync(statusFile(root, s.run_id), "utf8")).state).toBe("succeeded");
    // The status file's place taken by a folder that is not empty: the next write fails.
    const file = statusFile(root, s.run_id);
    rmSync(file);
    mkdirSync(join(file, "x"), { recursive: true });
    void rec.changed({ type: "message", level: "info", text: "three" });
    await expect(rec.settled()).rejects.toThrow(/cannot write the run's status or log/);
  });
});

describe("RunRecorder, a step's end", () => {
  const status = (id: string) => ({ run_id: id, steps: [], state: "running" }) as unknown as RunStatus;

  it("share one status write with the next step's start, and settled() writes them at once", async () => {
    const root = tempDir();
    const s = status("20250101-000000-bbbbbbbc");
    const heard: string[] = [];
    const inodes: number[] = [];
    const reporter = {
      update(e: EngineEvent) {
        heard.push(e.type);
        inodes.push(statSync(statusFile(root, s.run_id)).ino);
      },
    };
    // Held far longer than the test runs: only the next event or settled() starts the write.
    const rec = new RunRecorder(root, s, reporter, 600_000);
    void rec.changed({ type: "step-finished", key: "idea_to_feature/a1#1" });
    await new Promise((done) => setTimeout(done, 100));
    expect(existsSync(statusFile(root, s.run_id))).toBe(false);
    void rec.changed({ type: "step-started", key: "idea_to_feature/a2#1" });
    await rec.settled();
    expect(heard).toEqual(["step-finished", "step-started"]);
    expect(new Set(inodes).size).toBe(1);
    // Alone, a held event is written by settled() (nothing starts before it), or after the hold.
    void rec.changed({ type: "step-finished", key: "idea_to_feature/a2#1" });
    await rec.settled();
    expect(heard).toHaveLength(3);
    const soon = new RunRecorder(root, s, reporter, 1);
    await soon.changed({ type: "step-finished", key: "idea_to_feature/a2#1" });
    expect(heard).toHaveLength(4);
  });
});

describe("a sequential step", () => {
  it("starts its agent only once what the engine reported before is written (settled())", async () => {
    const marks = tempDir();
    const repo = makeRepo({
      "agents/flow.yaml": twoSteps(`touch ${marks}/a1-started; mkdir -p docs; echo 1 > docs/a1.txt`, "true"),
    });
    const { flow } = loadFlowText("agents/flow.yaml", readFileSync(join(repo, "agents/flow.yaml"), "utf8"));
    if (!flow) throw new Error("the test's flow does not load");
    const git = new Git(repo);
    const runId = "20250101-000000-cccccccc";
    const workspace = await RunWorkspace.open(git, runId);
    let written: () => void = () => undefined;
    const pending = new Promise<void>((done) => {
      written = done;
    });
    let asked = 0;
    const ctx: RunContext = {
      root: repo,
      git,
      flow,
      runId,
      feature: "seq-settled",
      baseBranch: "main",
      workspace,
      signal: new AbortController().signal,
      env: { PATH: process.env.PATH },
      changed: async () => undefined,
      settled: () => {
        asked += 1;
        return pending;
      },
      retryDelayMs: { min: 10, max: 10 },
    };
    const rec = {
      agent: "a1",
      output: "a1",
      with: {},
      state: "pending",
      attempts: 0,
      started_at: null,
      finished_at: null,
      exit_code: null,
      error: null,
      changed_files: [],
      commit: null,
      raised: [],
    } as AgentStatus;
    try {
      const head = (await git.out(["rev-parse", "HEAD"])).trim();
      const running = runAgent(ctx, "idea_to_feature/a1#1", { agent: "a1", with: {} }, head, rec);
      // The directory is ready long before this: only the pending write holds the agent back.
      for (let i = 0; i < 40 && asked === 0; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      expect(asked).toBe(1);
      expect(existsSync(join(marks, "a1-started"))).toBe(false);
      written();
      await running;
      expect(rec.state).toBe("succeeded");
      expect(existsSync(join(marks, "a1-started"))).toBe(true);
    } finally {
      await workspace.dispose();
    }
  });

  it("does not start the next agent after a write of the run's view failed", () => {
    const marks = tempDir();
    const repo = makeRepo({
      "agents/flow.yaml": twoSteps(
        // Until it holds: the agent's own start is being written while it starts, and that write's
        // rename can land between the rm and the mkdir.
        'F="$AGENT_RUN_DIR/pipeline_status.json"; until [ -d "$F/x" ]; do rm -f "$F"; mkdir -p "$F/x" 2>/dev/null; done; mkdir -p docs; echo 1 > docs/a1.txt',
        `touch ${marks}/a2-started`,
      ),
    });
    const r = cli(["run", "--feature", "seq-broken-view"], { cwd: repo });
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/cannot write the run's status or log/);
    expect(existsSync(join(marks, "a2-started"))).toBe(false);
  });
});
