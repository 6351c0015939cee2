// A reading "before" an agent takes the repository's metadata files (config, hooks, HEAD, index, info/)
// from the run's last reading, as it takes the working files (fingerprint.ts). So a change made between
// two agents, after the first was found clean and before the second starts, is reported by the second's
// comparison; a reading of those files at the second's start would have taken the change in as the
// state before, and it was never reported.
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUnchanged, takeBefore } from "../../src/engine/fingerprint.js";
import { Git } from "../../src/engine/git.js";
import { git, makeRepo } from "../helpers/repo.js";
import { changesSince } from "../helpers/tamper.js";

let r = "";

beforeAll(() => {
  r = makeRepo({ "a.txt": "a\n", ".gitignore": "docs/status/\n" });
});
afterAll(() => rmSync(r, { recursive: true, force: true }));

/** The changes reported for a second agent when `between` runs after the first agent's comparison. */
async function secondAgentSees(between: () => void): Promise<string[]> {
  const g = new Git(r);
  const first = await takeBefore(g, r);
  await expectUnchanged(g, first, "agent one");
  between();
  const second = await takeBefore(g, r);
  return changesSince(g, second);
}

describe("changes between two agents", () => {
  it("reports a hook planted after the previous agent's comparison", async () => {
    const hook = join(r, ".git/hooks/post-checkout");
    const found = await secondAgentSees(() => {
      writeFileSync(hook, "#!/bin/sh\nexit 0\n");
      chmodSync(hook, 0o755);
    });
    rmSync(hook);
    expect(found).toEqual(["added git:hooks/post-checkout"]);
  });

  it("reports a config change and a staged file", async () => {
    const found = await secondAgentSees(() => {
      git(r, "config", "core.fsmonitor", "true");
      writeFileSync(join(r, "a.txt"), "b\n");
      git(r, "add", "a.txt");
    });
    expect(found).toEqual(expect.arrayContaining(["changed git:config", "changed git-dir:index"]));
  });

  it("reports nothing when nothing changed in between", async () => {
    expect(await secondAgentSees(() => undefined)).toEqual([]);
  });
});
