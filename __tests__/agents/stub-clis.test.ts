/**
 * Presets with stub executables in place of the real CLIs (named `claude`, `codex`, on a PATH made for
 * the test): what each receives (argv, stdin, environment) and what the engine refuses before any
 * agent starts.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { needsOf } from "../../src/engine/jobs/transition.js";
import { loadFlowText } from "../../src/flow/load.js";
import { presetNames, requirePreset } from "../../src/flow/presets/index.js";
import { cli, ROOT, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";

/** Records argv, stdin and environment in the agent's output folder, then prints a usage line. */
const STUB = `#!/bin/sh
printf '%s\\n' "$@" > "$AGENT_OUTPUT/argv.txt"
cat > "$AGENT_OUTPUT/stdin.txt"
env > "$AGENT_OUTPUT/env.txt"
echo '{"type":"result","num_turns":3,"usage":{"input_tokens":11,"output_tokens":7},"total_cost_usd":0.25}'
`;

/** A folder holding stubs named after `programs`, and a PATH of it plus the system folders. */
function stubPath(programs: string[], script = STUB): string {
  const bin = tempDir("agent-flow-stubs-");
  for (const p of programs) {
    writeFileSync(join(bin, p), script);
    chmodSync(join(bin, p), 0o755);
  }
  return `${bin}:/usr/local/bin:/usr/bin:/bin`;
}

function flow_(agents: string, steps: string): string {
  return `version: 1\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n`;
}

const runFolder = (repo: string): string => {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  return join(repo, "docs/status/runs", runs[0] as string);
};

