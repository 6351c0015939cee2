import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ACTION, cli, SRC_BUILD, tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

/**
 * Runs the action the way the runner does: inputs as INPUT_*, outputs through $GITHUB_OUTPUT, the summary
 * through $GITHUB_STEP_SUMMARY. `entry` is the compiled action, or a module that starts it with a store.
 */
function runAction(
  workspace: string,
  inputs: Record<string, string>,
  entry = ACTION,
  extraEnv: NodeJS.ProcessEnv = {},
) {
  const out = join(workspace, "output.txt");
  const summary = join(workspace, "summary.md");
  writeFileSync(out, "");
  writeFileSync(summary, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: out,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [entry], { cwd: workspace, env, encoding: "utf8" });
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

/**
 * The compiled action started with a folder standing in for the Actions cache (the real transport, over
 * @actions/cache, is tested on its own): a module that calls main.js's run() with that store.
 */
function storeEntry(): string {
  const dir = tempDir("agent-flow-cache-");
  const entry = join(dir, "entry.mjs");
  writeFileSync(
    entry,
    `import { cp, mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { run } from ${JSON.stringify(pathToFileURL(join(SRC_BUILD, "action/main.js")).href)};
const root = ${JSON.stringify(join(dir, "cache"))};
await mkdir(root, { recursive: true });
const store = () => ({
  async save(key, from) {
    if (await stat(join(root, key)).catch(() => null)) throw new Error("exists: " + key);
    await cp(from, join(root, key), { recursive: true });
  },
  async restore(key, into) {
    if (!(await readdir(root)).includes(key)) return null;
    await cp(join(root, key), into, { recursive: true });
    return key;
  },
  async exists(prefix) {
    return (await readdir(root)).some((n) => n.startsWith(prefix));
  },
});
await run(store);
`,
  );
  return entry;
}

describe("the action (src/action/index.ts)", () => {
  it("plans: starts a run, saves its state, and emits the first action, the plan and a summary", () => {
    const ws = makeRepo({});
    cli(["init"], { cwd: ws });
    git(ws, "add", "--all");
    git(ws, "commit", "--quiet", "-m", "flow");
    const r = runAction(
      ws,
      { command: "plan", flow: "agents/flow.yaml", feature: "risk", request: "Add risk.", slots: "40" },
      storeEntry(),
    );
    expect(r.stdout).not.toContain("::error");
    expect(r.code).toBe(0);
    const id = r.outputs["run-id"] as string;
    expect(id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(r.outputs).toMatchObject({
      valid: "true",
      kind: "agents",
      seq: "0",
      done: "false",
      "max-parallel": "1",
    });
    expect(r.outputs["state-digest"]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(r.outputs.matrix ?? "")).toMatchObject({
      leg: [{ seq: 0, step: "idea_to_feature/rm-planner#1", kind: "agent", index: 0, agent: "rm-planner" }],
    });
    expect(JSON.parse(r.outputs.plan ?? "")).toEqual(JSON.parse(cli(["plan"], { cwd: ws }).stdout));
    expect(r.summary).toContain(`## agent-flow plan: run \`${id}\``);
    expect(r.summary).toContain("| idea_to_feature/rm-planner#1 | | running |");
  });

  it("a leg reads AGENT_FLOW_RETRY_DELAY_MS as `agent-flow run` does: a bad value fails it at once, by name", () => {
    const ws = makeRepo({});
    cli(["init"], { cwd: ws });
    git(ws, "add", "--all");
    git(ws, "commit", "--quiet", "-m", "flow");
    const entry = storeEntry();
    const plan = runAction(
      ws,
      { command: "plan", feature: "risk", request: "Add risk.", slots: "40" },
      entry,
    );
    expect(plan.code).toBe(0);
    const leg = JSON.parse(plan.outputs.matrix ?? "").leg[0];
    const r = runAction(
      ws,
      {
        command: "run",
        "run-id": plan.outputs["run-id"] as string,
        "state-digest": plan.outputs["state-digest"] as string,
        leg: JSON.stringify(leg),
      },
      entry,
      { AGENT_FLOW_RETRY_DELAY_MS: "soon" },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "::error::AGENT_FLOW_RETRY_DELAY_MS='soon' must be a whole number of milliseconds from 0 to 600000",
    );
    expect(r.outputs.ok).toBeUndefined();
  });

  it("refuses a plan whose flow is longer than the workflow's slots, saying how to go on", () => {
    const ws = makeRepo({});
    cli(["init"], { cwd: ws });
    git(ws, "add", "--all");
    git(ws, "commit", "--quiet", "-m", "flow");
    const r = runAction(ws, { command: "plan", feature: "risk", slots: "5" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::workflow 'idea_to_feature' of agents\/flow.yaml can take up to \d+ step executions/,
    );
    expect(r.stdout).toContain("dispatching again with the same run id resumes it");
    expect(r.outputs["run-id"]).toBeUndefined();
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
      "::error::input 'command' is 'deploy'; expected one of: validate, plan, run, advance, commit, status",
    );
    expect(runAction(ws, { "run-id": "../x" }).stdout).toContain("input 'run-id': '../x' is not a run id");
    expect(runAction(ws, { command: "advance", "run-id": "20260101-000000-abcdef01" }).stdout).toContain(
      "::error::input 'state-digest' is required for command 'advance'",
    );
  });
});
