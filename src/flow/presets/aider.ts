import type { Preset } from "./types.js";

/**
 * aider, one message then exit. It has no sandbox and no structured output: it is confined only by the
 * engine's scope check, and its usage is not recorded. Not installed or run by the tests (it is a
 * Python package).
 */
export const aider: Preset = {
  name: "aider",
  description: "aider, one message then exit (no sandbox; the engine's scope check only)",
  program: "aider",
  install: { manager: "pip", package: "aider-chat", version: "0.86.2" },
  // aider speaks to many providers, each with its own key: the flow names it in the agent's `secrets:`
  secrets: [],
  promptVia: "file",
  maxTurns: false,
  command: (c) => ({
    argv: [
      "aider",
      "--yes-always",
      "--no-auto-commits",
      "--no-check-update",
      ...(c.model ? ["--model", c.model] : []),
      ...c.args,
      "--message-file",
      c.promptFile,
    ],
    env: {},
    files: [],
  }),
  usage: () => null,
};