describe("presets with stub CLIs", () => {
  it("gives each agent its own preset's secret only, and never a GitHub token", () => {
    const repo = makeRepo({
      "agents/flow.yaml": flow_(
        [
          "  writer:\n    preset: claude-code\n    prompt: write",
          "  coder:\n    preset: codex\n    prompt: code",
          "  plain:\n    run: 'env > \"$AGENT_OUTPUT/env.txt\"'",
        ].join("\n"),
        "      - parallel: [writer, coder, plain]",
      ),
    });
    const r = cli(["run", "--feature", "secrets"], {
      cwd: repo,
      env: {
        PATH: stubPath(["claude", "codex"]),
        ANTHROPIC_API_KEY: "anthropic-secret-1",
        OPENAI_API_KEY: "openai-secret-2",
        GITHUB_TOKEN: "ghp_github-secret-3",
      },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const env = (agent: string) => readFileSync(join(runFolder(repo), agent, "env.txt"), "utf8");
    expect(env("writer")).toContain("ANTHROPIC_API_KEY=anthropic-secret-1\n");
    expect(env("writer")).not.toContain("openai-secret-2");
    expect(env("coder")).toContain("OPENAI_API_KEY=openai-secret-2\n");
    expect(env("coder")).not.toContain("anthropic-secret-1");
    for (const agent of ["writer", "coder", "plain"])
      expect(env(agent)).not.toMatch(/GITHUB_TOKEN|github-secret/);
    expect(env("plain")).not.toMatch(/anthropic-secret|openai-secret/);
  });

  it("feeds a 1 MiB prompt on stdin, byte for byte, never through argv or a shell", () => {
    // Shell syntax that would run if the prompt were interpolated into `sh -c`, repeated past 1 MiB
    // (eight times the kernel's 128 KiB limit on one argument).
    const line = "Do it. $(touch PWNED) `touch PWNED` \"; touch PWNED; echo \" 'quoted' \\ back\n";
    const prompt = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const repo = makeRepo({
      "agents/prompts/big.md": prompt,
      "agents/flow.yaml": flow_(
        "  big:\n    preset: claude-code\n    prompt_file: agents/prompts/big.md\n    max_turns: 3\n    model: opus\n    args: [--verbose]",
        "      - agent: big",
      ),
    });
    const r = cli(["run", "--feature", "big"], {
      cwd: repo,
      env: { PATH: stubPath(["claude"]), ANTHROPIC_API_KEY: "k" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = join(runFolder(repo), "big");
    const stdin = readFileSync(join(out, "stdin.txt"), "utf8");
    expect(stdin.length).toBeGreaterThan(1024 * 1024);
    expect(stdin).toBe(prompt);
    const argv = readFileSync(join(out, "argv.txt"), "utf8").split("\n");
    expect(argv.join("\n")).not.toContain("Do it.");
    // the flow's model, turn limit and extra arguments reach the CLI as flags
    expect(argv.slice(0, 2)).toEqual(["--print", "--output-format"]);
    expect(argv.join(" ")).toContain("--model opus");
    expect(argv.join(" ")).toContain("--max-turns 3");
    expect(argv).toContain("--verbose");
    expect(existsSync(join(repo, "PWNED"))).toBe(false);
    // the stub's result line was read as the attempt's usage
    expect(JSON.parse(readFileSync(join(out, "usage.json"), "utf8"))).toEqual({
      turns: 3,
      input_tokens: 11,
      output_tokens: 7,
      cost_usd: 0.25,
    });
  });

  it("reports a missing CLI and a missing secret before any agent starts", () => {
    const marker = join(tempDir("agent-flow-marker-"), "first-ran");
    const repo = makeRepo({
      "agents/flow.yaml": flow_(
        [
          `  first:\n    run: ['touch', '${marker}']`,
          "  reviewer:\n    preset: gemini\n    prompt: review",
          "  writer:\n    preset: claude-code\n    prompt: write",
        ].join("\n"),
        "      - agent: first\n      - agent: reviewer\n      - agent: writer",
      ),
    });
    // `claude` is there but has no key; `gemini` is not installed, and its key is set
    const r = cli(["run", "--feature", "missing"], {
      cwd: repo,
      env: { PATH: stubPath(["claude"]), GEMINI_API_KEY: "g" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /agents\.reviewer\.preset: command not found: gemini \(needed by agent 'reviewer'\); install it \(npm install -g @google\/gemini-cli@0\.61\.0\)/,
    );
    expect(r.stderr).toMatch(
      /agents\.writer\.preset: the claude-code CLI needs one of ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN, and none is set \(needed by agent 'writer'\)/,
    );
    expect(r.stderr).not.toMatch(/gemini CLI needs one of/);
    expect(existsSync(marker)).toBe(false);
  });

  it("on GitHub, hands a preset agent's leg its CLI's secrets, which the reusable workflow passes", () => {
    const { flow } = loadFlowText(
      "agents/flow.yaml",
      flow_(
        "  writer:\n    preset: claude-code\n    prompt: write\n    secrets: [EXTRA_KEY]",
        "      - agent: writer",
      ),
    );
    if (!flow) throw new Error("flow did not load");
    expect(needsOf(flow)("writer").secrets).toEqual([
      "EXTRA_KEY",
      "ANTHROPIC_API_KEY",
      "CLAUDE_CODE_OAUTH_TOKEN",
    ]);
    // the workflow gives a leg only the secrets it declares as workflow_call secrets: every preset's
    // must be there, or its leg would start without a key
    const workflow = parse(readFileSync(join(ROOT, ".github/workflows/agent-flow.yml"), "utf8")) as {
      on: { workflow_call: { secrets: Record<string, unknown> } };
    };
    const declared = Object.keys(workflow.on.workflow_call.secrets);
    for (const name of presetNames())
      expect(declared).toEqual(expect.arrayContaining([...requirePreset(name).secrets]));
  });

  it("writes the usage it read as a new file, never through a link the agent left in its place", () => {
    const victim = join(tempDir("agent-flow-victim-"), "victim.txt");
    writeFileSync(victim, "the user's file\n");
    const repo = makeRepo({
      "agents/flow.yaml": flow_(
        "  writer:\n    preset: claude-code\n    prompt: write",
        "      - agent: writer",
      ),
    });
    const linking = `${STUB}ln -s '${victim}' "$AGENT_OUTPUT/usage.json"\n`;
    const r = cli(["run", "--feature", "usage-link"], {
      cwd: repo,
      env: { PATH: stubPath(["claude"], linking), ANTHROPIC_API_KEY: "k" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("the user's file\n");
    expect(JSON.parse(readFileSync(join(runFolder(repo), "writer", "usage.json"), "utf8"))).toMatchObject({
      turns: 3,
      cost_usd: 0.25,
    });
  });
});
