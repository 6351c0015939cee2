import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cliAsync, tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const TOKEN = "ghs_integrationToken0123456789";
const FLOW = `version: 1
agents:
  dev:
    run: 'echo "export const feature = 1;" > src/feature.js'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - commit: { labels: [agent-flow] }
`;

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start(TOKEN);
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

/**
 * A repository whose `origin` is https://github.com/<repo> as far as agent-flow can tell, while git
 * itself pushes to a bare repository on disk (url.insteadOf), and the REST API is the fake GitHub that
 * knows that bare repository's branches.
 */
function setup(name: string): { repo: string; remote: string; env: NodeJS.ProcessEnv } {
  const repo = makeRepo({ "agents/flow.yaml": FLOW, "src/app.js": "export const app = 1;\n" });
  const remote = join(tempDir("agent-flow-gh-"), `${name}.git`);
  git(repo, "init", "--quiet", "--bare", remote);
  const url = `https://github.com/acme/${name}.git`;
  git(repo, "config", `url.${remote}.insteadOf`, url);
  git(repo, "remote", "add", "origin", url);
  git(repo, "push", "--quiet", "origin", "main");
  fake.addRepo("acme", name, { gitDir: remote });
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url, AGENT_FLOW_RETRY_DELAY_MS: "50" };
  return { repo, remote, env };
}

const runIdOf = (text: string): string => /run (\d{8}-\d{6}-[0-9a-f]{8}) /.exec(text)?.[1] as string;
const statusOf = (repo: string, id: string) =>
  readJson<RunStatus>(join(repo, "docs/status/runs", id, "pipeline_status.json"));

describe("the commit step opens the pull request", () => {
  it("creates it, and a retry of the same run leaves one branch and one pull request, updated", async () => {
    const { repo, remote, env } = setup("retry");
    // The first attempt dies after the PR exists: adding the label is refused.
    fake.failNext("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const first = await cliAsync(["run", "--feature", "export", "--issue", "7", "--quiet"], {
      cwd: repo,
      env,
    });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("pull-requests: write");
    const id = runIdOf(first.stderr);
    const branch = `feature/export-${id}`;
    expect(fake.pulls("acme", "retry")).toHaveLength(1);

    const again = await cliAsync(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const pulls = fake.pulls("acme", "retry");
    expect(pulls).toHaveLength(1);
    const pr = pulls[0] as (typeof pulls)[number];
    expect(pr.head).toBe(branch);
    expect(pr.labels).toEqual(["agent-flow"]);
    expect(pr.body).toContain("Closes #7");
    expect(pr.body).toContain(`Run \`${id}\``);
    const s = statusOf(repo, id);
    expect(s.outcome).toBe(
      `pull request #${pr.number} updated: ${pr.html_url} (branch ${branch}, push unchanged)`,
    );
    expect(readFileSync(join(repo, "docs/status/runs", id, "pr_url.txt"), "utf8")).toBe(`${pr.html_url}\n`);
    expect(readJson(join(repo, "docs/status/runs", id, "branch_info.json"))).toMatchObject({
      branch,
      pr_number: pr.number,
    });
    expect(git(remote, "for-each-ref", "--format=%(refname:short)", "refs/heads/feature/")).toBe(branch);

    const rollback = await cliAsync(["rollback", id, "--close-pr"], { cwd: repo, env });
    expect(rollback.stderr).toBe("");
    expect(rollback.stdout).toContain(`closed pull request #${pr.number}`);
    expect(fake.pulls("acme", "retry")[0]?.state).toBe("closed");
    expect(git(remote, "for-each-ref", "refs/heads/feature/")).toBe("");
  });

  it("says how to fix 'Actions is not permitted', and the retry after the fix creates the PR", async () => {
    const { repo, env } = setup("permitted");
    fake.failNext("POST /repos/{owner}/{repo}/pulls", {
      status: 403,
      body: { message: "GitHub Actions is not permitted to create or approve pull requests." },
    });
    const first = await cliAsync(["run", "--feature", "perm", "--quiet"], { cwd: repo, env });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(
      "enable 'Allow GitHub Actions to create and approve pull requests' in Settings -> Actions -> General",
    );
    // Not retried: one request, answered with the injected 403.
    expect(
      fake.requestsTo("POST /repos/{owner}/{repo}/pulls").filter((r) => r.path.includes("/permitted/")),
    ).toHaveLength(1);
    const id = runIdOf(first.stderr);
    const again = await cliAsync(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env });
    expect(again.code).toBe(0);
    expect(statusOf(repo, id).outcome).toMatch(/^pull request #\d+ created: /);
    expect(fake.pulls("acme", "permitted")).toHaveLength(1);
  });

  it("refuses to push when the remote branch moved, even when branch_info.json is forged to claim the new tip, and overwrites nothing", async () => {
    const { repo, remote, env } = setup("moved");
    fake.failNext("POST /repos/{owner}/{repo}/pulls", {
      status: 403,
      body: { message: "GitHub Actions is not permitted to create or approve pull requests." },
    });
    const first = await cliAsync(["run", "--feature", "moved", "--quiet"], { cwd: repo, env });
    expect(first.code).toBe(1);
    const id = runIdOf(first.stderr);
    const branch = `feature/moved-${id}`;
    // Someone else pushes to the run's branch.
    const other = tempDir();
    git(other, "clone", "--quiet", "--branch", branch, remote, ".");
    git(
      other,
      "-c",
      "user.name=o",
      "-c",
      "user.email=o@o",
      "commit",
      "--quiet",
      "--allow-empty",
      "-m",
      "theirs",
    );
    git(other, "push", "--quiet", "origin", branch);
    const theirs = git(remote, "rev-parse", branch);
    // An agent can write the run folder: it claims that the run itself pushed their commit. The lease is
    // the engine's own record of what it pushed, so the claim must not let the push overwrite theirs.
    const record = join(repo, "docs/status/runs", id, "branch_info.json");
    const forged = { ...readJson<Record<string, unknown>>(record), pushed_sha: theirs, pushing_sha: theirs };
    writeFileSync(record, JSON.stringify(forged));

    const again = await cliAsync(["run", "--run-id", id, "--retry", "--quiet"], { cwd: repo, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`push refused: origin/${branch} moved since this run last pushed`);
    expect(git(remote, "rev-parse", branch)).toBe(theirs);
    expect(fake.pulls("acme", "moved")).toHaveLength(0);
  });

  it("two concurrent runs of one feature get their own branches and pull requests", async () => {
    const { repo, env } = setup("concurrent");
    const start = () => cliAsync(["run", "--feature", "same", "--quiet"], { cwd: repo, env });
    const results = await Promise.all([start(), start()]);
    expect(results.map((r) => r.stderr)).toEqual(["", ""]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const pulls = fake.pulls("acme", "concurrent");
    expect(pulls).toHaveLength(2);
    expect(new Set(pulls.map((p) => p.head)).size).toBe(2);
  });
});
