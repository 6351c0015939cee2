import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../helpers/github-api.js";
import { advance, commit, jobEnv, makeWorld, plan, runLegs, TOKEN } from "../helpers/jobs.js";

// GitHub's "Re-run failed jobs" runs a job again with the outputs its needs had the first time: the same
// `seq` and `state-digest`. The first attempt already saved its state as `seq + 1`, and cache keys are
// immutable: the re-run's state, also `seq + 1`, must land under a key of its own (the key carries the
// state's digest; docs/github-engine.md, "Retries and re-runs"). The whole-workflow case is in
// workflow-e2e-cases.test.ts.

const FLOW = `version: 1
agents:
  dev:
    run: 'echo "export const feature = 1;" > src/feature.js'
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - commit: {}
`;

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start(TOKEN);
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("a job run again on the same state", () => {
  it("advance and commit run again save their state under keys of their own, and the run goes on", async () => {
    const w = makeWorld(fake, "rerun-jobs", FLOW);
    const env = jobEnv(fake, { GITHUB_TOKEN: TOKEN });
    const p = await plan(w, env);
    await runLegs(w, env, p.outputs);
    const first = await advance(w, env, p.outputs, 1, 20);
    const again = await advance(w, env, p.outputs, 1, 20);
    expect([first.outputs.seq, again.outputs.seq]).toEqual(["1", "1"]);
    expect(again.outputs.kind).toBe("commit");
    expect(again.outputs["state-digest"]).not.toBe(first.outputs["state-digest"]);
    const c1 = await commit(w, env, again.outputs);
    const c2 = await commit(w, env, again.outputs);
    expect([c1.outputs.seq, c2.outputs.seq]).toEqual(["2", "2"]);
    expect(c2.outputs["state-digest"]).not.toBe(c1.outputs["state-digest"]);
    expect(c2.outputs).toMatchObject({ done: "true", outcome: "succeeded", "pr-operation": "unchanged" });
    expect(fake.pulls("acme", "rerun-jobs")).toHaveLength(1);
  }, 120_000);
});
