// A run's first directory comes from the pool holding what the previous run left there (its last
// agent's commit). Rather than a full checkout and clean, the directory is verified against its index by
// one `git status` and moved to the run's base by paths (slot-switch.ts). Whatever was changed in the
// directory since the previous run's end (a same-size rewrite with its mtime set back, a planted,
// deleted or ignored file) must still be gone when the next run's first agent starts there.
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { CountingGit } from "../helpers/counting-git.js";
import { git, makeRepo } from "../helpers/repo.js";

/** Every file under `dir` (its `.git` left out) with its content. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (d === dir && e.name === ".git") continue;
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("a run's first directory, moved from the previous run's commit to the base by paths", () => {
  let repo: string;
  let base: string;
  let expected: Record<string, string>;
  let n = 0;
  const runId = (): string => `20250101-000000-${(0xd0000000 + n++).toString(16)}`;

  beforeAll(() => {
    repo = makeRepo({
      "a.txt": "alpha\n",
      "b.txt": "bravo\n",
      "src/c.txt": "charlie\n",
      ".gitignore": "docs/status/\n.locks/\n.triggers/\nnode_modules/\n",
    });
    base = git(repo, "rev-parse", "HEAD");
    expected = {
      "a.txt": "alpha\n",
      "b.txt": "bravo\n",
      "src/c.txt": "charlie\n",
      ".gitignore": "docs/status/\n.locks/\n.triggers/\nnode_modules/\n",
    };
  });

  /** A run whose one agent adds a file, deletes one and changes one, and is kept: its directory ends at that commit. */
  async function previousRun(): Promise<string> {
    const ws = await RunWorkspace.open(new Git(repo), runId());
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, "new.txt"), "added\n");
      rmSync(join(dir, "b.txt"));
      writeFileSync(join(dir, "src/c.txt"), "changed\n");
      const snap = await ws.snapshot(dir, base);
      const commit = await ws.commit(snap.tree, [base], "agent\n");
      await ws.adopt(dir, commit);
      ws.release(dir);
      return dir;
    } finally {
      await ws.dispose();
    }
  }

  /** The next run's first directory at the base: its files, and the git commands its acquire() ran. */
  async function nextRun(): Promise<{ files: Record<string, string>; log: string[]; dir: string }> {
    const counting = new CountingGit(repo);
    const ws = await RunWorkspace.open(counting, runId());
    try {
      counting.log.length = 0;
      const dir = await ws.acquire(base);
      const log = [...counting.log];
      const files = filesOf(dir);
      ws.release(dir);
      return { files, log, dir };
    } finally {
      await ws.dispose();
    }
  }

  it("holds exactly the base, with no checkout of every file, clean or ignored-files listing", async () => {
    await previousRun();
    const { files, log } = await nextRun();
    expect(files).toEqual(expected);
    expect(log).toContain("restore");
    expect(log).not.toContain("read-tree");
    expect(log).not.toContain("clean");
    expect(log).not.toContain("ls-files");
  });

  it("leaves nothing changed since the previous run's end: a same-size rewrite with its mtime set back", async () => {
    const dir = await previousRun();
    const f = join(dir, "a.txt");
    const st = statSync(f);
    writeFileSync(f, "evil!\n");
    utimesSync(f, st.atime, st.mtime);
    const { files, log } = await nextRun();
    expect(files).toEqual(expected);
    expect(log).toContain("read-tree");
  });

  it("leaves nothing changed since the previous run's end: planted files, a deleted file", async () => {
    const dir = await previousRun();
    writeFileSync(join(dir, "planted.txt"), "planted\n");
    writeFileSync(join(dir, "src/planted.txt"), "planted\n");
    rmSync(join(dir, "a.txt"));
    const { files, log } = await nextRun();
    expect(files).toEqual(expected);
    expect(log).toContain("clean");
  });

  it("wipes ignored files planted since the previous run's end", async () => {
    const dir = await previousRun();
    // An ignored file only: the status finds nothing to check out, the ignored files' digest differs.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    writeFileSync(join(dir, "node_modules/evil.js"), "evil\n");
    const { files, log } = await nextRun();
    expect(files).toEqual(expected);
    expect(log).toContain("restore");
  });
});
