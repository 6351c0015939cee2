import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolsRoot } from "../../src/engine/pool-location.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { acquireRunLock } from "../../src/run/run-lock.js";
import type { RunStatus } from "../../src/run/status.js";
import { cli } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_AUTO_CLEANUP: "false" };
const FLOW = `version: 1
agents:
  writer:
    run: 'mkdir -p docs; echo "$RUN_ID" > docs/run.txt'
    writes: [docs/**]
workflows:
  idea_to_feature:
    steps:
      - agent: writer
`;
const OLD = "2020-01-02T03:04:05.000Z";
const status = (repo: string, id: string): string =>
  join(repo, "docs/status/runs", id, "pipeline_status.json");

/** Makes a finished run look finished at `when`, in its own records only; its files stay new. */
function finishedAt(repo: string, id: string, when: string): void {
  const s = readJson<RunStatus>(status(repo, id));
  s.finished_at = when;
  writeFileSync(status(repo, id), `${JSON.stringify(s, null, 2)}\n`);
}

function run(repo: string, feature: string, env: Record<string, string> = {}): string {
  const r = cli(["run", "--feature", feature, "--json"], { cwd: repo, env: { ...ENV, ...env } });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as { run_id: string }).run_id;
}

/** A branch whose tip is a commit carrying `trailer` (the run's `Run-Id:` when it is the run's own). */
function branchAt(repo: string, name: string, trailer: string | null): void {
  const tree = git(repo, "rev-parse", "HEAD^{tree}");
  const msg = `work${trailer ? `\n\nRun-Id: ${trailer}` : ""}`;
  const sha = git(repo, "commit-tree", tree, "-p", "HEAD", "-m", msg);
  git(repo, "update-ref", `refs/heads/${name}`, sha);
}

const refsOf = (repo: string, id: string): string[] =>
  git(repo, "for-each-ref", "--format=%(refname)", `refs/agent-flow/${id}/`).split("\n").filter(Boolean);

