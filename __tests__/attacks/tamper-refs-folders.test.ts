// The fingerprint lists a folder under refs/ again only when its stat data changed (fingerprint-refs.ts):
// a ref added, removed or planted anywhere, even in an old run's folder that was last listed long ago
// and with the folder's times set back afterwards, is still named.
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { take } from "../../src/engine/fingerprint.js";
import { diff } from "../../src/engine/fingerprint-changes.js";
import { Git } from "../../src/engine/git.js";
import { git, makeRepo } from "../helpers/repo.js";

const OLD = "20250101-000001-10000001";
const deep = `refs/agent-flow/${OLD}/steps/s.1/agents`;

let r = "";
let head = "";

async function changesAfter(act: () => void): Promise<string[]> {
  const g = new Git(r);
  const before = await take(g, r);
  act();
  return diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`);
}

describe("refs in folders whose listing the fingerprint keeps", () => {
  beforeAll(async () => {
    r = makeRepo({ "a.txt": "a\n" });
    head = git(r, "rev-parse", "HEAD");
    git(r, "update-ref", `${deep}/a`, head);
    git(r, "update-ref", `refs/agent-flow/${OLD}/head`, head);
    // Older than the racy window (2 s): from the next reading on, these folders' listings are kept.
    await new Promise((done) => setTimeout(done, 2300));
    await take(new Git(r), r);
  }, 20_000);

  it("names a ref written by hand into an old run's deepest folder, its times set back", async () => {
    const dir = join(r, ".git", deep);
    const st = statSync(dir);
    expect(
      await changesAfter(() => {
        writeFileSync(join(dir, "b"), `${head}\n`);
        utimesSync(dir, st.atime, st.mtime);
      }),
    ).toEqual([`added ref:${deep}/b`]);
  });

  it("names a ref in a new folder under a kept one, and a removed ref", async () => {
    expect(
      await changesAfter(() => {
        mkdirSync(join(r, ".git", deep, "x", "y"), { recursive: true });
        writeFileSync(join(r, ".git", deep, "x", "y", "z"), `${head}\n`);
      }),
    ).toEqual([`added ref:${deep}/x/y/z`]);
    expect(await changesAfter(() => rmSync(join(r, ".git", deep, "a")))).toEqual([`removed ref:${deep}/a`]);
  });

  it("names a ref added right after a reading of a folder that had just changed", async () => {
    const dir = join(r, ".git", `refs/agent-flow/${OLD}/fresh`);
    mkdirSync(dir);
    writeFileSync(join(dir, "one"), `${head}\n`);
    expect(await changesAfter(() => writeFileSync(join(dir, "two"), `${head}\n`))).toEqual([
      `added ref:refs/agent-flow/${OLD}/fresh/two`,
    ]);
  });
});
