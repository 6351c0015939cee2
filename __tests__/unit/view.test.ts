import { describe, expect, it } from "vitest";
import { renderRun } from "../../src/cli/view.js";
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
      "run 20261127-100000-abcdef01 feature f workflow main running 5.0s",
      " ✔ main/plan#1 succeeded 1.5s",
      " ✖ main/verify#1 failed 0.5s",
      " ▶ triage/fix#1 running 3.0s",
      " · main/review pending",
      " · main/commit pending",
    ]);
  });
});
