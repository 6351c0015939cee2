import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readPromptFile } from "../flow/prompt-files.js";
import { renderTemplate } from "../flow/prompt-template.js";
import { REQUEST_FILE } from "../run/request.js";
import { agentEnvironment, type ContractInput } from "./contract.js";

/** Files listed per earlier output folder in {{previous_outputs}}; the agent can list the rest. */
const FILES_SHOWN = 12;

/** `  - name: /path (a.md, b.json)` per output folder in the run folder, oldest step first by name. */
async function previousOutputs(runDir: string): Promise<string> {
  const entries = await readdir(runDir, { withFileTypes: true }).catch(() => []);
  const lines: string[] = [];
  for (const e of entries.filter((x) => x.isDirectory() && !x.name.startsWith(".")).sort()) {
    const dir = join(runDir, e.name);
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => !f.startsWith(".")).sort();
    const shown = files.slice(0, FILES_SHOWN).join(", ");
    const more = files.length > FILES_SHOWN ? `, and ${files.length - FILES_SHOWN} more` : "";
    lines.push(`  - ${e.name}: ${dir}${files.length > 0 ? ` (${shown}${more})` : " (empty)"}`);
  }
  return lines.length > 0 ? lines.join("\n") : "  - none yet: this is the first step";
}

const list = (globs: string[], none: string): string =>
  globs.length > 0 ? globs.map((g) => `  - \`${g}\``).join("\n") : `  - ${none}`;

/** The values of a template's `{{placeholders}}` for one attempt (see PLACEHOLDERS). */
export async function promptValues(c: ContractInput): Promise<Record<string, string>> {
  return {
    feature: c.feature,
    run_id: c.runId,
    base_branch: c.baseBranch,
    agent: c.agent.name,
    mode: c.with.mode ?? "",
    request_file: join(c.runDir, REQUEST_FILE),
    run_dir: c.runDir,
    output_dir: c.outputDir,
    writes: list(c.agent.writes, "nothing: this agent changes no file in the repository"),
    reads: list(c.agent.reads, "anything in the repository"),
    triggers_dir: c.triggersDir,
    raises: c.agent.raises.length > 0 ? c.agent.raises.join(", ") : "none",
    previous_outputs: await previousOutputs(c.runDir),
  };
}

/**
 * Renders the agent's prompt (`prompt:`, or `prompt_file:` read from the repository root `root`) into
 * `file` and returns its path, or null for an agent without a prompt. The request text is not in it:
 * the prompt names the request file ({{request_file}}).
 */
export async function writeAgentPrompt(root: string, c: ContractInput, file: string): Promise<string | null> {
  let template = c.agent.prompt;
  if (template === undefined && c.agent.prompt_file !== undefined) {
    const read = await readPromptFile(join(root, c.agent.prompt_file));
    if ("problem" in read) throw new Error(`agent '${c.agent.name}': prompt_file: ${read.problem}`);
    template = read.text;
  }
  if (template === undefined) return null;
  const env = agentEnvironment({ ...c, promptFile: file });
  await writeFile(file, renderTemplate(template, await promptValues(c), c.with, env));
  return file;
}
