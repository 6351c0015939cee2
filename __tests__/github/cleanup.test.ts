import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCleanup } from "../../src/action/cleanup.js";
import { newRunId } from "../../src/run/run-id.js";
import { tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";

const DAY = 86_400_000;
const id = (daysAgo: number, n: number): string =>
  newRunId(new Date(Date.now() - daysAgo * DAY), n.toString(16).padStart(8, "0"));

describe("action cleanup against the OpenAPI-checked GitHub", () => {
  let gh: FakeGitHub;
  const old: string[] = [];
  const fresh: string[] = [];
  let running: string;
  let prBranch: string;
  let guarded: string;
  let summary: string;
  const saved = process.env.GITHUB_STEP_SUMMARY;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    const branches = ["main"];
    // 105 old runs (40 days), 5 fresh ones (1 day), one old run that is going (a state saved just now).
    for (let i = 0; i < 105; i++) old.push(id(40, i));
    for (let i = 0; i < 5; i++) fresh.push(id(1, 1000 + i));
    running = id(60, 2000);
    for (const r of [...old, ...fresh, running]) branches.push(`feature/f-${r}`);
    prBranch = `feature/f-${old[0]}`;
    guarded = `feature/f-${old[1]}`;
    summary = join(tempDir("agent-flow-summary-"), "summary.md");
    writeFileSync(summary, ""); // the runner creates it
    process.env.GITHUB_STEP_SUMMARY = summary;
    gh.addRepo("o", "r", { branches: [...branches, "release"], protectedBranches: [guarded] });
    for (const r of old) {
      const at = new Date(Date.now() - 40 * DAY);
      gh.addCache("o", "r", `agent-flow-${r}-state-0001`, at, 500);
      if (old.indexOf(r) < 10) gh.addCache("o", "r", `agent-flow-${r}-leg-0001-0-abcdef`, at, 700);
    }
    for (const r of fresh) gh.addCache("o", "r", `agent-flow-${r}-state-0003`, new Date(Date.now() - DAY));
    gh.addCache("o", "r", `agent-flow-${running}-state-0001`, new Date(Date.now() - 60 * DAY));
    gh.addCache("o", "r", `agent-flow-${running}-state-0009`, new Date());
    gh.addCache("o", "r", "node-cache-Linux-abc", new Date(Date.now() - 90 * DAY));
    // An open pull request from one old run's branch.
    gh.pulls("o", "r").push({
      number: 1,
      head: prBranch,
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
      user: "agent-flow-bot",
      html_url: "http://github.test/o/r/pull/1",
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      closed_at: null,
    });
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
    await gh.close();
  });

  const args = (dryRun: boolean) => ({
    token: "test-token",
    repository: "o/r",
    retention: "7",
    dryRun,
    apiUrl: gh.url,
    spaceWrites: false,
  });

  it("refuses a bad retention with the rule", async () => {
    for (const bad of ["-1", "abc", ""])
      await expect(runCleanup({ ...args(true), retention: bad })).rejects.toThrow(
        /must be a whole number of days, 0 or more/,
      );
  });

  it("a dry run plans and writes the plan to the job summary, deleting nothing", async () => {
    const before = gh.caches("o", "r").length;
    const report = await runCleanup(args(true));
    expect(report.caches).toHaveLength(115);
    expect(report.branches).toHaveLength(103);
    expect(gh.caches("o", "r")).toHaveLength(before);
    expect(gh.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    const text = readFileSync(summary, "utf8");
    expect(text).toContain("agent-flow cleanup (dry run): o/r");
    expect(text).toContain(`\`agent-flow-${old[5]}-state-0001\``);
    expect(gh.violations).toEqual([]);
  });

  it("deletes the caches and branches of old runs over many pages, and nothing else", async () => {
    // One server error on a delete: retried as the pull-request code is.
    gh.failNext("actions/delete-actions-cache-by-id", { status: 502 });
    const report = await runCleanup(args(false));
    expect(report.caches).toHaveLength(115);
    expect(report.bytes).toBe(105 * 500 + 10 * 700);
    const keys = gh.caches("o", "r").map((c) => c.key);
    expect(keys.some((k) => old.some((r) => k.includes(r)))).toBe(false);
    for (const r of [...fresh, running]) expect(keys.some((k) => k.includes(r))).toBe(true);
    expect(keys).toContain("node-cache-Linux-abc");
    const left = gh.branches("o", "r");
    expect(left).toEqual(
      expect.arrayContaining(["main", "release", prBranch, guarded, `feature/f-${running}`]),
    );
    for (const r of fresh) expect(left).toContain(`feature/f-${r}`);
    expect(left).toHaveLength(2 + 2 + 1 + fresh.length);
    expect(report.kept).toEqual(
      expect.arrayContaining([
        { run_id: old[0], what: `branch ${prBranch}`, reason: "it has an open pull request" },
        { run_id: old[1], what: `branch ${guarded}`, reason: "it is protected" },
      ]),
    );
    // Paginated: more than one page of caches and of branches was read.
    expect(gh.requestsTo("actions/get-actions-cache-list").some((r) => r.query.page === "2")).toBe(true);
    expect(gh.requestsTo("repos/list-branches").some((r) => r.query.page === "2")).toBe(true);
    expect(gh.requestsTo("actions/delete-actions-cache-by-id").filter((r) => r.injected)).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  }, 30_000);

  it("a second pass deletes nothing", async () => {
    const deletes = gh.requests.filter((r) => r.method === "DELETE").length;
    const report = await runCleanup(args(false));
    expect(report.caches).toEqual([]);
    expect(report.branches).toEqual([]);
    expect(gh.requests.filter((r) => r.method === "DELETE").length).toBe(deletes);
  });

  it("keeps the newest run even when every run is past the retention", async () => {
    const [a, b] = [id(30, 1), id(20, 2)];
    gh.addRepo("o", "all-old", { branches: ["main", `feature/a-${a}`, `feature/b-${b}`] });
    gh.addCache("o", "all-old", `agent-flow-${a}-state-0001`, new Date(Date.now() - 30 * DAY));
    gh.addCache("o", "all-old", `agent-flow-${b}-state-0001`, new Date(Date.now() - 20 * DAY));
    const report = await runCleanup({ ...args(false), repository: "o/all-old" });
    expect(report.branches.map((x) => x.run_id)).toEqual([a]);
    expect(gh.branches("o", "all-old")).toEqual([`feature/b-${b}`, "main"]);
    expect(gh.caches("o", "all-old").map((c) => c.key)).toEqual([`agent-flow-${b}-state-0001`]);
    expect(report.kept).toEqual([{ run_id: b, what: "run", reason: "the newest run is always kept" }]);
  });
});
