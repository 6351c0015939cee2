import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli, cliAsync } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_AUTHOR: "Robo Dev <robo@example.com>" };
const FLOW = `version: 1
agents:
  dev:
    run: 'echo "$FEATURE_NAME" > src/out.txt'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - commit: {}
`;

const made: string[] = [];
const repoOf = (files: Record<string, string>): string => {
  const repo = makeRepo(files);
  made.push(repo);
  return repo;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function onlyRun(repo: string): RunStatus {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  return readJson<RunStatus>(join(repo, "docs/status/runs", runs[0] as string, "pipeline_status.json"));
}

describe("starting a run", () => {
  it("from a detached HEAD, starts from the commit checked out (no 'main' needed) and opens no PR", () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW, "src/app.js": "1\n" });
    git(repo, "branch", "-m", "main", "trunk");
    const checkedOut = git(repo, "rev-parse", "HEAD");
    writeFileSync(join(repo, "src/app.js"), "2\n");
    git(repo, "commit", "-qam", "later");
    git(repo, "checkout", "-q", "--detach", checkedOut);

    const r = cli(["run", "--feature", "ci-run"], { cwd: repo, env: ENV });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = onlyRun(repo);
    expect(s.base_sha).toBe(checkedOut);
    expect(s.base_branch).toBe("");
    expect(r.stdout).toContain(`base: detached HEAD at ${checkedOut.slice(0, 7)}`);
    const branch = s.branch as string;
    expect(git(repo, "rev-parse", `${branch}^`)).toBe(checkedOut);
    expect(s.outcome).toContain("no remote 'origin'");
    const prUrl = readFileSync(join(repo, "docs/status/runs", s.run_id, "pr_url.txt"), "utf8");
    expect(prUrl).toContain("# no pull request was opened: no remote 'origin' to push to");
    expect(prUrl).toContain(`gh pr create --base BRANCH --head '${branch}'`);
    expect(readFileSync(join(repo, "docs/status/runs", s.run_id, "pr_body.md"), "utf8")).toContain(
      `from detached HEAD at ${checkedOut.slice(0, 7)}`,
    );
  });

  it("the same --run-id started four times at once: one runs, three are told the run exists", async () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW, "src/app.js": "1\n" });
    const runId = "20261129-120000-0123abcd";
    const names = ["one", "two", "three", "four"];
    for (const n of names) writeFileSync(join(repo, `${n}.md`), `request of ${n}\n`);
    // A git on PATH that is slow to set the run's first ref widens the window in which the starts
    // overlap, so the race shows on every run of the test rather than now and then.
    const bin = join(repo, ".git", "slow-bin");
    mkdirSync(bin);
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    writeFileSync(
      join(bin, "git"),
      `#!/bin/sh\ncase "$1 $2" in "update-ref refs/agent-flow/"*/head) sleep 0.5;; esac\nexec ${realGit} "$@"\n`,
      { mode: 0o755 },
    );
    const results = await Promise.all(
      names.map((n) =>
        cliAsync(["run", "--feature", n, "--run-id", runId, "--request", `${n}.md`, "--quiet"], {
          cwd: repo,
          env: { ...ENV, PATH: `${bin}:${process.env.PATH}` },
        }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.code === 0 ? [names[i] as string] : []));
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error: run ${runId} already exists`);
      expect(r.stderr).toContain(`--run-id ${runId} --retry`);
    }
    const winner = winners[0] as string;
    const request = readFileSync(join(repo, "docs/status/runs", runId, "feature_request.md"), "utf8");
    expect(request).toContain(`Feature: ${winner}\n`);
    expect(request).toContain(`request of ${winner}\n`);
    expect(onlyRun(repo).feature).toBe(winner);
    expect(readFileSync(join(repo, "docs/status/runs", runId, "pr_body.md"), "utf8")).toContain(
      `request of ${winner}`,
    );
  });

  it("a missing base branch: did-you-mean first, then the likeliest branches", () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW });
    for (const b of ["aaa", "feature/x-20261129-000000-00000000", "develop", "release-1"])
      git(repo, "branch", b);
    const r = cli(["run", "--feature", "f", "--base", "mian"], { cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: base branch 'mian' does not exist; did you mean 'main'\? \(likely: main, /,
    );
    expect(r.stderr).toContain("nothing was written");
  });

  // The base is read while the flow file is parsed (readBase() in start.ts): its refusals still come
  // after the flow's problems and the feature name's, and never as an unhandled rejection.
  it("a base read ahead keeps its place among the refusals: flow first, then the feature name, then the base", () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW });
    git(repo, "update-ref", "-d", "refs/heads/main"); // the branch checked out has no commits now
    const badFlow = cli(["run", "--feature", "f", "--flow", "bad.yaml"], { cwd: repo, env: ENV });
    expect(badFlow.code).toBe(1);
    expect(badFlow.stderr).toContain("bad.yaml: 1 problem; nothing was run");
    writeFileSync(join(repo, "agents/broken.yaml"), "version: 1\nagents: {}\nworkflows: {}\nbogus: 1\n");
    const invalid = cli(["run", "--feature", "f", "--flow", "agents/broken.yaml", "--base", "mian"], {
      cwd: repo,
      env: ENV,
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^agents\/broken\.yaml:\d+:\d+/m);
    expect(invalid.stderr).not.toMatch(/base branch|no commits|Unhandled|at async/);
    const badName = cli(["run", "--feature", "Bad Name"], { cwd: repo, env: ENV });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/^error: 'Bad Name' is not a valid feature name/);
    const noCommits = cli(["run", "--feature", "f"], { cwd: repo, env: ENV });
    expect(noCommits.code).toBe(2);
    expect(noCommits.stderr).toBe(
      "error: the current branch 'main' has no commits yet: commit once first, or pass --base BRANCH\nnothing was written\n",
    );
    expect(readdirSync(repo)).not.toContain("docs");
  });

  it("a run whose lock cannot be taken once its folder exists is recorded failed, not left pending", () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW, ".locks": "a file where the locks folder goes\n" });
    const r = cli(["run", "--feature", "f", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).not.toBe(0);
    const s = onlyRun(repo);
    expect(s).toMatchObject({ state: "failed", resumable: false, engine: null });
    expect(s.error).toContain(".locks is not a folder");
    expect(s.error).toContain("move it away");
    expect(s.error).not.toContain("ENOTDIR");
    expect(r.stderr).toContain(s.error as string);
  });

  it("--request given a folder says it is a folder", () => {
    const repo = repoOf({ "agents/flow.yaml": FLOW, "docs/notes/a.md": "x\n" });
    const r = cli(["run", "--feature", "f", "--request", "docs/notes"], { cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--request docs/notes: is a folder, not a file");
  });

  it("warns, before any agent starts, that uncommitted agent scripts and flow changes are not part of the run", () => {
    const flow = `version: 1
agents:
  planner:
    run: sh agents/scripts/planner.sh && sh agents/scripts/helper.sh
    writes: [docs/**]
workflows:
  idea_to_feature:
    steps:
      - agent: planner
`;
    const repo = repoOf({ "agents/flow.yaml": flow });
    mkdirSync(join(repo, "agents/scripts"), { recursive: true });
    writeFileSync(join(repo, "agents/scripts/planner.sh"), "mkdir -p docs; echo plan > docs/plan.md\n");
    writeFileSync(join(repo, "agents/scripts/helper.sh"), "true\n");
    git(repo, "add", "agents/scripts/helper.sh");
    writeFileSync(join(repo, "agents/flow.yaml"), `${flow}# edited\n`);
    const r = cli(["run", "--feature", "fresh"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    const s = onlyRun(repo);
    const log = readFileSync(join(repo, "docs/status/runs", s.run_id, "pipeline.log"), "utf8");
    for (const text of [r.stdout, log]) {
      const warning = text.indexOf("[warning] uncommitted changes to files this run uses:");
      expect(warning).toBeGreaterThan(-1);
      expect(warning).toBeLessThan(text.indexOf("planner: attempt 1 started"));
    }
    expect(log).toContain('"agents/flow.yaml" (modified)');
    expect(log).toContain('"agents/scripts/planner.sh" (untracked)');
    expect(log).toContain('"agents/scripts/helper.sh" (added, not committed)');
    expect(log).toContain("not part of the run");
    expect(log).toContain("To include them, commit them");

    // Committed, the warning goes away and the script runs.
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "scripts");
    const again = cli(["run", "--feature", "committed"], { cwd: repo, env: ENV });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("uncommitted changes");
  });
});
