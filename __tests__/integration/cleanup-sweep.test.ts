// The cleanup at the end of every run (AGENT_AUTO_CLEANUP) looks at the runs only when the last sweep
// said one may have passed the retention since: a repository with thousands of fresh runs does not
// read them all at the end of every run. `agent-flow cleanup` still looks at every run.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupRuns } from "../../src/engine/cleanup.js";
import { DAY_MS, SWEEP_MARKER } from "../../src/engine/cleanup-marker.js";
import { Git } from "../../src/engine/git.js";
import { poolsRoot } from "../../src/engine/pool-location.js";
import { acquireLock } from "../../src/lib/locks/index.js";
import { STATUS_SCHEMA } from "../../src/run/status.js";
import { makeRepo } from "../helpers/repo.js";

const T = Date.parse("2026-03-10T12:00:00.000Z");
const iso = (ms: number): string => new Date(ms).toISOString();
const folder = (repo: string, id: string): string => join(repo, "docs/status/runs", id);

/** A finished run's folder whose status says it finished at `finished`. */
function runFinishedAt(repo: string, id: string, finished: number): void {
  mkdirSync(folder(repo, id), { recursive: true });
  const at = iso(finished);
  const status = {
    schema: STATUS_SCHEMA,
    run_id: id,
    feature: "f",
    workflow: "idea_to_feature",
    base_branch: "main",
    base_sha: "0".repeat(40),
    flow_file: "agents/flow.yaml",
    state: "succeeded",
    started_at: at,
    finished_at: at,
    updated_at: at,
    engine: null,
    head: "0".repeat(40),
    result_ref: `refs/agent-flow/${id}/head`,
    green: true,
    error: null,
    triggers: [],
    steps: [],
    outcome: null,
    issue: null,
  };
  writeFileSync(join(folder(repo, id), "pipeline_status.json"), JSON.stringify(status));
}

describe("the sweep at the end of a run", () => {
  it("skips the runs until one may have passed the retention, or the retention changed", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const git = new Git(repo);
    const a = "20260309-120000-0000000a"; // finished a day before T: passes 7 days' retention at T + 6 days
    const b = "20260310-110000-0000000b";
    runFinishedAt(repo, a, T - DAY_MS);
    runFinishedAt(repo, b, T - 3_600_000);
    const auto = (now: number, retentionDays = 7) =>
      cleanupRuns({ root: repo, git, retentionDays, dryRun: false, now, whenDue: true });

    expect((await auto(T)).fresh).toBe(2);
    expect(existsSync(join(repo, SWEEP_MARKER))).toBe(true);

    // A damaged status is named by any sweep that reads the runs; these do not.
    mkdirSync(folder(repo, "20260310-120000-0000000c"), { recursive: true });
    writeFileSync(join(folder(repo, "20260310-120000-0000000c"), "pipeline_status.json"), "{");
    const early = await auto(T + 6 * DAY_MS - 60_000);
    expect(early.kept).toEqual([]);
    expect(early.fresh).toBe(0);
    expect(existsSync(folder(repo, a))).toBe(true);

    // A different retention: the runs are looked at (the damaged one named), nothing is past 30 days.
    const other = await auto(T + 6 * DAY_MS - 60_000, 30);
    expect(other.kept.map((k) => k.run_id)).toEqual(["20260310-120000-0000000c"]);
    expect(existsSync(folder(repo, a))).toBe(true);

    // Due: run a has passed 7 days' retention.
    await auto(T, 7); // a sweep with 7 days again, at T: the next one is due at T + 6 days
    const due = await auto(T + 6 * DAY_MS + 60_000);
    expect(due.removed.map((i) => i.target)).toContain(`docs/status/runs/${a}`);
    expect(existsSync(folder(repo, a))).toBe(false);
    expect(existsSync(folder(repo, b))).toBe(true);
  });

  it("a run kept only because latest points to it, and `agent-flow cleanup` itself, always look", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const git = new Git(repo);
    const old = "20260101-000000-0000000d";
    runFinishedAt(repo, old, T - 30 * DAY_MS);
    // A legacy `latest` folder naming the run in its own status.
    mkdirSync(join(repo, "docs/status/latest"), { recursive: true });
    writeFileSync(join(repo, "docs/status/latest/pipeline_status.json"), JSON.stringify({ run_id: old }));
    const auto = (now: number) =>
      cleanupRuns({ root: repo, git, retentionDays: 7, dryRun: false, now, whenDue: true });

    expect((await auto(T)).kept.map((k) => k.reason)).toEqual(["docs/status/latest points to it"]);
    // latest moves on (the next run ended): the very next sweep removes the old run.
    writeFileSync(join(repo, "docs/status/latest/pipeline_status.json"), JSON.stringify({ run_id: "x" }));
    await auto(T + 60_000);
    expect(existsSync(folder(repo, old))).toBe(false);

    // A fresh sweep marker does not stop the explicit command.
    const late = "20260102-000000-0000000e";
    runFinishedAt(repo, late, T - 30 * DAY_MS);
    await auto(T + 120_000);
    expect(existsSync(folder(repo, late))).toBe(true);
    await cleanupRuns({ root: repo, git, retentionDays: 7, dryRun: false, now: T + 180_000 });
    expect(existsSync(folder(repo, late))).toBe(false);
  });
});

describe("the pools of repositories that are gone", () => {
  it("a pool whose slot a live engine holds stays, whatever this process sees of its repository", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const pool = join(poolsRoot(), "unseen-0123456789abcdef");
    mkdirSync(join(pool, "w0"), { recursive: true });
    writeFileSync(join(pool, "repository"), `${join(repo, "not-visible-here", ".git")}\n`);
    const claim = await acquireLock(
      pool,
      "worktree-w0",
      { run_id: "r", agent: "worktree-pool" },
      { timeoutMs: 0 },
    );
    const sweep = () =>
      cleanupRuns({ root: repo, git: new Git(repo), retentionDays: 7, dryRun: false, whenDue: true });
    try {
      expect((await sweep()).removed.map((i) => i.target)).not.toContain(pool);
      expect(existsSync(join(pool, "w0"))).toBe(true);
    } finally {
      await claim.release();
    }
    expect((await sweep()).removed.map((i) => i.target)).toContain(pool);
    expect(existsSync(pool)).toBe(false);
  });

  it("a repository this process cannot look at (an error other than 'no such file') is not gone", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    symlinkSync("loop", join(repo, "loop")); // lstat through it: ELOOP, as EACCES would be for another user
    const pool = join(poolsRoot(), "unreadable-0123456789abcdef");
    mkdirSync(join(pool, "w0"), { recursive: true });
    writeFileSync(join(pool, "repository"), `${join(repo, "loop", "x", ".git")}\n`);
    const report = await cleanupRuns({ root: repo, git: new Git(repo), retentionDays: 7, dryRun: false });
    expect(report.removed.map((i) => i.target)).not.toContain(pool);
    expect(existsSync(join(pool, "w0"))).toBe(true);
    rmSync(pool, { recursive: true });
  });
});
