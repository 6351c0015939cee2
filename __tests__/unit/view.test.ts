import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { renderLive } from "../../src/cli/live-view.js";
import { formatTable, humanAge, truncate } from "../../src/cli/table.js";
import { elapsed, renderRun } from "../../src/cli/view.js";
import { type RunStatus, STATUS_SCHEMA, type StepStatus } from "../../src/run/status.js";

const t0 = Date.parse("2026-11-27T10:00:00.000Z");
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

function step(key: string, state: StepStatus["state"], from: number, to: number | null): StepStatus {
  const [workflow, rest] = key.split("/") as [string, string];
  return {
    key,
    workflow,
    id: rest.split("#")[0] as string,
    kind: "agent",
    state,
    started_at: at(from),
    finished_at: to === null ? null : at(to),
    base: null,
    result: null,
    error: null,
    raised: [],
    agents: [],
  };
}

const status: RunStatus = {
  schema: STATUS_SCHEMA,
  run_id: "20261127-100000-abcdef01",
  feature: "f",
  workflow: "main",
  base_branch: "main",
  base_sha: "0".repeat(40),
  flow_file: "agents/flow.yaml",
  state: "running",
  started_at: at(0),
  finished_at: null,
  updated_at: at(5),
  engine: null,
  head: "0".repeat(40),
  result_ref: "refs/agent-flow/x/head",
  green: false,
  error: null,
  triggers: [],
  steps: [
    step("main/plan#1", "succeeded", 0, 1.5),
    step("main/verify#1", "failed", 1.5, 2),
    step("triage/fix#1", "running", 2, null),
  ],
  outcome: null,
};

describe("the live view", () => {
  it("shows each execution with state and time, then the main workflow's steps still to come", () => {
    expect(
      renderRun(status, t0 + 5000, ["plan", "verify", "review", "commit"]).map((l) => l.replace(/ +/g, " ")),
    ).toEqual([
      "run 20261127-100000-abcdef01 running 5.0s feature f workflow main",
      " ✔ main/plan#1 succeeded 1.5s",
      " ✖ main/verify#1 failed 0.5s",
      " ▶ triage/fix#1 running 3.0s",
      " · main/review pending",
      " · main/commit pending",
    ]);
  });
});

describe("fitting output to its space", () => {
  it("prints ages humanly at every scale", () => {
    expect(
      [42_000, 183_000, 3 * 3600_000 + 5 * 60_000, 59 * 86_400_000 + 2 * 3600_000].map(humanAge),
    ).toEqual(["42s", "3m03s", "3h05m", "59d2h"]);
    // Was "85100m39s".
    expect(elapsed(at(0), at(85100 * 60 + 39))).toBe("59d2h");
    expect(elapsed(at(0), at(4.2))).toBe("4.2s");
  });

  it("cuts text to a number of terminal columns, counting wide characters as two", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("日本語のテキスト", 7)).toBe("日本語…");
    expect(stringWidth(truncate("日本語のテキスト", 6))).toBeLessThanOrEqual(6);
    expect(truncate("e\u0301e\u0301e\u0301", 2)).toBe("e\u0301…");
  });

  it("sizes table columns to their content, with a cap", () => {
    expect(
      formatTable(
        ["A", "B"],
        [
          ["xx", "1"],
          ["yyyyyy", "2"],
        ],
        [4],
      ),
    ).toEqual(["A     B", "xx    1", "yyy…  2"]);
  });

  it("the live view fits every line to the terminal's width", () => {
    const wide = { ...status, feature: "a-feature-name-that-is-long".repeat(2) };
    for (const columns of [30, 50, 200]) {
      const lines = renderLive(wide, columns, t0 + 5000, ["plan", "verify", "review"]);
      for (const l of lines) expect(stringWidth(l)).toBeLessThan(columns);
      expect(lines[0]).toMatch(/^run 20261127-100000-abcdef01/);
    }
    expect(renderLive(wide, 50, t0 + 5000)[0]).toMatch(/…$/);
    expect(renderLive(wide, 200, t0 + 5000)[0]).toContain(`feature ${wide.feature}  workflow main`);
  });
});
