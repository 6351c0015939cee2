// The engine killed (SIGKILL) at the points of a run's start and end where its writes overlap: the run's
// status, head ref and request are written at once; the `running` status is written while the run's
// start-up checks go on; the last step is recorded (its state saved once: the finish is not saved again);
// `latest`'s snapshot is made; the previous `latest` snapshot is removed while the run's last line is logged.
// Whatever the kill interrupts, the status is whole, and the run is resumed, or refused as never started
// and rolled back without a trace.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { BASE_ENV, CLI, cli } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";
import { TWO_STEP_FLOW as FLOW } from "../helpers/two-step-flow.js";

const runsOf = (repo: string): string[] =>
  existsSync(join(repo, "docs/status/runs")) ? readdirSync(join(repo, "docs/status/runs")) : [];

/** Parses the file, or throws naming what it held: a status must never be seen half-written. */
function whole(file: string): RunStatus {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as RunStatus;
  } catch {
    throw new Error(`${file} is not whole: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** Starts a run and kills its engine with SIGKILL as soon as `ready` says so (polled every few ms). */
async function killWhen(repo: string, feature: string, ready: () => boolean): Promise<void> {
  const child = spawn(process.execPath, [CLI, "run", "--feature", feature, "--quiet"], {
    cwd: repo,
    stdio: "ignore",
    env: BASE_ENV(),
  });
  const exited = new Promise((done) => child.once("exit", done));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 30_000;
  while (!gone && !ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  child.kill("SIGKILL");
  await exited;
}

function statusOf(repo: string, runId: string): RunStatus {
  return whole(join(repo, "docs/status/runs", runId, "pipeline_status.json"));
}

describe("SIGKILL where a run's start and end overlap their writes", () => {
  it("as soon as the status exists: it is whole; the run resumes, or is refused as never started and rolls back", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const statusFile = (): string | null => {
      const [id] = runsOf(repo);
      return id ? join(repo, "docs/status/runs", id, "pipeline_status.json") : null;
    };
    await killWhen(repo, "early", () => {
      const f = statusFile();
      return f !== null && existsSync(f);
    });
    const [id] = runsOf(repo);
    expect(id).toBeDefined();
    const runId = id as string;
    expect(statusOf(repo, runId).run_id).toBe(runId);
    const again = cli(["run", "--run-id", runId, "--retry"], { cwd: repo });
    if (again.code === 0) {
      expect(statusOf(repo, runId).state).toBe("succeeded");
      expect(git(repo, "ls-tree", "-r", "--name-only", `refs/agent-flow/${runId}/head`).split("\n")).toEqual(
        expect.arrayContaining(["docs/one.md", "lib/two.txt"]),
      );
    } else {
      // Killed before the engine saved its first state: nothing ran, and nothing of it stays.
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("cannot be resumed");
      const rolled = cli(["rollback", runId], { cwd: repo });
      expect(rolled.code).toBe(0);
      expect(runsOf(repo)).toEqual([]);
      expect(git(repo, "for-each-ref", `refs/agent-flow/${runId}/`)).toBe("");
    }
  }, 60_000);

  it("once the status says running: the run resumes and ends as if never killed", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    await killWhen(repo, "running", () => {
      const [id] = runsOf(repo);
      if (!id) return false;
      const f = join(repo, "docs/status/runs", id, "pipeline_status.json");
      return existsSync(f) && whole(f).state === "running";
    });
    const [runId] = runsOf(repo) as [string];
    expect(["running", "succeeded"]).toContain(statusOf(repo, runId).state);
    if (statusOf(repo, runId).state === "running") {
      const again = cli(["run", "--run-id", runId, "--retry"], { cwd: repo });
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
    }
    expect(statusOf(repo, runId).state).toBe("succeeded");
    expect(git(repo, "ls-tree", "-r", "--name-only", `refs/agent-flow/${runId}/head`).split("\n")).toEqual(
      expect.arrayContaining(["docs/one.md", "lib/two.txt"]),
    );
    expect(whole(join(repo, "docs/status/latest/pipeline_status.json")).run_id).toBe(runId);
  }, 60_000);

  it("once the last step's status says succeeded: the run resumes to succeeded, its steps not run again", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    await killWhen(repo, "last", () => {
      const [id] = runsOf(repo);
      if (!id) return false;
      const f = join(repo, "docs/status/runs", id, "pipeline_status.json");
      if (!existsSync(f)) return false;
      const steps = whole(f).steps;
      return steps.length === 2 && steps.every((x) => x.state === "succeeded");
    });
    const [runId] = runsOf(repo) as [string];
    const head = git(repo, "rev-parse", `refs/agent-flow/${runId}/head`);
    if (statusOf(repo, runId).state === "running") {
      const again = cli(["run", "--run-id", runId, "--retry"], { cwd: repo });
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
    }
    expect(statusOf(repo, runId).state).toBe("succeeded");
    expect(git(repo, "rev-parse", `refs/agent-flow/${runId}/head`)).toBe(head);
    expect(whole(join(repo, "docs/status/latest/pipeline_status.json")).run_id).toBe(runId);
  }, 60_000);

  it("while latest's snapshot is made: latest is a whole succeeded run, the old or the new; the next run replaces it", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    expect(cli(["run", "--feature", "first", "--quiet"], { cwd: repo }).code).toBe(0);
    const first = readlinkSync(join(repo, "docs/status/latest"));
    const snapshots = join(repo, "docs/status/.snapshots");
    await killWhen(repo, "second", () =>
      readdirSync(snapshots).some((n) => !n.endsWith(".retired") && `.snapshots/${n}` !== first),
    );
    const target = readlinkSync(join(repo, "docs/status/latest"));
    const latest = whole(join(repo, "docs/status/latest/pipeline_status.json"));
    expect(latest.state).toBe("succeeded");
    // Every agent's log is there, as the run wrote it.
    for (const agent of ["one", "two"])
      expect(readFileSync(join(repo, "docs/status/latest", agent, "agent.log"), "utf8")).toBe(
        readFileSync(join(repo, "docs/status/runs", latest.run_id, agent, "agent.log"), "utf8"),
      );
    if (target === first) expect(latest.feature).toBe("first");
    expect(cli(["run", "--feature", "third", "--quiet"], { cwd: repo }).code).toBe(0);
    expect(whole(join(repo, "docs/status/latest/pipeline_status.json")).feature).toBe("third");
  }, 60_000);

  it("once latest is switched: latest is the whole, succeeded run; the next run replaces it", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    expect(cli(["run", "--feature", "first", "--quiet"], { cwd: repo }).code).toBe(0);
    const first = readlinkSync(join(repo, "docs/status/latest"));
    await killWhen(repo, "second", () => {
      try {
        return readlinkSync(join(repo, "docs/status/latest")) !== first;
      } catch {
        return false;
      }
    });
    const second = runsOf(repo).find((id) => statusOf(repo, id).feature === "second") as string;
    const latest = whole(join(repo, "docs/status/latest/pipeline_status.json"));
    expect(latest).toMatchObject({ run_id: second, state: "succeeded" });
    expect(statusOf(repo, second).state).toBe("succeeded");
    expect(readFileSync(join(repo, "docs/status/latest/one/agent.log"), "utf8")).toBe(
      readFileSync(join(repo, "docs/status/runs", second, "one/agent.log"), "utf8"),
    );
    expect(cli(["run", "--feature", "third", "--quiet"], { cwd: repo }).code).toBe(0);
    expect(whole(join(repo, "docs/status/latest/pipeline_status.json")).feature).toBe("third");
  }, 60_000);
});
