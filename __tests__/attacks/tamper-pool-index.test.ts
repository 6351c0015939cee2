// The engine's own index files live in the pool folder beside the agents' directories, where a same-user
// agent can write them. An agent that rewrites them so that its change to a file looks clean (the
// entry's object id and stat data taken from the changed file) must not hide that change from the
// snapshot: the change list checked against its scopes must still name the file, and the tree must
// hold nothing the change list leaves out.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { forgeEntry } from "../helpers/index-forge.js";
import { git, makeRepo } from "../helpers/repo.js";

/** Every file under `dir` ending in `.index` (the slots' indexes and the scratch copies). */
function indexFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((p) => join(dir, p))
    .filter((p) => p.endsWith(".index") && statSync(p).isFile());
}

/** What the agent does: records `path`'s new content as clean in every index file of the pool. */
function forgeIndexes(repo: string, dir: string, path: string): number {
  const files = indexFiles(dirname(dir));
  for (const index of files) {
    const r = spawnSync(
      "git",
      [`--git-dir=${join(repo, ".git")}`, `--work-tree=${dir}`, "update-index", "--", path],
      { cwd: dir, env: { ...process.env, GIT_INDEX_FILE: index }, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
  }
  return files.length;
}

/**
 * What a subtler agent does: leaves `path`'s entry naming the committed content but gives it the changed
 * file's stat data, so that git takes the changed file for the committed one (v2 index, sha1).
 */
function forgeStat(index: string, dir: string, path: string): void {
  forgeEntry(index, join(dir, path), path, null);
}

describe("an agent rewriting the engine's index files in the pool", () => {
  it("hides no change from the snapshot, alone or beside a change in scope", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n", "docs/keep.txt": "k\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-bbbbbbb1");
    try {
      for (const withInScope of [true, false]) {
        const dir = await ws.acquire(base);
        writeFileSync(join(dir, "a.txt"), `evil ${withInScope}\n`);
        if (withInScope) writeFileSync(join(dir, "docs/in.txt"), "in scope\n");
        expect(forgeIndexes(repo, dir, "a.txt")).toBeGreaterThan(0);
        const snap = await ws.snapshot(dir, base);
        expect(snap.changed).toContain("a.txt");
        // The tree holds exactly what the change list names.
        const inTree = git(repo, "diff", "--name-only", base, snap.tree).split("\n").filter(Boolean);
        expect([...snap.changed].sort()).toEqual(inTree.sort());
        ws.release(dir);
      }
    } finally {
      await ws.dispose();
    }
  });

  it("leaves no changed file behind in a directory whose attempt was rejected", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n", "docs/keep.txt": "k\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-bbbbbbb2");
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, "a.txt"), "evil!\n");
      // An old mtime: git does not re-read the file as "racily clean" and trusts the forged entry.
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(dir, "a.txt"), past, past);
      forgeStat(`${dir}.index`, dir, "a.txt");
      // The snapshot sees the change (the scope check would reject it); the attempt is not adopted.
      expect((await ws.snapshot(dir, base)).changed).toEqual(["a.txt"]);
      ws.release(dir);
      // The retry gets the same directory: checked out again, from the index the engine knew.
      expect(await ws.acquire(base)).toBe(dir);
      expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("alpha\n");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });

  it("leaves nothing of a forged index to the next run: its first directory holds the base's files", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n", "docs/keep.txt": "k\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-bbbbbbb3");
    let dir: string;
    try {
      dir = await ws.acquire(base);
      // The run's last agent changes a file, hides it in the slot's index, and fails: not adopted.
      writeFileSync(join(dir, "a.txt"), "evil!\n");
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(dir, "a.txt"), past, past);
      forgeStat(`${dir}.index`, dir, "a.txt");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
    const next = await RunWorkspace.open(g, "20250101-000000-bbbbbbb4");
    try {
      expect(await next.acquire(base)).toBe(dir);
      expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("alpha\n");
      next.release(dir);
    } finally {
      await next.dispose();
    }
  });

  it("writes the pool's state through no link an agent put in its place", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-bbbbbbb5");
    const victim = join(repo, "a.txt");
    try {
      const dir = await ws.acquire(base);
      // The agent links the slot's state file to a file of the user's.
      symlinkSync(victim, `${dir}.clean`);
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
    expect(readFileSync(victim, "utf8")).toBe("alpha\n");
  });
});
