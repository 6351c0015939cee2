// The shortcuts that keep the engine's cost per step low (issue 12) must not change what it sees or
// writes: blobs written without git, working-file readings shared between fingerprints, git by absolute
// path. Real repositories and real git; no timings.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUnchanged, take, takeBefore } from "../../src/engine/fingerprint.js";
import { diff, TamperDetected } from "../../src/engine/fingerprint-changes.js";
import { Git } from "../../src/engine/git.js";
import { gitProgram } from "../../src/engine/git-locate.js";
import { indexChanges } from "../../src/engine/index-file.js";
import { gitDate, writeBlob, writeCommit } from "../../src/engine/loose-object.js";
import { tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

describe("writeBlob", () => {
  it("writes past temporary names that a dead process with the same pid left behind", async () => {
    const repo = tempDir("agent-flow-blob-");
    try {
      git(repo, "init", "--quiet");
      const text = "left behind\n";
      writeFileSync(join(repo, "same.txt"), text);
      const id = git(repo, "hash-object", "same.txt");
      const dir = join(repo, ".git/objects", id.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      for (let n = 1; n <= 20; n++)
        writeFileSync(join(dir, `tmp_obj_agent-flow_${process.pid}_${n}`), "stale");
      expect(await writeBlob(new Git(repo), text)).toBe(id);
      expect(`${git(repo, "cat-file", "blob", id)}\n`).toBe(text);
      expect(readFileSync(join(dir, `tmp_obj_agent-flow_${process.pid}_1`), "utf8")).toBe("stale");
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it.each(["sha1", "sha256"])("writes the blob git would write (%s)", async (format) => {
    const repo = tempDir("agent-flow-blob-");
    git(repo, "init", "--quiet", `--object-format=${format}`);
    const text = `${JSON.stringify({ state: "x", n: 1, unicode: "é✓" })}\n`;
    const id = await writeBlob(new Git(repo), text);
    writeFileSync(join(repo, "same.json"), text);
    expect(id).toBe(git(repo, "hash-object", "same.json"));
    expect(git(repo, "cat-file", "-t", id)).toBe("blob");
    expect(`${git(repo, "cat-file", "blob", id)}\n`).toBe(text);
    // Written again: the object is already there, same id, store still sound.
    expect(await writeBlob(new Git(repo), text)).toBe(id);
    git(repo, "fsck", "--no-dangling");
  });
});

describe("writeCommit", () => {
  it.each(["sha1", "sha256"])("writes the commit git commit-tree would write (%s)", async (format) => {
    const repo = tempDir("agent-flow-commit-");
    git(repo, "init", "--quiet", `--object-format=${format}`);
    writeFileSync(join(repo, "a.txt"), "a\n");
    git(repo, "add", "a.txt");
    const tree = git(repo, "write-tree");
    const at = new Date(1_700_000_000_123);
    const who = { name: "agent-flow", email: "agent-flow@localhost" };
    const message = "agent-flow: a in w/a#1\n\nRun-Id: r\n";
    const date = gitDate(at);
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
    const byGit = (args: string[], text = message): string =>
      execFileSync("git", ["-c", "commit.gpgsign=false", "commit-tree", ...args], {
        cwd: repo,
        env,
        input: text,
        encoding: "utf8",
      }).trim();
    const first = await writeCommit(new Git(repo), tree, [], who, message, at);
    expect(first).toBe(byGit([tree]));
    const other = byGit([tree], "other\n");
    const merge = await writeCommit(new Git(repo), tree, [first, other], who, message, at);
    expect(merge).toBe(byGit([tree, "-p", first, "-p", other]));
    expect(git(repo, "log", "--format=%an <%ae> %at%n%B", "-1", merge)).toBe(
      `agent-flow <agent-flow@localhost> 1700000000\n${message.trim()}`,
    );
    git(repo, "fsck", "--no-dangling");
    await expect(writeCommit(new Git(repo), "HEAD", [], who, message)).rejects.toThrow(/not an object id/);
  });
});

describe("changes read from two index files", () => {
  it.each([
    ["sha1", "2"],
    ["sha1", "4"],
    ["sha256", "3"],
  ])("are what git diff-tree -r prints between the two trees (%s, index version %s)", (format, version) => {
    const repo = tempDir("agent-flow-index-");
    git(repo, "init", "--quiet", `--object-format=${format}`);
    const files: Record<string, string> = {
      "a.txt": "a\n",
      "to-dir": "file\n",
      "dir-to-file/x": "x\n",
      "dir-to-file/y": "y\n",
      "deep/er/still/z.txt": "z\n",
      "deep/er/keep.txt": "k\n",
      "é ü/名前.txt": "unicode\n",
      "mode.sh": "echo\n",
      "gone.txt": "bye\n",
    };
    for (const [p, t] of Object.entries(files)) {
      mkdirSync(join(repo, p, ".."), { recursive: true });
      writeFileSync(join(repo, p), t);
    }
    git(repo, "add", "--all");
    git(repo, "update-index", "--index-version", version);
    const baseTree = git(repo, "write-tree");
    const before = readFileSync(join(repo, ".git", "index"));
    writeFileSync(join(repo, "a.txt"), "changed\n");
    rmSync(join(repo, "to-dir"));
    mkdirSync(join(repo, "to-dir"));
    writeFileSync(join(repo, "to-dir", "inner.txt"), "in\n");
    rmSync(join(repo, "dir-to-file"), { recursive: true });
    writeFileSync(join(repo, "dir-to-file"), "now a file\n");
    writeFileSync(join(repo, "deep/er/still/z.txt"), "z2\n");
    writeFileSync(join(repo, "é ü/名前.txt"), "unicode 2\n");
    chmodSync(join(repo, "mode.sh"), 0o755);
    rmSync(join(repo, "gone.txt"));
    symlinkSync("a.txt", join(repo, "link"));
    writeFileSync(join(repo, "new file.txt"), "new\n");
    git(repo, "add", "--all");
    const tree = git(repo, "write-tree");
    const after = readFileSync(join(repo, ".git", "index"));
    const raw = execFileSync("git", ["diff-tree", "-r", "-z", "--raw", "--no-renames", baseTree, tree], {
      cwd: repo,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    const expected: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const [oldMode, mode, , oid] = (raw[i] as string).slice(1).split(" ");
      expected.push(`${oldMode} ${mode} ${oid} ${raw[i + 1]}`);
    }
    const got = indexChanges(before, after, format, tree)?.map(
      (c) => `${c.oldMode} ${c.mode} ${c.oid} ${c.path}`,
    );
    expect(expected.length).toBe(12);
    expect(got).toEqual(expected);
    // An index that is not the one the tree was written from: git is asked instead.
    expect(indexChanges(before, after, format, baseTree)).toBeNull();
    // An index this reader does not handle (here: split) is said so, for git to be asked instead.
    copyFileSync(join(repo, ".git", "index"), join(repo, "plain.index"));
    git(repo, "update-index", "--split-index");
    expect(indexChanges(before, readFileSync(join(repo, ".git", "index")), format, tree)).toBeNull();
    expect(indexChanges(before, Buffer.from("DIRC"), format, tree)).toBeNull();
    expect(indexChanges(null, after, format, tree)).toBeNull();
  });
});

describe("ref transactions through one long-lived git update-ref", () => {
  it("applies transactions in order, reports git's refusal, and goes on after it", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    const head = git(repo, "rev-parse", "HEAD");
    const tree = git(repo, "rev-parse", "HEAD^{tree}");
    const g = new Git(repo);
    // Several at once, as a parallel group saves them: each one lands, in the order asked.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => g.updateRefs([["refs/agent-flow/t/last", i === 5 ? tree : head]])),
    );
    expect(git(repo, "rev-parse", "refs/agent-flow/t/last")).toBe(tree);
    // All or nothing: a bad ref name fails the whole transaction with git's message.
    await expect(
      g.updateRefs([
        ["refs/agent-flow/t/one", head],
        ["refs/agent-flow/t/bad..name", head],
      ]),
    ).rejects.toThrow(/update-ref --stdin failed: .*bad\.\.name/s);
    expect(() => git(repo, "rev-parse", "--verify", "--quiet", "refs/agent-flow/t/one")).toThrow();
    // A new process takes over after the failure.
    await new Git(repo).updateRefs([
      ["refs/agent-flow/t/one", head],
      ["refs/agent-flow/t/two", head],
    ]);
    expect(git(repo, "for-each-ref", "--format=%(refname)", "refs/agent-flow/t/")).toBe(
      "refs/agent-flow/t/last\nrefs/agent-flow/t/one\nrefs/agent-flow/t/two",
    );
  });
});

describe("fingerprints sharing working-file readings", () => {
  it("a change made between two agents is still reported, by the next comparison", async () => {
    const repo = makeRepo({ "src/a.txt": "a\n" });
    const g = new Git(repo);
    const first = await takeBefore(g, repo);
    await expectUnchanged(g, first, "agent one");
    // Between the two agents (after agent one's last reading, before agent two's first one).
    writeFileSync(join(repo, "src/a.txt"), "tampered\n");
    const second = await takeBefore(g, repo);
    await expect(expectUnchanged(g, second, "agent two")).rejects.toThrow(TamperDetected);
    await expect(expectUnchanged(g, second, "agent two")).rejects.toThrow(
      /changed: working file src\/a\.txt/,
    );
  });

  it("a reading asked for after a change sees it, even while an earlier reading is still running", async () => {
    const repo = makeRepo({ "src/a.txt": "a\n" });
    const g = new Git(repo);
    const before = await take(g, repo);
    const early = take(g, repo); // in flight
    writeFileSync(join(repo, "untracked.txt"), "new\n");
    chmodSync(join(repo, "src/a.txt"), 0o755);
    const late = take(g, repo);
    const [, after] = await Promise.all([early, late]);
    expect(diff(before, after).map((c) => `${c.how} ${c.what}`)).toEqual([
      "changed file:src/a.txt",
      "added file:untracked.txt",
    ]);
  });

  it("readings before agents asked for at once are one, and a change after it is reported to each", async () => {
    const repo = makeRepo({ "src/a.txt": "a\n" });
    const g = new Git(repo);
    // A parallel group's members ask while the first one's reading is under way: one reading.
    const [one, two, three] = await Promise.all([
      takeBefore(g, repo),
      takeBefore(g, repo),
      takeBefore(g, repo),
    ]);
    expect(two).toBe(one);
    expect(three).toBe(one);
    // Once it is done, the next caller gets a reading of its own (its metadata and refs read anew).
    const later = await takeBefore(g, repo);
    expect(later).not.toBe(one);
    writeFileSync(join(repo, ".git", "config"), "[core]\n\tfsmonitor = true\n", { flag: "a" });
    for (const [who, before] of [
      ["two", two],
      ["later", later],
    ] as const)
      await expect(expectUnchanged(g, before, `agent ${who}`)).rejects.toThrow(/changed: \.git\/config/);
  });

  it("does not carry readings from one run (engine Git) to the next", async () => {
    const repo = makeRepo({ "src/a.txt": "a\n" });
    await take(new Git(repo), repo);
    // The user works between two runs: not a change during the next run.
    writeFileSync(join(repo, "wip.txt"), "mine\n");
    const g = new Git(repo);
    const before = await takeBefore(g, repo);
    await expectUnchanged(g, before, "an agent");
    expect(before.entries.get("file:wip.txt")).toMatch(/^untracked /);
  });
});

describe("gitProgram", () => {
  it("finds git by absolute path, skipping relative PATH entries and directories named git", () => {
    const dir = tempDir("agent-flow-path-");
    mkdirSync(join(dir, "a", "git"), { recursive: true }); // a directory, not a program
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "b", "git"), "#!/bin/sh\n");
    chmodSync(join(dir, "b", "git"), 0o755);
    expect(gitProgram(`.:relative:${join(dir, "a")}:${join(dir, "b")}`)).toBe(join(dir, "b", "git"));
    expect(gitProgram(`${join(dir, "a")}`)).toBe("git");
  });
});
