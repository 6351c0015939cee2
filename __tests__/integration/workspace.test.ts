import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { POOL_KEEP, WIDTH_FRESH_MS } from "../../src/engine/worktree-pool.js";
import { tempDir } from "../helpers/cli.js";
import { CountingGit } from "../helpers/counting-git.js";
import { git, makeRepo } from "../helpers/repo.js";

const FILES = {
  "a.txt": "alpha\n",
  "b.txt": "bravo\n",
  "run.sh": "echo hi\n",
  "src/one.txt": "one\n",
  "src/two.txt": "two\n",
  ".gitignore": "docs/status/\n.locks/\n.triggers/\n*.log\n",
};

const poolOf = (repo: string): string => RunWorkspace.poolDir(join(repo, ".git"));
const worktrees = (repo: string): string[] =>
  git(repo, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));
/** The engine's index of a pool directory: beside it, never inside it. */
const slotIndex = (dir: string): string => `${dir}.index`;
const lsTree = (repo: string, rev: string): string => git(repo, "ls-tree", "-r", "--full-tree", rev);

/** What the pre-pool implementation computed: a fresh index from the base, add --all, write-tree. */
function referenceTree(dir: string, base: string): string {
  const index = join(tempDir("agent-flow-ref-index-"), "index");
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const run = (...args: string[]): string =>
    spawnSync("git", args, { cwd: dir, env, encoding: "utf8" }).stdout.trim();
  run("read-tree", base);
  // (the old pathspecs, which fail on an ignored docs/status/: the test's one holds only ignored files)
  spawnSync(
    "git",
    ["add", "--all", "--", ".", ":(exclude)docs/status", ":(exclude).locks", ":(exclude).triggers"],
    {
      cwd: dir,
      env,
    },
  );
  return run("write-tree");
}

async function setup(files: Record<string, string> = FILES) {
  const repo = makeRepo(files);
  const g = new Git(repo);
  const base = (await g.revParse("HEAD")) as string;
  return { repo, g, base };
}

