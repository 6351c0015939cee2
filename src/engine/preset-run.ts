/**
 * The engine's side of agent presets (src/flow/presets/): the command a preset agent runs and how its
 * prompt reaches it, and the usage read back from what the CLI printed. What must be there before any
 * agent starts (its CLI on PATH, one of its secrets set) is checked in preflight.ts.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { findPreset, secretNames, type Usage } from "../flow/presets/index.js";
import type { AgentSpec } from "../flow/schema.js";
import { USAGE_FILE } from "../run/usage.js";
import { appendLogLine } from "./process.js";

export interface AgentCommand {
  command: string[];
  /** Text for the process's stdin (the prompt, for presets that read it there). */
  stdin?: string;
  /** Variables the preset sets for its CLI, added to the agent's environment. */
  env: Record<string, string>;
}

export interface PresetPaths {
  promptFile: string | null;
  workspace: string;
  outputDir: string;
  triggersDir: string;
  scratchDir: string;
}

/**
 * What an agent runs. A `run:` command is taken as written; a preset's command is argv only, and the
 * prompt goes on stdin or as a file path, never through a shell.
 */
export async function agentCommand(agent: AgentSpec, paths: PresetPaths): Promise<AgentCommand> {
  if (agent.run !== undefined)
    return { command: typeof agent.run === "string" ? ["sh", "-c", agent.run] : agent.run, env: {} };
  const preset = agent.preset ? findPreset(agent.preset) : undefined;
  if (!preset || !paths.promptFile) throw new Error(`agent '${agent.name}' has no command`);
  const built = preset.command({
    promptFile: paths.promptFile,
    workspace: paths.workspace,
    writableDirs: [paths.outputDir, paths.triggersDir],
    scratchDir: paths.scratchDir,
    model: agent.model,
    maxTurns: agent.max_turns,
    args: agent.args,
  });
  for (const f of built.files) {
    await mkdir(dirname(f.path), { recursive: true });
    await writeFile(f.path, f.content);
  }
  return {
    command: built.argv,
    env: built.env,
    ...(preset.promptVia === "stdin" ? { stdin: await readFile(paths.promptFile, "utf8") } : {}),
  };
}

/** The secrets an agent's process receives: those it declares and its preset's. */
export function agentSecrets(agent: AgentSpec): string[] {
  return secretNames(agent);
}

/** Bytes of a log read back for usage: CLIs print their summary last. */
const USAGE_TAIL_BYTES = 4 * 1024 * 1024;

export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The usage the agent's preset CLI printed in this attempt (the log from `from` on); null if none. */
export function readUsage(agent: AgentSpec, logFile: string, from: number): Usage | null {
  const preset = agent.preset ? findPreset(agent.preset) : undefined;
  if (!preset) return null;
  const end = logSize(logFile);
  const start = Math.max(from, end - USAGE_TAIL_BYTES);
  if (end <= start) return null;
  const buf = Buffer.alloc(end - start);
  const fd = openSync(logFile, "r");
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return preset.usage(buf.toString("utf8"));
}

/**
 * After an attempt of a preset agent: its usage read from what the CLI printed, noted in the log and
 * left as `usage.json` in its output folder, where the run's usage records pick it up.
 */
export async function recordUsage(
  agent: AgentSpec,
  logFile: string,
  from: number,
  outputDir: string,
): Promise<Usage | null> {
  const usage = readUsage(agent, logFile, from);
  if (!usage) return null;
  appendLogLine(logFile, `==> ${formatUsage(usage)}`);
  // The agent owned this folder: whatever it left under that name (a link to a file of the user's) is
  // replaced, never written through.
  const file = join(outputDir, USAGE_FILE);
  await rm(file, { recursive: true, force: true });
  await writeFile(file, `${JSON.stringify(usage)}\n`, { flag: "wx" });
  return usage;
}

export function formatUsage(u: Usage): string {
  const cost = u.cost_usd === null ? "" : ` cost_usd=${u.cost_usd}`;
  return `usage: turns=${u.turns} input_tokens=${u.input_tokens} output_tokens=${u.output_tokens}${cost}`;
}
