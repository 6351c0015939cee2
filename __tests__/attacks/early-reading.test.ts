// A new run's first reading of the user's checkout (for its fingerprints and the uncommitted-inputs
// warning) begins while the CLI still parses the flow (early-workspace.ts), before the run has its own
// Git, and is handed to the run. It must be the run's one reading (no second `git status`, no second
// copy of the index), and a change made after it, before the first agent, must still be reported by
// the first comparison.
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openBeforeRun, takeEarlyWorkspace } from "../../src/engine/early-workspace.js";
import { checkoutStatus, expectUnchanged, takeBefore } from "../../src/engine/fingerprint.js";
import { TamperDetected } from "../../src/engine/fingerprint-changes.js";
import { Git } from "../../src/engine/git.js";
import { git, makeRepo } from "../helpers/repo.js";

/** The engine's copies of the user's index (fingerprint-index.ts). */
function copies(repo: string): string[] {
  const dir = join(repo, ".git", "agent-flow", "fingerprint");
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".index")) : [];
}

/** Opens the early workspace of `repo` and waits until its reading of the checkout has begun. */
async function openEarly(repo: string): Promise<void> {
  openBeforeRun(repo, Promise.resolve(git(repo, "rev-parse", "HEAD")));
  for (let i = 0; i < 200 && copies(repo).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(copies(repo)).toHaveLength(1);
}

describe("the first reading of the checkout, begun before the run", () => {
  let repo: string;
  beforeAll(async () => {
    repo = makeRepo({ "a.txt": "alpha\n" });
    writeFileSync(join(repo, "untracked.txt"), "u\n");
    // Left alone past the next second: a reading keeps its copy of the index only when nothing in it was
    // written in the reading's own second (fingerprint-recent.ts).
    await new Promise((r) => setTimeout(r, 1100));
  });

  it("is the run's: one copy of the index, one reading", async () => {
    await openEarly(repo);
    const ws = await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee1");
    try {
      const status = await checkoutStatus(new Git(repo), repo);
      expect(status).toEqual([{ code: "??", path: "untracked.txt" }]);
      expect(copies(repo)).toHaveLength(1);
    } finally {
      await ws?.dispose();
    }
  });

  it("leaves a change made after it, before the first agent, to the first comparison", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n" });
    await openEarly(repo);
    const ws = await takeEarlyWorkspace(repo, "20250101-000000-eeeeeee2");
    try {
      const g = new Git(repo);
      await checkoutStatus(g, repo); // the early reading, done
      // Same size, mtime set back: only ctime and the content tell.
      const f = join(repo, "a.txt");
      const st = statSync(f);
      writeFileSync(f, "evil!\n");
      utimesSync(f, st.atime, st.mtime);
      const before = await takeBefore(g, repo);
      const seen = await expectUnchanged(g, before, "agent x").catch((e: unknown) => e);
      expect(seen).toBeInstanceOf(TamperDetected);
      expect(String((seen as Error).message)).toContain("a.txt");
    } finally {
      await ws?.dispose();
    }
  });

  it("is not taken by a run of another repository", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n" });
    const other = makeRepo({ "b.txt": "bravo\n" });
    writeFileSync(join(other, "other.txt"), "o\n");
    await openEarly(repo);
    const ws = await takeEarlyWorkspace(other, "20250101-000000-eeeeeee3");
    expect(ws).toBeNull();
    expect(await checkoutStatus(new Git(other), other)).toEqual([{ code: "??", path: "other.txt" }]);
  });
});
