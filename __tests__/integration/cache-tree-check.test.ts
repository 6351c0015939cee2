// cacheTreeHolds() decides whether a pool slot's index may be moved to a commit by paths: it must say
// yes for every index git writes (else every run pays the full checkout) and no for one whose
// cache-tree names a tree its entries do not make. Real repositories and real git.
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheTreeHolds } from "../../src/engine/cache-tree-check.js";
import { type IndexEntries, parseIndex } from "../../src/engine/index-file.js";
import { entryOf } from "../helpers/index-forge.js";
import { git, makeRepo } from "../helpers/repo.js";

const read = (index: string): IndexEntries => parseIndex(readFileSync(index), "sha1") as IndexEntries;

describe("cacheTreeHolds", () => {
  it("holds for the indexes git writes, and not once an entry under a valid node is forged", () => {
    const repo = makeRepo({
      "a.b": "dot\n",
      "a/x.txt": "in a\n",
      "a-": "dash\n",
      a0: "zero\n",
      "deep/er/still/z.txt": "z\n",
      "deep/er/other/y.txt": "y\n",
      "deep/side.txt": "side\n",
      "é ü/名前.txt": "unicode\n",
      "mode.sh": "echo\n",
    });
    chmodSync(join(repo, "mode.sh"), 0o755);
    symlinkSync("a.b", join(repo, "link"));
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "more");
    const index = join(repo, ".git", "test.index");
    const env = { ...process.env, GIT_INDEX_FILE: index };
    const run = (...args: string[]) => {
      const r = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    };
    run("read-tree", "HEAD");
    const full = read(index);
    expect(full.rootTree).toBe(git(repo, "rev-parse", "HEAD^{tree}"));
    expect(cacheTreeHolds(full)).toBe(true);
    // A change staged: git invalidates the nodes on its way, the others stay valid.
    writeFileSync(join(repo, "deep/er/still/z.txt"), "z2\n");
    run("update-index", "deep/er/still/z.txt");
    const staged = read(index);
    expect(staged.rootTree).toBeNull();
    expect(cacheTreeHolds(staged)).toBe(true);
    // No cache-tree at all: nothing to hide behind.
    expect(cacheTreeHolds({ ...staged, cacheTree: null })).toBe(true);
    // A forged entry under a node still valid (deep/er/other): the node no longer holds.
    run("read-tree", "HEAD");
    const { buf, idx, i } = entryOf(index, "deep/er/other/y.txt");
    const blob = git(repo, "rev-parse", "HEAD:a.b");
    Buffer.from(blob, "hex").copy(buf, idx.oids[i] as number);
    expect(cacheTreeHolds(parseIndex(buf, "sha1") as IndexEntries)).toBe(false);
  });
});
