import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_AUTHOR: "Robo Dev <robo@example.com>" };

function flowWith(
  agentRun: string,
  opts: { writes?: string; commit?: string; policy?: string; extraStep?: string } = {},
): string {
  return `version: 1
${opts.policy ?? ""}
agents:
  dev:
    run: '${agentRun}'
    writes: [${opts.writes ?? "src/**"}]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
${opts.extraStep ?? ""}      - commit: ${opts.commit ?? "{}"}
`;
}

/** A repository with a bare remote on disk, as `origin`. */
function repoWithRemote(flow: string): { repo: string; remote: string } {
  const repo = makeRepo({ "agents/flow.yaml": flow, "src/app.js": "export const x = 1;\n" });
  const remote = join(tempDir("agent-flow-remote-"), "origin.git");
  git(repo, "init", "--quiet", "--bare", remote);
  git(repo, "remote", "add", "origin", remote);
  git(repo, "push", "--quiet", "origin", "main");
  return { repo, remote };
}

function runOf(repo: string, out: string): RunStatus {
  const id = /run (\d{8}-\d{6}-[0-9a-f]{8}) /.exec(out)?.[1];
  if (!id) throw new Error(`no run id in: ${out}`);
  return readJson<RunStatus>(join(repo, "docs/status/runs", id, "pipeline_status.json"));
}

