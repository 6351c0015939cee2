import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { commitParentsAndBody, trailerValues, treeEntries } from "../../src/engine/git-objects.js";
import {
  branchTipsWithTrailer,
  checkedOutBranches,
  currentBranch,
  deleteRefs,
  deleteRefsAt,
  deleteRemoteBranch,
  isValidBranchName,
  pushWithLease,
  refsUnder,
  refValue,
  refValuesUnder,
  remoteBranchTip,
  remoteUrl,
  worktreeHolding,
} from "../../src/engine/git-ops.js";
import {
  BRANCH_RECORD_FILE,
  type BranchRecord,
  parseBranchRecord,
  readBranchRecord,
  writeBranchRecord,
} from "../../src/run/branch-record.js";
import { tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

// One repository with a bare remote, shared by every case: each case uses its own branch names.
let repo: string;
let g: Git;
let first: string;
let second: string;

beforeAll(() => {
  repo = makeRepo({ "a.txt": "a\n" });
  const remote = tempDir("agent-flow-remote-");
  git(remote, "init", "--quiet", "--bare");
  git(repo, "remote", "add", "origin", remote);
  first = git(repo, "rev-parse", "HEAD");
  writeFileSync(join(repo, "b.txt"), "bbbb\n");
  git(repo, "add", "b.txt");
  git(repo, "commit", "--quiet", "-m", "second\n\nRun-Id: 20260101-000000-abcdef12");
  second = git(repo, "rev-parse", "HEAD");
  g = new Git(repo);
});

describe("git by intent (git-ops.ts, git-objects.ts)", () => {
  it("pushes with a lease: creates, refuses a moved branch as stale, then updates from what it saw", async () => {
    expect(await remoteBranchTip(g, "origin", "lease")).toEqual({ reachable: true, sha: null });
    expect(await pushWithLease(g, "origin", "lease", first, "")).toEqual({ ok: true });
    expect(await remoteBranchTip(g, "origin", "lease")).toEqual({ reachable: true, sha: first });
    // Someone else moved it: a push that expected "absent" must not overwrite it.
    const refused = await pushWithLease(g, "origin", "lease", second, "");
    expect(refused).toMatchObject({ ok: false, stale: true });
    expect(await remoteBranchTip(g, "origin", "lease")).toEqual({ reachable: true, sha: first });
    expect(await pushWithLease(g, "origin", "lease", second, first)).toEqual({ ok: true });
    expect(await remoteBranchTip(g, "origin", "lease")).toEqual({ reachable: true, sha: second });
  });

  it("deletes a remote branch only at the expected tip", async () => {
    await pushWithLease(g, "origin", "gone", second, "");
    expect(await deleteRemoteBranch(g, "origin", "gone", first)).toMatchObject({ ok: false, stale: true });
    expect((await remoteBranchTip(g, "origin", "gone")).reachable).toBe(true);
    expect(await deleteRemoteBranch(g, "origin", "gone", second)).toEqual({ ok: true });
    expect(await remoteBranchTip(g, "origin", "gone")).toEqual({ reachable: true, sha: null });
  });

  it("says when the remote cannot be reached, without the URL's userinfo", async () => {
    git(repo, "remote", "add", "nowhere", "https://user:secret-token@127.0.0.1:9/none.git");
    const tip = await remoteBranchTip(g, "nowhere", "x");
    expect(tip.reachable).toBe(false);
    expect(JSON.stringify(tip)).not.toContain("secret-token");
    expect(await remoteUrl(g, "nowhere")).toContain("127.0.0.1:9");
    expect(await remoteUrl(g, "absent")).toBeUndefined();
  });

  it("finds the worktree holding a branch, and the current branch (none when detached)", async () => {
    const wt = join(tempDir("agent-flow-wt-"), "held");
    git(repo, "worktree", "add", "--quiet", "-b", "held", wt, first);
    expect(await worktreeHolding(g, "held")).toBe(wt);
    expect(await worktreeHolding(g, "nobody")).toBeUndefined();
    expect((await checkedOutBranches(g)).get("main")).toBe(repo);
    expect(await currentBranch(g)).toBe("main");
    git(wt, "checkout", "--quiet", "--detach");
    expect(await currentBranch(new Git(wt))).toBeUndefined();
    git(repo, "worktree", "remove", "--force", wt);
  });

  it("checks branch names and deletes a run's private refs together", async () => {
    expect(await isValidBranchName(g, "feature/x")).toBe(true);
    expect(await isValidBranchName(g, "bad..name")).toBe(false);
    git(repo, "update-ref", "refs/agent-flow/r1/a", first);
    git(repo, "update-ref", "refs/agent-flow/r1/b", second);
    git(repo, "update-ref", "refs/agent-flow/r2/a", first);
    const refs = await refsUnder(g, "refs/agent-flow/r1/");
    expect(refs).toEqual(["refs/agent-flow/r1/a", "refs/agent-flow/r1/b"]);
    await deleteRefs(g, refs);
    expect(await refsUnder(g, "refs/agent-flow/")).toEqual(["refs/agent-flow/r2/a"]);
  });

  it("lists branch tips with their trailers, and deletes refs only at the values listed", async () => {
    git(repo, "branch", "tips-a", second);
    git(repo, "branch", "tips-b", first);
    const tips = await branchTipsWithTrailer(g, "Run-Id");
    expect(tips.get("tips-a")).toEqual({ sha: second, trailers: ["20260101-000000-abcdef12"] });
    expect(tips.get("tips-b")).toEqual({ sha: first, trailers: [] });
    git(repo, "update-ref", "refs/agent-flow/r3/a", first);
    git(repo, "update-ref", "refs/agent-flow/r3/b", second);
    const listed = await refValuesUnder(g, "refs/agent-flow/r3/");
    expect(listed).toEqual([
      { ref: "refs/agent-flow/r3/a", sha: first },
      { ref: "refs/agent-flow/r3/b", sha: second },
    ]);
    // One moved since it was listed: neither goes.
    git(repo, "update-ref", "refs/agent-flow/r3/b", first);
    await expect(deleteRefsAt(g, listed)).rejects.toThrow();
    expect(await refsUnder(g, "refs/agent-flow/r3/")).toHaveLength(2);
    await deleteRefsAt(g, await refValuesUnder(g, "refs/agent-flow/r3/"));
    expect(await refsUnder(g, "refs/agent-flow/r3/")).toEqual([]);
    expect(await refValue(g, "refs/agent-flow/r3/a")).toBeNull();
  });

  it("reads trailers, parents and tree entries with sizes", async () => {
    expect(await trailerValues(g, second, "Run-Id")).toContain("20260101-000000-abcdef12");
    expect(await trailerValues(g, "0".repeat(40), "Run-Id")).toBeUndefined();
    expect(await commitParentsAndBody(g, second)).toMatchObject({ parents: first });
    const entries = await treeEntries(g, second, ["b.txt", "a.txt"], { recursive: true, sizes: true });
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ["a.txt", 2],
      ["b.txt", 5],
    ]);
  });
});

