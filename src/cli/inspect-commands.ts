import { createReadStream } from "node:fs";
import { readlink, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Git } from "../engine/git.js";
import { readLogTail } from "../engine/log-cap.js";
import { RollbackRefused, rollbackRun } from "../engine/rollback.js";
import { findRepoRoot, RunRefused } from "../engine/start.js";
import { writeTriggerFile } from "../engine/triggers.js";
import { NAME_RE } from "../flow/schema.js";
import { listLocks } from "../lib/locks/index.js";
import { safeText } from "../run/quote.js";
import { runIdProblem } from "../run/run-id.js";
import { runLiveness } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import {
  isStale,
  LATEST,
  listRunIds,
  logFile,
  readStatus,
  runDir,
  StatusError,
  triggerDir,
} from "../run/store.js";
import { usageLines } from "../run/usage.js";
import { ageSince, locksTable, runsTable } from "./inspect-format.js";
import { type CliIO, EXIT, UsageError } from "./output.js";
import { renderRun } from "./view.js";

async function root(io: CliIO): Promise<string> {
  try {
    return await findRepoRoot(io.cwd);
  } catch (err) {
    throw new UsageError(err instanceof RunRefused ? err.message : String(err));
  }
}

async function load(repo: string, runId: string): Promise<RunStatus> {
  try {
    return await readStatus(repo, runId);
  } catch (err) {
    // A damaged status is a failure (exit 1) naming the file; a wrong or unknown run id is a usage error.
    if (err instanceof StatusError && err.damaged) throw new Error(err.message);
    throw new UsageError(err instanceof StatusError ? err.message : String(err));
  }
}

/** `latest` resolves to the run the latest snapshot was taken from. */
async function resolveRunId(repo: string, id: string | undefined): Promise<string> {
  if (id !== undefined && id !== "latest") return id;
  const target = await readlink(join(repo, LATEST)).catch(() => undefined);
  const fromLink = target ? /(\d{8}-\d{6}-[0-9a-f]{8})/.exec(basename(target))?.[1] : undefined;
  if (fromLink) return fromLink;
  if (id === "latest")
    throw new UsageError("there is no successful run yet (docs/status/latest does not exist)");
  const ids = await listRunIds(repo);
  const newest = ids[ids.length - 1];
  if (!newest)
    throw new UsageError(
      "there are no runs in docs/status/runs/ yet; start one with 'agent-flow run --feature NAME'",
    );
  return newest;
}

const shownState = (repo: string, s: RunStatus): string => (isStale(s, repo) ? "stale" : s.state);

