import { findPreset } from "../flow/presets/index.js";

/**
 * What `doctor` and the start-up check need to know about a preset, read from the preset registry
 * (src/flow/presets/): the program it runs, the secrets its CLI authenticates with (any one of them will
 * do), how to install it at the pinned version, and its command line.
 */
export interface PresetFacts {
  program: string;
  /** The CLI needs one of these set (none: it needs no secret, or the flow names its key). */
  secrets: readonly string[];
  /** What to run to install the CLI at the version the tests ran. */
  install: string;
  /** The command line for a prompt file and an agent's `model`, `max_turns` and `args`. */
  argv(promptFile: string, agent?: AgentSettings): string[];
  /** Whether the CLI reads the prompt on its stdin (else its path is in argv). */
  promptOnStdin: boolean;
}

/** The flow keys of a preset agent that become flags. */
export interface AgentSettings {
  model?: string;
  max_turns?: number;
  args: string[];
}

export function presetFacts(name: string): PresetFacts | undefined {
  const p = findPreset(name);
  if (!p) return undefined;
  const { manager, package: pkg, version } = p.install;
  return {
    program: p.program,
    secrets: p.secrets,
    install:
      manager === "npm" ? `npm install -g ${pkg}@${version}` : `python -m pip install ${pkg}==${version}`,
    promptOnStdin: p.promptVia === "stdin",
    argv: (promptFile, agent) =>
      p.command({
        promptFile,
        workspace: "<worktree>",
        writableDirs: ["<output>", "<triggers>"],
        scratchDir: "<scratch>",
        model: agent?.model,
        maxTurns: agent?.max_turns,
        args: agent?.args ?? [],
      }).argv,
  };
}
