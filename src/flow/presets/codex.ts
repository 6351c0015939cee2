import { jsonLines, num, type Preset } from "./types.js";

/**
 * OpenAI Codex CLI (`codex exec`). Its workspace-write sandbox (bubblewrap/seccomp on Linux, Seatbelt
 * on macOS) runs every model command with the worktree and the `--add-dir` folders as the only
 * writable roots; `/tmp` and `$TMPDIR`, writable by default, are excluded so an agent cannot reach a
 * sibling checkout there. Codex has no turn limit: the agent's `timeout` bounds it.
 */
export const codex: Preset = {
  name: "codex",
  description: "OpenAI Codex CLI (`codex exec`), workspace-write sandbox",
  program: "codex",
  install: { manager: "npm", package: "@openai/codex", version: "0.171.0" },
  secrets: ["OPENAI_API_KEY", "CODEX_API_KEY"],
  promptVia: "stdin",
  maxTurns: false,
  command: (c) => ({
    argv: [
      "codex",
      "exec",
      "--json",
      "--color",
      "never",
      "--ephemeral",
      "--sandbox",
      "workspace-write",
      "-c",
      "sandbox_workspace_write.exclude_slash_tmp=true",
      "-c",
      "sandbox_workspace_write.exclude_tmpdir_env_var=true",
      ...(c.model ? ["--model", c.model] : []),
      ...c.writableDirs.flatMap((d) => ["--add-dir", d]),
      ...c.args,
      "-", // the prompt is read from stdin
    ],
    env: {},
    files: [],
  }),
  usage(output) {
    const turns = jsonLines(output).filter((j) => j.type === "turn.completed");
    if (turns.length === 0) return null;
    return {
      turns: turns.length,
      // input_tokens already counts the cached ones
      input_tokens: turns.reduce((n, t) => n + num(t, "usage", "input_tokens"), 0),
      output_tokens: turns.reduce((n, t) => n + num(t, "usage", "output_tokens"), 0),
      cost_usd: null,
    };
  },
};
