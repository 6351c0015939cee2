// What a run starts ahead while its flow file is read (issue 12: run start): the long-lived
// `git update-ref --stdin` its first files and saves go through.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { startRefWriter } from "../../src/engine/ref-writer.js";
import { git, makeRepo } from "../helpers/repo.js";

/** This process's children running `git ... update-ref --stdin` on `repo`. */
function refWriters(repo: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (argv.includes("update-ref") && argv.includes("--stdin") && argv.some((a) => a.includes(repo)))
        found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe("the run's ref writer, started ahead", () => {
  it("runs before the first transaction, which then goes through it; starting it writes nothing", async () => {
    const repo = makeRepo({ "a.txt": "a\n" });
    try {
      const head = git(repo, "rev-parse", "HEAD");
      const refsBefore = git(repo, "for-each-ref", "--format=%(refname) %(objectname)");
      expect(refWriters(repo)).toEqual([]);
      await startRefWriter(new Git(repo));
      const started = refWriters(repo);
      expect(started).toHaveLength(1);
      expect(git(repo, "for-each-ref", "--format=%(refname) %(objectname)")).toBe(refsBefore);
      // Started twice (a second run in the process): still the one process.
      await startRefWriter(new Git(repo));
      await new Git(repo).updateRefs([["refs/agent-flow/t/head", head]]);
      expect(git(repo, "rev-parse", "refs/agent-flow/t/head")).toBe(head);
      expect(refWriters(repo)).toEqual(started);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("outside a repository, resolves without a process (the run reports what is wrong)", async () => {
    const dir = makeRepo({ "a.txt": "a\n" });
    rmSync(join(dir, ".git"), { recursive: true, force: true });
    try {
      await expect(startRefWriter(new Git(dir))).resolves.toBeUndefined();
      expect(refWriters(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
