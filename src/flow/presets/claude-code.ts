import { jsonLines, num, type Preset } from "./types.js";

/**
 * Claude Code in print mode. Its permission mode `acceptEdits` lets the file tools write only inside
 * the working directories (the worktree plus the `--add-dir` folders); `--permission-prompts none`
 * denies whatever would ask (shell commands, writes elsewhere) instead of waiting for a person. Edit
 * and Write are deliberately not put in `--allowedTools`: an allow rule without a path lets them write
 * anywhere. A flow that wants more (e.g. `Bash(npm test)`) says so in `args`.
 */
export const claudeCode: Preset = {
  name: "claude-code",
  description: "Anthropic Claude Code (`claude -p`), edits confined to the worktree",
  program: "claude",
  install: { manager: "npm", package: "@anthropic-ai/claude-code", version: "2.1.332" },
  secrets: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"],
  promptVia: "stdin",
  maxTurns: true,
  command: (c) => ({
    argv: [
      "claude",
      "--print",
      "--output-format",
      "json",
      "--permission-mode",
      "acceptEdits",
      "--permission-prompts",
      "none",
      "--no-session-persistence",
      ...(c.model ? ["--model", c.model] : []),
      // hidden from --help at 2.1.332 but accepted; the end-to-end test runs it
      ...(c.maxTurns ? ["--max-turns", String(c.maxTurns)] : []),
      ...c.writableDirs.flatMap((d) => ["--add-dir", d]),
      ...c.args,
    ],
    env: {},
    files: [],
  }),
  usage(output) {
    const result = jsonLines(output)
      .filter((j) => j.type === "result")
      .at(-1);
    if (!result) return null;
    const cost = result.total_cost_usd;
    return {
      turns: num(result, "num_turns"),
      input_tokens:
        num(result, "usage", "input_tokens") +
        num(result, "usage", "cache_creation_input_tokens") +
        num(result, "usage", "cache_read_input_tokens"),
      output_tokens: num(result, "usage", "output_tokens"),
      cost_usd: typeof cost === "number" && Number.isFinite(cost) ? Math.round(cost * 1e6) / 1e6 : null,
    };
  },
};
