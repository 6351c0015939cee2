import { findPreset } from "../flow/presets.js";

/**
 * What `doctor` and the start-up check need to know about a preset: the program it runs, the secrets
 * its CLI authenticates with (any one of them will do), how to install it, and its command line.
 *
 * The one place that reads the preset registry for them. With the preset interface of issue 11
 * (src/flow/presets/: `program`, `secrets`, `install`, `command(call)`), this becomes:
 *
 *   const p = findPreset(name);
 *   return p && { program: p.program, secrets: p.secrets,
 *     install: `${p.install.manager} install ${p.install.package}@${p.install.version}`,
 *     argv: (promptFile) => p.command({ promptFile, workspace: "<worktree>",
 *       writableDirs: ["<output>", "<triggers>"], scratchDir: "<scratch>", args: [] }).argv };
 */
export interface PresetFacts {
  program: string;
  /** The CLI needs one of these set (none: it needs no secret, or finds its login in HOME). */
  secrets: readonly string[];
  /** What to run to install the CLI. */
  install: string;
  /** The command line for a prompt file. */
  argv(promptFile: string): string[];
}

const KNOWN: Record<string, Omit<PresetFacts, "argv">> = {
  "claude-code": {
    program: "claude",
    secrets: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"],
    install: "npm install -g @anthropic-ai/claude-code",
  },
  codex: {
    program: "codex",
    secrets: ["OPENAI_API_KEY", "CODEX_API_KEY"],
    install: "npm install -g @openai/codex",
  },
  gemini: {
    program: "gemini",
    secrets: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    install: "npm install -g @google/gemini-cli",
  },
  aider: { program: "aider", secrets: [], install: "python -m pip install aider-chat" },
};

export function presetFacts(name: string): PresetFacts | undefined {
  const preset = findPreset(name);
  const known = KNOWN[name];
  if (!preset || !known) return undefined;
  return { ...known, argv: (promptFile) => preset.command(promptFile) };
}
