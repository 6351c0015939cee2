/**
 * The interface every agent preset implements: one real coding-agent CLI, called non-interactively. A
 * preset never builds a shell command line: the prompt reaches the CLI on stdin or as a file path, so
 * its size is not bounded by the kernel's argument limit and its text is never interpreted by a shell.
 */

/** What one agent attempt cost, as the CLI reported it in its structured output. */
export interface Usage {
  /** Model round trips (Claude Code, Gemini CLI) or agent turns (Codex), as each CLI counts them. */
  turns: number;
  input_tokens: number;
  output_tokens: number;
  /** Only Claude Code reports a price; null when the CLI does not. */
  cost_usd: number | null;
}

/** The per-agent settings a preset turns into flags (flow keys `model`, `max_turns`, `args`). */
export interface PresetCall {
  /** The file the engine wrote the rendered prompt to. */
  promptFile: string;
  /** The agent's worktree: the process's working directory and its writable root. */
  workspace: string;
  /** Engine folders the agent must also write: its output folder and its triggers folder. */
  writableDirs: string[];
  /** A folder the engine owns for this attempt, for files a preset hands its CLI (not the agent's). */
  scratchDir: string;
  model?: string;
  maxTurns?: number;
  /** Extra arguments from the flow, appended after the preset's own flags. */
  args: string[];
}

export interface PresetCommand {
  argv: string[];
  /** Variables the CLI needs besides the agent's environment (never secrets). */
  env: Record<string, string>;
  /** Files to write before the CLI starts (absolute paths inside scratchDir). */
  files: { path: string; content: string }[];
}

export interface Preset {
  name: string;
  description: string;
  /** The executable looked up on PATH before any agent starts. */
  program: string;
  /** How CI installs the CLI: a package at a pinned version (the one the tests ran). */
  install: { manager: "npm" | "pip"; package: string; version: string };
  /** Environment variables the CLI authenticates with: at least one must be set (the first is usual). */
  secrets: readonly string[];
  /** How the prompt reaches the CLI: on its stdin, or by the path given in argv. */
  promptVia: "stdin" | "file";
  /** Whether the CLI can stop after a number of turns (flow key `max_turns`). */
  maxTurns: boolean;
  command(call: PresetCall): PresetCommand;
  /** Reads the usage from what the CLI printed (its stdout and stderr, in order); null when absent. */
  usage(output: string): Usage | null;
}

/** Lines of `output` that parse as JSON objects, in order (CLIs interleave them with plain logs). */
export function jsonLines(output: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const line of output.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{") || !t.endsWith("}")) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (v !== null && typeof v === "object" && !Array.isArray(v)) found.push(v as Record<string, unknown>);
    } catch {
      // a log line that only looks like JSON
    }
  }
  return found;
}

/** A non-negative finite number at `path` in `value`, else 0. */
export function num(value: unknown, ...path: string[]): number {
  let v: unknown = value;
  for (const key of path)
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0;
}
