import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STATUS_SCHEMA } from "../../src/run/status.js";
import { cli } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";
import { makeRepo } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };
const DAY = 86_400_000;

/** A status as the engine writes it, for a run that finished long ago. */
function status(runId: string, feature: string, startedMs: number): Record<string, unknown> {
  const at = new Date(startedMs).toISOString();
  return {
    schema: STATUS_SCHEMA,
    run_id: runId,
    feature,
    workflow: "idea_to_feature",
    base_branch: "main",
    base_sha: "0".repeat(40),
    flow_file: "agents/flow.yaml",
    state: "succeeded",
    started_at: at,
    finished_at: at,
    updated_at: at,
    engine: null,
    head: "0".repeat(40),
    result_ref: `refs/agent-flow/${runId}/head`,
    green: false,
    error: null,
    triggers: [],
    steps: [
      {
        key: "idea_to_feature/a#1",
        workflow: "idea_to_feature",
        id: "a",
        kind: "agent",
        state: "succeeded",
        started_at: at,
        finished_at: at,
        base: null,
        result: null,
        error: null,
        raised: [],
        agents: [],
      },
    ],
    outcome: null,
    a_field_from_a_newer_engine: { kept: true },
  };
}

function writeRun(repo: string, runId: string, text: string): string {
  const dir = join(repo, "docs/status/runs", runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pipeline_status.json"), text);
  writeFileSync(join(dir, "pipeline.log"), "");
  return join(dir, "pipeline_status.json");
}

describe("damaged pipeline_status.json", () => {
  const repo = makeRepo({ "agents/flow.yaml": "version: 1\n" });
  const good = "20260101-000000-aaaaaaaa";
  const missing = "20260102-000000-bbbbbbbb";
  const truncated = "20260103-000000-cccccccc";
  const longFeature = "f".repeat(64);
  const started = Date.now() - 59 * DAY - 2 * 3_600_000 - 60_000;
  writeRun(repo, good, JSON.stringify(status(good, longFeature, started)));
  const noSteps = status(missing, "x", started);
  delete noSteps.steps;
  delete noSteps.feature;
  const missingFile = writeRun(repo, missing, JSON.stringify(noSteps));
  const truncatedFile = writeRun(
    repo,
    truncated,
    JSON.stringify(status(truncated, "y", started)).slice(0, 200),
  );

  it("runs lists every run, shows the damaged ones as such and names what is wrong", () => {
    const r = cli(["runs"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${missing}\\s+damaged`));
    expect(r.stdout).toMatch(new RegExp(`${truncated}\\s+damaged`));
    expect(r.stderr).toContain(`${missingFile} is damaged`);
    expect(r.stderr).toMatch(/feature: .*expected string/);
    expect(r.stderr).toMatch(/steps: .*expected array/);
    expect(r.stderr).toContain(`${truncatedFile} is damaged: not valid JSON (truncated?`);
  });

  it("runs sizes its columns to the content and prints ages humanly", async () => {
    const lines = (await cliHere(["runs"], { cwd: repo })).stdout.trimEnd().split("\n");
    const header = lines[0] as string;
    const row = lines.find((l) => l.startsWith(good)) as string;
    // The 64-character feature is cut with an ellipsis and does not run into the AGE column.
    expect(row).toMatch(/f…\s{2,}59d2h$/);
    expect(row.indexOf("59d2h")).toBe(header.indexOf("AGE"));
    expect((await cliHere(["runs", "--json"], { cwd: repo })).stdout).toContain(longFeature);
  });

  it("status and logs name the damaged file and fail without a stack trace", () => {
    for (const cmd of [
      ["status", missing],
      ["logs", missing],
      ["logs", "-f", truncated],
      ["status", truncated],
    ]) {
      const r = cli(cmd, { cwd: repo });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*pipeline_status\.json is damaged: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const ok = cli(["status", good], { cwd: repo });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`feature ${longFeature}`);
  });
});

describe("locks", () => {
  it("prints ages humanly and sizes the resource column to its content", async () => {
    const repo = makeRepo({ "agents/flow.yaml": "version: 1\n" });
    mkdirSync(join(repo, ".locks"));
    const resource = "a_resource_name_much_longer_than_twenty_four";
    writeFileSync(
      join(repo, ".locks", `${resource}.lock`),
      JSON.stringify({
        resource,
        run_id: "20260101-000000-aaaaaaaa",
        agent: "dev",
        timestamp: new Date(Date.now() - 3 * 3_600_000 - 5 * 60_000 - 10_000).toISOString(),
        pid: process.pid,
        host: hostname(),
        token: "t",
      }),
    );
    const r = await cliHere(["locks"], { cwd: repo });
    expect(r.stdout).toMatch(/^RESOURCE\s+RUN/);
    expect(r.stdout).toMatch(
      new RegExp(`\\n${resource}  20260101-000000-aaaaaaaa  dev\\s+pid \\d+@\\S+\\s+3h05m\\s`),
    );
  });
});

describe("names agents control are escaped everywhere they are printed", () => {
  // A file name that would forge a log line, and one that would clear the terminal.
  const FORGED = "x\\n2026-01-01T00:00:00.000Z [run] run succeeded";
  const FLOW = `version: 1
agents:
  bad:
    run: 'printf ok > "$(printf "${FORGED}")"; printf ok > "$(printf "\\033[2J")"; echo ok > in.md'
    writes: [in.md]
workflows:
  idea_to_feature:
    steps:
      - agent: bad
`;
  const repo = makeRepo({ "agents/flow.yaml": FLOW });
  const r = cli(["run", "--feature", "evil"], { cwd: repo, env: ENV });
  const runId = readdirSync(join(repo, "docs/status/runs"))[0] as string;
  const log = readFileSync(join(repo, "docs/status/runs", runId, "pipeline.log"), "utf8");

  it("the run fails on the scope violation, with one clear message", () => {
    expect(r.code).toBe(1);
    // The agent's name once, the file count before the error, each path on its own line.
    expect(r.stdout).toMatch(/bad: failed \(3 files changed\): changed files outside its scopes/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/bad: bad /);
    expect(r.stdout).toMatch(/^ {2}"\\u001b\[2J": /m);
  });

  it("no control character reaches the terminal or pipeline.log, and no log line is forged", () => {
    for (const text of [r.stdout, r.stderr, log, cli(["status", runId], { cwd: repo }).stdout]) {
      expect(text).not.toContain("\x1b");
      expect(text).not.toMatch(/^2026-01-01T00:00:00\.000Z/m);
    }
    expect(log).toContain('"x\\n2026-01-01T00:00:00.000Z [run] run succeeded"');
    expect(log).toContain('"\\u001b[2J"');
  });
});
