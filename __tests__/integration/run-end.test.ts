// A run's end: the engine saves its state once after the last step (not again for the finish, which
// next() gives again from that state), so a run stopped between that save and its last status write
// resumes to the same finish without running a step again; and the process exits once its event loop
// is idle (cli/run-exit.ts), with its scratch folder removed and no helper left running in the repository.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { BASE_ENV, CLI, cli } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";
import { TWO_STEP_FLOW as FLOW } from "../helpers/two-step-flow.js";

const statusFile = (repo: string, id: string): string =>
  join(repo, "docs/status/runs", id, "pipeline_status.json");
const statusOf = (repo: string, id: string): RunStatus =>
  JSON.parse(readFileSync(statusFile(repo, id), "utf8")) as RunStatus;
const savedMachine = (repo: string, id: string): { outcome: unknown; pending: unknown } =>
  (JSON.parse(git(repo, "cat-file", "blob", `refs/agent-flow/${id}/state`)) as { machine: never }).machine;

/** Processes (but this one) whose working folder is `dir` or inside it. */
function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

describe("a run's end", () => {
  let repo: string;
  let runId: string;
  let exitCode: number | null;
  let stdout = "";
  beforeAll(async () => {
    repo = makeRepo({ "agents/flow.yaml": FLOW });
    const child = spawn(process.execPath, [CLI, "run", "--feature", "end", "--quiet"], {
      cwd: repo,
      env: BASE_ENV(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    exitCode = await new Promise((done) => child.once("exit", (code) => done(code)));
    runId = readdirSync(join(repo, "docs/status/runs"))[0] as string;
  }, 60_000);

  it("exits 0 with its whole summary, its scratch folder removed (at once or by its detached rm), and no helper left in the repository", async () => {
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`run ${runId} succeeded`);
    expect(stdout).toContain(`log:        agent-flow logs ${runId}`);
    const pool = process.env.AGENT_FLOW_POOL_DIR as string;
    const own = readdirSync(pool).filter((n) => n.startsWith(`${repo.split("/").pop()}-`));
    expect(own).toHaveLength(1);
    // Removed by a detached rm the run started through a helper shell, which may still be at work.
    const scratch = join(pool, own[0] as string, ".scratch");
    const deadline = Date.now() + 10_000;
    while (readdirSync(scratch).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(scratch)).toEqual([]);
    // The run's `git update-ref --stdin` reads the end of its input when the process is gone.
    while (processesIn(repo).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(processesIn(repo)).toEqual([]);
  });

  it("saves its state once after the last step: the finish is not saved again", () => {
    expect(statusOf(repo, runId).state).toBe("succeeded");
    const machine = savedMachine(repo, runId);
    expect(machine.outcome).toBeNull();
    expect(machine.pending).toBeNull();
  });

  it("stopped after its last step's save, it resumes to succeeded without running a step again", () => {
    const head = git(repo, "rev-parse", `refs/agent-flow/${runId}/head`);
    const logOne = readFileSync(join(repo, "docs/status/runs", runId, "one/agent.log"), "utf8");
    // The view as a kill there leaves it: every step done, the run still running (its engine gone).
    const s = statusOf(repo, runId);
    writeFileSync(
      statusFile(repo, runId),
      `${JSON.stringify({ ...s, state: "running", finished_at: null, engine: null }, null, 2)}\n`,
    );
    const again = cli(["run", "--run-id", runId, "--retry", "--quiet"], { cwd: repo });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(statusOf(repo, runId).state).toBe("succeeded");
    expect(git(repo, "rev-parse", `refs/agent-flow/${runId}/head`)).toBe(head);
    expect(readFileSync(join(repo, "docs/status/runs", runId, "one/agent.log"), "utf8")).toBe(logOne);
    expect(
      (JSON.parse(readFileSync(join(repo, "docs/status/latest/pipeline_status.json"), "utf8")) as RunStatus)
        .run_id,
    ).toBe(runId);
  }, 60_000);
});