describe("the branch record (branch_info.json)", () => {
  const record: BranchRecord = {
    run_id: "20260101-000000-abcdef12",
    branch: "feature/x-20260101-000000-abcdef12",
    base_branch: "main",
    base_sha: "a".repeat(40),
    head_sha: "b".repeat(40),
    remote: "origin",
    remote_url: "https://github.com/o/r.git",
    pushed_sha: "b".repeat(40),
    pushing_sha: null,
    pushed_at: "2026-01-01T00:00:00.000Z",
    pr_number: 7,
    pr_url: "https://github.com/o/r/pull/7",
  };

  it("reads back what publish writes, field for field", async () => {
    const dir = tempDir("agent-flow-record-");
    expect(await readBranchRecord(dir)).toBeUndefined();
    await writeBranchRecord(dir, record);
    expect(await readBranchRecord(dir)).toEqual(record);
  });

  it("reads a malformed field as null, never as a value of another shape", async () => {
    const dir = tempDir("agent-flow-record-");
    const forged = { ...record, branch: 42, remote: "", pushed_sha: "HEAD", pr_number: "7", base_sha: ["x"] };
    writeFileSync(join(dir, BRANCH_RECORD_FILE), JSON.stringify(forged));
    expect(await readBranchRecord(dir)).toEqual({
      ...record,
      branch: null,
      remote: null,
      pushed_sha: null,
      pr_number: null,
      base_sha: null,
    });
    expect(parseBranchRecord("not an object").branch).toBeNull();
    writeFileSync(join(dir, BRANCH_RECORD_FILE), "{ not json");
    expect(await readBranchRecord(dir)).toBeUndefined();
  });
});
