// adopt() may hard-link a snapshot's index file into its slot's index rather than write the same bytes
// again (slot-adopt.ts), but only when no other directory was in use since the snapshot began: the file
// lies in the pool folder, where an agent still running in another directory (a parallel group's member)
// can rewrite it. Such an agent must get no forged stat data into the slot's index.
import { spawnSync } from "node:child_process";
import { statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { entryOf, snapFiles } from "../helpers/index-forge.js";
import { makeRepo } from "../helpers/repo.js";

/** Gives `path`'s entry in `index` the stat data of the changed file (its object id stays the committed one). */
function forgeStat(index: string, dir: string, path: string): void {
  const { buf, idx, i } = entryOf(index, path);
  const at = (idx.oids[i] as number) - 40;
  const st = statSync(join(dir, path), { bigint: true });
  const fields: [number, bigint][] = [
    [0, st.ctimeNs / 1_000_000_000n],
    [4, st.ctimeNs % 1_000_000_000n],
    [8, st.mtimeNs / 1_000_000_000n],
    [12, st.mtimeNs % 1_000_000_000n],
    [16, st.dev],
    [20, st.ino],
    [36, st.size],
  ];
  for (const [off, v] of fields) buf.writeUInt32BE(Number(BigInt.asUintN(32, v)), at + off);
  writeFileSync(index, buf);
}

/** What git takes for modified in `dir` by the slot's own index file. */
function modifiedBySlotIndex(repo: string, dir: string): string[] {
  const r = spawnSync("git", [`--git-dir=${join(repo, ".git")}`, `--work-tree=${dir}`, "ls-files", "-m"], {
    cwd: dir,
    env: { ...process.env, GIT_INDEX_FILE: `${dir}.index` },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe("a snapshot's index file becoming its slot's index", () => {
  it("is renamed after a lone agent, written anew when another directory was in use", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n", "docs/keep.txt": "k\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-ccccccc1");
    try {
      // 1. A lone agent: its snapshot's index file becomes the slot's index as it is (same inode).
      const dir = await ws.acquire(base);
      const pool = dirname(dir);
      writeFileSync(join(dir, "docs/in.txt"), "in\n");
      const before = new Set(snapFiles(pool));
      const snap = await ws.snapshot(dir, base);
      const file = snapFiles(pool).find((f) => !before.has(f)) as string;
      const ino = statSync(file).ino;
      const commit = await ws.commit(snap.tree, [base], "lone");
      await ws.adopt(dir, commit);
      ws.release(dir);
      expect(statSync(`${dir}.index`).ino).toBe(ino);

      // 2. A parallel group: while B's agent still runs, it changes a file in A's directory and forges
      // A's snapshot index to match; A's commit is adopted. The slot's index keeps the engine's bytes.
      for (const when of ["before A's snapshot", "after it"]) {
        const a = await ws.acquire(commit);
        const b = when === "after it" ? null : await ws.acquire(commit);
        writeFileSync(join(a, "docs/in2.txt"), `${when}\n`);
        const seen = new Set(snapFiles(pool));
        const snapA = await ws.snapshot(a, commit);
        const other = b ?? (await ws.acquire(commit)); // a check or agent starting meanwhile
        writeFileSync(join(a, "a.txt"), "evil!\n");
        const past = new Date(Date.now() - 60_000);
        utimesSync(join(a, "a.txt"), past, past);
        const fileA = snapFiles(pool).find((f) => !seen.has(f)) as string;
        forgeStat(fileA, a, "a.txt");
        const commitA = await ws.commit(snapA.tree, [commit], `member ${when}`);
        await ws.adopt(a, commitA);
        ws.release(a);
        ws.release(other);
        expect(modifiedBySlotIndex(repo, a)).toContain("a.txt");
        expect(statSync(`${a}.index`).ino).not.toBe(statSync(fileA).ino);
      }
    } finally {
      await ws.dispose();
    }
  });
});
