// A new run's first directory is prepared while the CLI still parses the flow (early-workspace.ts): before
// the run is decided, and before its lock. What an earlier run's agent left in that directory (a changed
// file, a planted file, a hook in its .git, an ignored file) must still be gone when the next run's
// first agent starts there; a run refused meanwhile must hand the directory back with its state.
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EARLY_RUN_ID, openBeforeRun, takeEarlyWorkspace } from "../../src/engine/early-workspace.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { cli } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

const poolOf = (repo: string): string => RunWorkspace.poolDir(join(repo, ".git"));

const EVIL = `version: 1
agents:
  evil:
    run: >-
      echo evil > a.txt && echo planted > planted.txt && mkdir -p node_modules .git/hooks &&
      echo evil > node_modules/evil.js && printf '#!/bin/sh\\ntouch hooked\\n' > .git/hooks/post-checkout &&
      chmod +x .git/hooks/post-checkout && exit 1
    writes: [a.txt]
    retries: 0
workflows:
  idea_to_feature:
    steps:
      - agent: evil
`;

const PROBE = `version: 1
agents:
  probe:
    run: >-
      cat a.txt > "$AGENT_OUTPUT/a" && ls -A > "$AGENT_OUTPUT/ls" &&
      (ls -A .git/hooks node_modules > "$AGENT_OUTPUT/left" 2>/dev/null; true)
    writes: [docs/probe.txt]
    retries: 0
workflows:
  idea_to_feature:
    steps:
      - agent: probe
`;

describe("a run's first directory prepared before the run is decided", () => {
  let repo: string;
  beforeAll(() => {
    repo = makeRepo({
      "a.txt": "alpha\n",
      ".gitignore": "docs/status/\n.locks/\n.triggers/\nnode_modules/\n",
      "agents/evil.yaml": EVIL,
      "agents/probe.yaml": PROBE,
    });
  });

  it("is the workspace the run gets, its directory ready at the base", async () => {
    const base = git(repo, "rev-parse", "HEAD");
    openBeforeRun(repo, Promise.resolve(git(repo, "rev-parse", "HEAD")));
    const ws = await takeEarlyWorkspace(repo, "20250101-000000-ccccccc1");
    expect(ws).not.toBeNull();
    const w = ws as RunWorkspace;
    try {
      expect(await w.preparedAhead(base)).toBe(true);
      const dir = join(poolOf(repo), "w0");
      const built = lstatSync(join(dir, ".git", "config")).ino;
      // The claim named the run that was not known yet; the run's own takes over.
      expect(await w.acquire(base)).toBe(dir);
      expect(lstatSync(join(dir, ".git", "config")).ino).toBe(built);
      expect(readFileSync(join(dir, ".git", "HEAD"), "utf8")).toBe(`${base}\n`);
      w.release(dir);
    } finally {
      await w.dispose();
    }
    // Taken once: a second run of this process opens its own.
    expect(await takeEarlyWorkspace(repo, "20250101-000000-ccccccc2")).toBeNull();
    expect(EARLY_RUN_ID).not.toMatch(/^\d{8}-/);
  });

  it("hands back one a run of this process never took when another opens", async () => {
    const listeners = process.listenerCount("beforeExit");
    openBeforeRun(repo, Promise.resolve(git(repo, "rev-parse", "HEAD")));
    openBeforeRun(repo, Promise.resolve(git(repo, "rev-parse", "HEAD")));
    // One exit hook for the process, not one per opening (Node warned past 10 in a test process).
    expect(process.listenerCount("beforeExit")).toBe(listeners);
    const ws = await takeEarlyWorkspace(repo, "20250101-000000-ccccccc3");
    await ws?.dispose();
    // Every claim let go, the first one's too (handed back without waiting for a run).
    const locks = join(poolOf(repo), ".locks");
    const held = (): string[] => readdirSync(locks).filter((n) => n.startsWith("worktree-"));
    for (let i = 0; i < 100 && held().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(held()).toEqual([]);
  });

  it("leaves nothing of an earlier run's agent to the next run's first agent", () => {
    const evil = cli(["run", "--flow", "agents/evil.yaml", "--feature", "evil", "--quiet"], { cwd: repo });
    expect(evil.code, evil.stderr).toBe(1);
    const runs = join(repo, "docs/status/runs");
    const before = new Set(readdirSync(runs));
    const probe = cli(["run", "--flow", "agents/probe.yaml", "--feature", "probe", "--quiet"], { cwd: repo });
    expect(probe.code, probe.stderr).toBe(0);
    // Not the last by name: both runs may start in one second, and the id's tail is random.
    const run = readdirSync(runs).find((n) => /^\d{8}-/.test(n) && !before.has(n)) as string;
    const out = (f: string): string => readFileSync(join(runs, run, "probe", f), "utf8");
    expect(out("a")).toBe("alpha\n");
    expect(out("ls").split("\n")).not.toContain("planted.txt");
    expect(out("ls").split("\n")).not.toContain("node_modules");
    expect(out("left")).toBe("");
    expect(existsSync(join(poolOf(repo), "w0", "hooked"))).toBe(false);
  });

  it("is handed back with its state by a run refused before its engine starts", () => {
    const state = join(poolOf(repo), "w0.clean");
    const before = readFileSync(state, "utf8").split("\n");
    // Refused after the flow was read (a feature name it cannot take): the directory was being prepared.
    const refused = cli(["run", "--flow", "agents/probe.yaml", "--feature", "Not_Valid", "--quiet"], {
      cwd: repo,
    });
    expect(refused.code).toBe(2);
    const after = readFileSync(state, "utf8").split("\n");
    expect(after[0]).toBe(git(repo, "rev-parse", "HEAD"));
    expect(after[1]).toBe(before[1]);
    expect(existsSync(join(poolOf(repo), ".locks", "worktree-w0.lock"))).toBe(false);
  });
});
