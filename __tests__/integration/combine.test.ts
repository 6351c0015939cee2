// A parallel group's commits are combined by the engine's own tree writer (combine-tree.ts) from the
// members' snapshot indexes; git combines when those are gone (a resumed run). Both must give the same
// tree, and both must refuse what cannot be combined. Real repositories, real git.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { git, makeRepo } from "../helpers/repo.js";

let repo: string;
let g: Git;
let base: string;

beforeAll(async () => {
  repo = makeRepo({
    "a.txt": "a\n",
    "shared.txt": "base\n",
    "deep/er/x.txt": "x\n",
    "deep/y.txt": "y\n",
    "keep/k.txt": "k\n",
  });
  g = new Git(repo);
  base = (await g.revParse("HEAD")) as string;
});

/** Each writer changes one pool directory; the members' commits and changed paths, in order. */
async function members(ws: RunWorkspace, writers: ((dir: string) => void)[]) {
  const dirs = await Promise.all(writers.map(() => ws.acquire(base)));
  const out: { commit: string; changed: string[] }[] = [];
  for (const [i, w] of writers.entries()) {
    const d = dirs[i] as string;
    w(d);
    const snap = await ws.snapshot(d, base);
    out.push({ commit: await ws.commit(snap.tree, [base], `member ${i}\n`), changed: snap.changed });
    ws.release(d);
  }
  return out;
}

describe("combine", () => {
  it("writes the tree git's update-index + write-tree writes, deep and new folders included", async () => {
    const ws = await RunWorkspace.open(g, "20250101-000000-cccccc01");
    let ours: string;
    let results: { commit: string; changed: string[] }[];
    try {
      results = await members(ws, [
        (d) => writeFileSync(join(d, "deep/er/x.txt"), "x by 1\n"),
        (d) => {
          mkdirSync(join(d, "deep/er/new"), { recursive: true });
          writeFileSync(join(d, "deep/er/new/n.txt"), "n\n");
        },
        (d) => writeFileSync(join(d, "z-top.txt"), "top\n"),
        // The only file of a folder deleted: the folder leaves the tree.
        (d) => rmSync(join(d, "keep/k.txt")),
      ]);
      ours = await ws.combine(base, results, "combined\n");
    } finally {
      await ws.dispose();
    }
    // A workspace without the snapshot records combines through git.
    const later = await RunWorkspace.open(g, "20250101-000000-cccccc02");
    try {
      const theirs = await later.combine(base, results, "combined\n");
      expect(git(repo, "rev-parse", `${ours}^{tree}`)).toBe(git(repo, "rev-parse", `${theirs}^{tree}`));
    } finally {
      await later.dispose();
    }
    git(repo, "fsck", "--no-dangling", "--strict", ours);
    expect(git(repo, "diff", "--name-only", base, ours).split("\n")).toEqual([
      "deep/er/new/n.txt",
      "deep/er/x.txt",
      "keep/k.txt",
      "z-top.txt",
    ]);
  });

  it("refuses two members that change one path differently, and keeps two equal changes", async () => {
    const ws = await RunWorkspace.open(g, "20250101-000000-cccccc03");
    try {
      const clash = await members(ws, [
        (d) => writeFileSync(join(d, "shared.txt"), "one\n"),
        (d) => writeFileSync(join(d, "shared.txt"), "two\n"),
      ]);
      await expect(ws.combine(base, clash, "combined\n")).rejects.toThrow(
        /"shared.txt" written by one agent is missing from the combined result/,
      );
      const same = await members(ws, [
        (d) => writeFileSync(join(d, "shared.txt"), "same\n"),
        (d) => writeFileSync(join(d, "shared.txt"), "same\n"),
      ]);
      const combined = await ws.combine(base, same, "combined\n");
      expect(git(repo, "show", `${combined}:shared.txt`)).toBe("same");
    } finally {
      await ws.dispose();
    }
  });
});
