import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, describe, expect, it } from "vitest";
import { STATUS_SCHEMA } from "../../src/run/status.js";
import { CLI } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";

// A private tmux server per test file, so nothing touches the user's sessions.
const SOCKET = `agent-flow-test-${process.pid}`;
const tmux = (...args: string[]) =>
  spawnSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], { encoding: "utf8" });
afterAll(() => {
  tmux("kill-server");
});

const FEATURE = "a-feature-whose-name-is-long-enough-to-wrap";
const FLOW = `version: 1
agents:
  first:
    run: 'sleep 3; echo 1 > one.md'
    writes: [one.md]
  second:
    run: 'sleep 3; echo 2 > two.md'
    writes: [two.md]
workflows:
  idea_to_feature:
    steps:
      - agent: first
      - agent: second
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The screen with wrapped rows joined back (-J), so a line that wrapped shows as one long line. */
const screen = (session: string): string[] =>
  tmux("capture-pane", "-p", "-J", "-t", session).stdout.split("\n");

async function until(session: string, test: (lines: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const lines = screen(session);
    if (test(lines) || Date.now() > deadline) return lines;
    await sleep(200);
  }
}

/** The live view's lines: from its header to the summary the run prints at its end. */
function liveBlock(lines: string[]): string[] {
  const start = lines.findIndex((l) => /^run \d{8}-\d{6}-[0-9a-f]{8} {2}/.test(l));
  const end = lines.findIndex((l) => /^run \d{8}-\d{6}-[0-9a-f]{8} (succeeded|failed)$/.test(l));
  return lines.slice(start, end === -1 ? undefined : end);
}

function expectClean(block: string[], columns: number): void {
  expect(block.length).toBeGreaterThan(0);
  for (const l of block) expect(stringWidth(l)).toBeLessThanOrEqual(columns);
  // One header and each step once: a redraw leaves no stale copy behind.
  expect(block.filter((l) => l.startsWith("run "))).toHaveLength(1);
  for (const key of ["idea_to_feature/first", "idea_to_feature/second"])
    expect(block.filter((l) => l.includes(key))).toHaveLength(1);
}

describe("the live view under a real terminal (tmux)", () => {
  it("fits every line to 50 columns, then redraws cleanly when widened to 200", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const session = "narrow";
    const cmd = `env AGENT_FLOW_RETRY_DELAY_MS=50 "${process.execPath}" "${CLI}" run --feature ${FEATURE}; sleep 60`;
    try {
      expect(tmux("new-session", "-d", "-x", "50", "-y", "30", "-s", session, "-c", repo, cmd).status).toBe(
        0,
      );
      // While the first agent runs, at 50 columns.
      const narrow = liveBlock(await until(session, (l) => l.some((x) => /first#1\s+running/.test(x))));
      expectClean(narrow, 50);
      expect(narrow[0]).toMatch(/…$/);
      // Widen the terminal mid-run; the end of the run is drawn at 200 columns.
      tmux("resize-window", "-t", session, "-x", "200", "-y", "30");
      const wide = liveBlock(await until(session, (l) => l.some((x) => /^run \S+ succeeded$/.test(x))));
      expectClean(wide, 200);
      expect(wide[0]).toContain(`feature ${FEATURE}  workflow idea_to_feature`);
      expect(wide.join("\n")).toMatch(/second#1\s+succeeded/);
    } finally {
      // The closed terminal hangs the run up (SIGHUP cancels it); give it a moment before the folder goes.
      tmux("kill-server");
      await sleep(1500);
    }
  }, 90_000);
});

describe("logs on a terminal", () => {
  it("shows an agent's control sequences instead of obeying them", async () => {
    const repo = makeRepo({ "agents/flow.yaml": "version: 1\n" });
    const runId = "20260101-000000-aaaaaaaa";
    const dir = join(repo, "docs/status/runs", runId);
    mkdirSync(join(dir, "dev"), { recursive: true });
    const at = new Date().toISOString();
    const agent = {
      agent: "dev",
      output: "dev",
      state: "succeeded",
      attempts: 1,
      started_at: at,
      finished_at: at,
    };
    writeFileSync(
      join(dir, "pipeline_status.json"),
      JSON.stringify({
        schema: STATUS_SCHEMA,
        run_id: runId,
        feature: "f",
        workflow: "w",
        state: "succeeded",
        started_at: at,
        finished_at: at,
        engine: null,
        steps: [
          {
            key: "w/dev#1",
            workflow: "w",
            id: "dev",
            kind: "agent",
            state: "succeeded",
            started_at: at,
            finished_at: at,
            agents: [agent],
          },
        ],
      }),
    );
    // Clearing the screen would wipe the line written before it.
    writeFileSync(join(dir, "dev", "agent.log"), "written before\n\x1b[2J\x1b[Hafter\n");
    const session = "logs";
    try {
      tmux(
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "20",
        "-s",
        session,
        "-c",
        repo,
        `"${process.execPath}" "${CLI}" logs ${runId} dev; sleep 30`,
      );
      const lines = await until(session, (l) => l.some((x) => x.includes("after")));
      expect(lines).toContain("written before");
      expect(lines.join("\n")).toContain("\\u001b[2J\\u001b[Hafter");
    } finally {
      tmux("kill-server");
    }
  }, 60_000);
});
