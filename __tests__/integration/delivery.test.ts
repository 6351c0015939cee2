import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_AUTHOR: "Robo Dev <robo@example.com>" };

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function flowWith(agentRun: string, extraSteps = ""): string {
  return `version: 1
agents:
  dev:
    run: '${agentRun}'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
${extraSteps}      - commit: {}
`;
}

/** A repository with a bare remote on disk as `origin` (or the URL given, mapped to it with insteadOf). */
function repoWithRemote(flow: string, files: Record<string, string> = {}, url?: string) {
  const repo = makeRepo({ "agents/flow.yaml": flow, "src/app.js": "export const x = 1;\n", ...files });
  const remote = join(tempDir("agent-flow-remote-"), "origin.git");
  made.push(repo, dirname(remote));
  git(repo, "init", "--quiet", "--bare", remote);
  if (url) git(repo, "config", `url.${remote}.insteadOf`, url);
  git(repo, "remote", "add", "origin", url ?? remote);
  git(repo, "push", "--quiet", "origin", "main");
  return { repo, remote };
}

const runIdIn = (text: string): string => /run (\d{8}-\d{6}-[0-9a-f]{8}) /.exec(text)?.[1] as string;
const runDirOf = (repo: string, id: string): string => join(repo, "docs/status/runs", id);
const statusOf = (repo: string, id: string) =>
  readJson<RunStatus>(join(runDirOf(repo, id), "pipeline_status.json"));

describe("the pull request description and records", () => {
  it("shows the check as written, sums every runner total, omits the running commit step, writes pr_url.txt", () => {
    const check = "node --test a.test.mjs && node --test b.test.mjs";
    const { repo } = repoWithRemote(flowWith("echo y > src/new.js", `      - check: ${check}\n`), {
      "a.test.mjs": 'import test from "node:test";\ntest("a1", () => {});\ntest("a2", () => {});\n',
      "b.test.mjs": 'import test from "node:test";\nfor (const n of [1, 2, 3]) test("b" + n, () => {});\n',
    });
    const r = cli(["run", "--feature", "counts", "--quiet"], { cwd: repo, env: ENV });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const dir = runDirOf(repo, runIdIn(r.stdout));
    const body = readFileSync(join(dir, "pr_body.md"), "utf8");
    expect(body).toContain(`\`${check}\` (idea_to_feature/check#1) passed: 5 passed, 0 failed.`);
    expect(body).not.toContain("sh -c");
    expect(body).not.toContain("running");
    expect(body).not.toContain("(commit)");
    const prUrl = readFileSync(join(dir, "pr_url.txt"), "utf8");
    expect(prUrl).toMatch(
      /^# no pull request was opened: .* is not a GitHub repository\n# to open it: gh pr create /,
    );
  });

  it("takes the request from the engine, not from feature_request.md an agent rewrote", () => {
    const { repo } = repoWithRemote(
      flowWith(
        'echo y > src/new.js; printf "approved by @security-team\\nCloses #1\\n" >> "$AGENT_RUN_DIR/feature_request.md"',
      ),
    );
    writeFileSync(join(repo, "request.md"), "Add a position limit.\n");
    const r = cli(["run", "--feature", "honest", "--request", "request.md", "--quiet"], {
      cwd: repo,
      env: ENV,
    });
    expect(r.code).toBe(0);
    const id = runIdIn(r.stdout);
    expect(readFileSync(join(runDirOf(repo, id), "feature_request.md"), "utf8")).toContain("security-team");
    const body = readFileSync(join(runDirOf(repo, id), "pr_body.md"), "utf8");
    expect(body).toContain("Add a position limit.");
    expect(body).not.toContain("security-team");
    expect(body).not.toContain("Closes #");
  });

  it("never stores or logs a token from the remote URL, even when the push fails", () => {
    const secret = "ghs_SECRETtoken0123456789";
    const url = `https://x-access-token:${secret}@github.com/acme/widget.git`;
    const { repo, remote } = repoWithRemote(flowWith("echo y > src/new.js"), {}, url);
    // The remote refuses the push and says so with the URL, as a server or a proxy might.
    const hook = join(remote, "hooks", "pre-receive");
    writeFileSync(hook, `#!/bin/sh\necho "denied for ${url}" >&2\nexit 1\n`, { mode: 0o755 });
    const failed = cli(["run", "--feature", "leaky"], { cwd: repo, env: ENV });
    expect(failed.code).toBe(1);
    const id = runIdIn(failed.stdout + failed.stderr);
    expect(statusOf(repo, id).error).toContain("denied for https://github.com/acme/widget.git");
    rmSync(hook);
    const retry = cli(["run", "--run-id", id, "--retry"], { cwd: repo, env: ENV });
    expect(retry.code).toBe(0);
    const s = statusOf(repo, id);
    expect(s.outcome).toContain("no GitHub token is set (AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN)");
    expect(readJson(join(runDirOf(repo, id), "branch_info.json"))).toMatchObject({
      remote_url: "https://github.com/acme/widget.git",
    });
    const files = (base: string): string[] =>
      readdirSync(base, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name));
    // Everything the run stored: the run folder, pipeline.log, branch_info.json, the latest snapshot.
    const stored = files(join(repo, "docs/status"));
    expect(stored.some((f) => f.includes(".snapshots"))).toBe(true);
    for (const f of stored) expect(readFileSync(f, "utf8"), f).not.toContain(secret);
    for (const out of [failed.stdout, failed.stderr, retry.stdout, retry.stderr])
      expect(out).not.toContain(secret);
  });
});

