import { expandPlaceholders, PLACEHOLDERS, type TemplateValues } from "../flow/commit-rules.js";
import { didYouMean, formatKeyPath, type KeyPath } from "../flow/diagnostics.js";
import { planWorkflow } from "../flow/plan.js";
import type { CommitStep, Flow } from "../flow/schema.js";
import type { Git } from "./git.js";
import { checkedOutBranches, isValidBranchName, remoteNames } from "./git-ops.js";

/** A commit setting the repository makes unusable, located at its key in the flow. */
export interface CommitSettingProblem {
  path: KeyPath;
  message: string;
}

export interface CommitPreflight {
  /** The workflow about to run: only its commit steps and those of workflows it can trigger count. */
  workflow?: string;
  /** Placeholder values known so far; a branch that needs an unknown one is not looked up. */
  values?: Partial<Omit<TemplateValues, "workflow">>;
}

/**
 * The repository-dependent half of the commit step's rules (the other half is flow/validate-commit.ts),
 * checked before any agent runs, by `validate` in a repository and at the start of `run`:
 * - the remote must exist, when the repository has remotes at all (with none, the step makes the branch
 *   locally and prints how to push it, as documented);
 * - the branch the template makes must be valid, and must not exist yet or be checked out: the commit
 *   step would refuse to overwrite it after the whole pipeline ran.
 */
export async function checkCommitSettings(
  flow: Flow,
  git: Git,
  opts: CommitPreflight = {},
): Promise<CommitSettingProblem[]> {
  const steps = commitSteps(flow, opts.workflow);
  if (steps.length === 0) return [];
  const [remotes, worktrees] = await Promise.all([remoteNames(git), checkedOutBranches(git)]);
  const problems: CommitSettingProblem[] = [];
  for (const { workflow, step } of steps) {
    const at = ["workflows", workflow, "steps", step.index, "commit"];
    const o = step.options;
    if (remotes.length > 0 && !remotes.includes(o.remote)) {
      problems.push({
        path: [...at, "remote"],
        message: `remote '${o.remote}' is not configured in this repository${didYouMean(o.remote, remotes)} (remotes: ${remotes.join(", ")}); set commit.remote to one of them`,
      });
    }
    const values: Partial<TemplateValues> = { ...opts.values, workflow };
    const needed = PLACEHOLDERS.filter((p) => o.branch.includes(`{${p}}`));
    if (needed.some((p) => values[p] === undefined)) continue;
    const branch = expandPlaceholders(o.branch, values as TemplateValues);
    const fixed = needed.includes("run_id")
      ? ""
      : " (the template has no {run_id}, so every run makes this name)";
    if (!(await isValidBranchName(git, branch))) {
      problems.push({
        path: [...at, "branch"],
        message: `makes the branch name '${branch}', which git refuses; change the template`,
      });
      continue;
    }
    const holder = worktrees.get(branch);
    if (holder !== undefined) {
      problems.push({
        path: [...at, "branch"],
        message: `makes the branch '${branch}', which is checked out in ${holder}${fixed}; the commit step would refuse it after the whole run: switch that checkout to another branch, or change the template`,
      });
    } else if (await git.revParse(`refs/heads/${branch}`)) {
      problems.push({
        path: [...at, "branch"],
        message: `makes the branch '${branch}', which already exists${fixed}; the commit step would refuse to overwrite it after the whole run: delete the branch, or put {run_id} in the template`,
      });
    }
  }
  return problems;
}

/** Why a new run must not start because of its commit settings (one line each, `FILE: KEY.PATH: ...`), or null. */
export async function commitSettingsRefusal(
  flow: Flow,
  git: Git,
  opts: CommitPreflight,
): Promise<string | null> {
  const problems = await checkCommitSettings(flow, git, opts);
  if (problems.length === 0) return null;
  return problems.map((p) => `${flow.file}: ${formatKeyPath(p.path)}: ${p.message}`).join("\n");
}

function commitSteps(flow: Flow, workflow: string | undefined): { workflow: string; step: CommitStep }[] {
  let names = Object.keys(flow.workflows);
  if (workflow !== undefined && flow.workflows[workflow]) {
    const plan = planWorkflow(flow, workflow);
    names = [plan.workflow, ...plan.triggered.map((w) => w.workflow)];
  }
  return names.flatMap((name) =>
    (flow.workflows[name]?.steps ?? []).flatMap((step) =>
      step.kind === "commit" ? [{ workflow: name, step }] : [],
    ),
  );
}
