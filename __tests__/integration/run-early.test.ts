// A new run's base and first directory are begun from the CLI's entry, from a glance at the command line
// (run-early.ts), before commander parses it. The run command takes them only for the options it parsed;
// anything else (another base, a retry, no flow file) must leave the run to begin its own, and hand the
// early directory back to the pool.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { beginRunEarly, dropRunEarly, takeRunEarly } from "../../src/cli/run-early.js";
import { takeEarlyWorkspace } from "../../src/engine/early-workspace.js";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { git, makeRepo } from "../helpers/repo.js";

const FLOW = `version: 1
agents:
  a:
    run: "true"
workflows:
  idea_to_feature:
    steps:
      - agent: a
`;

describe("a new run begun from the CLI's entry", () => {
  let repo: string;
  let head: string;
  beforeAll(() => {
    repo = makeRepo({ "a.txt": "alpha\n", "agents/flow.yaml": FLOW });
    git(repo, "branch", "other");
    head = git(repo, "rev-parse", "HEAD");
  });

  it("gives the run command its base and a directory prepared at it", async () => {
    await beginRunEarly(repo, ["--feature", "x"], {});
    const early = takeRunEarly(repo, undefined);
    expect(early).toBeDefined();
    expect(await early).toEqual({ base: "main", baseSha: head });
    const ws = (await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee1")) as RunWorkspace;
    expect(ws).not.toBeNull();
    try {
      expect(await ws.preparedAhead(head)).toBe(true);
    } finally {
      await ws.dispose();
    }
    // Taken once.
    expect(takeRunEarly(repo, undefined)).toBeUndefined();
  });

  it("reads --base as commander does (the last one, either spelling)", async () => {
    await beginRunEarly(repo, ["--base", "main", "--feature", "x", "--base=other"], {});
    expect(await takeRunEarly(repo, "other")).toEqual({ base: "other", baseSha: head });
    const ws = (await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee2")) as RunWorkspace;
    await ws.dispose();
  });

  it("is not taken for options it did not read, and its directory goes back", async () => {
    await beginRunEarly(repo, ["--feature", "x"], {});
    // commander parsed another base than the glance did: the run begins its own.
    expect(takeRunEarly(repo, "other")).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee3")).toBeNull();
    // Another directory (the run command's own cwd) is no match either.
    await beginRunEarly(repo, ["--feature", "x"], {});
    expect(takeRunEarly(join(repo, "agents"), undefined)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee4")).toBeNull();
  });

  it("begins nothing for a retry, and a dropped one hands its directory back", async () => {
    await beginRunEarly(repo, ["--run-id", "x", "--retry"], {});
    expect(takeRunEarly(repo, undefined)).toBeUndefined();
    await beginRunEarly(repo, ["--feature", "x"], {});
    dropRunEarly();
    await new Promise((r) => setTimeout(r, 300));
    expect(await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee5")).toBeNull();
    // Back in the pool: the next run claims the same directory (a leaked claim would make it a new one).
    const ws = await RunWorkspace.open(new Git(repo), "20250101-000000-eeeeeee7");
    try {
      const dir = await ws.acquire(head);
      expect(dir.endsWith("/w0")).toBe(true);
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });

  it("begins nothing without the flow file (the run stops at once)", async () => {
    await beginRunEarly(repo, ["--flow", "agents/none.yaml"], {});
    expect(await takeRunEarly(repo, undefined)).toBeNull();
    await beginRunEarly(repo, [], { AGENT_FLOW_FILE: "agents/none.yaml" });
    expect(await takeRunEarly(repo, undefined)).toBeNull();
    expect(await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee6")).toBeNull();
  });
});
