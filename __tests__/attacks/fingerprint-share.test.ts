// Readings "after" shared by agents that end together (fingerprint-share.ts), and what a reading must
// not take for a ref (a lock file of a ref transaction in flight).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { take } from "../../src/engine/fingerprint.js";
import type { Fingerprint } from "../../src/engine/fingerprint-changes.js";
import { diff } from "../../src/engine/fingerprint-changes.js";
import { agentRuns, takeAfter } from "../../src/engine/fingerprint-share.js";
import { Git } from "../../src/engine/git.js";
import { git, makeRepo } from "../helpers/repo.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const r = makeRepo({ "src/app.js": "export const x = 1;\n", ".gitignore": "docs/status/\n" });
  dirs.push(r);
  return r;
}

/** A reading that records `name` in `by` when it begins. */
const named =
  (by: string[], name: string) =>
  (gi: Git, root: string): Promise<Fingerprint> => {
    by.push(name);
    return take(gi, root);
  };

describe("readings after an agent, shared", () => {
  it("callers that arrive while a reading runs share the next one, which sees what changed before their call", async () => {
    const r = repo();
    const g = new Git(r);
    let readings = 0;
    const counted = (gi: Git, root: string): Promise<Fingerprint> => {
      readings += 1;
      return take(gi, root);
    };
    const first = takeAfter(g, r, counted);
    writeFileSync(join(r, "late.txt"), "written after the first reading began\n");
    const second = takeAfter(g, r, counted);
    const third = takeAfter(g, r, counted);
    expect(third).toBe(second);
    const [, b, c] = await Promise.all([first, second, third]);
    expect(readings).toBe(2);
    expect(b.entries.has("file:late.txt")).toBe(true);
    expect(c.entries.has("file:late.txt")).toBe(true);
    // Nothing running: the next caller starts a reading of its own.
    await takeAfter(g, r, counted);
    expect(readings).toBe(3);
  });

  it("what one caller read before its call serves only a reading that is its alone", async () => {
    const r = repo();
    const g = new Git(r);
    const by: string[] = [];
    const shared = named(by, "afresh");
    // A reading that uses what the caller read before: stale for any caller that arrives after it.
    const callers = (name: string) => named(by, name);
    const first = takeAfter(g, r, shared, callers("first"));
    const second = takeAfter(g, r, shared, callers("second"));
    const third = takeAfter(g, r, shared, callers("third"));
    await Promise.all([first, second, third]);
    expect(by).toEqual(["first", "afresh"]);
  });

  it("while other agents of the run run, their readings wait for all of them and are one, begun after the last asked", async () => {
    const r = repo();
    const g = new Git(r);
    const by: string[] = [];
    const shared = named(by, "afresh");
    const alone = named(by, "alone");
    const [agentA, agentB, agentC] = [agentRuns(g), agentRuns(g), agentRuns(g)];
    const a = takeAfter(g, r, shared, alone, agentA); // A ended: its reading waits for B and C
    const b = takeAfter(g, r, shared, alone, agentB);
    expect(b).toBe(a);
    await new Promise((done) => setTimeout(done, 20));
    expect(by).toEqual([]); // C still runs: no reading yet
    writeFileSync(join(r, "by-c.txt"), "written by the agent that ended last\n");
    const c = takeAfter(g, r, shared, alone, agentC);
    expect(c).toBe(a);
    const fa = await a;
    expect(by).toEqual(["afresh"]);
    expect(fa.entries.has("file:by-c.txt")).toBe(true); // begun after the last one asked
    // No other agent runs: an agent's reading is its own, at once (and end() after it changes nothing).
    const agentD = agentRuns(g);
    await takeAfter(g, r, shared, alone, agentD);
    agentD.end();
    expect(by).toEqual(["afresh", "alone"]);
  });

  it("an agent that ends without a reading (a tamper found first) releases the others' at once", async () => {
    const r = repo();
    const g = new Git(r);
    const [agentA, agentB] = [agentRuns(g), agentRuns(g)];
    let begun = false;
    const a = takeAfter(
      g,
      r,
      (gi, root) => {
        begun = true;
        return take(gi, root);
      },
      undefined,
      agentA,
    );
    await new Promise((done) => setTimeout(done, 20));
    expect(begun).toBe(false);
    agentB.end();
    agentB.end(); // a second call changes nothing
    await a;
    expect(begun).toBe(true);
  });

  it("an agent that runs on does not hold a reading for long", async () => {
    const r = repo();
    const g = new Git(r);
    const slow = agentRuns(g);
    try {
      const f = await takeAfter(g, r, take);
      expect(f.entries.size).toBeGreaterThan(0);
    } finally {
      slow.end();
    }
  });

  it("a ref's lock file (a ref transaction in flight) is no change; the ref written from it is", async () => {
    const r = repo();
    const g = new Git(r);
    const head = git(r, "rev-parse", "HEAD");
    const before = await take(g, r);
    writeFileSync(join(r, ".git/refs/heads/side.lock"), `${head}\n`);
    expect(diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`)).toEqual([]);
    git(r, "update-ref", "refs/heads/other", head);
    expect(diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`)).toEqual([
      "added ref:refs/heads/other",
    ]);
  });
});