describe("agent-flow cleanup", () => {
  let repo: string;
  let old1: string;
  let old2: string;
  let locked: string;
  let fresh: string;
  let latest: string;
  let running: string;
  const orphan = "20200101-000000-deadbeef";
  // The pool of a repository deleted since (its recorded git dir is gone), and a folder that is no pool.
  const orphanPool = join(poolsRoot(), "gone-0123456789abcdef");
  const notAPool = join(poolsRoot(), "not-a-pool");
  let lock: Awaited<ReturnType<typeof acquireRunLock>>;

  beforeAll(async () => {
    repo = makeRepo({ "agents/flow.yaml": FLOW });
    old1 = run(repo, "one");
    fresh = run(repo, "four");
    latest = run(repo, "five");
    // Two more finished runs, copies of old1's records with refs of their own (cheaper than real runs).
    old2 = "20200103-000000-00000002";
    locked = "20200103-000000-00000003";
    for (const id of [old2, locked]) {
      cpSync(join(repo, "docs/status/runs", old1), join(repo, "docs/status/runs", id), { recursive: true });
      const s = readJson<RunStatus>(status(repo, id));
      writeFileSync(status(repo, id), JSON.stringify({ ...s, run_id: id }));
      git(repo, "update-ref", `refs/agent-flow/${id}/state`, `refs/agent-flow/${old1}/state`);
    }
    for (const id of [old1, old2, locked, latest]) finishedAt(repo, id, OLD);
    // A run whose engine is running: copied from a finished one, its state running, started long ago.
    running = "20200101-000000-0000abcd";
    const s = readJson<RunStatus>(status(repo, old1));
    mkdirSync(join(repo, "docs/status/runs", running), { recursive: true });
    writeFileSync(
      status(repo, running),
      JSON.stringify({ ...s, run_id: running, state: "running", started_at: OLD, finished_at: null }),
    );
    // A finished run being resumed: its run lock is held by a live engine (this process).
    lock = await acquireRunLock(repo, locked);
    // old1's branch, never pushed: goes. old2's: a PR was opened (no token to check it): stays.
    branchAt(repo, `feature/one-${old1}`, old1);
    writeFileSync(
      join(repo, "docs/status/runs", old1, "branch_info.json"),
      JSON.stringify({ branch: `feature/one-${old1}`, remote: null, pr_url: null }),
    );
    branchAt(repo, `feature/two-${old2}`, old2);
    writeFileSync(
      join(repo, "docs/status/runs", old2, "branch_info.json"),
      JSON.stringify({
        branch: `feature/two-${old2}`,
        remote: "origin",
        pr_number: 7,
        pr_url: "http://x/pull/7",
      }),
    );
    // A branch named by a run's records but not made by it: stays.
    branchAt(repo, "main-copy", null);
    const st = readJson<RunStatus>(status(repo, old1));
    writeFileSync(status(repo, old1), JSON.stringify({ ...st, branch: "main-copy" }));
    mkdirSync(join(repo, ".triggers/runs", old1), { recursive: true });
    writeFileSync(join(repo, ".triggers/runs", old1, "tests_failed"), "x");
    git(repo, "update-ref", `refs/agent-flow/${orphan}/state`, "HEAD");
    // 11 pooled worktrees: 3 beyond the pool's size of 8.
    mkdirSync(join(orphanPool, "w0"), { recursive: true });
    writeFileSync(join(orphanPool, "repository"), `${join(repo, "deleted-repo", ".git")}\n`);
    mkdirSync(join(notAPool, "w0"), { recursive: true });
    const pool = RunWorkspace.poolDir(join(repo, ".git"));
    for (let n = 0; n < 11; n++) {
      mkdirSync(join(pool, `w${n}`), { recursive: true });
      writeFileSync(join(pool, `w${n}`, "f.txt"), "x".repeat(1000));
    }
    // A stale lock left by a process that is gone.
    writeFileSync(
      join(repo, ".locks/db.lock"),
      JSON.stringify({
        resource: "db",
        run_id: old1,
        agent: "writer",
        timestamp: OLD,
        pid: 2 ** 22 + 17,
        host: hostname(),
        token: "0123456789abcdef0123456789abcdef",
      }),
    );
    // File times say everything is new: only the records say old.
    const now = new Date();
    utimesSync(join(repo, "docs/status/runs", old1), now, now);
  }, 120_000);

  afterAll(async () => {
    await lock?.release();
  });

  it("refuses a bad retention, saying the rule", () => {
    for (const [args, env] of [
      [["--retention", "-1"], {}],
      [["--retention", "abc"], {}],
      [[], { AGENT_RUN_RETENTION: "" }],
    ] as const) {
      const r = cli(["cleanup", ...args], { cwd: repo, env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain("must be a whole number of days, 0 or more");
    }
    expect(existsSync(join(repo, "docs/status/runs", old1))).toBe(true);
  });

  it("--dry-run lists what would go and removes nothing", () => {
    const r = cli(["cleanup", "--dry-run", "--json"], { cwd: repo, env: { AGENT_RUN_RETENTION: "7" } });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { removed: { kind: string; target: string }[]; bytes: number };
    expect(report.removed.map((i) => `${i.kind} ${i.target}`)).toEqual(
      expect.arrayContaining([
        `run-folder docs/status/runs/${old1}`,
        `run-folder docs/status/runs/${old2}`,
        `refs refs/agent-flow/${orphan}/*`,
        `branch feature/one-${old1}`,
        `triggers .triggers/runs/${old1}`,
        "lock .locks/db.lock",
        `worktree ${orphanPool}`,
      ]),
    );
    expect(report.bytes).toBeGreaterThan(0);
    expect(existsSync(join(repo, "docs/status/runs", old1))).toBe(true);
    expect(refsOf(repo, old1).length).toBeGreaterThan(0);
    expect(existsSync(join(repo, ".locks/db.lock"))).toBe(true);
    expect(existsSync(join(RunWorkspace.poolDir(join(repo, ".git")), "w10"))).toBe(true);
    expect(existsSync(orphanPool)).toBe(true);
  });

  it("removes old finished runs with their refs, branch, triggers, surplus worktrees and stale locks; keeps the rest", () => {
    const before = readlinkSync(join(repo, "docs/status/latest"));
    const r = cli(["cleanup"], { cwd: repo, env: { AGENT_RUN_RETENTION: "7" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cleanup \(retention 7 days, .*\): removed \d+ items of 3 runs, freed \d/);
    for (const id of [old1, old2, orphan]) {
      expect(existsSync(join(repo, "docs/status/runs", id))).toBe(false);
      expect(refsOf(repo, id)).toEqual([]);
    }
    expect(existsSync(join(repo, ".triggers/runs", old1))).toBe(false);
    expect(git(repo, "branch", "--list", `feature/one-${old1}`)).toBe("");
    // Kept: the branch with a PR that may be open, a branch not made by the run, and why.
    expect(git(repo, "branch", "--list", `feature/two-${old2}`)).not.toBe("");
    expect(git(repo, "branch", "--list", "main-copy")).not.toBe("");
    expect(r.stdout).toContain(
      `branch feature/two-${old2} kept: its pull request http://x/pull/7 may be open`,
    );
    expect(r.stdout).toContain(`branch main-copy kept: its tip`);
    // The running run, the locked one, the fresh one and latest survive, whole.
    for (const id of [running, locked, fresh, latest]) expect(existsSync(status(repo, id))).toBe(true);
    for (const id of [locked, fresh, latest]) expect(refsOf(repo, id).length).toBeGreaterThan(0);
    expect(readlinkSync(join(repo, "docs/status/latest"))).toBe(before);
    expect(existsSync(join(repo, "docs/status/latest/pipeline_status.json"))).toBe(true);
    expect(r.stdout).toContain(`kept ${running}: not finished (running)`);
    expect(r.stdout).toContain(`kept ${locked}: an engine holds its run lock`);
    expect(r.stdout).toContain(`kept ${latest}: docs/status/latest points to it`);
    const pool = RunWorkspace.poolDir(join(repo, ".git"));
    expect([8, 9, 10].map((n) => existsSync(join(pool, `w${n}`)))).toEqual([false, false, false]);
    expect(existsSync(join(pool, "w7"))).toBe(true);
    expect(existsSync(orphanPool)).toBe(false);
    expect(existsSync(join(notAPool, "w0"))).toBe(true);
    expect(existsSync(join(repo, ".locks/db.lock"))).toBe(false);
    expect(existsSync(join(repo, `.locks/run-${locked}.lock`))).toBe(true);
  });

  it("a second pass removes nothing", () => {
    const r = cli(["cleanup", "--json"], { cwd: repo, env: { AGENT_RUN_RETENTION: "7" } });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { removed: unknown[] }).removed).toEqual([]);
  });

  it("AGENT_AUTO_CLEANUP=true: a finished run ends with the same cleanup", () => {
    const r = cli(["run", "--feature", "six"], {
      cwd: repo,
      env: { ...ENV, AGENT_AUTO_CLEANUP: "true", AGENT_RUN_RETENTION: "0" },
    });
    expect(r.code, r.stderr).toBe(0);
    // Retention 0: every finished run but the new latest goes, except the one whose lock is held.
    expect(r.stdout + r.stderr).toMatch(/cleanup \(retention 0 days/);
    expect(existsSync(join(repo, "docs/status/runs", fresh))).toBe(false);
    expect(existsSync(join(repo, "docs/status/runs", latest))).toBe(false);
    expect(existsSync(status(repo, locked))).toBe(true);
    expect(existsSync(status(repo, running))).toBe(true);
    const now = readlinkSync(join(repo, "docs/status/latest"));
    expect(readFileSync(join(repo, "docs/status", now, "pipeline_status.json"), "utf8")).toContain(
      '"feature": "six"',
    );
  });
});