describe("rollback", () => {
  it("after the remote branch moved: rolls back locally, keeps the moved branch and says how to remove it", () => {
    const { repo, remote } = repoWithRemote(flowWith("echo y > src/new.js"));
    const r = cli(["run", "--feature", "moved", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const id = runIdIn(r.stdout);
    const branch = statusOf(repo, id).branch as string;
    expect(readdirSync(join(repo, "docs/status/.snapshots")).some((n) => n.startsWith(`${id}-`))).toBe(true);
    // Someone else pushes to the run's branch.
    const other = tempDir("agent-flow-clone-");
    made.push(other);
    git(other, "clone", "--quiet", "--branch", branch, remote, ".");
    writeFileSync(join(other, "theirs.txt"), "theirs\n");
    git(other, "add", "-A");
    git(other, "-c", "user.name=o", "-c", "user.email=o@o", "commit", "-qm", "theirs");
    git(other, "push", "--quiet", "origin", branch);
    const moved = git(remote, "rev-parse", branch);

    const rb = cli(["rollback", id], { cwd: repo });
    expect(rb.code).toBe(1);
    expect(rb.stderr).toContain(`run ${id} rolled back locally; still on the remote:`);
    expect(rb.stderr).toContain(`origin/${branch} (at ${moved.slice(0, 12)}) was kept`);
    expect(rb.stderr).toContain(`git push origin --delete ${branch}`);
    expect(git(remote, "rev-parse", branch)).toBe(moved);
    expect(git(repo, "branch", "--list", branch)).toBe("");
    expect(git(repo, "for-each-ref", `refs/agent-flow/${id}`)).toBe("");
    expect(existsSync(runDirOf(repo, id))).toBe(false);
    expect(existsSync(join(repo, "docs/status/latest"))).toBe(false);
    expect(readdirSync(join(repo, "docs/status/.snapshots")).filter((n) => n.startsWith(id))).toEqual([]);
    expect(rb.stdout).toMatch(new RegExp(`removed docs/status/\\.snapshots/${id}-[0-9a-f]{6}`));
  });

  it("a forged branch_info.json naming develop does not make it delete develop", () => {
    const { repo, remote } = repoWithRemote(flowWith("echo y > src/new.js"));
    git(repo, "branch", "develop");
    git(repo, "push", "--quiet", "origin", "develop");
    const develop = git(repo, "rev-parse", "develop");
    const r = cli(["run", "--feature", "forged", "--quiet"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    const id = runIdIn(r.stdout);
    const branch = statusOf(repo, id).branch as string;
    const infoFile = join(runDirOf(repo, id), "branch_info.json");
    const info = readJson(infoFile);
    writeFileSync(infoFile, JSON.stringify({ ...info, branch: "develop", pushed_sha: develop }));

    const rb = cli(["rollback", id], { cwd: repo });
    expect(rb.stdout).toContain(
      `kept branch develop: its tip ${develop.slice(0, 12)} was not made by run ${id}`,
    );
    expect(git(repo, "rev-parse", "develop")).toBe(develop);
    expect(git(remote, "rev-parse", "develop")).toBe(develop);
    // The run's own branch, named in pipeline_status.json, is still found and removed.
    expect(git(repo, "branch", "--list", branch)).toBe("");
    expect(git(remote, "branch", "--list", branch)).toBe("");
  });
});
