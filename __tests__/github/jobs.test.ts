import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusJob } from "../../src/engine/jobs/commit-job.js";
import { legJob } from "../../src/engine/jobs/leg-job.js";
import { LEG_BUNDLE_REF } from "../../src/engine/jobs/leg-package.js";
import type { Leg } from "../../src/engine/jobs/outputs.js";
import { packageKeys } from "../../src/engine/jobs/package-store.js";
import { packageDigest } from "../../src/engine/jobs/packages.js";
import { jobSummary } from "../../src/engine/jobs/summary.js";
import type { RunState } from "../../src/engine/run-state.js";
import { newRunId } from "../../src/run/run-id.js";
import type { RunStatus } from "../../src/run/status.js";
import { tempDir } from "../helpers/cli.js";
import { FakeGitHub } from "../helpers/github-api.js";
import {
  advance,
  base,
  checkout,
  commit,
  drive,
  WHOLE_FLOW as FLOW,
  jobEnv,
  legsOf,
  makeWorld,
  plan,
  runLegs,
  runLocally,
  TOKEN,
  type World,
} from "../helpers/jobs.js";
import { git, readJson } from "../helpers/repo.js";

const SMALL = `version: 1
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

const GROUP = `version: 1
agents:
  a:
    run: 'mkdir -p a && echo a > a/a.txt'
    writes: [a/**]
  b:
    run: 'mkdir -p b && echo b > b/b.txt'
    writes: [b/**]
workflows:
  idea_to_feature:
    steps:
      - parallel: [a, b]
      - commit: {}
`;

// A check that fails until the triage workflow's fixer ran: at most 4 step executions.
const LOOP = `version: 1
agents:
  fixer:
    run: 'mkdir -p fix && echo "export const fixed = true;" > fix/fixed.js'
    writes: [fix/**]
workflows:
  idea_to_feature:
    steps:
      - check: 'test -f fix/fixed.js'
        on_failure: tests_failed
      - commit: {}
  triage:
    steps:
      - agent: fixer
triggers:
  tests_failed: { workflow: triage, max: 1 }
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
    const localBranch = await runLocally(w, fake);
    expect(git(w.remote, "rev-parse", `${branch}^{tree}`)).toBe(
      git(w.remote, "rev-parse", `${localBranch}^{tree}`),
    );
    expect(git(w.remote, "ls-tree", "-r", "--name-only", branch).split("\n")).toEqual(
      expect.arrayContaining(["docs/plans/plan.md", "api/index.js", "ui/index.js", "fix/fixed.js"]),
    );

    // The run's view, as the last job saved it, tells the same story as the local one.
    const seen = checkout(w);
    const anchor = { seq: Number(out.seq), digest: out["state-digest"] as string };
    const st = await statusJob({ ...base(w, seen, env), runId, anchor });
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
    const md = jobSummary("commit", st.status, { diagram: true, prUrl: out["pr-url"] });
    expect(md).toContain("| idea_to_feature/parallel#1 | | succeeded |");
    expect(md).toContain("| | api | succeeded | 1 |");
    expect(md).toContain('s2["idea_to_feature/check#1 failed"]:::failed');
    expect(md).toContain("classDef failed fill:#ffe3e3");
    expect(md).toContain(`Pull request: ${out["pr-url"]}`);
  }, 240_000);

  it("refuses a state package changed in the cache: its digest is not the one its job saved", async () => {
    const w = makeWorld(fake, "forged", SMALL);
    const env = jobEnv(fake);
    const p = await plan(w, env);
    const runId = p.outputs["run-id"] as string;
    // Someone with the cache token replaces the package with one whose commit gate is open.
    const dir = tempDir();
    const key = packageKeys.state(runId, 0, p.outputs["state-digest"] as string);
    expect(await w.store.restore(key, dir)).toBe(key);
    const state = readJson<RunState>(join(dir, "state.json"));
    state.machine.green = true;
    writeFileSync(join(dir, "state.json"), JSON.stringify(state));
    await w.store.forge(key, dir);
    await expect(runLegs(w, env, p.outputs)).rejects.toThrow(
      /has digest [0-9a-f]{12}, not the [0-9a-f]{12} its job saved; it was changed in the cache and is refused/,
    );
    await expect(advance(w, env, p.outputs, 1, 20)).rejects.toThrow(/changed in the cache and is refused/);
  });

  it("refuses a flow longer than the slots unless given a run id; a second plan with it resumes the run", async () => {
    const w = makeWorld(fake, "slots", LOOP);
    const env = jobEnv(fake);
    await expect(plan(w, env, { slots: 2 })).rejects.toThrow(
      /can take up to 4 step executions \(with its triggers at their max\), more than the 2 slots of the workflow.*dispatch with a run id.*dispatching again with the same run id resumes it/,
    );
    expect(w.store.saved).toEqual([]);
    const runId = newRunId();
    const first = await plan(w, env, { slots: 2, runId, feature: "slots" });
    expect(first.notice).toContain(`dispatch again with run-id ${runId} and the resume-state`);
    const one = await drive(w, commitEnv(), first.outputs, 2);
    expect(one.out).toMatchObject({ kind: "check", done: "false" });
    expect(one.notices).toEqual([
      `the workflow's 2 slots are used up before run ${runId} finished; its state is saved: dispatch the workflow again with run-id ${runId} and resume-state ${one.out["resume-state"]} to go on from idea_to_feature/check#2`,
    ]);
    await expect(plan(w, env, { slots: 2, runId })).rejects.toThrow(
      /has saved state: to resume it, give input 'resume-state'/,
    );
    const again = await plan(w, env, { slots: 2, runId, resume: one.out });
    expect(again.notice).toBe(`resumed run ${runId} from transition 2`);
    expect(again.outputs).toMatchObject({ kind: "check", seq: "3", "run-id": runId });
    const two = await drive(w, commitEnv(), again.outputs, 2);
    expect(two.out).toMatchObject({ done: "true", outcome: "succeeded", branch: `feature/slots-${runId}` });
    expect(git(w.remote, "ls-tree", "-r", "--name-only", `feature/slots-${runId}`)).toContain("fix/fixed.js");
  }, 240_000);

  it("records a leg that left no package as that agent's failure; a resumed run calls only it again", async () => {
    const w = makeWorld(fake, "retry", GROUP);
    const env = jobEnv(fake);
    const p = await plan(w, env);
    const runId = p.outputs["run-id"] as string;
    expect(legsOf(p.outputs).map((l) => l.agent)).toEqual(["a", "b"]);
    await runLegs(w, env, p.outputs, (l) => l.agent === "b");
    const failed = await advance(w, env, p.outputs, 1, 20);
    expect(failed.outputs).toMatchObject({ kind: "finish", done: "true", outcome: "failed" });
    const agents = failed.status.steps[0]?.agents ?? [];
    expect(agents.map((a) => a.state)).toEqual(["succeeded", "failed"]);
    expect(agents[1]?.error).toContain("its leg left no result package");
    const again = await plan(w, env, { runId, resume: failed.outputs });
    expect(legsOf(again.outputs).map((l) => l.agent)).toEqual(["b"]);
    const { out } = await drive(w, commitEnv(), again.outputs);
    expect(out).toMatchObject({ outcome: "succeeded", "pr-operation": "created" });
    expect(git(w.remote, "ls-tree", "-r", "--name-only", out.branch as string).split("\n")).toEqual(
      expect.arrayContaining(["a/a.txt", "b/b.txt"]),
    );
  });

  it("needs in a leg only its own agent's secrets, and takes no lock files for its locks", async () => {
    const flow = `version: 1
agents:
  a:
    run: 'test -n "$A_KEY" && mkdir -p a && echo a > a/a.txt'
    writes: [a/**]
    secrets: [A_KEY]
    locks: [db]
  b:
    run: 'mkdir -p b && echo b > b/b.txt'
    writes: [b/**]
    secrets: [B_KEY]
workflows:
  idea_to_feature:
    steps:
      - parallel: [a, b]
      - commit: {}
`;
    const w = makeWorld(fake, "secrets", flow);
    const env = jobEnv(fake);
    // plan runs no agent: it needs no secret.
    const p = await plan(w, env);
    expect(legsOf(p.outputs).map((l) => [l.agent, l.secrets, l.lock])).toEqual([
      ["a", ["A_KEY"], "agent-flow-acme_secrets-lock-db"],
      ["b", ["B_KEY"], ""],
    ]);
    const root = checkout(w);
    const a = await legJob({
      ...base(w, root, { ...env, A_KEY: "k-a" }),
      runId: p.outputs["run-id"] as string,
      seq: 0,
      digest: p.outputs["state-digest"] as string,
      leg: legsOf(p.outputs)[0] as Leg,
    });
    expect(a.ok).toBe(true);
    // Its lock is the leg's concurrency group on GitHub: no lock file was taken in the checkout.
    expect(existsSync(join(root, ".locks"))).toBe(false);
    await expect(runLegs(w, { ...env, A_KEY: "k-a" }, p.outputs, (l) => l.agent !== "b")).rejects.toThrow(
      "agent 'b' needs B_KEY, which is not set in the environment agent-flow runs in",
    );
  });

  it("refuses a hostile leg's out-of-scope commit in advance, and a state carrying one in commit", async () => {
    const w = makeWorld(fake, "hostile", SMALL);
    const env = jobEnv(fake);
    const p = await plan(w, env);
    const runId = p.outputs["run-id"] as string;
    const [leg] = legsOf(p.outputs);
    // The leg's package, made by hand: a commit of this run on the base that also writes outside src/.
    const evil = evilCommit(w, runId);
    const pkg = tempDir();
    git(evil.repo, "update-ref", LEG_BUNDLE_REF, evil.sha);
    git(evil.repo, "bundle", "create", "--quiet", join(pkg, "agent.bundle"), LEG_BUNDLE_REF, `^${evil.base}`);
    const result = {
      schema: "agent-flow/leg@1",
      kind: "agent",
      seq: 0,
      step: leg?.step,
      index: 0,
      attempts: 1,
      started_at: null,
      finished_at: null,
      result: {
        index: 0,
        agent: "dev",
        ok: true,
        exit_code: 0,
        error: null,
        commit: evil.sha,
        changed: evil.changed,
        raised: [],
        output: "dev",
      },
    };
    writeFileSync(join(pkg, "result.json"), JSON.stringify(result));
    await w.store.save(packageKeys.leg(runId, 0, 0, leg?.nonce as string), pkg);
    const r = await advance(w, env, p.outputs, 1, 20);
    expect(r.outputs).toMatchObject({ kind: "finish", outcome: "failed" });
    const error = r.status.steps[0]?.agents[0]?.error ?? "";
    expect(error).toContain("its leg package was refused: changed files outside its scopes");
    expect(error).toContain("leak.txt");
    expect(r.status.head).toBe(evil.base);

    // Again with an honest leg; then the saved state is swapped for one that carries the hostile commit,
    // with a matching digest (as if the previous job's outputs were forged too): commit refuses it.
    const w2 = makeWorld(fake, "hostile-commit", SMALL);
    const p2 = await plan(w2, env);
    const id2 = p2.outputs["run-id"] as string;
    await runLegs(w2, env, p2.outputs);
    const c = (await advance(w2, env, p2.outputs, 1, 20)).outputs;
    expect(c.kind).toBe("commit");
    const bad = evilCommit(w2, id2);
    const dir = tempDir();
    await w2.store.restore(packageKeys.state(id2, 1, c["state-digest"] as string), dir);
    const state = readJson<RunState>(join(dir, "state.json"));
    const done = state.machine.done[0];
    if (!done?.agents?.[0]) throw new Error("no accepted agent in the saved state");
    done.agents[0].commit = bad.sha;
    done.agents[0].changed = bad.changed;
    done.head = bad.sha;
    state.machine.head = bad.sha;
    writeFileSync(join(dir, "state.json"), JSON.stringify(state));
    git(bad.repo, "update-ref", `refs/agent-flow/${id2}/head`, bad.sha);
    git(
      bad.repo,
      "bundle",
      "create",
      "--quiet",
      join(dir, "run.bundle"),
      `refs/agent-flow/${id2}/head`,
      `^${bad.base}`,
    );
    const forged = await packageDigest(dir);
    await w2.store.save(packageKeys.state(id2, 1, forged), dir);
    await expect(commit(w2, commitEnv(), { ...c, "state-digest": forged })).rejects.toThrow(
      /dev's accepted commit changes "leak.txt", outside what the flow lets it write/,
    );
    expect(fake.pulls("acme", "hostile-commit")).toEqual([]);
    expect(git(w2.remote, "for-each-ref", "refs/heads/feature/")).toBe("");
  });
});

/** A commit of run `runId` on the base (as the engine makes them) that writes src/ and, outside, leak.txt. */
function evilCommit(w: World, runId: string) {
  const repo = checkout(w);
  const baseSha = git(repo, "rev-parse", "HEAD");
  writeFileSync(join(repo, "src/feature.js"), "export const feature = 1;\n");
  writeFileSync(join(repo, "leak.txt"), "secrets\n");
  git(repo, "add", "src/feature.js", "leak.txt");
  const tree = git(repo, "write-tree");
  const sha = execFileSync("git", ["commit-tree", tree, "-p", baseSha], {
    cwd: repo,
    input: `agent-flow: dev in idea_to_feature/dev#1\n\nRun-Id: ${runId}\nStep: idea_to_feature/dev#1\nAgent: dev\n`,
    encoding: "utf8",
  }).trim();
  return { repo, sha, base: baseSha, changed: ["leak.txt", "src/feature.js"] };
}
