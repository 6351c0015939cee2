import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusJob } from "../../src/engine/jobs/commit-job.js";
import { packageKeys } from "../../src/engine/jobs/package-store.js";
import type { RunStatus } from "../../src/run/status.js";
import { cliAsync } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import {
  advance,
  base,
  checkout,
  commit,
  drive,
  jobEnv,
  legsOf,
  makeWorld,
  plan,
  runLegs,
  TOKEN,
} from "../helpers/jobs.js";
import { git, readJson } from "../helpers/repo.js";

// The guide's shape in small: a planner, a parallel group, a check that fails once and is fixed by the
// triage workflow (tests_failed), all_green opening the commit gate, and the commit step.
const FLOW = `version: 1
agents:
  planner:
    run: 'mkdir -p docs/plans && echo "plan" > docs/plans/plan.md && echo planned > "$AGENT_OUTPUT/note.md"'
    writes: [docs/plans/**]
  api:
    run: 'mkdir -p api && echo "export const api = 1;" > api/index.js'
    writes: [api/**]
  ui:
    run: 'mkdir -p ui && echo "export const ui = 1;" > ui/index.js'
    writes: [ui/**]
  fixer:
    run: 'mkdir -p fix && echo "export const fixed = true;" > fix/fixed.js'
    writes: [fix/**]
workflows:
  idea_to_feature:
    steps:
      - agent: planner
      - parallel: [api, ui]
      - check: 'test -f fix/fixed.js'
        on_failure: tests_failed
        on_success: all_green
      - commit: { labels: [agent-flow] }
  triage:
    steps:
      - agent: fixer
triggers:
  tests_failed: { workflow: triage, max: 2 }
  all_green: commit
`;

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start(TOKEN);
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const commitEnv = () => jobEnv(fake, { GITHUB_TOKEN: TOKEN });

describe("the GitHub engine's jobs, each in its own clone", () => {
  it("run a flow with a parallel group and a tests_failed -> triage loop to the same PR tree as agent-flow run", async () => {
    const w = makeWorld(fake, "whole", FLOW);
    const env = jobEnv(fake);
    const p = await plan(w, env);
    expect(p.outputs.kind).toBe("agents");
    expect(legsOf(p.outputs).map((l) => l.agent)).toEqual(["planner"]);
    const runId = p.outputs["run-id"] as string;
    const { out } = await drive(w, commitEnv(), p.outputs);
    expect(out).toMatchObject({ done: "true", outcome: "succeeded", "pr-operation": "created" });
    const branch = out.branch as string;
    expect(branch).toBe(`feature/jobs-${runId}`);
    const pulls = fake.pulls("acme", "whole");
    expect(pulls).toHaveLength(1);
    expect(out["pr-url"]).toBe(pulls[0]?.html_url);

    // The same flow run locally by the CLI.
    const local = checkout(w);
    const r = await cliAsync(["run", "--feature", "local", "--quiet"], {
      cwd: local,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url, AGENT_FLOW_RETRY_DELAY_MS: "10" },
    });
    expect(r.stderr).toBe("");
    const localBranch = git(
      w.remote,
      "for-each-ref",
      "--format=%(refname:short)",
      "refs/heads/feature/local-*",
    );
    expect(git(w.remote, "rev-parse", `${branch}^{tree}`)).toBe(
      git(w.remote, "rev-parse", `${localBranch}^{tree}`),
    );
    expect(git(w.remote, "ls-tree", "-r", "--name-only", branch).split("\n")).toEqual(
      expect.arrayContaining(["docs/plans/plan.md", "api/index.js", "ui/index.js", "fix/fixed.js"]),
    );

    // The run's view, as the last job saved it, tells the same story as the local one.
    const seen = checkout(w);
    const st = await statusJob({ ...base(w, seen, env), runId });
    const steps = (st.status as RunStatus).steps.map((s) => `${s.key}:${s.state}`);
    expect(steps).toEqual([
      "idea_to_feature/planner#1:succeeded",
      "idea_to_feature/parallel#1:succeeded",
      "idea_to_feature/check#1:failed",
      "triage/fixer#1:succeeded",
      "idea_to_feature/check#2:succeeded",
      "idea_to_feature/commit#1:succeeded",
    ]);
    expect(readFileSync(join(seen, "docs/status/runs", runId, "planner/note.md"), "utf8")).toBe("planned\n");
    expect(st.status.triggers.map((t) => t.name)).toEqual(["tests_failed", "all_green"]);
  });
});
