/**
 * Agent presets: how to call a real coding-agent CLI non-interactively with a prompt file. Registered
 * by name so the flow validator and the engine agree on what exists.
 */
export interface Preset {
  name: string;
  description: string;
  /** argv for the agent, given the path of the prompt file the engine wrote. */
  command(promptFile: string): string[];
}

const PRESETS: Preset[] = [
  {
    name: "claude-code",
    description: "Anthropic Claude Code in print mode",
    command: (p) => ["sh", "-c", 'claude -p "$(cat "$1")" --permission-mode acceptEdits', "claude", p],
  },
  {
    name: "codex",
    description: "OpenAI Codex CLI, non-interactive",
    command: (p) => ["sh", "-c", 'codex exec --full-auto "$(cat "$1")"', "codex", p],
  },
  {
    name: "gemini",
    description: "Google Gemini CLI, non-interactive",
    command: (p) => ["sh", "-c", 'gemini --yolo -p "$(cat "$1")"', "gemini", p],
  },
  {
    name: "aider",
    description: "aider, one message then exit",
    command: (p) => ["aider", "--yes-always", "--no-auto-commits", "--message-file", p],
  },
];

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