describe("the commit step", () => {
  it("makes one squashed commit with trailers on feature/<slug>-<RUN_ID>, pushes it, writes the records", () => {
    const { repo, remote } = repoWithRemote(flowWith("echo y > src/new.js"));
    const r = cli(["run", "--feature", "add-new", "--quiet"], { cwd: repo, env: ENV });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = runOf(repo, r.stdout);
    const branch = `feature/add-new-${s.run_id}`;
    expect(s.branch).toBe(branch);
    expect(git(repo, "rev-parse", branch)).toBe(git(remote, "rev-parse", branch));
    expect(git(repo, "log", "--format=%an <%ae>|%s", `main..${branch}`)).toBe(
      `Robo Dev <robo@example.com>|add-new: changes from agent-flow run ${s.run_id}`,
    );
    expect(git(repo, "log", "-1", "--format=%B", branch)).toContain(`Run-Id: ${s.run_id}\nAgent: dev`);
    expect(git(repo, "rev-parse", `${branch}^`)).toBe(s.base_sha);
    expect(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
    expect(git(repo, "status", "--porcelain")).toBe("");
    const dir = join(repo, "docs/status/runs", s.run_id);
    expect(readJson(join(dir, "branch_info.json"))).toMatchObject({
      branch,
      remote: "origin",
      pushed_sha: git(repo, "rev-parse", branch),
    });
    expect(readJson(join(dir, "commit_log.json"))).toMatchObject({
      branch,
      changed_files: ["src/new.js"],
      squash: true,
    });
    const body = readFileSync(join(dir, "pr_body.md"), "utf8");
    expect(body).toContain("| idea_to_feature/dev#1 | dev | succeeded | 1 |");
    expect(body).toContain(`Run \`${s.run_id}\``);
    expect(s.outcome).toContain("is not a GitHub repository, so no pull request was opened");
    expect(s.outcome).toContain("gh pr create --base 'main'");
  });

  it("with squash: false, makes one commit per agent step, each with its trailers", () => {
    const flow = `version: 1
agents:
  one:
    run: 'mkdir -p lib; echo 1 > lib/one.js'
    writes: [lib/one.js]
  two:
    run: 'mkdir -p lib; echo 2 > lib/two.js'
    writes: [lib/two.js]
workflows:
  idea_to_feature:
    steps:
      - agent: one
      - agent: two
      - commit: { squash: false, branch: "agents/{feature}/{run_id}", message: "feat({feature}): pipeline result" }
`;
    const { repo } = repoWithRemote(flow);
    const r = cli(["run", "--feature", "split", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const s = runOf(repo, r.stdout);
    const branch = `agents/split/${s.run_id}`;
    expect(
      git(
        repo,
        "log",
        "--reverse",
        "--format=%s|%(trailers:key=Agent,valueonly,separator=%x2C)",
        `main..${branch}`,
      ).split("\n"),
    ).toEqual([
      "feat(split): pipeline result (idea_to_feature/one#1)|one",
      "feat(split): pipeline result (idea_to_feature/two#1)|two",
    ]);
    expect(git(repo, "diff", "--name-only", `main..${branch}`).split("\n")).toEqual([
      "lib/one.js",
      "lib/two.js",
    ]);
  });

  it("refuses an invalid branch template before any agent runs, and a result over the byte cap", () => {
    const bad = repoWithRemote(
      flowWith("echo y > src/new.js", { commit: '{ branch: "feature/{feature}..{run_id}" }' }),
    );
    const r1 = cli(["run", "--feature", "bad-branch", "--quiet"], { cwd: bad.repo, env: ENV });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(
      "commit.branch: makes the branch name 'feature/sample-feature..20260101-000000-0a1b2c3d' (with sample values), which git refuses: it contains '..'; change the template",
    );
    expect(r1.stderr).toContain("nothing was run");
    const big = repoWithRemote(
      flowWith("head -c 5000 /dev/zero > src/big.bin", { policy: "policy:\n  max_changed_bytes: 4096" }),
    );
    const r2 = cli(["run", "--feature", "big", "--quiet"], { cwd: big.repo, env: ENV });
    expect(r2.code).toBe(1);
    // Refused at the agent's attempt already, before the file is hashed into the object store.
    expect(r2.stderr).toContain(
      'the agent\'s changed files add up to 5000 bytes, more than policy.max_changed_bytes (4096); the largest is "src/big.bin" (5000 bytes)',
    );
  });

  it("an empty result makes no branch and says so", () => {
    const { repo } = repoWithRemote(flowWith("true"));
    const r = cli(["run", "--feature", "nothing", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const s = runOf(repo, r.stdout);
    expect(s.outcome).toBe("the run changed nothing: no branch and no pull request were made");
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
  });

  it("refuses a result over the caps, pushing nothing", () => {
    const { repo, remote } = repoWithRemote(
      flowWith("echo a > src/a.js; echo b > src/b.js", { policy: "policy:\n  max_changed_files: 1" }),
    );
    const r = cli(["run", "--feature", "too-big", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the agent changed 2 files, more than policy.max_changed_files (1)");
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
    expect(git(remote, "branch", "--list", "feature/*")).toBe("");
  });

  it("refuses to resume a run whose flow changed (the flow is pinned by hash at the start)", () => {
    const flow = flowWith("mkdir -p config; echo k > config/app.env", {
      writes: "config/**",
      extraStep: "      - check: 'test -f /nonexistent'\n",
    });
    const { repo } = repoWithRemote(flow);
    const first = cli(["run", "--feature", "secrets", "--quiet"], { cwd: repo, env: ENV });
    expect(first.code).toBe(1);
    const s = runOf(repo, first.stderr);
    writeFileSync(
      join(repo, "agents/flow.yaml"),
      flow
        .replace("      - check: 'test -f /nonexistent'\n", "")
        .replace("version: 1\n", 'version: 1\npolicy:\n  protected: ["config/*.env"]\n'),
    );
    // A run keeps the flow it started with: a changed flow is refused, nothing is run or pushed.
    const retry = cli(["run", "--run-id", s.run_id, "--retry", "--quiet"], { cwd: repo, env: ENV });
    expect(retry.code).toBe(2);
    expect(retry.stderr).toContain(`agents/flow.yaml changed since run ${s.run_id} started`);
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
  });

  it("refuses a result whose private refs were edited by hand", () => {
    const { repo } = repoWithRemote(
      flowWith("echo y > src/new.js", { extraStep: "      - check: 'test -f flag'\n" }),
    );
    const first = cli(["run", "--feature", "tamper", "--quiet"], { cwd: repo, env: ENV });
    expect(first.code).toBe(1);
    const s = runOf(repo, first.stderr);
    // Someone adds a file to the run's result behind the engine's back.
    const wt = tempDir();
    git(repo, "worktree", "add", "--detach", wt, s.head);
    writeFileSync(join(wt, "flag"), "");
    writeFileSync(join(wt, "evil.sh"), "rm -rf /");
    git(wt, "add", "-A");
    git(wt, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "sneak");
    const sneaked = git(wt, "rev-parse", "HEAD");
    // The status file is only a view: forging it changes nothing the engine decides.
    const statusFile = join(repo, "docs/status/runs", s.run_id, "pipeline_status.json");
    writeFileSync(statusFile, readFileSync(statusFile, "utf8").replaceAll(s.head, sneaked));
    git(repo, "update-ref", `refs/agent-flow/${s.run_id}/head`, sneaked);
    const retry = cli(["run", "--run-id", s.run_id, "--retry", "--quiet"], { cwd: repo, env: ENV });
    expect(retry.code).toBe(1);
    expect(retry.stderr).toContain("check");
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
    // Forging the engine's own state (its head) is found by the resume's verification.
    const ref = `refs/agent-flow/${s.run_id}/state`;
    const state = git(repo, "cat-file", "blob", ref).replaceAll(`"head":"${s.head}"`, `"head":"${sneaked}"`);
    const forged = join(wt, "state.json");
    writeFileSync(forged, state);
    git(repo, "update-ref", ref, git(repo, "hash-object", "-w", forged));
    const again = cli(["run", "--run-id", s.run_id, "--retry", "--quiet"], { cwd: repo, env: ENV });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("the run's state was tampered with and cannot be resumed");
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
  });

  it("two runs of one feature get their own branches; rollback removes one run entirely", () => {
    const { repo, remote } = repoWithRemote(flowWith('echo "$RUN_ID" > src/run.txt'));
    const a = runOf(repo, cli(["run", "--feature", "twice", "--quiet"], { cwd: repo, env: ENV }).stdout);
    const b = runOf(repo, cli(["run", "--feature", "twice", "--quiet"], { cwd: repo, env: ENV }).stdout);
    expect(a.branch).not.toBe(b.branch);
    expect(git(remote, "branch", "--list", "feature/twice-*").split("\n")).toHaveLength(2);

    const rb = cli(["rollback", a.run_id], { cwd: repo });
    expect(rb.stderr).toBe("");
    expect(rb.code).toBe(0);
    expect(git(repo, "branch", "--list", a.branch as string)).toBe("");
    expect(git(remote, "branch", "--list", a.branch as string)).toBe("");
    expect(git(repo, "for-each-ref", `refs/agent-flow/${a.run_id}`)).toBe("");
    expect(existsSync(join(repo, "docs/status/runs", a.run_id))).toBe(false);
    expect(git(remote, "branch", "--list", b.branch as string)).not.toBe("");
  });

  it("without a remote, still makes the branch and prints how to open the pull request", () => {
    const repo = makeRepo({ "agents/flow.yaml": flowWith("echo y > src/new.js"), "src/app.js": "x\n" });
    const r = cli(["run", "--feature", "local-only", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const s = runOf(repo, r.stdout);
    expect(git(repo, "branch", "--list", "feature/*")).toContain(`feature/local-only-${s.run_id}`);
    expect(s.outcome).toContain(
      `no remote 'origin' to push to. To open the pull request: git push origin feature/local-only-${s.run_id}`,
    );
  });
});
