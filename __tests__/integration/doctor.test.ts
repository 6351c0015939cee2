import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/engine/doctor.js";
import { cli } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";
import { stubCli } from "../helpers/stub-cli.js";

const SECRET = "sk-test-DO-NOT-PRINT-4242";

const FLOW = `version: 1
agents:
  writer:
    preset: claude-code
    prompt: Write the docs.
    writes: [docs/**]
  tool:
    run: ["agent-flow-test-tool", "--key", "${SECRET}"]
    secrets: [MY_TOKEN]
  spare:
    run: agent-flow-test-spare --go
workflows:
  idea_to_feature:
    steps:
      - agent: writer
      - agent: tool
  other:
    steps:
      - agent: spare
`;

describe("agent-flow doctor and the start-up check", () => {
  let repo: string;
  let stubs: string;
  beforeAll(() => {
    repo = makeRepo({ "agents/flow.yaml": FLOW });
    stubs = stubCli("claude");
    const tool = stubCli("agent-flow-test-tool");
    stubs = `${stubs}:${tool}`;
  });

  it("says which CLIs and secrets are missing, for which agents, and exits 1", () => {
    const r = cli(["doctor"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "agents/flow.yaml: agents.writer.preset: command not found: claude (needed by agent 'writer'); install it (npm install -g @anthropic-ai/claude-code@2.1.332) or put 'claude' on PATH",
    );
    expect(r.stderr).toContain(
      "agents/flow.yaml: agents.tool.secrets[0]: agent 'tool' needs MY_TOKEN, which is not set",
    );
    expect(r.stderr).toContain("needs one of ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN, and none is set");
    // An agent of another workflow is shown, but does not fail this one.
    expect(r.stderr).toMatch(/warn spare \(run; not in this workflow\)/);
    expect(r.stderr).toMatch(/containment: (pid-namespace|process-tree)/);
  });

  it("reports versions, set secrets and masked commands when all is there, and exits 0", () => {
    const env = { PATH: `${stubs}:${process.env.PATH}`, ANTHROPIC_API_KEY: "sk-ant-xyz", MY_TOKEN: SECRET };
    const text = cli(["doctor"], { cwd: repo, env });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/program: claude at .*\/claude, 9\.9\.9 \(stub claude\)/);
    expect(text.stdout).toContain("secrets: MY_TOKEN set");
    expect(text.stdout).toContain("runs: agent-flow-test-tool --key '***'");
    // a preset's command comes from the preset registry, its prompt on stdin
    expect(text.stdout).toMatch(/runs: claude --print --output-format json .* < '<prompt file>'\n/);
    expect(text.stdout + text.stderr).not.toContain(SECRET);
    expect(text.stdout).not.toContain("sk-ant-xyz");

    const json = cli(["doctor", "--json"], { cwd: repo, env });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    const writer = report.agents.find((a) => a.agent === "writer");
    expect(writer).toMatchObject({ needed: true, program: "claude", version: "9.9.9 (stub claude)" });
    expect(report.agents.find((a) => a.agent === "tool")?.command).toEqual([
      "agent-flow-test-tool",
      "--key",
      "***",
    ]);
    expect(report.sandbox.git.version).toMatch(/^git version/);
    expect(typeof report.sandbox.pid_namespace).toBe("boolean");
    expect(json.stdout).not.toContain(SECRET);
  });

  it("refuses a run that lacks a CLI or a secret before any agent starts or anything is written", () => {
    const r = cli(["run", "--feature", "docs-pass"], {
      cwd: repo,
      env: { PATH: `${stubs}:${process.env.PATH}`, ANTHROPIC_API_KEY: "sk-ant-xyz" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("agents.tool.secrets[0]: agent 'tool' needs MY_TOKEN, which is not set");
    expect(r.stderr).toContain("nothing ran and nothing was written");
    expect(existsSync(join(repo, "docs/status"))).toBe(false);

    const noCli = cli(["run", "--feature", "docs-pass"], { cwd: repo, env: { MY_TOKEN: "t" } });
    expect(noCli.code).toBe(2);
    expect(noCli.stderr).toContain("command not found: claude (needed by agent 'writer')");
    expect(noCli.stderr).toContain("command not found: agent-flow-test-tool (needed by agent 'tool')");
    expect(noCli.stderr).not.toContain("spare");
    expect(existsSync(join(repo, "docs/status"))).toBe(false);
  });
});
