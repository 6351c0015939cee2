// A parallel group's combined tree starts from one member's snapshot index. That file lies in the pool
// folder, written when that member's agent ended, while the group's other agents still ran: one of them
// can rewrite it (it runs as the user). The combine must take the index as the engine read it then, not
// the file as it is now, or a forged entry (here: a path no member may write, set back to another
// object) would land in the combined commit without any member's scope check seeing it.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { entryOf, snapFiles } from "../helpers/index-forge.js";
import { git, makeRepo } from "../helpers/repo.js";

/** Points `path`'s entry in `index` at object `oid`, with a valid checksum (as an agent can). */
function forgeOid(index: string, path: string, oid: string): void {
  const { buf, idx, i } = entryOf(index, path);
  Buffer.from(oid, "hex").copy(buf, idx.oids[i] as number);
  createHash("sha1")
    .update(buf.subarray(0, buf.length - 20))
    .digest()
    .copy(buf, buf.length - 20);
  writeFileSync(index, buf);
}

describe("a parallel group's combine", () => {
  it("takes the first member's index as the engine read it, not the file a running member forged", async () => {
    const repo = makeRepo({ "a.txt": "alpha\n", "docs/keep.txt": "k\n" });
    const g = new Git(repo);
    const base = (await g.revParse("HEAD")) as string;
    const other = git(repo, "rev-parse", "HEAD:docs/keep.txt");
    const ws = await RunWorkspace.open(g, "20250101-000000-ccccccc1");
    try {
      const a = await ws.acquire(base);
      const b = await ws.acquire(base);
      const pool = dirname(a);
      writeFileSync(join(a, "docs/a.txt"), "from a\n");
      const seen = new Set(snapFiles(pool));
      const snapA = await ws.snapshot(a, base);
      const fileA = snapFiles(pool).find((f) => !seen.has(f)) as string;
      expect(fileA).toBeTruthy();
      // B, still running: a.txt in A's snapshot index now names another object.
      forgeOid(fileA, "a.txt", other);
      writeFileSync(join(b, "docs/b.txt"), "from b\n");
      const snapB = await ws.snapshot(b, base);
      const commitA = await ws.commit(snapA.tree, [base], "a");
      const commitB = await ws.commit(snapB.tree, [base], "b");
      const combined = await ws.combine(
        base,
        [
          { commit: commitA, changed: ["docs/a.txt"] },
          { commit: commitB, changed: ["docs/b.txt"] },
        ],
        "group",
      );
      expect(git(repo, "show", `${combined}:a.txt`)).toBe("alpha");
      expect(git(repo, "show", `${combined}:docs/a.txt`)).toBe("from a");
      expect(git(repo, "show", `${combined}:docs/b.txt`)).toBe("from b");
      expect(git(repo, "diff", "--name-only", base, combined).split("\n").sort()).toEqual([
        "docs/a.txt",
        "docs/b.txt",
      ]);
      ws.release(a);
      ws.release(b);
    } finally {
      await ws.dispose();
    }
  });
});
