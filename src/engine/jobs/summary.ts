import type { RunStatus } from "../../run/status.js";

/**
 * The job summaries of the GitHub engine, as Markdown: every job shows the run's steps and agents; the
 * commit job adds a Mermaid diagram of the run coloured by state, and the pull request.
 */

/** Text in a Markdown table cell: one line, no pipes, no HTML. */
const cell = (s: string): string =>
  s
    .replace(/[\r\n]+/g, " ")
    .replace(/[|<>`]/g, (c) => `&#${c.charCodeAt(0)};`)
    .slice(0, 200);

function duration(from: string | null, to: string | null): string {
  if (!from || !to) return "";
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return "";
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

/** A table with one row per step and one per agent of it: state, attempts, duration. */
export function stepsTable(s: RunStatus): string {
  const rows = ["| step | agent | state | attempts | duration |", "| --- | --- | --- | --- | --- |"];
  for (const step of s.steps) {
    rows.push(`| ${cell(step.key)} | | ${step.state} | | ${duration(step.started_at, step.finished_at)} |`);
    for (const a of step.agents)
      rows.push(
        `| | ${cell(a.agent)} | ${a.state} | ${a.attempts} | ${duration(a.started_at, a.finished_at)} |`,
      );
  }
  if (s.steps.length === 0) rows.push("| (no step yet) | | | | |");
  return `${rows.join("\n")}\n`;
}

const COLOURS: Record<string, string> = {
  succeeded: "fill:#d3f9d8,stroke:#2b8a3e",
  failed: "fill:#ffe3e3,stroke:#c92a2a",
  running: "fill:#fff3bf,stroke:#e67700",
  cancelled: "fill:#e9ecef,stroke:#495057",
  pending: "fill:#f1f3f5,stroke:#868e96",
};

/** The run's step executions in order as a Mermaid flowchart, each node coloured by its state. */
export function runMermaid(s: RunStatus): string {
  const lines = ["flowchart LR"];
  s.steps.forEach((step, i) => {
    const label = `${step.key} ${step.state}`.replace(/["\][<>]/g, "");
    lines.push(`  s${i}["${label}"]:::${step.state}`);
    if (i > 0) lines.push(`  s${i - 1} --> s${i}`);
  });
  if (s.steps.length === 0) lines.push('  none["no step ran"]');
  for (const [state, style] of Object.entries(COLOURS)) lines.push(`  classDef ${state} ${style}`);
  return `${lines.join("\n")}\n`;
}

/** The whole summary of one job. */
export function jobSummary(
  job: string,
  s: RunStatus,
  opts: { notice?: string | null; diagram?: boolean; prUrl?: string } = {},
): string {
  const parts = [
    `## agent-flow ${job}: run \`${s.run_id}\`\n`,
    `Workflow \`${cell(s.workflow)}\`, feature \`${cell(s.feature)}\`: **${s.state}**${s.error ? ` (${cell(s.error)})` : ""}\n`,
  ];
  if (opts.notice) parts.push(`> ${cell(opts.notice)}\n`);
  parts.push(stepsTable(s));
  if (opts.diagram) parts.push(`\n\`\`\`mermaid\n${runMermaid(s)}\`\`\`\n`);
  if (opts.prUrl) parts.push(`\nPull request: ${opts.prUrl}\n`);
  return parts.join("\n");
}
