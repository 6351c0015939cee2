// A reading "before" an agent takes the loose refs of folders unchanged since the last complete reading
// from that reading, without a stat of each (fingerprint-refs.ts). What that shortcut takes over must
// never hide a change the agent makes: a ref rewritten in place is reported against the value taken
// over, and a ref that git moved (or a link's target that changed) since the last complete reading is
// read afresh, so that an agent setting it back to the old value is still reported.
import { closeSync, openSync, statSync, symlinkSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { take, takeBefore } from "../../src/engine/fingerprint.js";
import { Git } from "../../src/engine/git.js";
import { git, makeRepo } from "../helpers/repo.js";
import { changesSince } from "../helpers/tamper.js";

const OLD = "20250101-000001-10000001";
const folder = `refs/agent-flow/${OLD}/steps/s.1`;

let r = "";
let head = "";
let tree = "";

/** Rewrites a loose ref file in place (same inode, same size) and sets its times back. */
function rewriteInPlace(name: string, value: string): void {
  const path = join(r, ".git", name);
  const st = statSync(path);
  const fd = openSync(path, "r+");
  try {
    writeSync(fd, `${value}\n`, 0);
  } finally {
    closeSync(fd);
  }
  utimesSync(path, st.atime, st.mtime);
}

/** The changes reported for an agent that runs `act`, its reading before taken after `between`. */
async function reported(between: () => unknown, act: () => void): Promise<string[]> {
  const g = new Git(r);
  await take(g, r); // the last complete reading (e.g. the one after the previous agent)
  await between();
  const before = await takeBefore(g, r);
  act();
  return changesSince(g, before);
}

describe("refs taken over by a reading before an agent", () => {
  beforeAll(async () => {
    r = makeRepo({ "a.txt": "a\n" });
    head = git(r, "rev-parse", "HEAD");
    tree = git(r, "rev-parse", "HEAD^{tree}");
    git(r, "update-ref", `${folder}/result`, head);
    git(r, "update-ref", `${folder}/agents/a`, head);
    writeFileSync(join(r, ".git", "target"), `${head}\n`);
    symlinkSync(join(r, ".git", "target"), join(r, ".git", folder, "link"));
    // Older than the racy window (2 s): from now on these folders' listings are kept, and taken over.
    await new Promise((done) => setTimeout(done, 2300));
  }, 20_000);

  it("names a ref the agent rewrites in place, in a folder whose refs the reading took over", async () => {
    expect(
      await reported(
        () => undefined,
        () => rewriteInPlace(`${folder}/result`, tree),
      ),
    ).toEqual([`changed ref:${folder}/result`]);
    git(r, "update-ref", `${folder}/result`, head);
  });

  it("names a ref rewritten in place between the last complete reading and the agent", async () => {
    expect(
      await reported(
        () => rewriteInPlace(`${folder}/agents/a`, tree),
        () => undefined,
      ),
    ).toEqual([`changed ref:${folder}/agents/a`]);
    git(r, "update-ref", `${folder}/agents/a`, head);
  });

  it("reads a ref git moved since the last complete reading: setting it back is named", async () => {
    // git renames a lock file over the ref, which changes its folder; the wait makes the folder older
    // than the racy window again, so that only its changed stat data tells the reading to read it.
    const moved = async (): Promise<void> => {
      git(r, "update-ref", `${folder}/result`, tree);
      await new Promise((done) => setTimeout(done, 2300));
    };
    expect(await reported(moved, () => rewriteInPlace(`${folder}/result`, head))).toEqual([
      `changed ref:${folder}/result`,
    ]);
  }, 20_000);

  it("reads a symbolic link afresh: its target set back to the last complete reading's value is named", async () => {
    expect(
      await reported(
        () => writeFileSync(join(r, ".git", "target"), `${tree}\n`),
        () => writeFileSync(join(r, ".git", "target"), `${head}\n`),
      ),
    ).toEqual([`changed ref:${folder}/link`]);
  });
});
