// The snapshot's tree is written by the engine from the staged index (tree-writer.ts), not by a git
// write-tree process: it must be, byte for byte, the tree git writes. Real repositories and real git.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { parseIndex } from "../../src/engine/index-file.js";
import {
  entriesFromPaths,
  TreeEntryClash,
  writeEntriesTree,
  writeIndexTree,
} from "../../src/engine/tree-writer.js";
import { tempDir } from "../helpers/cli.js";
import { git } from "../helpers/repo.js";

const BASE: Record<string, string> = {
  "a.b": "dot sorts before slash\n",
  "a/x.txt": "in a\n",
  "a-": "dash\n",
  a0: "zero\n",
  "deep/er/still/z.txt": "z\n",
  "deep/er/other/y.txt": "y\n",
  "deep/side.txt": "side\n",
  "to-dir": "becomes a folder\n",
  "dir-to-file/inner.txt": "folder becomes a file\n",
  "é ü/名前.txt": "unicode\n",
  "mode.sh": "echo\n",
  "gone/only.txt": "the whole folder goes\n",
  "keep/untouched.txt": "never changes\n",
};

/**
 * Dates every file of the work tree a minute back: entries whose files are as new as the index are
 * "racily clean", and git invalidates their directories in the cache-tree on the next add.
 */
function age(repo: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const p of Object.keys(BASE)) if (existsSync(join(repo, p))) utimesSync(join(repo, p), past, past);
}

function write(repo: string, path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

describe("writeIndexTree", () => {
  it.each([
    ["sha1", "2"],
    ["sha256", "4"],
  ])("writes the trees git write-tree writes (%s, index v%s)", async (format, version) => {
    const repo = tempDir("agent-flow-tree-");
    git(repo, "init", "--quiet", `--object-format=${format}`);
    for (const [p, t] of Object.entries(BASE)) write(repo, p, t);
    age(repo);
    git(repo, "add", "--all");
    git(repo, "update-index", "--index-version", version);
    git(repo, "write-tree"); // a valid cache-tree, as after the engine's checkout
    // An agent's changes, staged as snapshot() stages them (add only: the cache-tree is left invalid
    // on the way to each changed path).
    write(repo, "a/x.txt", "changed\n");
    write(repo, "a/new/deeper.txt", "new folder in a\n");
    rmSync(join(repo, "to-dir"));
    write(repo, "to-dir/inner.txt", "in\n");
    rmSync(join(repo, "dir-to-file"), { recursive: true });
    write(repo, "dir-to-file", "now a file\n");
    write(repo, "deep/er/still/z.txt", "z2\n");
    write(repo, "é ü/名前.txt", "unicode 2\n");
    chmodSync(join(repo, "mode.sh"), 0o755);
    rmSync(join(repo, "gone"), { recursive: true });
    symlinkSync("a.b", join(repo, "link"));
    write(repo, "new top.txt", "new\n");
    git(repo, "add", "--all");
    const staged = readFileSync(join(repo, ".git", "index"));
    const idx = parseIndex(staged, format);
    expect(idx?.cacheTree).not.toBeNull();
    // Untouched directories stay valid in the cache-tree: the writer skips them by their entry count.
    expect(staged.includes(Buffer.from("keep\u00001 0\n", "latin1"))).toBe(true);
    const ours = await writeIndexTree(new Git(repo), idx as NonNullable<typeof idx>);
    // git's own answer, from the same index.
    const theirs = git(repo, "write-tree");
    expect(ours).toBe(theirs);
    // Every tree ours names is in the store and sound.
    git(repo, "fsck", "--no-dangling", "--strict", theirs);
    expect(git(repo, "ls-tree", "-r", "--name-only", theirs).split("\n")).toContain("a/new/deeper.txt");
  });

  it("leaves an index without a cache-tree to git", async () => {
    const repo = tempDir("agent-flow-tree-");
    git(repo, "init", "--quiet");
    write(repo, "a.txt", "a\n");
    git(repo, "add", "--all"); // no write-tree yet: no cache-tree extension
    const idx = parseIndex(readFileSync(join(repo, ".git", "index")), "sha1");
    expect(idx).not.toBeNull();
    expect(await writeIndexTree(new Git(repo), idx as NonNullable<typeof idx>)).toBeNull();
  });

  it("does not trust a cache-tree whose entry count disagrees with the entries", async () => {
    const repo = tempDir("agent-flow-tree-");
    git(repo, "init", "--quiet");
    for (const [p, t] of Object.entries(BASE)) write(repo, p, t);
    age(repo);
    git(repo, "add", "--all");
    git(repo, "write-tree");
    write(repo, "a/x.txt", "changed\n"); // the root is rebuilt; `keep/` is skipped by its count
    git(repo, "add", "--all");
    const staged = readFileSync(join(repo, ".git", "index"));
    const idx = parseIndex(staged, "sha1");
    expect(await writeIndexTree(new Git(repo), idx as NonNullable<typeof idx>)).toBe(git(repo, "write-tree"));
    // `keep` covers 1 entry; say 2 (same length, so the file stays readable).
    const at = staged.indexOf(Buffer.from("keep\u00001 0\n", "latin1"));
    expect(at).toBeGreaterThan(0);
    staged.write("2", at + 5, "latin1");
    const forged = parseIndex(staged, "sha1");
    expect(forged?.cacheTree).not.toBeNull();
    expect(await writeIndexTree(new Git(repo), forged as NonNullable<typeof forged>)).toBeNull();
  });

  it("refuses a list with a path twice, or a file and a folder at the same place (combine's input)", async () => {
    const repo = tempDir("agent-flow-tree-");
    git(repo, "init", "--quiet");
    const blob = Buffer.from(git(repo, "hash-object", "-w", "--stdin"), "hex");
    const g = new Git(repo);
    const list = (paths: string[]) =>
      entriesFromPaths(
        paths,
        paths.map(() => 0o100644),
        () => blob,
      );
    // Sorted by bytes, as an index is: "out.txt" comes between the file "out" and the folder "out/".
    for (const [paths, clash] of [
      [["a", "out", "out.txt", "out/x"], "out"],
      [["a", "d/e", "d/e", "z"], "d/e"],
      [["d/e/f", "d/e/f/g"], "d/e/f"],
    ] as const) {
      const err = await writeEntriesTree(g, list([...paths]), null).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TreeEntryClash);
      expect((err as TreeEntryClash).path).toBe(clash);
    }
    // The same entries without the clash make a tree.
    const ok = await writeEntriesTree(g, list(["a", "out.txt", "out/x"]), null);
    expect(git(repo, "ls-tree", "-r", "--name-only", ok as string).split("\n")).toEqual([
      "a",
      "out.txt",
      "out/x",
    ]);
  });
});
