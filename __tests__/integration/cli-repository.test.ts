import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { cliHere } from "../helpers/cli-here.js";
import { git, makeRepo } from "../helpers/repo.js";

const flow = (commit: string) => `version: 1
agents:
  dev:
    run: ["true"]
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - commit: ${commit}
`;

describe("run from a subdirectory", () => {
  it("validate, plan and run find agents/flow.yaml at the repository root", () => {
    const repo = makeRepo({ "agents/flow.yaml": flow("{}"), "src/deep/keep.txt": "x\n" });
    const cwd = join(repo, "src", "deep");
    const validate = cli(["validate"], { cwd });
    expect(validate.stderr).toBe("");
    expect(validate).toMatchObject({ code: 0 });
    expect(validate.stdout).toContain(`${join(repo, "agents/flow.yaml")} is valid`);
    const plan = cli(["plan"], { cwd });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).workflow).toBe("idea_to_feature");
    // run gets as far as its start checks with the root's flow: a bad base is refused, nothing is written
    const run = cli(["run", "--feature", "x", "--base", "nope"], { cwd });
    expect(run.stderr).toContain("base branch 'nope' does not exist");
    expect(run.code).toBe(2);
    expect(existsSync(join(cwd, "docs"))).toBe(false);
    // a path that is given stays relative to where the command runs
    const given = cli(["validate", "--flow", "agents/flow.yaml"], { cwd });
    expect(given.code).toBe(1);
    expect(given.stderr).toContain("agents/flow.yaml: no such file");
    expect(cli(["validate", "--flow", "../../agents/flow.yaml"], { cwd }).code).toBe(0);
  });

  it("init writes the flow and the .gitignore entries at the repository root", async () => {
    const repo = makeRepo({ "src/keep.txt": "x\n" });
    git(repo, "rm", "--quiet", ".gitignore");
    git(repo, "commit", "--quiet", "-m", "no ignore");
    const cwd = join(repo, "src");
    const r = cli(["init"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(join(repo, "agents/flow.yaml"))).toBe(true);
    expect(existsSync(join(cwd, "agents"))).toBe(false);
    expect(existsSync(join(cwd, ".gitignore"))).toBe(false);
    expect(readFileSync(join(repo, ".gitignore"), "utf8")).toContain("docs/status/\n.locks/\n.triggers/\n");
    expect((await cliHere(["validate"], { cwd })).code).toBe(0);
  });
});

describe("commit settings the repository rules out are caught before any agent runs", () => {
  it("validate refuses an unknown remote and a fixed branch that exists or is checked out", async () => {
    const repo = makeRepo({ "agents/flow.yaml": flow("{ branch: release/next, remote: upstrem }") });
    git(repo, "remote", "add", "upstream", "https://example.invalid/x.git");
    git(repo, "branch", "release/next");
    const r = await cliHere(["validate"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "agents/flow.yaml:10:27: workflows.idea_to_feature.steps[1].commit.branch: makes the branch 'release/next', which already exists (the template has no {run_id}, so every run makes this name); the commit step would refuse to overwrite it after the whole run: delete the branch, or put {run_id} in the template",
    );
    expect(r.stderr).toContain(
      "agents/flow.yaml:10:49: workflows.idea_to_feature.steps[1].commit.remote: remote 'upstrem' is not configured in this repository; did you mean 'upstream'? (remotes: upstream); set commit.remote to one of them",
    );

    const checkedOut = makeRepo({ "agents/flow.yaml": flow("{ branch: '{base}' }") });
    const c = await cliHere(["validate"], { cwd: checkedOut });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`makes the branch 'main', which is checked out in ${checkedOut}`);
    // a template with {feature} or {run_id} is looked up only when a run knows their values
    const fine = makeRepo({ "agents/flow.yaml": flow("{ branch: 'feature/{feature}' }") });
    expect((await cliHere(["validate"], { cwd: fine })).code).toBe(0);
    // a repository without any remote is the documented local mode: the default 'origin' is fine
    expect((await cliHere(["validate"], { cwd: makeRepo({ "agents/flow.yaml": flow("{}") }) })).code).toBe(0);
  });

  it("run refuses them at its start (exit 2), before writing anything", () => {
    const repo = makeRepo({ "agents/flow.yaml": flow("{ branch: 'feature/{feature}' }") });
    git(repo, "branch", "feature/risk");
    const r = cli(["run", "--feature", "risk"], { cwd: repo });
    expect(r.stderr).toContain(
      "agents/flow.yaml: workflows.idea_to_feature.steps[1].commit.branch: makes the branch 'feature/risk', which already exists",
    );
    expect(r.stderr).toContain("nothing was written");
    expect(r.code).toBe(2);
    expect(existsSync(join(repo, "docs", "status"))).toBe(false);
  });
});