export async function statusCommand(
  io: CliIO,
  id: string | undefined,
  opts: { json: boolean },
): Promise<number> {
  const repo = await root(io);
  const s = await load(repo, await resolveRunId(repo, id));
  if (opts.json) {
    const live = runLiveness(repo, s);
    io.out(
      `${JSON.stringify({ ...s, stale: live?.alive === false, liveness: live?.reason ?? null }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  const lines = [...renderRun(s), ...usageLines(s)].map(safeText);
  const live = runLiveness(repo, s);
  if (live?.alive === false)
    lines.push(`  ${live.reason}; resume with: agent-flow run --run-id ${s.run_id} --retry`);
  else if (live) lines.push(`  engine ${live.reason}`);
  if (s.error) lines.push(`  error: ${safeText(s.error).split("\n").join("\n    ")}`);
  if (s.outcome) lines.push(`  ${safeText(s.outcome)}`);
  lines.push(`  folder: ${runDir(repo, s.run_id)}`);
  io.out(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

export async function runsCommand(io: CliIO, opts: { json: boolean }): Promise<number> {
  const repo = await root(io);
  const rows: {
    run_id: string;
    state: string;
    feature: string;
    workflow: string;
    started_at: string;
    age: string;
    /** For a running or pending run: why its engine counts as alive or stale. */
    liveness: string | null;
  }[] = [];
  for (const id of await listRunIds(repo)) {
    let s: RunStatus;
    try {
      s = await readStatus(repo, id);
    } catch (err) {
      // One damaged run must not hide the others: it is listed as such and named on stderr.
      const damaged = err instanceof StatusError && err.damaged;
      io.err(`warning: ${err instanceof Error ? err.message : String(err)}\n`);
      const state = damaged ? "damaged" : "no status";
      rows.push({ run_id: id, state, feature: "", workflow: "", started_at: "", age: "", liveness: null });
      continue;
    }
    rows.push({
      run_id: id,
      state: shownState(repo, s),
      feature: s.feature,
      workflow: s.workflow,
      started_at: s.started_at,
      age: ageSince(s.started_at),
      liveness: runLiveness(repo, s)?.reason ?? null,
    });
  }
  if (opts.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.out("no runs yet; start one with 'agent-flow run --feature NAME'\n");
    return EXIT.ok;
  }
  io.out(`${runsTable(rows).join("\n")}\n`);
  return EXIT.ok;
}

export async function locksCommand(io: CliIO, opts: { json: boolean }): Promise<number> {
  const repo = await root(io);
  const locks = await listLocks(repo);
  if (opts.json) {
    io.out(`${JSON.stringify(locks, null, 2)}\n`);
    return EXIT.ok;
  }
  if (locks.length === 0) {
    io.out("no locks held\n");
    return EXIT.ok;
  }
  io.out(`${locksTable(locks).join("\n")}\n`);
  return EXIT.ok;
}

export async function logsCommand(
  io: CliIO,
  runId: string,
  agent: string | undefined,
  opts: { follow: boolean },
): Promise<number> {
  const repo = await root(io);
  const s = await load(repo, await resolveRunId(repo, runId));
  let file = logFile(repo, s.run_id);
  if (agent !== undefined) {
    const rec = s.steps.flatMap((x) => x.agents).find((a) => a.agent === agent || a.output === agent);
    if (!rec) {
      const known = [...new Set(s.steps.flatMap((x) => x.agents.map((a) => a.agent)))];
      throw new UsageError(
        `agent '${agent}' has not run in ${s.run_id} (agents so far: ${known.join(", ") || "none"})`,
      );
    }
    file = join(runDir(repo, s.run_id), rec.output, "agent.log");
  }
  // A bounded tail: a log can be large, and it is printed, not loaded whole. An agent's log is its own
  // text: on a terminal its control sequences are shown, not obeyed.
  const { text, size } = await readLogTail(file);
  io.out(io.isTTY ? safeText(text) : text);
  if (!opts.follow) return EXIT.ok;
  let offset = size;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const size = (await stat(file).catch(() => ({ size: offset }))).size;
    if (size > offset) {
      const chunk = await new Promise<string>((resolveChunk, reject) => {
        const parts: Buffer[] = [];
        createReadStream(file, { start: offset, end: size - 1 })
          .on("data", (d) => parts.push(d as Buffer))
          .on("end", () => resolveChunk(Buffer.concat(parts).toString("utf8")))
          .on("error", reject);
      });
      io.out(io.isTTY ? safeText(chunk) : chunk);
      offset = size;
    }
    let now: RunStatus;
    try {
      now = await readStatus(repo, s.run_id);
    } catch (err) {
      // Writes are atomic, so a status that stops reading is damaged for good: say so and stop following.
      io.err(`error: ${err instanceof Error ? err.message : String(err)}; no longer following\n`);
      return EXIT.failed;
    }
    if (now.state !== "running" && now.state !== "pending") return EXIT.ok;
    if (isStale(now, repo)) return EXIT.ok;
  }
}

export async function triggerCommand(io: CliIO, runId: string, name: string): Promise<number> {
  const problem = runIdProblem(runId);
  if (problem) throw new UsageError(problem);
  if (!NAME_RE.test(name))
    throw new UsageError(`'${name}' is not a trigger name (lowercase letters, digits, '-' and '_')`);
  const repo = await root(io);
  const s = await load(repo, runId);
  if (s.state === "succeeded")
    throw new UsageError(
      `run ${runId} already succeeded; a trigger acts only on a running, failed or cancelled run`,
    );
  await writeTriggerFile(repo, runId, name);
  const file = join(triggerDir(repo, runId), name);
  const when =
    s.state === "running" && !isStale(s, repo)
      ? "the engine runs its workflow after the current step, then goes on"
      : `it takes effect when the run resumes: agent-flow run --run-id ${runId} --retry`;
  io.out(`wrote ${file}; ${when}\n`);
  return EXIT.ok;
}

export async function rollbackCommand(
  io: CliIO,
  runId: string,
  opts: { closePr: boolean; force?: boolean },
): Promise<number> {
  const problem = runIdProblem(runId);
  if (problem) throw new UsageError(problem);
  const repo = await root(io);
  await load(repo, runId);
  try {
    const { remaining } = await rollbackRun({
      root: repo,
      git: new Git(repo),
      runId,
      closePr: opts.closePr,
      force: opts.force === true,
      env: io.env,
      log: (t) => io.out(`${t}\n`),
    });
    if (remaining.length > 0) {
      io.err(
        `run ${runId} rolled back locally; still on the remote:\n${remaining.map((r) => `  ${r}`).join("\n")}\n`,
      );
      return EXIT.failed;
    }
  } catch (err) {
    if (err instanceof RollbackRefused) {
      io.err(`error: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
  io.out(`rolled back run ${runId}\n`);
  return EXIT.ok;
}
