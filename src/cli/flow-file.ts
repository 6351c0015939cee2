import { isAbsolute, relative, resolve } from "node:path";
import { Git } from "../engine/git.js";
import { DEFAULT_FLOW_FILE } from "../flow/default-file.js";
import { type Diagnostic, didYouMean } from "../flow/diagnostics.js";
import type { LoadResult } from "../flow/load.js";
import { promptDiagnostics } from "../flow/prompt-files.js";
import type { Flow } from "../flow/schema.js";
import type { FlowSource } from "../flow/source.js";
import { flowFromWorker } from "./flow-worker.js";
import { type CliIO, formatDiagnostics, UsageError } from "./output.js";

// Finding, reading and checking the flow file for a command: all that `run`, `doctor` and main's default
// --flow need, without validate's repository checks, plan or init (their chunk is not loaded for a run).

/** Paths as the user would type them: relative to where they stand when inside it. */
export function displayPath(io: CliIO, file: string): string {
  const abs = resolve(io.cwd, file);
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}

// per command (its io): a folder could become a repository between two commands of one process
const roots = new WeakMap<CliIO, Promise<string | undefined>>();
/**
 * The repository holding the command's folder, or undefined outside one. Asked once per command: the
 * default --flow, validate's repository checks and the prompt files each need it, and each ask is a git
 * process.
 */
export function repoRoot(io: CliIO): Promise<string | undefined> {
  let root = roots.get(io);
  if (!root) {
    root = new Git(io.cwd).topLevel().catch(() => undefined);
    roots.set(io, root);
  }
  return root;
}

/**
 * The flow file a command reads when neither --flow nor $AGENT_FLOW_FILE names one: agents/flow.yaml at
 * the repository's root, wherever in the repository the command runs (outside one: in the cwd). A path
 * that is given stays relative to the cwd, as paths on a command line are.
 */
export async function defaultFlowPath(io: CliIO): Promise<string> {
  return resolve((await repoRoot(io)) ?? io.cwd, DEFAULT_FLOW_FILE);
}

/** Problems of the flow's prompt files, with the flow's own locations shown as the user named the flow. */
export async function promptProblems(io: CliIO, result: LoadResult, shown: string): Promise<Diagnostic[]> {
  if (!result.flow || !result.source) return [];
  return promptProblemsOf(io, result.flow, result.source, shown);
}

/** promptProblems() with the locations of `source`, the flow file's own (`file`). */
async function promptProblemsOf(
  io: CliIO,
  flow: Flow,
  source: Pick<FlowSource, "diagnostic" | "file">,
  shown: string,
): Promise<Diagnostic[]> {
  const agents = Object.values(flow.agents);
  if (!agents.some((a) => a.prompt !== undefined || a.prompt_file !== undefined)) return [];
  // Only prompt files need the repository's root (and a git process to find it).
  const root = agents.some((a) => a.prompt_file !== undefined)
    ? ((await repoRoot(io)) ?? resolve(io.cwd))
    : resolve(io.cwd);
  const found = await promptDiagnostics(flow, source, root);
  return found.map((d) => ({ ...d, file: d.file === source.file ? shown : displayPath(io, d.file) }));
}

/** Loads a flow for a command that needs a valid one; prints the problems and returns undefined otherwise. */
export async function loadValidFlow(io: CliIO, file: string): Promise<Flow | undefined> {
  return (await loadValidFlowText(io, file))?.flow;
}

/** loadValidFlow() with the text it parsed. */
export async function loadValidFlowText(
  io: CliIO,
  file: string,
): Promise<{ flow: Flow; text: string } | undefined> {
  const shown = displayPath(io, file);
  const path = resolve(io.cwd, file);
  // Read and found valid on the run's worker thread: only its prompt files are left to check here, and
  // the flow's parser is not loaded on this thread unless one has a problem (located in the text read).
  const checked = await flowFromWorker(path, io.env);
  if (checked) {
    const unlocated = {
      file: path,
      diagnostic: () => ({ file: path, line: 0, col: 0, path: "", message: "" }),
    };
    if ((await promptProblemsOf(io, checked.flow, unlocated, shown)).length === 0)
      return { flow: { ...checked.flow, file: shown }, text: checked.text };
  }
  const { loadFlowFile, loadFlowText } = await import("../flow/load.js");
  const result = checked ? loadFlowText(path, checked.text, io.env) : await loadFlowFile(path, io.env);
  const diagnostics = result.diagnostics.map((d) => (d.file === "environment" ? d : { ...d, file: shown }));
  diagnostics.push(...(await promptProblems(io, result, shown)));
  if (result.flow && result.text !== undefined && diagnostics.length === 0)
    return { flow: { ...result.flow, file: shown }, text: result.text };
  io.err(formatDiagnostics(diagnostics, "text"));
  io.err(`${shown}: ${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"}; nothing was run\n`);
  return undefined;
}

/** The workflow a command names (default: the flow's own), or a usage error with the names it has. */
export function workflowNamed(flow: Flow, workflow: string | undefined): string {
  const name = workflow ?? flow.defaults.workflow;
  if (!flow.workflows[name]) {
    const known = Object.keys(flow.workflows);
    throw new UsageError(
      `no workflow '${name}' in ${flow.file}${didYouMean(name, known)} (workflows: ${known.join(", ")})`,
    );
  }
  return name;
}
