// The commit step re-checks the kinds of change from git objects (not from any worktree), with the
// writers' scopes: the same rules as after each agent.
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { policeResult, rawChanges } from "../../src/engine/police.js";
import { loadFlowText } from "../../src/flow/load.js";
import type { Flow } from "../../src/flow/schema.js";
import { symlinkTarget } from "../../src/run/scope-check.js";
import { git, makeRepo } from "../helpers/repo.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("symlinkTarget", () => {
  it("resolves relative targets against the link's folder and refuses what leaves the repository", () => {
    expect(symlinkTarget("src/x", "app.js")).toBe("src/app.js");
    expect(symlinkTarget("src/x", "../.github/workflows/ci.yml")).toBe(".github/workflows/ci.yml");
    expect(symlinkTarget("src/x", "../../etc/passwd")).toBeNull();
    expect(symlinkTarget("src/x", "/etc/passwd")).toBeNull();
    expect(symlinkTarget("x", ".")).toBeNull();
  });
});

function flow(policy = ""): Flow {
  const text = `version: 1\n${policy}agents:\n  dev:\n    run: "true"\n    writes: [src/**]\n  docs:\n    run: "true"\n    writes: [docs/**]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: dev\n`;
  const r = loadFlowText("flow.yaml", text);
  if (!r.flow) throw new Error(JSON.stringify(r.diagnostics));
  return r.flow;
}

describe("the commit step's re-check of change kinds (policeResult)", () => {
  it("refuses from git objects what each writer's scopes and the policy do not allow", async () => {
    const repo = makeRepo({ "src/app.js": "x\n", "src/tool.sh": "#!/bin/sh\n" });
    dirs.push(repo);
    chmodSync(join(repo, "src/tool.sh"), 0o755);
    git(repo, "commit", "-qam", "exec");
    const base = git(repo, "rev-parse", "HEAD");
    mkdirSync(join(repo, "docs"));
    symlinkSync("../src/app.js", join(repo, "docs/into-src")); // docs writer, target in src/: refused
    symlinkSync("app.js", join(repo, "src/alias")); // inside the writer's scopes: fine
    writeFileSync(join(repo, "src/.gitattributes"), "*.js -diff\n");
    writeFileSync(join(repo, "src/new.sh"), "#!/bin/sh\n");
    chmodSync(join(repo, "src/new.sh"), 0o755);
    writeFileSync(join(repo, "src/tool.sh"), "#!/bin/sh\necho changed\n"); // already executable: fine
    writeFileSync(join(repo, "src/a\tb.js"), "x\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "result");
    const head = git(repo, "rev-parse", "HEAD");
    const writers = (p: string): string[] => (p.startsWith("docs/") ? ["docs"] : ["dev"]);
    const g = new Git(repo);
    const found = await policeResult(g, flow(), base, head, writers);
    expect(found.map((v) => `${v.path}: ${v.reason}`)).toEqual([
      "docs/into-src: symlink to ../src/app.js, which leaves the agent's scopes (policy.allow_symlinks)",
      "src/.gitattributes: changes to .gitattributes are refused (policy.allow_gitattributes)",
      '"src/a\\tb.js": its name contains control characters (scopes cannot be checked on it)',
      "src/new.sh: new executable bits are refused (policy.allow_executable)",
    ]);
    // Each rule gives way to its policy key.
    const lenient = flow(
      "policy:\n  allow_symlinks: true\n  allow_gitattributes: true\n  allow_executable: true\n",
    );
    const rest = await policeResult(g, lenient, base, head, writers);
    expect(rest.map((v) => v.path)).toEqual(['"src/a\\tb.js"']);
    // Old modes come with the records here; without them they are looked up in the base tree.
    const raw = (await rawChanges(g, base, head)).find((r) => r.path === "src/tool.sh");
    expect(raw).toMatchObject({ oldMode: "100755", mode: "100755" });
  });
});
