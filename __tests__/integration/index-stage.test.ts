// The engine's own `git add` (index-stage.ts) against git's: the same entries, stat data and trees on
// real repositories, an index git reads as its own, and git left to do what the engine does not
// (attributes, conversion config, special names).
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { scanWorkTree } from "../../src/engine/git-worktree-ops.js";
import { diffIndexes, parseIndex } from "../../src/engine/index-file.js";
import { type EngineStaged, stageByEngine, stagingConfig } from "../../src/engine/index-stage.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { tempDir } from "../helpers/cli.js";
import { CountingGit } from "../helpers/counting-git.js";
import { git, makeRepo } from "../helpers/repo.js";

const FILES = {
  "a.txt": "alpha\n",
  "b.txt": "bravo\n",
  "src/one.txt": "one\n",
  "src/deep/two.txt": "two\n",
  "src/deep/three.txt": "three\n",
  "z/keep.txt": "keep\n",
};

/** `git` with GIT_INDEX_FILE=index. */
const withIndex = (repo: string, index: string, ...args: string[]): string => {
  const r = spawnSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_INDEX_FILE: index },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

describe("stageByEngine", () => {
  let repo: string;
  let scratch: string;
  let g: Git;

  beforeAll(() => {
    repo = makeRepo(FILES);
    symlinkSync("a.txt", join(repo, "link"));
    git(repo, "add", "link");
    git(repo, "commit", "--quiet", "-m", "link");
    scratch = tempDir("agent-flow-stage-");
    g = new Git(repo);
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Two copies of an index of HEAD (with its cache-tree): one for the engine, one for git add. */
  const indexes = (name: string): { mine: string; theirs: string } => {
    const mine = join(scratch, `${name}-engine.index`);
    const theirs = join(scratch, `${name}-git.index`);
    for (const f of [mine, theirs]) {
      withIndex(repo, f, "read-tree", "HEAD");
      withIndex(repo, f, "update-index", "-q", "--refresh"); // stat data, as a checkout leaves it
    }
    return { mine, theirs };
  };

  const stage = async (index: string): Promise<EngineStaged | null> => {
    const paths = (await scanWorkTree(g, index)).changed;
    const before = parseIndex(readFileSync(index), "sha1");
    if (!before) throw new Error("unreadable index");
    return stageByEngine(g, repo, before, paths, await stagingConfig(g), index);
  };

  it("stages changes, additions, deletions, modes and links as git add does, with git's stat data", async () => {
    const { mine, theirs } = indexes("plain");
    writeFileSync(join(repo, "a.txt"), "alpha changed\n");
    rmSync(join(repo, "b.txt"));
    chmodSync(join(repo, "src/one.txt"), 0o755);
    rmSync(join(repo, "src/deep"), { recursive: true });
    mkdirSync(join(repo, "src/new dir"));
    writeFileSync(join(repo, "src/new dir/n.txt"), "new\n");
    writeFileSync(join(repo, "y.txt"), "why\n");
    unlinkSync(join(repo, "link"));
    symlinkSync("src/one.txt", join(repo, "link"));
    symlinkSync("nowhere", join(repo, "dangling"));
    try {
      const paths = (await scanWorkTree(g, mine)).changed;
      const before = parseIndex(readFileSync(mine), "sha1");
      const staged = await stage(mine);
      expect(staged).not.toBeNull();
      // The changes it reports are what comparing the two indexes gives.
      const after = parseIndex(readFileSync(mine), "sha1");
      expect(before && after && staged?.changes).toEqual(before && after && diffIndexes(before, after));
      // Its view of the new index is what reading the file gives.
      expect(staged?.view).toEqual(after);
      expect(staged?.changes.map((c) => c.path)).toEqual([
        "a.txt",
        "b.txt",
        "dangling",
        "link",
        "src/deep/three.txt",
        "src/deep/two.txt",
        "src/new dir/n.txt",
        "src/one.txt",
        "y.txt",
      ]);
      // What the snapshot ran before: git add of the listed paths.
      const r = spawnSync("git", ["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], {
        cwd: repo,
        input: `${paths.join("\0")}\0`,
        env: { ...process.env, GIT_INDEX_FILE: theirs },
      });
      expect(r.status).toBe(0);
      // Byte for byte the index git writes (entries, stat data, cache-tree, checksum).
      expect(readFileSync(mine).equals(readFileSync(theirs))).toBe(true);
      // The same entries with the same stat data, and the same tree.
      expect(withIndex(repo, mine, "ls-files", "--stage", "--debug")).toBe(
        withIndex(repo, theirs, "ls-files", "--stage", "--debug"),
      );
      expect(withIndex(repo, mine, "write-tree")).toBe(withIndex(repo, theirs, "write-tree"));
      // git reads it as its own: the files match the index, the changes are staged.
      expect(withIndex(repo, mine, "diff-files", "--name-only")).toBe("");
      expect(withIndex(repo, mine, "status", "--porcelain")).toBe(
        withIndex(repo, theirs, "status", "--porcelain"),
      );
    } finally {
      git(repo, "reset", "--quiet", "--hard");
      git(repo, "clean", "-fdq");
    }
  });

  it("invalidates the cache-tree along the staged paths only: git writes the same trees from it", async () => {
    const { mine } = indexes("tree");
    writeFileSync(join(repo, "src/deep/two.txt"), "two changed\n");
    try {
      const staged = await stage(mine);
      const idx = staged && parseIndex(staged.buf, "sha1");
      expect(idx?.rootTree).toBeNull(); // the root is on the way to the change
      expect(idx?.cacheTree).not.toBeNull();
      expect(staged?.view).toEqual(idx); // with the cache-tree where it is in the file
      const valid = withIndex(repo, mine, "ls-files", "--stage");
      expect(valid).toContain("src/deep/two.txt");
      // write-tree re-uses the valid subtrees (z/) and builds the others: the tree of `add --all`.
      const theirs = join(scratch, "tree-check.index");
      withIndex(repo, theirs, "read-tree", "HEAD");
      withIndex(repo, theirs, "add", "--all");
      expect(withIndex(repo, mine, "write-tree")).toBe(withIndex(repo, theirs, "write-tree"));
    } finally {
      git(repo, "reset", "--quiet", "--hard");
    }
  });

  it("leaves to git an unstaged entry that only its content tells from its file (racy git)", async () => {
    for (const rewrite of [false, true]) {
      const { mine } = indexes(`racy-${rewrite}`);
      // The index written in the second z/keep.txt was: git must read the file to trust the entry.
      const st = statSync(join(repo, "z/keep.txt"));
      utimesSync(mine, st.atime, st.mtime);
      if (rewrite) {
        writeFileSync(join(repo, "z/keep.txt"), "KEEP\n"); // same size
        utimesSync(join(repo, "z/keep.txt"), st.atime, st.mtime);
      }
      writeFileSync(join(repo, "a.txt"), "alpha changed\n");
      try {
        const before = parseIndex(readFileSync(mine), "sha1");
        if (!before) throw new Error("unreadable index");
        const staged = await stageByEngine(g, repo, before, ["a.txt"], await stagingConfig(g), mine);
        if (rewrite) expect(staged).toBeNull();
        else expect(staged).not.toBeNull();
      } finally {
        git(repo, "reset", "--quiet", "--hard");
      }
    }
  });

  it("leaves to git what git may store otherwise: attributes, core.autocrlf, special names", async () => {
    const cases: [string, () => void, () => void][] = [
      [
        "a .gitattributes on the way",
        () => writeFileSync(join(repo, "src/.gitattributes"), "*.txt text eol=crlf\n"),
        () => rmSync(join(repo, "src/.gitattributes")),
      ],
      [
        "info/attributes",
        () => {
          mkdirSync(join(repo, ".git/info"), { recursive: true });
          writeFileSync(join(repo, ".git/info/attributes"), "* text\n");
        },
        () => rmSync(join(repo, ".git/info/attributes")),
      ],
      [".gitignore changed", () => writeFileSync(join(repo, ".gitignore"), "x\n"), () => undefined],
    ];
    for (const [what, make, undo] of cases) {
      const { mine } = indexes("bail");
      writeFileSync(join(repo, "src/one.txt"), "one\r\nchanged\r\n");
      make();
      try {
        expect(await stage(mine), what).toBeNull();
      } finally {
        undo();
        git(repo, "reset", "--quiet", "--hard");
        git(repo, "clean", "-fdq");
      }
    }
    // Config: asked once per Git, so a new one.
    git(repo, "config", "core.autocrlf", "true");
    try {
      expect((await stagingConfig(new Git(repo))).plain).toBe(false);
    } finally {
      git(repo, "config", "--unset", "core.autocrlf");
    }
  });
});

describe("a snapshot", () => {
  it("runs one git process (the status) for an agent's plain change, and git add for a .gitattributes", async () => {
    const repo = makeRepo(FILES);
    const g = new CountingGit(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-57a9e000");
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, "a.txt"), "changed\n");
      writeFileSync(join(dir, "src/new.txt"), "new\n");
      g.log.length = 0;
      const snap = await ws.snapshot(dir, base);
      expect(g.log).toEqual(["status"]);
      expect(snap.changed).toEqual(["a.txt", "src/new.txt"]);
      expect(git(repo, "cat-file", "-p", `${snap.tree}:src/new.txt`)).toBe("new");
      const commit = await ws.commit(snap.tree, [base], "step\n");
      ws.release(dir);
      await ws.adopt(dir, commit);
      // The adopted index is the engine's: git finds the directory clean against it.
      expect(await ws.acquire(commit)).toBe(dir);
      expect(withIndex(repo, join(`${dir}.index`), "--work-tree", dir, "diff-files", "--name-only")).toBe("");
      writeFileSync(join(dir, ".gitattributes"), "*.txt text\n");
      g.log.length = 0;
      await ws.snapshot(dir, commit);
      expect(g.log).toContain("add");
      ws.release(dir);
    } finally {
      await ws.dispose();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
