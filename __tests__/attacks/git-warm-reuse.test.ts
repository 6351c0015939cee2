// The run's start prepares the first step's directories (group-warmup.ts: acquire(), then unused()), and
// an agent that gets one keeps the `.git` the warm-up built rather than building it again. That `.git`
// must never carry what an agent that has ended planted there: e.g. a step's agent writing a hook into a
// sibling directory that a later agent gets.
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { makeRepo } from "../helpers/repo.js";

const HOOK = ".git/hooks/post-checkout";

/** What an agent of another directory writes into `dir`'s .git: a hook and an fsmonitor. */
function plant(dir: string): void {
  mkdirSync(join(dir, ".git", "hooks"), { recursive: true });
  writeFileSync(join(dir, HOOK), "#!/bin/sh\ntouch planted\n", { mode: 0o755 });
  writeFileSync(join(dir, ".git", "config"), "[core]\n\tfsmonitor = touch planted\n", { flag: "a" });
}

async function warmed(runId: string) {
  const repo = makeRepo({ "a.txt": "alpha\n", ".gitignore": "docs/status/\n" });
  const g = new Git(repo);
  const base = (await g.revParse("HEAD")) as string;
  const ws = await RunWorkspace.open(g, runId);
  // As warmFirstStep() does: two directories made ready at the base, handed back unused.
  const dirs = [await ws.acquire(base), await ws.acquire(base)];
  for (const d of dirs) ws.unused(d, base);
  return { ws, base, dirs };
}

describe("a warmed directory's .git", () => {
  it("is kept for an agent while no attempt of the run has ended", async () => {
    const { ws, base, dirs } = await warmed("20250101-000000-bbbbbbb1");
    try {
      const built = dirs.map((d) => lstatSync(join(d, ".git", "config")).ino);
      const got = [await ws.acquire(base), await ws.acquire(base)];
      expect([...got].sort()).toEqual([...dirs].sort());
      // The same files: not removed and written again.
      expect(dirs.map((d) => lstatSync(join(d, ".git", "config")).ino)).toEqual(built);
      for (const d of got) expect(readFileSync(join(d, ".git", "HEAD"), "utf8")).toBe(`${base}\n`);
      for (const d of got) ws.release(d);
    } finally {
      await ws.dispose();
    }
  });

  it("is built afresh once an agent that could have planted something in it has ended", async () => {
    const { ws, base, dirs } = await warmed("20250101-000000-bbbbbbb2");
    try {
      const evil = await ws.acquire(base);
      const victim = dirs.find((d) => d !== evil) as string;
      // The agent in `evil` writes into its sibling's .git, then ends (its snapshot, its release).
      plant(victim);
      await ws.snapshot(evil, base);
      ws.release(evil);
      const next = await ws.acquire(base);
      expect(next).toBe(victim);
      expect(existsSync(join(next, HOOK))).toBe(false);
      expect(readFileSync(join(next, ".git", "config"), "utf8")).not.toMatch(/fsmonitor/);
      ws.release(next);
    } finally {
      await ws.dispose();
    }
  });

  it("is built afresh after an attempt that ended without a snapshot (a failed agent)", async () => {
    const { ws, base, dirs } = await warmed("20250101-000000-bbbbbbb3");
    try {
      const evil = await ws.acquire(base);
      const victim = dirs.find((d) => d !== evil) as string;
      plant(victim);
      ws.release(evil);
      const next = await ws.acquire(base);
      expect(next).toBe(victim);
      expect(existsSync(join(next, HOOK))).toBe(false);
      expect(readFileSync(join(next, ".git", "config"), "utf8")).not.toMatch(/fsmonitor/);
      ws.release(next);
    } finally {
      await ws.dispose();
    }
  });
});
