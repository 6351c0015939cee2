import {
  AUTHOR_RULE,
  branchNameProblem,
  expandPlaceholders,
  parseAuthor,
  SAMPLE_VALUES,
  unknownPlaceholders,
} from "./commit-rules.js";
import { type Diagnostic, formatKeyPath, type KeyPath } from "./diagnostics.js";
import type { CommitStep } from "./schema.js";

type Report = (path: KeyPath, message: string, at?: "key" | "value") => void;

/**
 * What can be known about a commit step before any agent runs, without a repository: its templates'
 * placeholders, the branch name they make (tried with sample values of the right form), the author and
 * the reviewers. The repository-dependent rest (remote, existing branch) is engine/commit-preflight.ts.
 */
export function checkCommitStep(
  step: CommitStep,
  workflow: string,
  at: KeyPath,
  report: Report,
  env: NodeJS.ProcessEnv,
  envDiagnostics: Diagnostic[],
): void {
  const o = step.options;
  const path = [...at, "commit"];
  const templates = { branch: o.branch, message: o.message, title: o.title };
  let placeholdersOk = true;
  for (const [key, template] of Object.entries(templates)) {
    if (template === undefined) continue;
    for (const message of unknownPlaceholders(template)) {
      report([...path, key], message);
      if (key === "branch") placeholdersOk = false;
    }
  }
  if (placeholdersOk) {
    const name = expandPlaceholders(o.branch, { ...SAMPLE_VALUES, workflow });
    const problem = branchNameProblem(name);
    if (problem) {
      const shown = name === o.branch ? `'${name}'` : `'${name}' (with sample values)`;
      report(
        [...path, "branch"],
        `makes the branch name ${shown}, which git refuses: it ${problem}; change the template`,
      );
    }
  }
  if (o.author !== undefined) {
    if (!parseAuthor(o.author)) report([...path, "author"], `'${o.author}' ${AUTHOR_RULE}`);
  } else {
    const fromEnv = env.AGENT_FLOW_AUTHOR;
    if (fromEnv?.trim() && !parseAuthor(fromEnv)) {
      const message = `'${fromEnv}' ${AUTHOR_RULE} (the commit step at ${formatKeyPath(at)} uses it, as it sets no author)`;
      if (!envDiagnostics.some((d) => d.path === "AGENT_FLOW_AUTHOR"))
        envDiagnostics.push({ file: "environment", line: 0, col: 0, path: "AGENT_FLOW_AUTHOR", message });
    }
  }
  o.reviewers.forEach((raw, i) => {
    const entry = raw.trim().replace(/^@/, "");
    const parts = entry.split("/");
    if (entry === "" || parts.length > 2 || parts.some((p) => p === "" || /\s/.test(p))) {
      report(
        [...path, "reviewers", i],
        `'${raw}' is not a reviewer: write a GitHub user ('octocat') or a team ('org/team')`,
      );
    }
  });
}