describe("RunWorkspace snapshot", () => {
  it("detects additions, modifications, deletions and mode changes, not ignored or state files", async () => {
    const { repo, g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaaa");
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, "a.txt"), "alpha changed\n");
      rmSync(join(dir, "b.txt"));
      writeFileSync(join(dir, "src/new.txt"), "new\n");
      chmodSync(join(dir, "run.sh"), 0o755);
      writeFileSync(join(dir, "debug.log"), "ignored\n");
      mkdirSync(join(dir, "docs/status"), { recursive: true });
      writeFileSync(join(dir, "docs/status/x.json"), "{}\n");
      const snap = await ws.snapshot(dir, base);
      expect([...snap.changed].sort()).toEqual(["a.txt", "b.txt", "run.sh", "src/new.txt"]);
      expect(snap.tree).toBe(referenceTree(dir, base));
      expect(git(repo, "ls-tree", snap.tree, "run.sh")).toMatch(/^100755 /);
      // The worktree's own index is untouched.
      expect(git(dir, "write-tree")).toBe(git(repo, "rev-parse", `${base}^{tree}`));

      // Nothing changed: no paths, the base's tree.
      const dir2 = await ws.acquire(base);
      expect(dir2).not.toBe(dir);
      const none = await ws.snapshot(dir2, base);
      expect(none.changed).toEqual([]);
      expect(none.tree).toBe(git(repo, "rev-parse", `${base}^{tree}`));
      ws.release(dir);
      ws.release(dir2);
    } finally {
      await ws.dispose();
    }
  });

  it("leaves out the run's state paths, tracked or not, ignored or not", async () => {
    const { g, base } = await setup({ ...FILES, ".gitignore": "*.log\n", ".triggers/keep": "k\n" });
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaa9");
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, ".triggers/keep"), "changed\n");
      mkdirSync(join(dir, ".locks"));
      writeFileSync(join(dir, ".locks/x.lock"), "{}\n");
      mkdirSync(join(dir, "docs/status/runs"), { recursive: true });
      writeFileSync(join(dir, "docs/status/runs/y.json"), "{}\n");
      writeFileSync(join(dir, "docs/statusbar.md"), "not state\n");
      const snap = await ws.snapshot(dir, base);
      expect(snap.changed).toEqual(["docs/statusbar.md"]);
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });

  it("combines without a git process, also after the agents' worktrees were adopted", async () => {
    const { repo, base } = await setup();
    const g = new CountingGit(repo);
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaa8");
    try {
      const dirs = await Promise.all([ws.acquire(base), ws.acquire(base), ws.acquire(base)]);
      const results: { commit: string; changed: string[] }[] = [];
      g.log.length = 0;
      for (const [i, d] of dirs.entries()) {
        writeFileSync(join(d, `new-${i}.txt`), `${i}\n`);
        const snap = await ws.snapshot(d, base);
        const commit = await ws.commit(snap.tree, [base], `agent ${i}\n`);
        ws.release(d);
        await ws.adopt(d, commit);
        results.push({ commit, changed: snap.changed });
      }
      // A snapshot's changes are read from its index, and the engine writes its commits itself.
      expect(g.log.filter((c) => c === "diff-tree" || c === "commit-tree")).toEqual([]);
      expect(results.map((r) => r.changed)).toEqual([["new-0.txt"], ["new-1.txt"], ["new-2.txt"]]);
      g.log.length = 0;
      const combined = await ws.combine(base, results, "combined\n");
      // The engine writes the combined tree from the snapshots' indexes (combine-tree.ts).
      expect(g.log).toEqual([]);
      expect(git(repo, "rev-parse", `${combined}^@`).split("\n")).toEqual([
        base,
        ...results.map((r) => r.commit),
      ]);
      expect(git(repo, "ls-tree", "--name-only", combined)).toContain("new-2.txt");
      expect(git(repo, "diff", "--name-only", base, combined).split("\n")).toEqual([
        "new-0.txt",
        "new-1.txt",
        "new-2.txt",
      ]);
      // Each directory holds its own commit: acquiring it again costs no git process (its ignored
      // files were looked at by snapshot()); the agent's fresh .git is at that commit.
      g.log.length = 0;
      expect(await ws.acquire(results[1]?.commit as string)).toBe(dirs[1]);
      expect(g.log).toEqual([]);
      expect(git(dirs[1] as string, "rev-parse", "HEAD")).toBe(results[1]?.commit);
    } finally {
      await ws.dispose();
    }
  });

  it("keeps the index copy's mtime (racy git)", async () => {
    const { repo, g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaab");
    try {
      const dir = await ws.acquire(base);
      // The snapshot's index is written from the bytes acquire() read (nothing changed: git leaves it).
      await ws.snapshot(dir, base);
      const scratch = join(poolOf(repo), ".scratch");
      const copies = readdirSync(scratch).flatMap((d) =>
        readdirSync(join(scratch, d)).map((f) => join(scratch, d, f)),
      );
      expect(copies).toHaveLength(1);
      const own = statSync(slotIndex(dir)).mtimeMs;
      const copy = statSync(copies[0] as string).mtimeMs;
      expect(copy).toBeLessThanOrEqual(own);
      expect(own - copy).toBeLessThan(1);
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });

  it("sees a file rewritten in the index's second with the same size and mtime (racy git)", async () => {
    const { repo, g, base } = await setup({ ...FILES, "f.txt": "aaaa\n" });
    // Only size, mtime and inode tell git a file changed: ctime (which a write bumps) is not looked at.
    git(repo, "config", "core.trustctime", "false");
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaac");
    try {
      const dir = await ws.acquire(base);
      const f = join(dir, "f.txt");
      // Stamped a second ahead: at least as new as the snapshot index about to be written, so racy there.
      const t = Math.floor(Date.now() / 1000) + 1;
      writeFileSync(f, "bbbb\n");
      utimesSync(f, t, t);
      const snap = await ws.snapshot(dir, base);
      expect(snap.changed).toEqual(["f.txt"]);
      const c1 = await ws.commit(snap.tree, [base], "step 1\n");
      await ws.adopt(dir, c1);
      ws.release(dir);
      const index = slotIndex(dir);
      const before = statSync(index);

      // A copy stamped "now" would be newer than f's entry and make it look safely clean.
      while (Date.now() / 1000 < t + 1.2) await new Promise((r) => setTimeout(r, 100));
      expect(await ws.acquire(c1)).toBe(dir);
      const after = statSync(index);
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]); // no checkout happened
      writeFileSync(f, "cccc\n");
      utimesSync(f, t, t);
      const snap2 = await ws.snapshot(dir, c1);
      expect(snap2.changed).toEqual(["f.txt"]);
      expect(git(repo, "cat-file", "-p", `${snap2.tree}:f.txt`)).toBe("cccc");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });
});

