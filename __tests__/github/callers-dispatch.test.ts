import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupGitHub, type GitHubCleanupReport } from "../../src/github/cleanup.js";
import { createGitHubClient } from "../../src/github/client.js";
import { newRunId } from "../../src/run/run-id.js";
import {
  type Callers,
  DAY,
  example,
  LABELED,
  OWNER,
  REPO,
  retarget,
  show,
  startCallers,
  summary,
} from "../helpers/callers.js";
import { TOKEN } from "../helpers/jobs.js";
import type { CallerResult } from "../helpers/workflow-call.js";
import { formatTimings } from "../helpers/workflow-sim.js";

// agent-feature.yml (workflow_dispatch) and agent-cleanup.yml (schedule, and a dry-run dispatch) run end to
// end as GitHub would run them (helpers/callers.ts): payloads from @octokit/webhooks-examples, the action's
// entry per job, the reusable workflow as a nested run, the REST calls through the OpenAPI-validated server.

let c: Callers;
beforeAll(async () => {
  c = await startCallers();
});
afterAll(async () => {
  expect(c.fake.violations).toEqual([]);
  await c.close();
});

describe("agent-feature.yml and agent-cleanup.yml, simulated end to end", () => {
  it("agent-feature: a dispatch with a feature and a request runs the whole flow to a pull request", async () => {
    const t = performance.now();
    const event = retarget(example("workflow_dispatch"));
    const inputs = { feature: "status-page", request: "Add a status page.\n" };
    event.inputs = inputs;
    const sim = await c.run("agent-feature.yml", {
      eventName: "workflow_dispatch",
      event,
      inputs,
      runId: "7004",
    });
    expect(summary(sim)).toEqual({ ran: { "agent-flow": "success" }, failed: [] });
    const called = sim.called["agent-flow"] as CallerResult;
    expect(summary(called).ran).toEqual({
      plan: "success",
      "run-1": "success",
      "advance-1": "success",
      commit: "success",
      report: "success",
    });
    expect(sim.jobs["agent-flow"]?.outputs.outcome).toBe("succeeded");
    // The empty optional inputs reach the reusable workflow empty: a new run of the default workflow.
    const planStep = called.jobs.plan?.legs[0]?.steps.find((s) => s.id === "agent-flow");
    expect(planStep?.with).toMatchObject({ feature: "status-page", "run-id": "", workflow: "", issue: "" });
    const branch = called.outputs.branch as string;
    expect(branch).toContain("status-page");
    expect(show(c.world.remote, branch, "seen/request.md").endsWith("\n\nAdd a status page.\n")).toBe(true);
    const pr = c.fake.pulls(OWNER, REPO).find((p) => p.head === branch);
    expect(pr?.html_url).toBe(sim.jobs["agent-flow"]?.outputs["pr-url"]);
    expect(pr?.body).not.toContain("Closes #");

    // What this run left on GitHub is what cleanup knows as a run's: every cache key and the branch.
    // In a repository of their own, 40 days on and behind a newer run, a dry run plans them all.
    const runId = sim.jobs["agent-flow"]?.outputs["run-id"] as string;
    const keys = c.cache
      .entries()
      .map((e) => e.key)
      .filter((k) => k.includes(runId));
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const later = Date.now() + 40 * DAY;
    c.fake.addRepo(OWNER, "aged", { branches: ["main", branch] });
    for (const k of keys) c.fake.addCache(OWNER, "aged", k, new Date());
    const newer = new Date(later - DAY);
    c.fake.addCache(OWNER, "aged", `agent-flow-${newRunId(newer, "0000abcd")}-state-0001`, newer);
    const aged = await cleanupGitHub({
      client: createGitHubClient({ token: TOKEN, baseUrl: c.fake.url, spaceWrites: false }),
      repo: { owner: OWNER, repo: "aged" },
      retentionDays: 7,
      dryRun: true,
      now: later,
    });
    expect(aged.caches.map((x) => x.key).sort()).toEqual([...keys].sort());
    expect(aged.branches).toEqual([{ name: branch, run_id: runId }]);
    console.log(`agent-feature: ${Math.round(performance.now() - t)} ms\n${formatTimings(called)}`);
  }, 240_000);

  it("agent-cleanup: a dry-run dispatch deletes nothing and writes the plan; the schedule deletes only caches and branches past the retention", async () => {
    const t = performance.now();
    const id = (daysAgo: number, n: number) =>
      newRunId(new Date(Date.now() - daysAgo * DAY), n.toString(16).padStart(8, "0"));
    // 130 fresh runs: 260 caches (3 pages) and 130 branches (2 pages); the old runs come last in both lists.
    for (let i = 0; i < 130; i++) {
      const r = id(1, 0x100 + i);
      c.fake.addCache(OWNER, REPO, `agent-flow-${r}-state-0002`, new Date(Date.now() - DAY));
      c.fake.addCache(OWNER, REPO, `agent-flow-${r}-leg-0001-0-abcdef`, new Date(Date.now() - DAY));
      c.fake.addBranch(OWNER, REPO, `feature/fresh-${r}`);
    }
    const old = [id(40, 1)];
    const withPr = id(40, 3);
    const running = id(60, 4);
    for (const r of [...old, withPr, running]) {
      c.fake.addCache(
        OWNER,
        REPO,
        `agent-flow-${r}-state-0001`,
        new Date(Date.now() - (r === running ? 60 : 40) * DAY),
      );
      c.fake.addBranch(OWNER, REPO, `feature/zz-old-${r}`);
    }
    c.fake.addCache(OWNER, REPO, `agent-flow-${running}-state-0009`, new Date()); // it is still going
    c.fake.addCache(OWNER, REPO, "node-cache-Linux-abc", new Date(Date.now() - 90 * DAY));
    c.fake.addBranch(OWNER, REPO, "release");
    const now = new Date().toISOString();
    c.fake.pulls(OWNER, REPO).push({
      number: 99,
      head: `feature/zz-old-${withPr}`,
      base: "main",
      title: "t",
      body: null,
      draft: false,
      state: "open",
      labels: [],
      requested_reviewers: [],
      requested_teams: [],
      reviews: [],
      comments: [],
      user: "github-actions[bot]",
      html_url: `http://github.test/${OWNER}/${REPO}/pull/99`,
      created_at: now,
      updated_at: now,
      closed_at: null,
    });
    const caches = () =>
      c.fake
        .caches(OWNER, REPO)
        .map((x) => x.key)
        .sort();
    const branches = () => c.fake.branches(OWNER, REPO);
    const [cachesBefore, branchesBefore] = [caches(), branches()];
    const from = c.fake.requests.length;
    const oldCaches = [...old, withPr].map((r) => `agent-flow-${r}-state-0001`).sort();
    const oldBranches = old.map((r) => `feature/zz-old-${r}`).sort();

    // By hand, with the defaults: a dry run.
    const dry = await c.run("agent-cleanup.yml", {
      eventName: "workflow_dispatch",
      event: { ...retarget(example("workflow_dispatch")), inputs: {} },
      runId: "7005",
    });
    expect(summary(dry)).toEqual({ ran: { cleanup: "success" }, failed: [] });
    const dryStep = dry.jobs.cleanup?.legs[0]?.steps[0];
    expect(dryStep?.with).toMatchObject({ command: "cleanup", "dry-run": "true", retention: "7" });
    const plan = JSON.parse(dryStep?.outputs.cleanup ?? "{}") as GitHubCleanupReport;
    expect(plan.caches.map((x) => x.key).sort()).toEqual(oldCaches);
    expect(plan.branches.map((b) => b.name).sort()).toEqual(oldBranches);
    expect(dryStep?.summary).toContain(`Would delete ${oldCaches.length} cache(s)`);
    for (const k of [...oldCaches, ...oldBranches]) expect(dryStep?.summary).toContain(k);
    expect([caches(), branches()]).toEqual([cachesBefore, branchesBefore]);

    // The schedule: no inputs, the retention from the repository variable; it deletes.
    const scheduled = await c.run("agent-cleanup.yml", {
      eventName: "schedule",
      event: {
        schedule: "17 3 * * *",
        repository: LABELED.repository,
        workflow: ".github/workflows/agent-cleanup.yml",
      },
      vars: { AGENT_RUN_RETENTION: "10" },
      runId: "7006",
    });
    expect(summary(scheduled)).toEqual({ ran: { cleanup: "success" }, failed: [] });
    const step = scheduled.jobs.cleanup?.legs[0]?.steps[0];
    expect(step?.with).toMatchObject({ "dry-run": "false", retention: "10" });
    expect((JSON.parse(step?.outputs.cleanup ?? "{}") as GitHubCleanupReport).retention_days).toBe(10);
    expect(caches()).toEqual(cachesBefore.filter((k) => !oldCaches.includes(k)));
    expect(branches()).toEqual(branchesBefore.filter((b) => !oldBranches.includes(b)));

    // Neither run asked for anything but caches, branches and open pull requests: no issue, no comment.
    const ops = new Set(c.fake.requests.slice(from).map((r) => r.operationId));
    expect([...ops].sort()).toEqual([
      "actions/delete-actions-cache-by-id",
      "actions/get-actions-cache-list",
      "git/delete-ref",
      "pulls/list",
      "repos/list-branches",
    ]);
    const deletes = c.fake.requests.slice(from).filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(oldCaches.length + oldBranches.length);
    console.log(`agent-cleanup: ${Math.round(performance.now() - t)} ms`);
  }, 120_000);
});
