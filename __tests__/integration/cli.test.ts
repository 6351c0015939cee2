import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/cli/version.js";
import { cli, ROOT, tempDir } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";

const BROKEN = `version: 1
agents:
  dev:
    run: ./dev.sh
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: devv
`;

describe("agent-flow init", () => {
  it("writes a flow that validates, ignores run state, and refuses to overwrite without --force", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".gitignore"), "node_modules");
    const first = cli(["init"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("created agents/flow.yaml");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe(
      "node_modules\n# agent-flow runtime state\ndocs/status/\n.locks/\n.triggers/\n",
    );
    expect(await cliHere(["validate"], { cwd: dir })).toMatchObject({ code: 0 });

    writeFileSync(join(dir, "agents/flow.yaml"), "mine");
    const again = cli(["init"], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      "agents/flow.yaml already exists; nothing was written (use --force to overwrite it)",
    );
    expect(readFileSync(join(dir, "agents/flow.yaml"), "utf8")).toBe("mine");
    expect((await cliHere(["init", "--force"], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, ".gitignore"), "utf8").match(/docs\/status\//g)).toHaveLength(1);
  });
});

describe("agent-flow validate", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "agents"));
  writeFileSync(join(dir, "agents/flow.yaml"), BROKEN);
  const expected =
    "agents/flow.yaml:9:16: workflows.idea_to_feature.steps[0].agent: unknown agent 'devv'; did you mean 'dev'?";

  it("exits 1 with file:line:col problems", () => {
    const r = cli(["validate"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${expected}\nagents/flow.yaml: 1 problem\n`);
  });

  it("prints JSON and GitHub annotations", async () => {
    const json = await cliHere(["validate", "--format", "json"], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, diagnostics: [{ line: 9, col: 16 }] });
    const gh = await cliHere(["validate", "--format", "github"], { cwd: dir });
    expect(gh.stdout).toBe(
      "::error file=agents/flow.yaml,line=9,col=16,title=agent-flow%3A workflows.idea_to_feature.steps[0].agent::unknown agent 'devv'; did you mean 'dev'?\n",
    );
  });

  it("names a missing file and how to make one", async () => {
    const r = await cliHere(["validate", "--flow", "nope.yaml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "nope.yaml: no such file; run 'agent-flow init' to create one, or pass --flow FILE",
    );
  });

  it("rejects bad environment overrides", async () => {
    const ok = tempDir();
    expect((await cliHere(["init"], { cwd: ok })).code).toBe(0);
    const r = await cliHere(["validate"], { cwd: ok, env: { AGENT_PARALLEL_MAX: "abc" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "environment: AGENT_PARALLEL_MAX: expected a number, got the string 'abc' (it overrides defaults.parallel_max)",
    );
  });
});

describe("agent-flow plan", () => {
  const dir = tempDir();
  beforeAll(async () => {
    expect((await cliHere(["init"], { cwd: dir })).code).toBe(0);
  });

  it("prints the plan JSON for the default workflow", () => {
    const r = cli(["plan"], { cwd: dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.schema).toBe("agent-flow/plan@1");
    expect(plan.workflow).toBe("idea_to_feature");
    expect(plan.stages).toHaveLength(8);
    expect(plan.stages[2]).toMatchObject({ kind: "parallel", max_parallel: 2 });
  });

  it("honours AGENT_PARALLEL_MAX in the plan", async () => {
    const plan = JSON.parse((await cliHere(["plan"], { cwd: dir, env: { AGENT_PARALLEL_MAX: "1" } })).stdout);
    expect(plan.stages[2].max_parallel).toBe(1);
    expect(plan.defaults.parallel_max).toBe(1);
  });

  it("prints Mermaid, and refuses an unknown workflow with a suggestion", async () => {
    expect((await cliHere(["plan", "triage", "--format", "mermaid"], { cwd: dir })).stdout).toMatch(
      /^flowchart TD\n/,
    );
    const r = await cliHere(["plan", "triag"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no workflow 'triag' in agents/flow.yaml; did you mean 'triage'?");
  });
});

describe("usage", () => {
  const dir = tempDir();
  // One real process (--help of the whole program); the commands' help in this process.
  it.each([["init"], ["validate"], ["plan"], []])("--help works for '%s'", async (...cmd) => {
    const args = [...cmd.filter(Boolean), "--help"];
    const r = cmd.length === 0 ? cli(args, { cwd: dir }) : await cliHere(args, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: agent-flow");
  });

  it("suggests the command or flag meant, exit 2", async () => {
    const a = cli(["valdate"], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("error: unknown command 'valdate'\n(Did you mean validate?)");
    const b = await cliHere(["validate", "--fromat", "json"], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("(Did you mean --format?)");
    const c = await cliHere(["validate", "--format", "xml"], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("Allowed choices are text, json, github");
  });

  it("documents every command in the README, and the README documents every command", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const documented = [...readme.matchAll(/^### `agent-flow (\w+)/gm)].map((m) => m[1]).sort();
    const help = (await cliHere(["--help"], { cwd: dir })).stdout;
    const commands = [...help.matchAll(/^ {2}(\w+) /gm)]
      .map((m) => m[1])
      .filter((c) => c !== "help")
      .sort();
    const watched = ["status", "logs", "runs", "locks", "trigger"];
    expect([...documented, ...watched].sort()).toEqual(commands);
    for (const c of watched) expect(readme).toContain(`agent-flow ${c}`);
  });

  it("prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(cli(["--version"], { cwd: dir }).stdout.trim()).toBe(VERSION);
    // answered before commander loads (src/cli/index.ts): the same text for both spellings
    expect(cli(["-V"], { cwd: dir }).stdout).toBe(`${VERSION}\n`);
  });

  it("with no command, shows help on stderr and exits 2", () => {
    const r = cli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: agent-flow");
    expect(existsSync(join(dir, "agents"))).toBe(false);
  });
});
