// The action's `cleanup` command (examples/workflows/agent-cleanup.yml): the GitHub side of cleanup, with
// the job token's permissions (actions: write for caches, contents: write for branches, pull-requests:
// read to see open pull requests). It reads no issue text and runs no agent.

import * as core from "@actions/core";
import { cleanupGitHub, type GitHubCleanupReport } from "../github/cleanup.js";
import { createGitHubClient } from "../github/client.js";
import { parseRetention } from "../run/retention.js";

export interface CleanupArgs {
  token: string;
  /** `owner/repo`, as in GITHUB_REPOSITORY. */
  repository: string;
  /** Days, as the `retention` input gives it (text), or a number already read. */
  retention: string | number;
  dryRun: boolean;
  /** Default $GITHUB_API_URL. */
  apiUrl?: string;
  /** Tests: no spacing of writes against a local server. */
  spaceWrites?: boolean;
}

/** The report as Markdown, for the job summary. */
export function cleanupSummary(r: GitHubCleanupReport): string {
  const verb = r.dry_run ? "Would delete" : "Deleted";
  const mib = (r.bytes / 1048576).toFixed(1);
  const lines = [
    `## agent-flow cleanup${r.dry_run ? " (dry run)" : ""}: ${r.repository}`,
    "",
    `Retention ${r.retention_days} days: runs whose newest record is older than ${r.cutoff}.`,
    "",
    `${verb} ${r.caches.length} cache(s) (${mib} MiB) and ${r.branches.length} branch(es).`,
    "",
  ];
  if (r.caches.length > 0) {
    lines.push("| cache | run | bytes |", "| --- | --- | --- |");
    for (const c of r.caches) lines.push(`| \`${c.key}\` | ${c.run_id} | ${c.bytes} |`);
    lines.push("");
  }
  if (r.branches.length > 0) {
    lines.push("| branch | run |", "| --- | --- |");
    for (const b of r.branches) lines.push(`| \`${b.name}\` | ${b.run_id} |`);
    lines.push("");
  }
  for (const k of r.kept) lines.push(`- kept ${k.what} of ${k.run_id}: ${k.reason}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Deletes the caches and run branches of runs past the retention (or, with dryRun, writes the plan to the
 * job summary and deletes nothing). Throws a message naming the input for a bad retention or repository.
 */
export async function runCleanup(args: CleanupArgs): Promise<GitHubCleanupReport> {
  const retentionDays =
    typeof args.retention === "number" ? args.retention : parseRetention(args.retention, "input retention");
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(args.repository.trim());
  if (!m) throw new Error(`repository '${args.repository}' must be owner/repo (as GITHUB_REPOSITORY is)`);
  const client = createGitHubClient({
    token: args.token,
    baseUrl: args.apiUrl,
    log: (msg) => core.info(msg),
    spaceWrites: args.spaceWrites,
  });
  const report = await cleanupGitHub({
    client,
    repo: { owner: m[1] as string, repo: m[2] as string },
    retentionDays,
    dryRun: args.dryRun,
  });
  const verb = args.dryRun ? "would delete" : "deleted";
  for (const c of report.caches) core.info(`${verb} cache ${c.key} (${c.bytes} bytes)`);
  for (const b of report.branches) core.info(`${verb} branch ${b.name}`);
  for (const k of report.kept) core.info(`kept ${k.what} of ${k.run_id}: ${k.reason}`);
  core.setOutput("cleanup", JSON.stringify(report));
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary
      .addRaw(cleanupSummary(report))
      .write()
      .catch((err: unknown) => core.warning(`could not write the job summary: ${String(err)}`));
  }
  return report;
}
