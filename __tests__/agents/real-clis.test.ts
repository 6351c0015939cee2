/**
 * The presets driven end to end: `agent-flow run` on a temp repository runs the REAL agent CLIs
 * (at the presets' pinned versions, installed by scripts/test-clis.mjs) against a scripted model server
 * speaking each provider's API (model-servers.ts). Each test shows that the CLI made the in-scope
 * change, the engine accepted it, the usage was read from the CLI's JSON output, the preset's extra
 * writable folder (the agent's output folder) works, and a write outside the worktree was refused by
 * the CLI itself.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunWorkspace } from "../../src/engine/workspace.js";
import type { RunStatus } from "../../src/run/status.js";
import { cliAsync, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";
import { testCliBin } from "./clis.js";
import {
  anthropicServer,
  geminiServer,
  HELLO,
  REPORT,
  responsesServer,
  type ScriptedServer,
} from "./model-servers.js";

let BIN = "";

interface Ran {
  repo: string;
  outside: string;
  code: number | null;
  stderr: string;
  status: RunStatus;
  log: string;
  runFolder: string;
}

/** One agent `dev` of `preset`, run by the real engine; `agent` adds keys to the agent. */
async function runFlow(
  preset: string,
  agent: Record<string, unknown>,
  env: Record<string, string>,
  writes = "[src/**]",
): Promise<Ran> {
  const repo = makeRepo({ "README.md": "# demo\n" });
  const outside = join(repo, "ESCAPED.txt");
  const lines = [
    "version: 1",
    "agents:",
    "  dev:",
    `    preset: ${preset}`,
    `    prompt: "Write src/hello.txt. REPORT_TO=$AGENT_OUTPUT/report.md ESCAPE_TO=${outside}"`,
    `    writes: ${writes}`,
    ...Object.entries(agent).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
    "workflows:",
    "  idea_to_feature:",
    "    steps:",
    "      - agent: dev",
  ];
  mkdirSync(join(repo, "agents"), { recursive: true });
  writeFileSync(join(repo, "agents/flow.yaml"), `${lines.join("\n")}\n`);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "-m", "flow");
  const r = await cliAsync(["run", "--feature", "hello"], {
    cwd: repo,
    env: { PATH: `${BIN}:${process.env.PATH}`, ...env },
  });
  const runs = readdirSync(join(repo, "docs/status/runs"));
  const runFolder = join(repo, "docs/status/runs", runs[0] as string);
  const status = readJson<RunStatus>(join(runFolder, "pipeline_status.json"));
  const log = readFileSync(join(runFolder, "dev", "agent.log"), "utf8");
  return { repo, outside, code: r.code, stderr: r.stderr, status, log, runFolder };
}

/** What every CLI must have done: the change accepted, the output kept, the escape refused. */
function expectAcceptedAndConfined(ran: Ran, server: ScriptedServer, refusal: RegExp): void {
  expect(ran.stderr, ran.log).not.toMatch(/refused|failed/i);
  expect(ran.code, ran.log).toBe(0);
  expect(ran.status.state).toBe("succeeded");
  // the real CLI wrote the file, and the engine took it into the run's result commit
  expect(git(ran.repo, "show", `${ran.status.result_ref}:src/hello.txt`)).toBe(HELLO.trimEnd());
  expect(git(ran.repo, "ls-tree", "-r", "--name-only", ran.status.result_ref).split("\n")).not.toContain(
    "ESCAPED.txt",
  );
  // the output folder is writable through the preset's flags, and was copied into the run folder
  expect(readFileSync(join(ran.runFolder, "dev", "report.md"), "utf8")).toBe(REPORT);
  // the write outside the worktree was refused by the CLI, not merely dropped by the engine
  expect(existsSync(ran.outside)).toBe(false);
  expect(server.toolResults.join("\n")).toMatch(refusal);
}

