// One `git status` walk of an agent's directory (scanWorkTree()) stands for two: `ls-files --modified
// --deleted --others` (the changed paths) and `ls-files --others --ignored --directory` (the ignored
// entries whose digest says whether an agent touched them). Checked here against those two commands
// on real repositories, and through RunWorkspace: an agent that leaves the ignored files alone costs
// the next acquire() no git process; one that touches them gets them wiped.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { ignoredEntries, scanWorkTree } from "../../src/engine/git-worktree-ops.js";
import { digestOf, ignoredDigest } from "../../src/engine/ignored-files.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { tempDir } from "../helpers/cli.js";
import { CountingGit } from "../helpers/counting-git.js";
import { git, makeRepo } from "../helpers/repo.js";

const touch = (root: string, path: string, text = "x\n"): void => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};

const lsFiles = (repo: string, ...args: string[]): string[] => {
  const r = spawnSync("git", ["ls-files", "-z", ...args], { cwd: repo, encoding: "utf8" });
  return [...new Set(r.stdout.split("\0").filter(Boolean))].sort();
};

describe("scanWorkTree", () => {
  let repo: string;
  let g: Git;
  let index: string;

  beforeAll(() => {
    repo = makeRepo({
      ".gitignore": "docs/status/\nnode_modules/\n*.log\nbuild\n/rootonly\n",
      "a.txt": "a\n",
      "docs/README.md": "docs\n",
      "b.txt": "b\n",
      "c.txt": "c\n",
      "tracked/t.txt": "t\n",
      "tracked/staged.txt": "s\n",
    });
    g = new Git(repo);
    index = join(repo, ".git", "index");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("lists what ls-files lists as changed, and the ignored entries, not what only HEAD and the index disagree on", async () => {
    // staged and identical in the work tree: HEAD and the index differ, the files do not
    writeFileSync(join(repo, "tracked/staged.txt"), "staged\n");
    git(repo, "add", "tracked/staged.txt");
    writeFileSync(join(repo, "a.txt"), "changed\n");
    rmSync(join(repo, "b.txt"));
    rmSync(join(repo, "c.txt"));
    symlinkSync("a.txt", join(repo, "c.txt")); // a file that became a link
    touch(repo, "new dir/with space.txt");
    touch(repo, "line\nbreak.txt");
    touch(repo, "tracked/x.log");
    touch(repo, "tracked/rootonly"); // /rootonly ignores the top one only
    touch(repo, "rootonly");
    touch(repo, "node_modules/.bin/vitest");
    touch(repo, "tracked/node_modules/m.js");
    touch(repo, "untracked/u.txt");
    touch(repo, "untracked/v.log");
    touch(repo, "build/out/o.js");
    touch(repo, "docs/status/s.json");
    mkdirSync(join(repo, "nested"));
    git(join(repo, "nested"), "init", "--quiet");
    touch(repo, "nested/f.txt");

    const scan = await scanWorkTree(g, index);
    expect([...new Set(scan.changed)].sort()).toEqual(
      lsFiles(repo, "--modified", "--deleted", "--others", "--exclude-standard"),
    );
    expect(scan.changed).not.toContain("tracked/staged.txt");
    expect(scan.changed).toContain("line\nbreak.txt");
    expect(scan.changed).toContain("nested/");
    expect([...scan.ignored].sort()).toEqual([
      "build/",
      "docs/status/",
      "node_modules/",
      "rootonly",
      "tracked/node_modules/",
      "tracked/x.log",
      "untracked/v.log",
    ]);
    // The same entries as ls-files lists them: the same digest.
    expect([...scan.ignored].sort()).toEqual(
      lsFiles(repo, "--others", "--ignored", "--exclude-standard", "--directory"),
    );
    expect(await digestOf(repo, scan.ignored)).toBe(await ignoredDigest(g, repo, { GIT_INDEX_FILE: index }));
  });

  it("gives another digest where the two listings differ (a folder of ignored files only): the next acquire() looks again", async () => {
    touch(repo, "logs-only/1.log");
    touch(repo, "logs-only/2.log");
    const scan = await scanWorkTree(g, index);
    expect(scan.ignored).toContain("logs-only/1.log");
    expect(await ignoredEntries(g, { GIT_INDEX_FILE: index })).toContain("logs-only/");
    expect(await digestOf(repo, scan.ignored)).not.toBe(
      await ignoredDigest(g, repo, { GIT_INDEX_FILE: index }),
    );
  });
});

describe("scanWorkTree in a directory holding a submodule", () => {
  it("starts no git process inside it (its config is the agent's): only its commit counts", async () => {
    const root = tempDir("agent-flow-scan-sub-");
    try {
      const sub = join(root, "sub");
      const top = join(root, "top");
      for (const d of [sub, top]) {
        mkdirSync(d);
        git(d, "init", "--quiet", "--initial-branch=main");
        git(d, "config", "user.name", "t");
        git(d, "config", "user.email", "t@example.com");
      }
      touch(sub, "f.txt");
      git(sub, "add", "f.txt");
      git(sub, "commit", "--quiet", "-m", "sub");
      git(top, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", sub, "sub");
      git(top, "commit", "--quiet", "-m", "top");
      // What an agent can do in its directory: a hook for the submodule's git, and dirty files there.
      const marker = join(root, "ran");
      const hook = join(root, "fsmonitor.sh");
      writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
      git(join(top, "sub"), "config", "core.fsmonitor", hook);
      touch(top, "sub/f.txt", "dirty\n");
      touch(top, "sub/new.txt");
      const g = new Git(top);
      const index = join(top, ".git", "index");
      expect((await scanWorkTree(g, index)).changed).toEqual([]);
      expect(existsSync(marker)).toBe(false);
      // A new commit checked out in the submodule is a change of the directory.
      git(join(top, "sub"), "-c", "core.fsmonitor=false", "add", "-A");
      git(join(top, "sub"), "-c", "core.fsmonitor=false", "commit", "--quiet", "-m", "moved");
      expect((await scanWorkTree(g, index)).changed).toEqual(["sub"]);
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("an agent's ignored files, seen by the snapshot's walk", () => {
  it("left alone: the next acquire() looks at them with no git process; changed: it wipes them", async () => {
    const repo = makeRepo({ ".gitignore": "docs/status/\nnode_modules/\n", "a.txt": "a\n" });
    const g = new CountingGit(repo);
    const base = (await g.revParse("HEAD")) as string;
    const ws = await RunWorkspace.open(g, "20250101-000000-5ca45ca4");
    try {
      // A check installs dependencies: trusted.
      const dir = await ws.acquire(base, "check");
      touch(dir, "node_modules/.bin/vitest", "real\n");
      ws.release(dir);

      let head = base;
      for (const [i, change] of ["none", "touches node_modules"].entries()) {
        g.log.length = 0;
        expect(await ws.acquire(head)).toBe(dir);
        // After the first agent, acquire() trusts the snapshot's look: no git process at all.
        if (i === 1) expect(g.log).toEqual([]);
        touch(dir, `out-${i}.txt`);
        if (change !== "none") touch(dir, "node_modules/.bin/vitest", "planted\n");
        g.log.length = 0;
        const snap = await ws.snapshot(dir, head);
        expect(g.log.filter((c) => c !== "add")).toEqual(["status"]);
        expect(snap.changed).toEqual([`out-${i}.txt`]);
        head = await ws.commit(snap.tree, [head], `step ${i}\n`);
        ws.release(dir);
        await ws.adopt(dir, head);
      }
      // After the second agent: acquire() looks again and wipes what the agent planted.
      g.log.length = 0;
      expect(await ws.acquire(head)).toBe(dir);
      expect(g.log).toContain("ls-files");
      expect(existsSync(join(dir, "node_modules/.bin/vitest"))).toBe(false);
      ws.release(dir);
    } finally {
      await ws.dispose();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
