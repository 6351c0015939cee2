import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, format, resolve } from "node:path";
import { checkCommitSettings } from "../engine/commit-preflight.js";
import { Git } from "../engine/git.js";
import { currentBranch } from "../engine/git-ops.js";
import { type Diagnostic, sortDiagnostics } from "../flow/diagnostics.js";
import { initFlowYaml } from "../flow/init.js";
import { type LoadResult, loadFlowFile } from "../flow/load.js";
import { planToMermaid, planWorkflow } from "../flow/plan.js";
import { displayPath, loadValidFlow, promptProblems, repoRoot, workflowNamed } from "./flow-file.js";
import { promptsDirFor, writeInitPrompts } from "./init-prompts.js";
import { type CliIO, EXIT, formatDiagnostics } from "./output.js";

export { defaultFlowPath, displayPath, loadValidFlow, workflowNamed } from "./flow-file.js";

/** What only the repository can tell about the commit settings (remote, existing branch), as diagnostics. */
async function repositoryDiagnostics(io: CliIO, result: LoadResult): Promise<Diagnostic[]> {
  const { flow, source } = result;
  if (!flow || !source) return [];
  const root = await repoRoot(io);
  if (!root) return [];
  const git = new Git(root);
  const base = await currentBranch(git);
  const problems = await checkCommitSettings(flow, git, { values: { base } });
  return problems.map((p) => source.diagnostic(p.path, p.message));
}

export async function validateCommand(io: CliIO, opts: { flow: string; format: string }): Promise<number> {
  const format = opts.format as "text" | "json" | "github";
  const shown = displayPath(io, opts.flow);
  const result = await loadFlowFile(resolve(io.cwd, opts.flow), io.env);
  const found = sortDiagnostics([...result.diagnostics, ...(await repositoryDiagnostics(io, result))]);
  const diagnostics = sortDiagnostics([
    ...found.map((d) => (d.file === "environment" ? d : { ...d, file: shown })),
    ...(await promptProblems(io, result, shown)),
  ]);
  const valid = diagnostics.length === 0;
  if (format === "json") {
    io.out(`${JSON.stringify({ file: shown, valid, diagnostics }, null, 2)}\n`);
  } else if (format === "github") {
    io.out(formatDiagnostics(diagnostics, "github"));
    if (valid) io.out(`${shown} is valid\n`);
  } else if (valid && result.flow) {
    // valid here: the repository-dependent checks found nothing either
    const f = result.flow;
    io.out(
      `${shown} is valid: ${Object.keys(f.agents).length} agents, ${Object.keys(f.workflows).length} workflows, ` +
        `${Object.keys(f.triggers).length} triggers\n`,
    );
  } else {
    io.err(formatDiagnostics(diagnostics, "text"));
    io.err(`${shown}: ${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"}\n`);
  }
  return valid ? EXIT.ok : EXIT.failed;
}

export async function planCommand(
  io: CliIO,
  workflow: string | undefined,
  opts: { flow: string; format: string },
): Promise<number> {
  const flow = await loadValidFlow(io, opts.flow);
  if (!flow) return EXIT.failed;
  const name = workflowNamed(flow, workflow);
  const plan = planWorkflow(flow, name);
  io.out(opts.format === "mermaid" ? planToMermaid(plan) : `${JSON.stringify(plan, null, 2)}\n`);
  return EXIT.ok;
}

/** Runtime state of runs that must never be committed by accident. */
export const IGNORED_STATE = ["docs/status/", ".locks/", ".triggers/"];

export async function initCommand(io: CliIO, opts: { flow: string; force: boolean }): Promise<number> {
  const target = resolve(io.cwd, opts.flow);
  const shown = displayPath(io, opts.flow);
  const existing = await readFile(target, "utf8").catch(() => undefined);
  if (existing !== undefined && !opts.force) {
    io.err(`${shown} already exists; nothing was written (use --force to overwrite it)\n`);
    return EXIT.failed;
  }
  await mkdir(dirname(target), { recursive: true });
  const prompts = promptsDirFor(target, (await repoRoot(io)) ?? resolve(io.cwd));
  await writeFile(target, initFlowYaml(prompts.inFlow));
  io.out(`${existing === undefined ? "created" : "overwrote"} ${shown}\n`);
  const { written, kept } = await writeInitPrompts(prompts.dir);
  if (written.length > 0)
    io.out(`created ${written.length} role prompts in ${displayPath(io, prompts.dir)}\n`);
  for (const file of kept)
    io.out(`kept ${displayPath(io, file)} (it exists; delete it to get the template)\n`);

  // the state folders are the repository root's, wherever init runs
  const gitignore = format({ dir: (await repoRoot(io)) ?? resolve(io.cwd), base: ".gitignore" });
  const current = (await readFile(gitignore, "utf8").catch(() => "")) ?? "";
  const present = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED_STATE.filter((p) => !present.has(p) && !present.has(p.replace(/\/$/, "")));
  if (missing.length > 0) {
    const prefix = current === "" || current.endsWith("\n") ? "" : "\n";
    await writeFile(gitignore, `${current}${prefix}# agent-flow runtime state\n${missing.join("\n")}\n`);
    io.out(`added ${missing.join(", ")} to ${displayPath(io, gitignore)}\n`);
  }
  io.out(
    `next: edit the agents' prompts, run 'agent-flow doctor' to see what the agents need, then run 'agent-flow validate --flow ${shown}'\n`,
  );
  return EXIT.ok;
}
