import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_LOG_BYTES, LOGS_TAIL_BYTES } from "../../src/engine/log-cap.js";
import type { RunStatus } from "../../src/run/status.js";
import { cli } from "../helpers/cli.js";
import { makeRepo, readJson } from "../helpers/repo.js";

describe("attack: an agent that floods its log", () => {
  it("keeps agent.log near its cap (first and last part, a marker between), and logs prints a bounded tail", () => {
    // 50 MiB of output, quickly: a first line, 50 MiB of lines, a last line.
    const repo = makeRepo({
      "agents/flow.yaml": `version: 1
agents:
  flood:
    run: 'echo FIRST-LINE; yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopq | head -c 52428800; echo LAST-LINE'
workflows:
  idea_to_feature:
    steps:
      - agent: flood
`,
    });
    const r = cli(["run", "--feature", "flood"], { cwd: repo, env: { AGENT_FLOW_RETRY_DELAY_MS: "50" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [id] = readdirSync(join(repo, "docs/status/runs"));
    const s = readJson<RunStatus>(join(repo, "docs/status/runs", id as string, "pipeline_status.json"));
    expect(s.state).toBe("succeeded");
    const log = join(repo, "docs/status/runs", s.run_id, "flood", "agent.log");
    const size = statSync(log).size;
    expect(size).toBeLessThanOrEqual(DEFAULT_MAX_LOG_BYTES + 4096);
    expect(size).toBeGreaterThan(DEFAULT_MAX_LOG_BYTES - 4096);
    const text = readFileSync(log, "utf8");
    expect(text.split("\n")[1]).toBe("FIRST-LINE"); // after the engine's attempt header
    const dropped = text.match(/\n==> agent-flow: (\d+) bytes of output dropped here/);
    expect(dropped).not.toBeNull();
    expect(Number(dropped?.[1])).toBeGreaterThan(52428800 - DEFAULT_MAX_LOG_BYTES);
    expect(text).toMatch(/LAST-LINE\n==> .* exited with code 0\n$/);

    const shown = cli(["logs", s.run_id, "flood"], { cwd: repo });
    expect(shown.code).toBe(0);
    expect(shown.stdout.length).toBeLessThanOrEqual(LOGS_TAIL_BYTES + 1024);
    expect(shown.stdout).toMatch(/^==> agent-flow: the first \d+ bytes of .*agent\.log are not shown/);
    expect(shown.stdout).toContain("LAST-LINE");
  });
});