describe("RunWorkspace combine", () => {
  it("combines disjoint results into the tree of applying them one by one", async () => {
    const { repo, g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaaad");
    const results: { commit: string; changed: string[] }[] = [];
    let combined: string;
    try {
      const dirs = await Promise.all([
        ws.acquire(base),
        ws.acquire(base),
        ws.acquire(base),
        ws.acquire(base),
      ]);
      const [d1, d2, d3] = dirs as [string, string, string, string];
      expect(new Set(dirs).size).toBe(4);
      writeFileSync(join(d1, "a.txt"), "alpha by one\n");
      mkdirSync(join(d1, "one"));
      writeFileSync(join(d1, "one/new.txt"), "new\n");
      rmSync(join(d2, "b.txt"));
      chmodSync(join(d2, "run.sh"), 0o755);
      rmSync(join(d3, "src/two.txt"));
      writeFileSync(join(d3, "src/three.txt"), "three\n");
      // d4 changes nothing
      for (const [i, d] of dirs.entries()) {
        const snap = await ws.snapshot(d, base);
        const commit = snap.changed.length > 0 ? await ws.commit(snap.tree, [base], `agent ${i}\n`) : base;
        results.push({ commit, changed: snap.changed });
        ws.release(d);
      }
      combined = await ws.combine(base, results, "combined\n");
    } finally {
      await ws.dispose();
    }
    const parents = git(repo, "rev-list", "--parents", "-n", "1", combined).split(" ");
    expect(parents).toEqual([combined, base, ...results.slice(0, 3).map((r) => r.commit)]);

    // One by one, by plain git in a clone.
    const clone = tempDir("agent-flow-combine-");
    git(clone, "clone", "--quiet", repo, ".");
    git(clone, "checkout", "--quiet", "--detach", base);
    for (const r of results.slice(0, 3)) {
      git(clone, "fetch", "--quiet", repo, r.commit);
      const patch = spawnSync("git", ["diff", "--binary", base, r.commit], { cwd: repo }).stdout;
      const applied = spawnSync("git", ["apply", "--index"], { cwd: clone, input: patch });
      expect(applied.status).toBe(0);
    }
    const expected = git(clone, "write-tree");
    expect(git(repo, "rev-parse", `${combined}^{tree}`)).toBe(expected);
    expect(lsTree(repo, combined)).toContain("one/new.txt");

    // A later workspace (e.g. a resumed run) has no snapshot indexes: git tells it the changes.
    const ws2 = await RunWorkspace.open(g, "20250101-000000-aaaaaaad");
    try {
      const again = await ws2.combine(base, results, "combined\n");
      expect(git(repo, "rev-parse", `${again}^{tree}`)).toBe(expected);
    } finally {
      await ws2.dispose();
    }
  });
});

describe("RunWorkspace combine clash (validation bypassed)", () => {
  it("fails loudly when one agent writes the file 'out' and another 'out/x'", async () => {
    const { repo, g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaac1");
    try {
      const [d1, d2] = await Promise.all([ws.acquire(base), ws.acquire(base)]);
      writeFileSync(join(d1 as string, "out"), "a file\n");
      mkdirSync(join(d2 as string, "out"));
      writeFileSync(join(d2 as string, "out/x"), "in a folder\n");
      const results: { commit: string; changed: string[] }[] = [];
      for (const d of [d1, d2] as string[]) {
        const snap = await ws.snapshot(d, base);
        results.push({ commit: await ws.commit(snap.tree, [base], "agent\n"), changed: snap.changed });
        ws.release(d);
      }
      await expect(ws.combine(base, results, "combined\n")).rejects.toThrow(
        /"out" written by one agent is missing from the combined result, because another agent of the same group wrote "out\/x" \(a file and a folder at the same place\)/,
      );
      // Without the records of this workspace (e.g. after a resume): the same check from git.
      const fresh = await RunWorkspace.open(g, "20250101-000000-aaaaaac2");
      try {
        await expect(fresh.combine(base, results, "combined\n")).rejects.toThrow(/a file and a folder/);
      } finally {
        await fresh.dispose();
      }
      expect(git(repo, "status", "--porcelain")).toBe("");
    } finally {
      await ws.dispose();
    }
  });
});

describe("RunWorkspace pool", () => {
  it("re-uses worktrees across workspaces of one repository and keeps POOL_KEEP, or as many as a recent run used", async () => {
    const { repo, g, base } = await setup();
    const ws1 = await RunWorkspace.open(g, "20250101-000000-aaaaaaae");
    const d1 = await ws1.acquire(base);
    expect(d1).toBe(join(poolOf(repo), "w0"));
    ws1.release(d1);
    await ws1.dispose();
    expect(existsSync(join(d1, "a.txt"))).toBe(true);
    // Not linked worktrees: nothing is registered in the user's .git/worktrees.
    const count = worktrees(repo).length;
    expect(count).toBe(1);

    const counting = new CountingGit(repo);
    const ws2 = await RunWorkspace.open(counting, "20250101-000000-aaaaaaaf");
    const d2 = await ws2.acquire(base);
    expect(d2).toBe(d1);
    expect(worktrees(repo).length).toBe(count);
    expect(counting.log).not.toContain("worktree add");
    ws2.release(d2);
    await ws2.dispose();

    const ws3 = await RunWorkspace.open(g, "20250101-000000-aaaaaab0");
    const many = await Promise.all(Array.from({ length: POOL_KEEP + 2 }, () => ws3.acquire(base)));
    expect(new Set(many).size).toBe(POOL_KEEP + 2);
    for (const d of many) ws3.release(d);
    await ws3.dispose();
    expect(worktrees(repo).length).toBe(1);
    // As many as that run used at once are kept (the next such run checks none out anew)...
    const slots = () => readdirSync(poolOf(repo)).filter((n) => /^w\d+$/.test(n));
    expect(slots()).toHaveLength(POOL_KEEP + 2);
    // ...also by a run that needs fewer, while that width is recent (poolKeep())...
    const ws4 = await RunWorkspace.open(g, "20250101-000000-aaaaaab1");
    ws4.release(await ws4.acquire(base));
    await ws4.dispose();
    expect(slots()).toHaveLength(POOL_KEEP + 2);
    // ...and once it is old, a run that needs fewer removes the ones it used beyond POOL_KEEP.
    const old = new Date(Date.now() - WIDTH_FRESH_MS - 86_400_000);
    utimesSync(join(poolOf(repo), "width"), old, old);
    const ws5 = await RunWorkspace.open(g, "20250101-000000-aaaaaab2");
    ws5.release(await ws5.acquire(base));
    await ws5.dispose();
    expect(slots()).toHaveLength(POOL_KEEP + 1);
  });

  it("prepares another directory for a warm-up, not the one it just handed back unused", async () => {
    const { g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaab3");
    try {
      // As group-warmup.ts's lanes do: one directory after another, each handed back unused.
      const first = await ws.acquire(base, "agent", true);
      ws.unused(first, base);
      const second = await ws.acquire(base, "agent", true);
      expect(second).not.toBe(first);
      ws.unused(second, base);
      // An agent still gets a prepared one.
      expect([first, second]).toContain(await ws.acquire(base));
    } finally {
      await ws.dispose();
    }
  });

  it("gives two workspaces open at once different worktrees", async () => {
    const { g, base } = await setup();
    const a = await RunWorkspace.open(g, "20250101-000000-aaaaaab1");
    const b = await RunWorkspace.open(g, "20250101-000000-aaaaaab2");
    try {
      const da = await a.acquire(base);
      const db = await b.acquire(base);
      expect(da).not.toBe(db);
      a.release(da);
      // Released to a's own pool only: b still cannot have it while a is open.
      const db2 = await b.acquire(base);
      expect([da, db]).not.toContain(db2);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it("reclaims a worktree whose claim was left by a dead process, not one of a live process", async () => {
    const { repo, g, base } = await setup();
    const pool = poolOf(repo);
    const locks = join(pool, ".locks");
    mkdirSync(locks, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid as number;
    const live = spawn("sleep", ["30"]);
    const claim = (n: number, pid: number) =>
      writeFileSync(
        join(locks, `worktree-w${n}.lock`),
        JSON.stringify({
          resource: `worktree-w${n}`,
          run_id: "20240101-000000-deadbeef",
          agent: "worktree-pool",
          timestamp: new Date().toISOString(),
          pid,
          host: hostname(),
          token: randomBytes(16).toString("hex"),
        }),
      );
    try {
      claim(0, live.pid as number);
      claim(1, dead);
      const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaab3");
      try {
        expect(await ws.acquire(base)).toBe(join(pool, "w1"));
      } finally {
        await ws.dispose();
      }
      expect(existsSync(join(locks, "worktree-w1.lock"))).toBe(false);
      expect(existsSync(join(locks, "worktree-w0.lock"))).toBe(true);
    } finally {
      live.kill();
    }
  });

  it("leaves nothing of the previous step behind after adopt, and re-checks a worktree with leftovers", async () => {
    const { repo, g, base } = await setup({ ...FILES, ".gitignore": "*.log\n" });
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaab4");
    try {
      const dir = await ws.acquire(base);
      writeFileSync(join(dir, "n1.txt"), "step 1\n");
      writeFileSync(join(dir, "a.txt"), "alpha 1\n");
      writeFileSync(join(dir, "keep.log"), "ignored\n");
      const s1 = await ws.snapshot(dir, base);
      const c1 = await ws.commit(s1.tree, [base], "step 1\n");
      await ws.adopt(dir, c1);
      ws.release(dir);

      // Step 2 at c1 re-uses it as is; its agent leaves junk and fails (no adopt).
      expect(await ws.acquire(c1)).toBe(dir);
      expect(git(dir, "rev-parse", "HEAD")).toBe(c1);
      expect(git(dir, "status", "--porcelain")).toBe("");
      writeFileSync(join(dir, "junk.txt"), "junk\n");
      writeFileSync(join(dir, "a.txt"), "alpha 2\n");
      rmSync(join(dir, "src"), { recursive: true });
      ws.release(dir);

      // Step 3 back at the base: exactly the base, ignored files aside.
      expect(await ws.acquire(base)).toBe(dir);
      expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
      expect(git(dir, "rev-parse", "HEAD")).toBe(base);
      expect(existsSync(join(dir, "n1.txt"))).toBe(false);
      expect(existsSync(join(dir, "junk.txt"))).toBe(false);
      expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("alpha\n");
      expect(readFileSync(join(dir, "src/two.txt"), "utf8")).toBe("two\n");
      // An ignored file an agent added is not trusted: wiped before the directory is used again.
      expect(existsSync(join(dir, "keep.log"))).toBe(false);
      const s3 = await ws.snapshot(dir, base);
      expect(s3.changed).toEqual([]);

      // State paths are left out of snapshots: an untracked file there keeps the worktree "dirty".
      mkdirSync(join(dir, ".locks"));
      writeFileSync(join(dir, ".locks/x.lock"), "{}\n");
      writeFileSync(join(dir, "n3.txt"), "step 3\n");
      const s3b = await ws.snapshot(dir, base);
      expect(s3b.changed).toEqual(["n3.txt"]);
      const c3 = await ws.commit(s3b.tree, [base], "step 3\n");
      await ws.adopt(dir, c3);
      ws.release(dir);
      expect(await ws.acquire(c3)).toBe(dir);
      expect(existsSync(join(dir, ".locks/x.lock"))).toBe(false);
      expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
    expect(lsTree(repo, base)).not.toContain("n1.txt");
  });

  it("keeps a branch an agent makes in its own .git, away from the user's repository and the next agent", async () => {
    const { repo, g, base } = await setup();
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaab7");
    try {
      const dir = await ws.acquire(base);
      git(dir, "checkout", "--quiet", "-b", "agent-branch");
      ws.release(dir);
      expect(git(repo, "branch", "--list", "agent-branch")).toBe("");
      expect(await ws.acquire(base)).toBe(dir);
      expect(git(dir, "branch", "--list", "agent-branch")).toBe("");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
  });

  it("replaces what an agent left as its .git (a tree, a link) with a fresh one, never following the link", async () => {
    const { repo, g, base } = await setup();
    const outside = tempDir("agent-flow-outside-");
    writeFileSync(join(outside, "keep.txt"), "keep\n");
    const ws = await RunWorkspace.open(g, "20250101-000000-aaaaaab8");
    const scratch = join(poolOf(repo), ".scratch");
    const scratchEntries = (): string[] =>
      readdirSync(scratch).flatMap((d) =>
        readdirSync(join(scratch, d)).filter((f) => f.startsWith("old-git")),
      );
    try {
      const dir = await ws.acquire(base);
      // A snapshot makes the scratch folder, where later acquires move the old .git to remove it.
      const s1 = await ws.snapshot(dir, base);
      await ws.adopt(dir, base);
      expect(s1.changed).toEqual([]);
      git(dir, "checkout", "--quiet", "-b", "agent-branch");
      mkdirSync(join(dir, ".git", "planted", "deep"), { recursive: true });
      for (let i = 0; i < 50; i++) writeFileSync(join(dir, ".git", "planted", "deep", `f${i}`), "x\n");
      ws.release(dir);
      expect(await ws.acquire(base)).toBe(dir);
      expect(existsSync(join(dir, ".git", "planted"))).toBe(false);
      expect(git(dir, "branch", "--list", "agent-branch")).toBe("");
      expect(git(dir, "rev-parse", "HEAD")).toBe(base);
      expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");

      // A .git that is a link to a folder elsewhere: the link goes, what it points to stays.
      rmSync(join(dir, ".git"), { recursive: true });
      spawnSync("ln", ["-s", outside, join(dir, ".git")]);
      ws.release(dir);
      expect(await ws.acquire(base)).toBe(dir);
      expect(statSync(join(dir, ".git")).isDirectory()).toBe(true);
      expect(git(dir, "rev-parse", "HEAD")).toBe(base);
      expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("keep\n");
      ws.release(dir);
    } finally {
      await ws.dispose();
    }
    // The old .git folders were removed with the run's scratch files (dispose() waits for them).
    expect(existsSync(scratch) ? scratchEntries() : []).toEqual([]);
    expect(readdirSync(outside)).toEqual(["keep.txt"]);
  });

  it("keeps a worktree's state across workspaces and drops the old per-run layout of a resumed run", async () => {
    const { repo, g, base } = await setup();
    const runId = "20250101-000000-aaaaaab5";
    const legacy = join(repo, ".git", "agent-flow", "worktrees", runId, "w0");
    git(repo, "worktree", "add", "--quiet", "--detach", legacy, base);
    expect(worktrees(repo)).toContain(legacy);

    const ws = await RunWorkspace.open(g, runId);
    expect(existsSync(legacy)).toBe(false);
    expect(worktrees(repo)).not.toContain(legacy);
    const dir = await ws.acquire(base);
    writeFileSync(join(dir, "n.txt"), "n\n");
    const s = await ws.snapshot(dir, base);
    const c = await ws.commit(s.tree, [base], "one\n");
    await ws.adopt(dir, c);
    ws.release(dir);
    await ws.dispose();
    expect(readFileSync(join(poolOf(repo), "w0.clean"), "utf8").split("\n")[0]).toBe(c);

    const ws2 = await RunWorkspace.open(g, "20250101-000000-aaaaaab6");
    try {
      // Another run re-verifies the directory (read-tree --reset -u, clean) rather than trusting it.
      writeFileSync(join(dir, "n.txt"), "changed between runs\n");
      expect(await ws2.acquire(c)).toBe(dir);
      expect(readFileSync(join(dir, "n.txt"), "utf8")).toBe("n\n");
      expect(existsSync(join(poolOf(repo), "w0.clean"))).toBe(false); // dirty while claimed
      ws2.release(dir);
    } finally {
      await ws2.dispose();
    }
  });
});
