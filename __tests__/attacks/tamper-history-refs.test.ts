// A repository that has seen thousands of runs: their private refs packed (ref-packing.ts), the
// fingerprint reading packed-refs only when it changed and comparing two readings on their loose refs.
// A change to one old run's ref among thousands is still named, however it is made.
import { readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUnchanged, take } from "../../src/engine/fingerprint.js";
import { diff, TamperDetected } from "../../src/engine/fingerprint-changes.js";
import { packedValue, readRefs } from "../../src/engine/fingerprint-refs.js";
import { Git } from "../../src/engine/git.js";
import { packRunRefs, runsWithLooseRefs } from "../../src/engine/ref-packing.js";
import { git, makeRepo } from "../helpers/repo.js";

const RUNS = 2500;
const runId = (i: number): string =>
  `20250101-${String(100000 + i).slice(-6)}-${(0x10000000 + i).toString(16)}`;
const OLD = runId(1234);

let head = "";
let tree = "";

/** A repository whose packed-refs holds RUNS runs' refs (4 each), written as git writes it: sorted. */
function agedRepo(): string {
  const r = makeRepo({ "a.txt": "a\n" });
  head = git(r, "rev-parse", "HEAD");
  tree = git(r, "rev-parse", "HEAD^{tree}");
  const refs = [`${head} refs/heads/main`];
  for (let i = 0; i < RUNS; i++)
    for (const leaf of ["head", "state", "steps/s.1/agents/a", "steps/s.1/result"])
      refs.push(`${leaf === "state" ? tree : head} refs/agent-flow/${runId(i)}/${leaf}`);
  const byName = (l: string): Buffer => Buffer.from(l.slice(l.indexOf(" ") + 1));
  refs.sort((a, b) => Buffer.compare(byName(a), byName(b)));
  writeFileSync(
    join(r, ".git/packed-refs"),
    // A peeled line (`^<oid>`, which git writes after an annotated tag) after every 7th record.
    `# pack-refs with: peeled fully-peeled sorted \n${refs.map((l, i) => (i % 7 ? l : `${l}\n^${tree}`)).join("\n")}\n`,
  );
  git(r, "update-ref", "-d", "refs/heads/main", head); // the loose copy; the packed one stays
  git(r, "update-ref", "refs/heads/main", head);
  return r;
}

async function changesAfter(r: string, act: () => void): Promise<string[]> {
  const g = new Git(r);
  const before = await take(g, r);
  act();
  return diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`);
}

describe("private refs of thousands of runs", () => {
  let r = "";
  beforeAll(() => {
    r = agedRepo();
  });

  it("finds every packed ref by binary search, and none that is not there", async () => {
    const reading = await readRefs(new Git(r), join(r, ".git"), false);
    const all = git(r, "for-each-ref", "--format=%(objectname) %(refname)")
      .split("\n")
      .map((l) => l.split(" ") as [string, string]);
    expect(all.length).toBe(RUNS * 4 + 1);
    for (const [oid, name] of all)
      if (name !== "refs/heads/main") expect(packedValue(reading.packed, name)).toBe(oid);
    for (const name of ["refs/a", "refs/zzz", `refs/agent-flow/${OLD}/stat`, `refs/agent-flow/${OLD}/statex`])
      expect(packedValue(reading.packed, name)).toBeUndefined();
  });

  it("names an old run's ref moved by git, or rewritten in packed-refs with its old times", async () => {
    expect(await changesAfter(r, () => git(r, "update-ref", `refs/agent-flow/${OLD}/state`, head))).toEqual([
      `changed ref:refs/agent-flow/${OLD}/state`,
    ]);
    git(r, "update-ref", `refs/agent-flow/${OLD}/state`, tree);
    git(r, "pack-refs", "--all");

    const file = join(r, ".git/packed-refs");
    const st = statSync(file);
    const text = readFileSync(file, "utf8");
    const line = `${head} refs/agent-flow/${OLD}/head\n`;
    expect(text).toContain(line);
    expect(
      await changesAfter(r, () => {
        writeFileSync(file, text.replace(line, `${tree} refs/agent-flow/${OLD}/head\n`));
        utimesSync(file, st.atime, st.mtime);
      }),
    ).toEqual([`changed ref:refs/agent-flow/${OLD}/head`]);
    writeFileSync(file, text);
  });

  it("names a loose ref rewritten in place with its old times, or through a link, after a cached reading", async () => {
    const ref = `refs/agent-flow/${runId(7)}/state`;
    git(r, "update-ref", ref, head);
    const file = join(r, ".git", ref);
    const g = new Git(r);
    await take(g, r); // the file's value is now cached by its stat data
    const st = statSync(file);
    expect(
      await changesAfter(r, () => {
        writeFileSync(file, `${tree}\n`);
        utimesSync(file, st.atime, st.mtime);
      }),
    ).toEqual([`changed ref:${ref}`]);

    const target = join(r, ".git", "elsewhere");
    writeFileSync(target, `${head}\n`);
    rmSync(file);
    symlinkSync(target, file);
    expect(await changesAfter(r, () => writeFileSync(target, `${tree}\n`))).toEqual([`changed ref:${ref}`]);
    rmSync(file);
    git(r, "update-ref", "-d", ref);
  });

  it("a change to an old run's ref fails the agent; packing every ref meanwhile does not", async () => {
    const g = new Git(r);
    let before = await take(g, r);
    git(r, "update-ref", `refs/agent-flow/${OLD}/steps/s.1/result`, tree);
    const err = await expectUnchanged(g, before, "agent a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TamperDetected);
    expect((err as TamperDetected).changes).toEqual([
      { what: `ref:refs/agent-flow/${OLD}/steps/s.1/result`, how: "changed" },
    ]);

    before = await take(g, r);
    git(r, "pack-refs", "--all");
    await expectUnchanged(g, before, "agent a");
  });
});

describe("packing the runs' refs", () => {
  it("packs once PACK_AFTER_RUNS runs have loose refs, and no ref's value changes", async () => {
    const r = makeRepo({ "a.txt": "a\n" });
    const h = git(r, "rev-parse", "HEAD");
    const g = new Git(r);
    const create = (from: number, to: number): void => {
      for (let i = from; i < to; i++) git(r, "update-ref", `refs/agent-flow/${runId(i)}/head`, h);
    };
    create(0, 3);
    expect(await packRunRefs(g, undefined, 4)).toBe(false);
    expect(runsWithLooseRefs(join(r, ".git"))).toBe(3);
    create(3, 4);
    const values = git(r, "for-each-ref");
    const before = await take(g, r);
    expect(await packRunRefs(g, undefined, 4)).toBe(true);
    expect(runsWithLooseRefs(join(r, ".git"))).toBe(0);
    expect(git(r, "for-each-ref")).toBe(values);
    await expectUnchanged(g, before, "agent a");
  });
});
