import { describe, expect, it } from "vitest";
import { runProgram } from "../../src/engine/preflight.js";
import { renderTemplate, unknownPlaceholders } from "../../src/flow/prompt-template.js";
import { renderPrBody } from "../../src/run/pr-body.js";
import { cleanRequest } from "../../src/run/request.js";
import { type RunStatus, STATUS_SCHEMA } from "../../src/run/status.js";
import { addUsage, formatUsage, parseUsage } from "../../src/run/usage.js";

describe("prompt templates", () => {
  it("fill placeholders in one pass: a value is never expanded again", () => {
    const out = renderTemplate(
      "{{feature}} / {{ mode }} / {{with.input}} / $FEATURE_NAME / {{Other}} / {{#if x}}",
      { feature: "{{run_id}} $HOME", mode: "fix", run_id: "R" },
      { input: "plans" },
      { FEATURE_NAME: "{{mode}}" },
    );
    expect(out).toBe("{{run_id}} $HOME / fix / plans / {{mode}} / {{Other}} / {{#if x}}");
  });

  it("locate unknown placeholders by line and column", () => {
    expect(unknownPlaceholders("ok {{feature}}\n  {{featur}} {{with.x}}")).toEqual([
      { name: "featur", line: 2, col: 3 },
    ]);
  });
});

describe("usage records", () => {
  it("sum field by field, unknown staying unknown only when both are", () => {
    expect(
      addUsage(
        { turns: 1, input_tokens: null, output_tokens: 5, cost_usd: 0.1 },
        { turns: 2, input_tokens: null, output_tokens: null, cost_usd: 0.2 },
      ),
    ).toEqual({ turns: 3, input_tokens: null, output_tokens: 5, cost_usd: 0.3 });
  });

  it("refuse what is not a usage record", () => {
    expect(parseUsage('{"cost_usd": -1}')).toEqual({
      problem:
        "cost_usd: must be a non-negative number or null (turns, input_tokens, output_tokens, cost_usd)",
    });
    expect(parseUsage("[1]")).toHaveProperty("problem");
    expect(parseUsage('{"turns": 3, "extra": "x"}')).toEqual({
      usage: { turns: 3, input_tokens: null, output_tokens: null, cost_usd: null },
    });
  });

  it("are totalled in the pull request's description", () => {
    const agent = (name: string, cost: number) => ({
      agent: name,
      output: name,
      with: {},
      state: "succeeded" as const,
      attempts: 1,
      started_at: "2026-11-29T10:00:00.000Z",
      finished_at: "2026-11-29T10:00:05.000Z",
      exit_code: 0,
      error: null,
      changed_files: [],
      commit: null,
      raised: [],
      usage: { turns: 3, input_tokens: 12_000, output_tokens: 800, cost_usd: cost },
    });
    const status: RunStatus = {
      schema: STATUS_SCHEMA,
      run_id: "20261129-100000-abcdef01",
      feature: "csv-export",
      workflow: "idea_to_feature",
      base_branch: "main",
      base_sha: "a".repeat(40),
      flow_file: "agents/flow.yaml",
      state: "running",
      started_at: "2026-11-29T10:00:00.000Z",
      finished_at: null,
      updated_at: "2026-11-29T10:00:00.000Z",
      engine: null,
      head: "a".repeat(40),
      result_ref: "refs/agent-flow/x/head",
      green: true,
      error: null,
      triggers: [],
      steps: [
        {
          key: "idea_to_feature/plan#1",
          workflow: "idea_to_feature",
          id: "plan",
          kind: "parallel",
          state: "succeeded",
          started_at: null,
          finished_at: null,
          base: null,
          result: null,
          error: null,
          raised: [],
          agents: [agent("planner", 0.25), agent("analyst", 0.5)],
        },
      ],
      outcome: null,
      usage: { turns: 7, input_tokens: 30_000, output_tokens: 1600, cost_usd: 0.9 },
    };
    const body = renderPrBody(status, "Export CSV.", null);
    expect(body).toContain(
      "| idea_to_feature/plan#1 | planner | succeeded | 1 | 5.0s | 3 turns, 12k in / 800 out tokens, $0.25 |",
    );
    // The total counts every attempt of the run (here more than the steps shown).
    expect(body).toContain("Agents used, in total: 7 turns, 30k in / 1600 out tokens, $0.90.");
    expect(formatUsage({ turns: null, input_tokens: null, output_tokens: null, cost_usd: null })).toBe("-");
  });
});

describe("start-up checks and the request", () => {
  it.each([
    [["node", "x.js"], "node"],
    ["claude -p hi", "claude"],
    ["./scripts/agent.sh --go", "./scripts/agent.sh"],
    ["echo hi > x", null],
    ["FOO=1 tool", null],
    ['"$AGENT_BIN" go', null],
    ["cd src && make", null],
  ])("finds the program of %j", (run, program) => {
    expect(runProgram(run as string | string[])).toBe(program);
  });

  it("caps a huge request quickly and says how much was dropped", () => {
    const started = Date.now();
    const r = cleanRequest(`<!-- x -->ok\u200B${"A".repeat(20 * 1024 * 1024)}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(Buffer.byteLength(r.text)).toBe(64 * 1024);
    expect(r.note).toBe(
      "the request text was sanitised: 1 HTML comment removed; 1 invisible, bidirectional or control character removed; cut at 64 KiB (19.9 MiB dropped)",
    );
  });
});
