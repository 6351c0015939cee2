import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { CLI, cli, tempDir } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

function flow(agents: string, steps: string, extra = ""): string {
  return `version: 1\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n${extra}`;
}

function onlyRun(repo: string): RunStatus {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  return readJson<RunStatus>(join(repo, "docs/status/runs", runs[0] as string, "pipeline_status.json"));
}

/** [start, end] in ms of each agent, from the `start`/`end` stamps it wrote into its output folder. */
function timeSpans(repo: string, runId: string, agents: string[]): (readonly [number, number])[] {
  const read = (agent: string, f: string) =>
    Number(readFileSync(join(repo, "docs/status/runs", runId, agent, f), "utf8")) / 1e6;
  return agents.map((a) => [read(a, "start"), read(a, "end")] as const);
}

describe("the local engine", () => {
  it("runs a parallel group concurrently and combines disjoint results on the private ref", () => {
    const agent = (name: string, dir: string) =>
      `  ${name}:\n    run: 'date +%s%N > "$AGENT_OUTPUT/start"; sleep 1; mkdir -p ${dir}; echo ${name} > ${dir}/${name}.txt; date +%s%N > "$AGENT_OUTPUT/end"'\n    writes: [${dir}/**]`;
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        [agent("a", "docs/a"), agent("b", "docs/b"), agent("c", "docs/c")].join("\n"),
        "      - parallel: [a, b, c]",
      ),
    });
    const before = git(repo, "rev-parse", "HEAD");
    const r = cli(["run", "--feature", "par"], { cwd: repo, env: ENV });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = onlyRun(repo);
    const spans = timeSpans(repo, s.run_id, ["a", "b", "c"]);
    // Every pair overlaps in time: each started before the other ended.
    for (const x of spans) for (const y of spans) expect(x[0]).toBeLessThan(y[1]);
    const files = git(repo, "ls-tree", "-r", "--name-only", s.result_ref).split("\n");
    expect(files).toEqual(expect.arrayContaining(["docs/a/a.txt", "docs/b/b.txt", "docs/c/c.txt"]));
    // The user's branch and working tree are untouched.
    expect(git(repo, "rev-parse", "HEAD")).toBe(before);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(existsSync(join(repo, "docs/a"))).toBe(false);
    expect(git(repo, "log", "-1", "--format=%B", s.result_ref)).toContain(`Run-Id: ${s.run_id}`);
  });

  it("runs at most parallel_max agents of a group at once", () => {
    const agent = (name: string) =>
      `  ${name}:\n    run: 'date +%s%N > "$AGENT_OUTPUT/start"; sleep 0.6; date +%s%N > "$AGENT_OUTPUT/end"'`;
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        ["p1", "p2", "p3", "p4"].map(agent).join("\n"),
        "      - parallel: [p1, p2, p3, p4]",
        "defaults:\n  parallel_max: 3\n",
      ),
    });
    const r = cli(["run", "--feature", "limit", "--parallel-max", "2"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const s = onlyRun(repo);
    const spans = timeSpans(repo, s.run_id, ["p1", "p2", "p3", "p4"]);
    const busiest = Math.max(...spans.map(([t]) => spans.filter(([a, b]) => a <= t && t < b).length));
    expect(busiest).toBe(2);
  });

  it("rejects a step that wrote outside its scopes, and keeps none of it", () => {
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        "  sneaky:\n    run: 'mkdir -p docs src && echo ok > docs/ok.md && echo bad > src/evil.js'\n    writes: [docs/**]",
        "      - agent: sneaky",
      ),
    });
    const r = cli(["run", "--feature", "scope"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    const s = onlyRun(repo);
    expect(s.state).toBe("failed");
    expect(s.steps[0]?.agents[0]?.error).toContain("src/evil.js: outside its writes (docs/**)");
    expect(s.head).toBe(s.base_sha);
    expect(git(repo, "rev-parse", s.result_ref)).toBe(s.base_sha);
    expect(git(repo, "for-each-ref", `refs/agent-flow/${s.run_id}/steps`)).toBe("");
  });

  it("records failures, timeouts and crashes, and retries as configured", () => {
    const counter = join(tempDir(), "count");
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        [
          `  flaky:\n    run: 'n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${counter}; [ $n -ge 3 ]'\n    retries: 2`,
          "  crashy:\n    run: 'kill -9 $$'\n    retries: 1\n    timeout: 30s",
          "  slow:\n    run: sleep 30\n    timeout: 1s",
        ].join("\n"),
        "      - agent: flaky\n      - parallel: [crashy, slow]",
      ),
    });
    const r = cli(["run", "--feature", "retry"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    const s = onlyRun(repo);
    expect(s.steps[0]?.agents[0]).toMatchObject({ state: "succeeded", attempts: 3 });
    expect(s.steps[1]?.agents[0]).toMatchObject({ state: "failed", attempts: 2, exit_code: null });
    expect(s.steps[1]?.agents[0]?.error).toMatch(/^killed by SIGKILL/);
    expect(s.steps[1]?.agents[1]).toMatchObject({ state: "failed", attempts: 1 });
    expect(s.steps[1]?.agents[1]?.error).toContain("timed out after 1.0s");
    expect(readFileSync(join(repo, "docs/status/runs", s.run_id, "pipeline.log"), "utf8")).toContain(
      "flaky: attempt 1 failed",
    );
  });

  it("resumes after SIGKILL of the engine mid-step, without running finished steps again", async () => {
    const marks = tempDir();
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        [
          `  first:\n    run: 'echo x >> ${marks}/first; mkdir -p docs; echo 1 > docs/first.md'\n    writes: [docs/**]`,
          `  second:\n    run: 'echo x >> ${marks}/second; if [ ! -f ${marks}/killed ]; then sleep 30; fi; mkdir -p lib; echo 2 > lib/second.txt'\n    writes: [lib/**]`,
        ].join("\n"),
        "      - agent: first\n      - agent: second",
      ),
    });
    const child = spawn(process.execPath, [CLI, "run", "--feature", "crash"], {
      cwd: repo,
      stdio: "ignore",
      env: { ...process.env, ...ENV },
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(marks, "second")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const crashed = onlyRun(repo);
    expect(crashed.state).toBe("running");
    expect(cli(["runs"], { cwd: repo }).stdout).toMatch(new RegExp(`${crashed.run_id}\\s+stale\\s+crash`));

    writeFileSync(join(marks, "killed"), "");
    const again = cli(["run", "--run-id", crashed.run_id, "--retry"], { cwd: repo, env: ENV });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const s = onlyRun(repo);
    expect(s.state).toBe("succeeded");
    expect(readFileSync(join(marks, "first"), "utf8")).toBe("x\n");
    expect(git(repo, "ls-tree", "-r", "--name-only", s.result_ref).split("\n")).toEqual(
      expect.arrayContaining(["docs/first.md", "lib/second.txt"]),
    );
    expect(readFileSync(join(repo, "docs/status/latest/pipeline_status.json"), "utf8")).toContain(s.run_id);
    // The agents' staging folders are the engine's scratch, not the run's record.
    expect(existsSync(join(repo, "docs/status/latest/.work"))).toBe(false);
  });

  it("cancels on SIGINT: agents stopped, status cancelled, exit 130", async () => {
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        "  sleeper:\n    run: sleep 30\n    locks: [src_writer]",
        "      - agent: sleeper",
      ),
    });
    const child = spawn(process.execPath, [CLI, "run", "--feature", "stop"], {
      cwd: repo,
      stdio: "ignore",
      env: { ...process.env, ...ENV },
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(repo, ".locks/src_writer.lock")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(130);
    const s = onlyRun(repo);
    expect(s.state).toBe("cancelled");
    expect(s.steps[0]?.agents[0]?.state).toBe("cancelled");
    expect(existsSync(join(repo, ".locks/src_writer.lock"))).toBe(false);
  });

  it.each([
    [["--feature", "Bad Name"], "'Bad Name' is not a valid feature name"],
    [["--feature", ""], "the feature name is empty"],
    [["--feature", "x".repeat(65)], "is not a valid feature name"],
    [["--feature", "ok", "--run-id", "../x"], "'../x' is not a run id"],
    [["--feature", "ok", "--run-id", ""], "the run id is empty"],
    [["--feature", "ok", "--run-id", `20260101-000000-${"a".repeat(60)}`], "is not a run id"],
    [["--feature", "ok", "--base", "nope"], "base branch 'nope' does not exist"],
    [["--run-id", "20260101-000000-abcdef01", "--retry"], "no run '20260101-000000-abcdef01'"],
  ])("refuses %j before writing anything", async (args, message) => {
    const repo = makeRepo({ "agents/flow.yaml": flow("  a:\n    run: 'true'", "      - agent: a") });
    // Refused before the run starts, so in this process; the first case as a real process.
    const r =
      args[1] === "Bad Name"
        ? cli(["run", ...args], { cwd: repo })
        : await cliHere(["run", ...args], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(repo, "docs/status"))).toBe(false);
    expect(git(repo, "for-each-ref", "refs/agent-flow")).toBe("");
  });
});