describe("presets against the real CLIs and a scripted model server", () => {
  const servers: ScriptedServer[] = [];
  let anthropic: ScriptedServer;
  let responses: ScriptedServer;
  let gemini: ScriptedServer;
  beforeAll(async () => {
    BIN = testCliBin();
    [anthropic, responses, gemini] = await Promise.all([
      anthropicServer(),
      responsesServer(),
      geminiServer(),
    ]);
    servers.push(anthropic, responses, gemini);
  }, 900_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("claude-code: Claude Code writes in scope, its usage and cost are read, a write outside is denied", async () => {
    const home = tempDir("agent-flow-home-");
    const ran = await runFlow(
      "claude-code",
      {
        model: "claude-sonnet-4-5",
        max_turns: 4,
        env: { ANTHROPIC_BASE_URL: anthropic.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
      },
      { HOME: home, ANTHROPIC_API_KEY: "sk-ant-test" },
    );
    expectAcceptedAndConfined(ran, anthropic, /permission|denied|not allowed|outside/i);
    // it wrote in the engine's own pooled directory (no `.git` in its path, which Claude Code refuses)
    const slot = join(RunWorkspace.poolDir(join(ran.repo, ".git")), "w0");
    expect(anthropic.toolResults.join("\n")).toContain(join(slot, "src", "hello.txt"));
    // Claude Code counts a turn per tool use plus one; the price is its table's for the model
    // (claude-sonnet-4-5: $3 and $15 per million input and output tokens)
    expect(ran.log).toContain("==> usage: turns=4 input_tokens=200 output_tokens=40 cost_usd=0.0012\n");
    expect(JSON.parse(readFileSync(join(ran.runFolder, "dev", "usage.json"), "utf8"))).toEqual({
      turns: 4,
      input_tokens: 200,
      output_tokens: 40,
      cost_usd: 0.0012,
    });
    expect(ran.log).toContain("--max-turns 4");
  }, 90_000);

  it("claude-code: a change outside the agent's writes is refused by the engine", async () => {
    const home = tempDir("agent-flow-home-");
    const ran = await runFlow(
      "claude-code",
      { env: { ANTHROPIC_BASE_URL: anthropic.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" } },
      { HOME: home, ANTHROPIC_API_KEY: "sk-ant-test" },
      "[docs/**]",
    );
    expect(ran.code).not.toBe(0);
    expect(ran.status.state).toBe("failed");
    expect(ran.log).toContain("==> usage: turns=4");
    const step = ran.status.steps[0];
    expect(JSON.stringify(step)).toMatch(/outside its scopes[^"]*src\/hello\.txt/s);
    expect(git(ran.repo, "ls-tree", "-r", "--name-only", ran.status.result_ref)).not.toContain(
      "src/hello.txt",
    );
  }, 90_000);

  it("codex: Codex runs the commands in its workspace-write sandbox; a write outside is read-only", async () => {
    const codexHome = tempDir("agent-flow-codex-home-");
    writeFileSync(
      join(codexHome, "config.toml"),
      [
        'model_provider = "scripted"',
        "[model_providers.scripted]",
        'name = "scripted"',
        `base_url = "${responses.url}/v1"`,
        'wire_api = "responses"',
        'env_key = "OPENAI_API_KEY"',
        "request_max_retries = 0",
        "stream_max_retries = 0",
        "",
      ].join("\n"),
    );
    const ran = await runFlow(
      "codex",
      { model: "gpt-5-codex", env: { CODEX_HOME: codexHome } },
      { HOME: tempDir("agent-flow-home-"), OPENAI_API_KEY: "sk-openai-test" },
    );
    expectAcceptedAndConfined(
      ran,
      responses,
      /Read-only file system|Permission denied|Operation not permitted/,
    );
    expect(ran.log).toMatch(/==> usage: turns=1 input_tokens=200 output_tokens=40\n/);
  }, 90_000);

  it("gemini: Gemini CLI edits in its workspace only, with a turn limit; a write outside is refused", async () => {
    const home = tempDir("agent-flow-home-");
    mkdirSync(join(home, ".gemini"));
    // an API-key login (the base URL alone selects the "gateway" login, which headless mode refuses)
    writeFileSync(
      join(home, ".gemini", "settings.json"),
      JSON.stringify({
        security: { auth: { selectedType: "gemini-api-key" } },
        privacy: { usageStatisticsEnabled: false },
        telemetry: { enabled: false },
        general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
      }),
    );
    const ran = await runFlow(
      "gemini",
      {
        model: "gemini-2.5-pro",
        max_turns: 5,
        env: { GOOGLE_GEMINI_BASE_URL: gemini.url, GEMINI_CLI_NO_RELAUNCH: "true" },
      },
      { HOME: home, GEMINI_API_KEY: "gemini-test-key" },
    );
    expectAcceptedAndConfined(ran, gemini, /outside the allowed workspace/);
    expect(ran.log).toMatch(/==> usage: turns=2 input_tokens=200 output_tokens=40\n/);
  }, 120_000);
});
