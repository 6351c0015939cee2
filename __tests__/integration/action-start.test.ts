import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { loadedModules, own, packages } from "../helpers/loaded-modules.js";

// The action's `validate` runs on every push: it must start without the GitHub client, the Actions
// cache, @actions/core (whose OIDC client pulls in @actions/http-client and undici) or the engine's jobs
// (issue 12's cold start; the bench's cold row measures it against create-pull-request's bundle).
const FLOW = `version: 1
agents:
  a1:
    run: 'date > docs/out.txt'
    writes: [docs/out.txt]
workflows:
  idea_to_feature:
    steps:
      - agent: a1
`;

describe("the action's start loads only what the command needs", () => {
  it("validate: the flow's checks (yaml, zod, the scope globs) and nothing of GitHub, the cache or the jobs", () => {
    const ws = tempDir();
    mkdirSync(join(ws, "agents"));
    writeFileSync(join(ws, "agents/flow.yaml"), FLOW);
    const out = join(ws, "output.txt");
    const summary = join(ws, "summary.md");
    writeFileSync(out, "");
    writeFileSync(summary, "");
    const r = loadedModules("action/index.js", [], ws, {
      INPUT_COMMAND: "validate",
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^valid<<(ghadelimiter_\S+)\ntrue\n\1\n$/);
    expect(readFileSync(summary, "utf8")).toContain("agents/flow.yaml is valid");
    expect(packages(r.modules)).toEqual(["braces", "picomatch", "yaml", "zod"]);
    const mine = own(r.modules);
    expect(mine).toContain("action/runner-commands.js");
    expect(
      mine.filter((m) => m.startsWith("github/") || m.startsWith("engine/jobs/") || m === "engine/git.js"),
    )
      // the summary's and resume note's text only
      .toEqual(["engine/jobs/resume-state.js", "engine/jobs/summary.js"]);
    for (const m of ["cache-transport", "checked-restore", "cleanup", "issue-gate", "preset-install"])
      expect(mine).not.toContain(`action/${m}.js`);
  });

  it("an invalid input fails the step through the runner's error command, without @actions/core", () => {
    const r = loadedModules("action/index.js", [], tempDir(), { INPUT_COMMAND: "deploy" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::input 'command' is 'deploy'; expected one of: validate");
    expect(packages(r.modules).filter((p) => p.startsWith("@actions/") || p === "undici")).toEqual([]);
  });
});
