// The shortcuts that keep the engine's cost per step low (issue 12) must not change what it sees or
// writes: blobs written without git, working-file readings shared between fingerprints, git by absolute
// path. Real repositories and real git; no timings.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diff, expectUnchanged, TamperDetected, take, takeBefore } from "../../src/engine/fingerprint.js";
import { Git, gitProgram } from "../../src/engine/git.js";
import { writeBlob } from "../../src/engine/loose-object.js";
import { tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

describe("writeBlob", () => {
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
