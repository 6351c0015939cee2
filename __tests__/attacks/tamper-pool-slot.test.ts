// A slot of the pool (its directory `wN` and the engine's index `wN.index`) is written by no engine
// between two runs, or after an engine was killed: any same-user agent can rewrite both. An agent that
// rewrites a file and forges that file's entry (stat data taken from the rewritten file, the object id
// of another blob, the cache-tree left naming the committed tree) must not get that blob into the next
// run's snapshots: the claim's check must not skip the entry, and a snapshot's tree must hold nothing
// its change list leaves out. What no process-level defence prevents: a file rewritten with its entry's
// stat data forged but its object id left alone is what the next agent finds in its directory (README,
// "Left open in every mode without an OS sandbox"); it reaches no tree unless that agent changes it.
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/engine/git.js";
import { digestOf } from "../../src/engine/ignored-files.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { CountingGit } from "../helpers/counting-git.js";
import { forgeEntry } from "../helpers/index-forge.js";
import { git, makeRepo } from "../helpers/repo.js";

describe("an agent rewriting a pool slot's files and index between runs", () => {
  let repo: string;
  let base: string;
  let n = 0;
  const runId = (): string => `20250101-000000-${(0xe0000000 + n++).toString(16)}`;

  beforeAll(() => {
    repo = makeRepo({
      "src/a.txt": "alpha\n",
      "src/c.txt": "charlie\n",
      "b.txt": "bravo\n",
      ".gitignore": "docs/status/\n.locks/\n.triggers/\nnode_modules/\n",
    });
    base = git(repo, "rev-parse", "HEAD");
  });

  /** A run that hands its one directory back unchanged: the slot is free, at the base. */
  async function previousRun(id = runId()): Promise<string> {
    const ws = await RunWorkspace.open(new Git(repo), id);
    try {
      const dir = await ws.acquire(base);
      ws.release(dir);
      return dir;
    } finally {
      await ws.dispose();
    }
  }

  /** Rewrites `src/a.txt` in the slot (its mtime set back: not racily clean) and forges its entry. */
  function tamper(dir: string, forgeOid: boolean): void {
    const f = join(dir, "src/a.txt");
    writeFileSync(f, "EVIL!!\n");
    const past = new Date(Date.now() - 60_000);
    utimesSync(f, past, past);
    const blob = git(repo, "hash-object", "-w", f);
    forgeEntry(`${dir}.index`, f, "src/a.txt", forgeOid ? blob : null);
  }

  /**
   * The next run: its first directory (the same slot), what its agent finds in `src/a.txt`, and its
   * snapshot after the agent changed `src/c.txt` (a file beside the forged one: its folder's tree is
   * built again from the entries).
   */
  async function nextRun(dir: string, id = runId()) {
    const counting = new CountingGit(repo);
    const ws = await RunWorkspace.open(counting, id);
    try {
      const d = await ws.acquire(base);
      const sees = readFileSync(join(d, "src/a.txt"), "utf8");
      writeFileSync(join(d, "src/c.txt"), "changed\n");
      const snap = await ws.snapshot(d, base);
      ws.release(d);
      const inTree = git(repo, "diff", "--name-only", base, snap.tree).split("\n").filter(Boolean);
      const a = git(repo, "cat-file", "-p", `${snap.tree}:src/a.txt`);
      return { same: d === dir, sees, changed: snap.changed, inTree, a, log: [...counting.log] };
    } finally {
      await ws.dispose();
    }
  }

  it("a free slot, an entry forged to name another blob: the next run's agent starts from the base and no tree holds that blob", async () => {
    const dir = await previousRun();
    tamper(dir, true);
    const r = await nextRun(dir);
    expect(r.same).toBe(true);
    expect(r.sees).toBe("alpha\n");
    expect(r.changed).toEqual(["src/c.txt"]);
    expect(r.inTree).toEqual(["src/c.txt"]);
    expect(r.a).toBe("alpha");
    // Not the path-wise switch: the forged cache-tree sends the slot to the full checkout.
    expect(r.log).toContain("read-tree");
  });

  it("the same with a file planted too (the full checkout, which drops the cache-tree itself)", async () => {
    const dir = await previousRun();
    tamper(dir, true);
    writeFileSync(join(dir, "planted.txt"), "p\n");
    const r = await nextRun(dir);
    expect(r.sees).toBe("alpha\n");
    expect(r.inTree).toEqual(["src/c.txt"]);
    expect(r.a).toBe("alpha");
  });

  it("a free slot, only the stat data forged: the next agent finds the rewritten file, which reaches no tree", async () => {
    const dir = await previousRun();
    tamper(dir, false);
    const r = await nextRun(dir);
    expect(r.same).toBe(true);
    // Left open (README): git trusts stat data, and so does any checkout that is not a full rewrite.
    expect(r.sees).toBe("EVIL!!\n");
    expect(r.changed).toEqual(["src/c.txt"]);
    expect(r.inTree).toEqual(["src/c.txt"]);
    expect(r.a).toBe("alpha");
  });

  it("a slot left by a killed engine (no marker, the index as its agent left it), by a new run and by --retry", async () => {
    for (const retry of [false, true]) {
      const id = runId();
      const dir = await previousRun(id);
      // What a kill mid-agent leaves: the claim took the marker away; the agent forged its own slot.
      rmSync(`${dir}.clean`, { force: true });
      tamper(dir, true);
      const r = await nextRun(dir, retry ? id : runId());
      expect(r.same).toBe(true);
      expect(r.sees).toBe("alpha\n");
      expect(r.inTree).toEqual(["src/c.txt"]);
      expect(r.a).toBe("alpha");
    }
  });

  it("a free slot, an ignored file planted and the marker's digest forged: the next agent finds it, no tree holds it", async () => {
    const dir = await previousRun();
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    writeFileSync(join(dir, "node_modules/evil.js"), "evil\n");
    const [sha] = readFileSync(`${dir}.clean`, "utf8").split("\n");
    writeFileSync(`${dir}.clean`, `${sha}\n${await digestOf(dir, ["node_modules/"])}\n`);
    const ws = await RunWorkspace.open(new Git(repo), runId());
    try {
      const d = await ws.acquire(base);
      expect(d).toBe(dir);
      // Left open (README): the digest vouches for stat data any same-user process can reproduce.
      expect(readFileSync(join(d, "node_modules/evil.js"), "utf8")).toBe("evil\n");
      writeFileSync(join(d, "src/c.txt"), "changed\n");
      const snap = await ws.snapshot(d, base);
      expect(snap.changed).toEqual(["src/c.txt"]);
      expect(git(repo, "diff", "--name-only", base, snap.tree)).toBe("src/c.txt");
      ws.release(d);
    } finally {
      await ws.dispose();
    }
  });
});
