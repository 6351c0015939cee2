import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { BASE_ENV, CLI, cli } from "../helpers/cli.js";
import { makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

function onlyRun(repo: string): RunStatus {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  return readJson<RunStatus>(join(repo, "docs/status/runs", runs[0] as string, "pipeline_status.json"));
}

const STACK = /^\s+at .*\(.*:\d+:\d+\)$/m;

describe("the CLI when its output goes away", () => {
  it("--help | head -1 prints one line and no stack trace", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" --help | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });

  it("run | head -1: the run goes on to its end and its status says so", () => {
    const flow = `version: 1\nagents:\n${[1, 2, 3]
      .map(
        (i) =>
          `  a${i}:\n    run: 'sleep 0.2; mkdir -p docs; echo ${i} > docs/a${i}.md'\n    writes: [docs/a${i}.md]`,
      )
      .join(
        "\n",
      )}\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: a1\n      - agent: a2\n      - agent: a3\n`;
    const repo = makeRepo({ "agents/flow.yaml": flow });
    // bash's PIPESTATUS gives the CLI's own exit code, not head's.
    const r = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${CLI}" run --feature piped 2>err.txt | head -1; echo "cli-exit=\${PIPESTATUS[0]}" >&2`,
      ],
      {
        cwd: repo,
        encoding: "utf8",
        env: { ...BASE_ENV(), ...ENV },
      },
    );
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain("cli-exit=0");
    const s = onlyRun(repo);
    expect(s.state).toBe("succeeded");
    expect(s.steps.map((x) => x.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(readFileSync(join(repo, "err.txt"), "utf8")).not.toMatch(STACK);
  });
});

describe("signals", () => {
  const stubborn = (repo: string) =>
    spawn(process.execPath, [CLI, "run", "--feature", "stop"], {
      cwd: repo,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...BASE_ENV(), ...ENV },
    });
  // An agent that ignores SIGTERM: a first cancel waits out the kill grace; a second one kills at once.
  const FLOW = `version: 1\nagents:\n  stubborn:\n    run: 'trap "" TERM; echo started > "$AGENT_OUTPUT/started"; sleep 30'\n    locks: [src_writer]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: stubborn\n`;

  async function started(repo: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(repo, ".locks/src_writer.lock")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
  }

  it("a second Ctrl-C kills the agents at once and the run still ends cancelled", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const child = stubborn(repo);
    await started(repo);
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(130);
    const s = onlyRun(repo);
    expect(s.state).toBe("cancelled");
    expect(s.engine).toBeNull();
    expect(existsSync(join(repo, ".locks/src_writer.lock"))).toBe(false);
  });

  it.each(["SIGHUP", "SIGTERM"] as const)(
    "%s (a closed terminal, a stop) cancels like Ctrl-C",
    async (sig) => {
      const repo = makeRepo({ "agents/flow.yaml": FLOW.replace('trap "" TERM; ', "") });
      const child = stubborn(repo);
      await started(repo);
      child.kill(sig);
      const code = await new Promise((r) => child.once("exit", r));
      expect(code).toBe(130);
      const s = onlyRun(repo);
      expect(s.state).toBe("cancelled");
      expect(s.engine).toBeNull();
    },
  );
});

describe("settings from the environment", () => {
  it("refuses a malformed AGENT_FLOW_RETRY_DELAY_MS or AGENT_FLOW_GITHUB_WRITE_SPACING before anything is written", () => {
    const repo = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  a:\n    run: 'true'\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: a\n",
    });
    const r = cli(["run", "--feature", "x"], { cwd: repo, env: { AGENT_FLOW_RETRY_DELAY_MS: "fast" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AGENT_FLOW_RETRY_DELAY_MS='fast' must be a whole number of milliseconds");
    expect(existsSync(join(repo, "docs/status"))).toBe(false);
    // The same at the start for a setting only the pull request would have read.
    const s = cli(["run", "--feature", "x"], { cwd: repo, env: { AGENT_FLOW_GITHUB_WRITE_SPACING: "no" } });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("AGENT_FLOW_GITHUB_WRITE_SPACING='no' must be 'on'");
    expect(existsSync(join(repo, "docs/status"))).toBe(false);
  });
});
