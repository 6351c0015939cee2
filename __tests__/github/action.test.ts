import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION, cli, tempDir } from "../helpers/cli.js";

/** Runs the action bundle the way the runner does: inputs as INPUT_*, outputs through $GITHUB_OUTPUT. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const out = join(workspace, "output.txt");
  const summary = join(workspace, "summary.md");
  writeFileSync(out, "");
  writeFileSync(summary, "");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [ACTION], { cwd: workspace, env, encoding: "utf8" });
  return {
    code: r.status,
    stdout: r.stdout,
    outputs: parseOutputs(readFileSync(out, "utf8")),
    summary: readFileSync(summary, "utf8"),
  };
}

/** $GITHUB_OUTPUT uses heredoc blocks: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const end = lines.indexOf(m[2] as string, i + 1);
    outputs[m[1] as string] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}

describe("the action (src/action/index.ts)", () => {
  it("plans: assigns a run id and emits the same plan JSON as the CLI", () => {
    const ws = tempDir();
    cli(["init"], { cwd: ws });
    const r = runAction(ws, { command: "plan", flow: "agents/flow.yaml", workflow: "", "run-id": "" });
    expect(r.code).toBe(0);
    expect(r.outputs["run-id"]).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(r.outputs.valid).toBe("true");
    expect(JSON.parse(r.outputs.plan ?? "")).toEqual(JSON.parse(cli(["plan"], { cwd: ws }).stdout));
    expect(r.summary).toContain("```mermaid");
  });

  it("annotates an invalid flow with file and line and fails", () => {
    const ws = tempDir();
    cli(["init"], { cwd: ws });
    const text = readFileSync(join(ws, "agents/flow.yaml"), "utf8").replace(
      "agent: rm-planner",
      "agent: rm-planer",
    );
    writeFileSync(join(ws, "agents/flow.yaml"), text);
    const r = runAction(ws, { command: "validate", flow: "agents/flow.yaml" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error title=agent-flow,file=agents\/flow.yaml,line=\d+,col=\d+::workflows.idea_to_feature.steps\[0\].agent: unknown agent 'rm-planer'; did you mean 'rm-planner'\?/,
    );
    expect(r.outputs.valid).toBe("false");
  });

  it("rejects bad inputs by name", () => {
    const ws = tempDir();
    expect(runAction(ws, { command: "deploy" }).stdout).toContain(
      "::error::input 'command' is 'deploy'; expected one of: validate, plan",
    );
    expect(runAction(ws, { "run-id": "../x" }).stdout).toContain("input 'run-id': '../x' is not a run id");
  });
});
