/**
 * The agent presets, registered by name so that the flow validator, the engine and `doctor` agree on
 * what exists. Each preset is one module behind the `Preset` interface (types.ts).
 */
import { aider } from "./aider.js";
import { claudeCode } from "./claude-code.js";
import { codex } from "./codex.js";
import { gemini } from "./gemini.js";
import type { Preset } from "./types.js";

export type { Preset, PresetCall, PresetCommand, Usage } from "./types.js";

const PRESETS: readonly Preset[] = [claudeCode, codex, gemini, aider];

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** The preset called `name`; an unknown one is an error listing the known ones. */
export function requirePreset(name: string): Preset {
  const preset = findPreset(name);
  if (!preset) throw new Error(`unknown preset '${name}' (known: ${presetNames().join(", ")})`);
  return preset;
}

/** What a flow may set only for a preset agent, and only where its CLI supports it. */
export function presetKeyProblems(agent: {
  preset?: string;
  model?: string;
  max_turns?: number;
  args: string[];
}): { key: "model" | "max_turns" | "args"; message: string }[] {
  const problems: { key: "model" | "max_turns" | "args"; message: string }[] = [];
  const given = (["model", "max_turns", "args"] as const).filter((k) =>
    k === "args" ? agent.args.length > 0 : agent[k] !== undefined,
  );
  if (agent.preset === undefined) {
    for (const key of given)
      problems.push({
        key,
        message: `'${key}' is for a preset agent; with 'run', put it in the command itself`,
      });
    return problems;
  }
  const preset = findPreset(agent.preset);
  if (preset && agent.max_turns !== undefined && !preset.maxTurns)
    problems.push({
      key: "max_turns",
      message: `the ${preset.name} CLI has no turn limit; remove 'max_turns' and bound the agent with 'timeout'`,
    });
  return problems;
}

/**
 * The environment variables an agent's process receives as secrets: those it declares, and those of
 * its preset's that are set (a preset accepts any one of its names, e.g. an API key or an OAuth token).
 */
export function secretNames(agent: { preset?: string; secrets: string[] }): string[] {
  const preset = agent.preset ? findPreset(agent.preset) : undefined;
  return [...new Set([...agent.secrets, ...(preset?.secrets ?? [])])];
}
