import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { type Diagnostic, didYouMean } from "./diagnostics.js";
import { PLACEHOLDERS, unknownPlaceholders } from "./prompt-template.js";
import type { Flow } from "./schema.js";
import type { FlowSource } from "./source.js";

/** Prompt files open at once while a flow is checked: a flow of hundreds of agents stays far from the fd limit. */
const READS_AT_ONCE = 16;

/** A prompt is text for a model; past this it is a mistaken path (a log, a binary). */
export const MAX_PROMPT_BYTES = 4 * 1024 * 1024;

const known = (): string[] => Object.keys(PLACEHOLDERS);

function unknownMessage(name: string): string {
  const hint = didYouMean(name, known()) || ` (known: ${known().join(", ")}, with.<key>)`;
  return `unknown placeholder {{${name}}}${hint}`;
}

/** The text of a prompt file, or why it cannot be one (O_NONBLOCK: a FIFO must not hang the read). */
export async function readPromptFile(file: string): Promise<{ text: string } | { problem: string }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(
    (err: NodeJS.ErrnoException) => err,
  );
  if (handle instanceof Error) {
    if (handle.code === "ENOENT" || handle.code === "ENOTDIR")
      return {
        problem: `no such file ${file}; create it, point prompt_file to another, or run 'agent-flow init' in a scratch repository to get the role templates`,
      };
    return { problem: `${file} cannot be read (${handle.code ?? handle.message})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { problem: `${file} is not a regular file` };
    if (st.size > MAX_PROMPT_BYTES)
      return { problem: `${file} is ${st.size} bytes, more than a prompt may have (${MAX_PROMPT_BYTES})` };
    return { text: await handle.readFile("utf8") };
  } finally {
    await handle.close();
  }
}

/**
 * Problems of the flow's prompts that only the repository can tell: a `prompt_file` that is missing
 * or not a file (located at the flow's key), and unknown `{{placeholders}}` (located in the prompt file
 * itself, or at the flow's `prompt` key). `prompt_file` is relative to the repository root `root`.
 */
export async function promptDiagnostics(
  flow: Flow,
  source: Pick<FlowSource, "diagnostic">,
  root: string,
): Promise<Diagnostic[]> {
  // The agents' prompt files are read READS_AT_ONCE at a time rather than one after another (a run's start
  // waits for them), their problems reported in the flow's order.
  const check = async (agent: Flow["agents"][string]): Promise<Diagnostic[]> => {
    const out: Diagnostic[] = [];
    if (agent.prompt !== undefined) {
      for (const u of unknownPlaceholders(agent.prompt))
        out.push(
          source.diagnostic(
            ["agents", agent.name, "prompt"],
            `${unknownMessage(u.name)} (line ${u.line} of the prompt)`,
          ),
        );
    }
    if (agent.prompt_file === undefined) return out;
    const file = join(root, agent.prompt_file);
    const read = await readPromptFile(file);
    if ("problem" in read) {
      out.push(source.diagnostic(["agents", agent.name, "prompt_file"], read.problem));
      return out;
    }
    for (const u of unknownPlaceholders(read.text))
      out.push({
        file,
        line: u.line,
        col: u.col,
        path: "",
        message: `${unknownMessage(u.name)} (prompt of agent '${agent.name}')`,
      });
    return out;
  };
  const agents = Object.values(flow.agents);
  const found: Diagnostic[][] = new Array(agents.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < agents.length; i = next++)
      found[i] = await check(agents[i] as (typeof agents)[number]);
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, agents.length) }, worker));
  return found.flat();
}
