import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CLI, ROOT } from "../helpers/cli.js";
import { git } from "../helpers/repo.js";

describe("npm run demo (the main job)", () => {
  it("runs the guide's pipeline through tests_failed -> triage to a pushed branch", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/demo.mjs")], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AGENT_FLOW_DEMO_CLI: CLI,
        // The test run's own pools folder: the demo's repository is removed after it, its pool with it.
        AGENT_FLOW_POOL_DIR: process.env.AGENT_FLOW_POOL_DIR,
      },
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("[idea_to_feature/verify#1] failed");
    expect(out).toContain("[trigger] tests_failed -> triage (1)");
    expect(out).toContain("[triage/rm-developer#1] rm-developer: succeeded");
    expect(out).toContain("[idea_to_feature/verify#2] succeeded");
    expect(out).toContain("[trigger] all_green -> commit");
    // The run's final report (the outcome with its gh pr create line) is printed once, not twice.
    expect(out.match(/gh pr create/g)).toHaveLength(1);
    const work = /demo repository: (\S+)/.exec(out)?.[1] as string;
    // The demo keeps its folder for the user to look around; the test removes it.
    onTestFinished(() => rmSync(dirname(work), { recursive: true, force: true }));
    const remote = /its remote:\s+(\S+)/.exec(out)?.[1] as string;
    const branch = git(work, "for-each-ref", "--format=%(refname:short)", "refs/heads/feature/");
    expect(branch).toMatch(/^feature\/position-limit-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(git(remote, "rev-parse", branch)).toBe(git(work, "rev-parse", branch));
    const files = git(work, "diff", "--name-only", `main...${branch}`).split("\n");
    expect(files).toEqual(
      expect.arrayContaining(["src/check-limit.js", "src/index.js", "tests/position-limit.test.js"]),
    );
    // The feature's tests pass on the branch.
    const wt = join(work, "..", "check");
    git(work, "worktree", "add", "--quiet", wt, branch);
    expect(spawnSync("node", ["--test", "tests/"], { cwd: wt, encoding: "utf8" }).status).toBe(0);
  });
});
