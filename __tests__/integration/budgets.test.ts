import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli } from "../helpers/cli.js";
import { makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

function onlyRun(repo: string): { dir: string; status: RunStatus } {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  const dir = join(repo, "docs/status/runs", runs[0] as string);
  return { dir, status: readJson<RunStatus>(join(dir, "pipeline_status.json")) };
}

/** An agent that reports what a CLI's usage parser would write, and marks that it ran. */
const paid = (name: string, usage: string): string =>
  `  ${name}:\n    run: 'printf %s ''${usage}'' > "$AGENT_OUTPUT/usage.json"; touch "$AGENT_OUTPUT/ran"'`;

describe("run budgets and usage", () => {
  it("stops before the next agent once the cost ceiling is exceeded, and totals usage in status", () => {
    const usage = '{"turns": 2, "input_tokens": 1000, "output_tokens": 50, "cost_usd": 0.6}';
    const repo = makeRepo({
      "agents/flow.yaml": `version: 1
defaults:
  max_cost_usd: 1
agents:
${paid("a", usage)}
${paid("b", usage)}
${paid("c", usage)}
workflows:
  idea_to_feature:
    steps:
      - agent: a
      - agent: b
      - agent: c
`,
    });
    const r = cli(["run", "--feature", "pricey"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "the run's cost ceiling was exceeded: its agents reported $1.20, above defaults.max_cost_usd ($1.00); no further agent was started",
    );
    expect(r.stderr).not.toContain("resume:");
    const { dir, status } = onlyRun(repo);
    expect(status.steps.map((s) => `${s.id}:${s.state}`)).toEqual(["a:succeeded", "b:succeeded"]);
    expect(readdirSync(dir)).not.toContain("c");
    expect(status.resumable).toBe(false);
    expect(status.usage).toEqual({ turns: 4, input_tokens: 2000, output_tokens: 100, cost_usd: 1.2 });
    expect(status.steps[0]?.agents[0]?.usage).toEqual({
      turns: 2,
      input_tokens: 1000,
      output_tokens: 50,
      cost_usd: 0.6,
    });

    const shown = cli(["status", status.run_id], { cwd: repo });
    expect(shown.stdout).toContain("  usage: 4 turns, 2000 in / 100 out tokens, $1.20");
    expect(shown.stdout).toContain("    a in idea_to_feature/a#1: 2 turns, 1000 in / 50 out tokens, $0.60");
  });

  it("ends a run that outlives its wall-clock budget, stopping the running agent", () => {
    const repo = makeRepo({
      "agents/flow.yaml": `version: 1
defaults:
  run_timeout: 2s
agents:
  slow:
    run: 'echo "not json" > "$AGENT_OUTPUT/usage.json"; sleep 60'
workflows:
  idea_to_feature:
    steps:
      - agent: slow
`,
    });
    const started = Date.now();
    const r = cli(["run", "--feature", "slow-one"], { cwd: repo, env: ENV });
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the run's time budget ran out (defaults.run_timeout: 2s)");
    const { dir, status } = onlyRun(repo);
    expect(status.state).toBe("failed");
    expect(status.resumable).toBe(true);
    expect(readFileSync(join(dir, "slow/agent.log"), "utf8")).toMatch(
      /==> agent-flow: usage not recorded: .*usage\.json: is not JSON/,
    );
  });
});
