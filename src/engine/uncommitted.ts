import { lstat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Flow } from "../flow/schema.js";
import { describeBase } from "../run/base.js";
import { STATE_PATHS } from "../run/store.js";
import { checkoutStatus } from "./fingerprint.js";
import type { Git } from "./git.js";
import { type StatusEntry, workTreeStatus } from "./git-objects.js";

/** Words of a command that may name a file of the repository (`agents/scripts/plan.sh`, `./run.py`). */
function pathWords(command: string | string[]): string[] {
  const words = (Array.isArray(command) ? command : [command]).flatMap((part) =>
    part.split(/[\s;&|()<>`]+/).map((w) => w.replace(/^['"]+|['"]+$/g, "")),
  );
  return words.filter((w) => w !== "" && !w.startsWith("-") && !w.includes("$") && !w.includes("="));
}

/** Repository-relative paths of what the run reads from the user's checkout: the flow, scripts, prompts. */
async function inputsOf(root: string, flow: Flow): Promise<string[]> {
  const candidates = new Set<string>();
  const flowPath = isAbsolute(flow.file) ? flow.file : resolve(root, flow.file);
  candidates.add(relative(root, flowPath));
  const commands: (string | string[])[] = [];
  for (const agent of Object.values(flow.agents)) {
    if (agent.run !== undefined) commands.push(agent.run);
    if (agent.prompt_file !== undefined) candidates.add(agent.prompt_file);
  }
  for (const wf of Object.values(flow.workflows))
    for (const step of wf.steps) if (step.kind === "check") commands.push(step.run);
  const words = new Set<string>();
  for (const word of commands.flatMap(pathWords)) {
    if (isAbsolute(word)) continue;
    const rel = relative(root, resolve(root, word));
    if (rel === "" || rel.startsWith(`..${sep}`) || rel === "..") continue;
    words.add(rel);
  }
  // A bare word such as `npm` or `echo` is a program on PATH unless the repository has that file.
  const files = await Promise.all(
    [...words].map(async (rel) => {
      const info = await lstat(join(root, rel)).catch(() => undefined);
      return info?.isFile() || info?.isSymbolicLink() ? rel : null;
    }),
  );
  for (const rel of files) if (rel !== null) candidates.add(rel);
  return [...candidates].filter((p) => p !== "" && !p.startsWith(".."));
}

/**
 * The status records of `paths`: from the status of the whole checkout that the run's first fingerprint
 * reads anyway (fingerprint.ts), unless a path is one that reading leaves out (a run state path).
 */
async function statusOfInputs(git: Git, root: string, paths: string[]): Promise<StatusEntry[] | undefined> {
  const underState = (p: string): boolean => STATE_PATHS.some((s) => p === s || p.startsWith(`${s}/`));
  if (paths.some(underState)) return workTreeStatus(git, paths);
  const wanted = new Set(paths.map((p) => p.split(sep).join("/")));
  const all = await checkoutStatus(git, root).catch(() => undefined);
  return all?.filter((r) => wanted.has(r.path));
}

/**
 * A warning when the flow file or files its agents run (repository scripts named in `run:`, checks'
 * commands, `prompt_file`s) have uncommitted changes: agents and checks work on the base commit, so those
 * changes are not part of the run (right after `agent-flow init`, an uncommitted script is simply missing).
 * Null when everything is committed.
 */
export async function uncommittedInputsWarning(
  git: Git,
  root: string,
  flow: Flow,
  base: { branch: string; sha: string },
): Promise<string | null> {
  const paths = await inputsOf(root, flow);
  if (paths.length === 0) return null;
  // The engine's git takes every pathspec literally (GIT_LITERAL_PATHSPECS, see git-env.ts).
  const entries = await statusOfInputs(git, root, paths);
  if (entries === undefined) return null;
  const changed = entries.map(({ code, path }) => {
    const what =
      code === "??"
        ? "untracked"
        : code.includes("D")
          ? "deleted"
          : code.includes("A")
            ? "added, not committed"
            : "modified";
    return { path, what };
  });
  if (changed.length === 0) return null;
  const list = changed.map((c) => `${JSON.stringify(c.path)} (${c.what})`).join(", ");
  return `uncommitted changes to files this run uses: ${list}. Agents and checks work on the base commit (${describeBase(base.branch, base.sha)}), so these changes are not part of the run: a script runs as committed there (or is missing), and agents do not see the changed files. To include them, commit them (git add ${changed.map((c) => JSON.stringify(c.path)).join(" ")} && git commit) and start a new run.`;
}
