import { existsSync } from "node:fs";
import { type CleanupReport, cleanupRuns } from "../engine/cleanup.js";
import { pullRequestChecker } from "../engine/cleanup-pulls.js";
import { Git } from "../engine/git.js";
import { findRepoRoot, RunRefused } from "../engine/start.js";
import { BUILTIN_DEFAULTS } from "../flow/schema.js";
import { parseRetention, RetentionError } from "../run/retention.js";
import { type CliIO, EXIT, UsageError } from "./output.js";

export interface CleanupFlags {
  flow: string;
  retention?: string;
  dryRun: boolean;
  json: boolean;
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** The report as lines for a person: one line per thing removed (or to remove), then what was kept. */
export function formatCleanup(r: CleanupReport): string {
  const verb = r.dry_run ? "would remove" : "removed";
  const lines = r.removed.map(
    (i) => `  ${verb} ${i.kind} ${i.target}${i.bytes > 0 ? ` (${formatBytes(i.bytes)})` : ""}`,
  );
  for (const k of r.kept) lines.push(`  kept ${k.run_id}: ${k.reason}`);
  const runs = new Set(
    r.removed.filter((i) => i.kind === "run-folder" || i.kind === "refs").map((i) => i.run_id),
  );
  const head =
    `cleanup (retention ${r.retention_days} day${r.retention_days === 1 ? "" : "s"}, finished before ${r.cutoff}): ` +
    (r.removed.length === 0
      ? "nothing to remove"
      : `${verb} ${r.removed.length} item${r.removed.length === 1 ? "" : "s"} of ${runs.size} run${runs.size === 1 ? "" : "s"}, ` +
        `${r.dry_run ? "would free" : "freed"} ${formatBytes(r.bytes)}`) +
    `; ${r.fresh} run${r.fresh === 1 ? "" : "s"} within the retention`;
  return `${[head, ...lines].join("\n")}\n`;
}

/** --retention, else AGENT_RUN_RETENTION (set but empty is refused), else the flow's run_retention, else 7. */
async function retentionDays(io: CliIO, flags: CleanupFlags): Promise<number> {
  if (flags.retention !== undefined) return parseRetention(flags.retention, "--retention");
  const env = io.env.AGENT_RUN_RETENTION;
  if (env !== undefined) return parseRetention(env, "AGENT_RUN_RETENTION");
  if (!existsSync(flags.flow)) return BUILTIN_DEFAULTS.run_retention;
  // the flow's parser (yaml) only here: a run, which imports this module for its auto-cleanup, has its
  // flow checked on a worker thread (flow-worker.ts) and need not load it
  const { loadFlowFile } = await import("../flow/load.js");
  const loaded = await loadFlowFile(flags.flow, io.env);
  return loaded.flow?.defaults.run_retention ?? BUILTIN_DEFAULTS.run_retention;
}

export async function cleanupCommand(io: CliIO, flags: CleanupFlags): Promise<number> {
  let days: number;
  try {
    days = await retentionDays(io, flags);
  } catch (err) {
    if (err instanceof RetentionError) throw new UsageError(err.message);
    throw err;
  }
  let root: string;
  try {
    root = await findRepoRoot(io.cwd);
  } catch (err) {
    throw new UsageError(err instanceof RunRefused ? err.message : String(err));
  }
  const git = new Git(root);
  const report = await cleanupRuns({
    root,
    git,
    retentionDays: days,
    dryRun: flags.dryRun,
    pullRequestOpen: pullRequestChecker(git, io.env),
  });
  io.out(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatCleanup(report));
  return EXIT.ok;
}

/**
 * AGENT_AUTO_CLEANUP (the flow's `auto_cleanup`): the end of a finished `agent-flow run`. A failure here
 * is a warning: the run's own outcome stands.
 */
export async function autoCleanup(
  io: CliIO,
  root: string,
  defaults: { auto_cleanup: boolean; run_retention: number },
  mode: "json" | "quiet" | "text",
): Promise<void> {
  if (!defaults.auto_cleanup) return;
  try {
    const git = new Git(root);
    const report = await cleanupRuns({
      root,
      git,
      retentionDays: defaults.run_retention,
      dryRun: false,
      whenDue: true,
      pullRequestOpen: pullRequestChecker(git, io.env),
    });
    // Silent when there was nothing to remove: most runs end so, and their output stays as it was.
    if (report.removed.length === 0) return;
    if (mode === "json") io.out(`${JSON.stringify({ type: "cleanup", ...report })}\n`);
    else if (mode === "text") io.err(`${formatCleanup(report).split("\n")[0]}\n`);
  } catch (err) {
    io.err(
      `warning: auto cleanup (AGENT_AUTO_CLEANUP) failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  }
}
