import { describeBase } from "./base.js";
import type { RunStatus } from "./status.js";
import { formatUsage, hasUsage, runUsage } from "./usage.js";

export interface CheckResult {
  passed: boolean;
  exit_code: number | null;
  tests: { pass: number; fail: number } | null;
  step: string;
  command: string[];
}

const duration = (a: string | null, b: string | null): string => {
  if (!a || !b) return "";
  const s = (Date.parse(b) - Date.parse(a)) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
};

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * A check's command as the flow wrote it: `check: npm test` runs as `sh -c 'npm test'` and is shown as
 * `npm test`; a list is shown as one line, with words quoted where the shell would need it.
 */
export function commandAsWritten(argv: string[]): string {
  if (argv.length === 3 && argv[0] === "sh" && argv[1] === "-c") return argv[2] as string;
  return argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** Markdown inline code that survives backticks in the text. */
const code = (s: string): string => {
  const fence = "`".repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length)) + 1);
  return `${fence}${fence.length > 1 ? " " : ""}${s}${fence.length > 1 ? " " : ""}${fence}`;
};

/** The pull request's description: what was asked, what ran, what the tests said, and the run id. */
export function renderPrBody(
  status: RunStatus,
  request: string,
  check: CheckResult | null,
  closes?: number,
): string {
  const lines: string[] = [];
  lines.push(`## ${status.feature}`, "", request.trim(), "");
  if (closes !== undefined) lines.push(`Closes #${closes}`, "");
  lines.push(
    "### Pipeline",
    "",
    "| step | agent | state | attempts | duration | usage |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const step of status.steps) {
    // The commit step is writing this very description: it has no state or duration to show yet.
    if (step.kind === "commit" && step.state === "running") continue;
    if (step.agents.length === 0) {
      lines.push(
        `| ${cell(step.key)} | (${step.kind}) | ${step.state} |  | ${duration(step.started_at, step.finished_at)} |  |`,
      );
    }
    for (const a of step.agents) {
      lines.push(
        `| ${cell(step.key)} | ${cell(a.agent)} | ${a.state} | ${a.attempts} | ${duration(a.started_at, a.finished_at)} | ${hasUsage(a.usage) ? cell(formatUsage(a.usage)) : ""} |`,
      );
    }
  }
  lines.push("");
  const total = runUsage(status);
  if (hasUsage(total)) lines.push(`Agents used, in total: ${formatUsage(total)}.`, "");
  if (check) {
    const counts = check.tests ? `: ${check.tests.pass} passed, ${check.tests.fail} failed` : "";
    lines.push(
      "### Tests",
      "",
      `${code(commandAsWritten(check.command).replace(/\s*\n\s*/g, " "))} (${check.step}) ${check.passed ? "passed" : `failed with exit code ${check.exit_code}`}${counts}.`,
      "",
    );
  }
  lines.push(
    "---",
    `Run \`${status.run_id}\` of workflow \`${status.workflow}\`, from ${status.base_branch ? `\`${status.base_branch}\` at ${status.base_sha.slice(0, 12)}` : describeBase("", status.base_sha)}. Made by agent-flow.`,
    "",
  );
  return lines.join("\n");
}
