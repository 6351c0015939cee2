// A parallel group's staging folders are removed once the group is combined (staging-later.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropHeldStagings, dropStagingOf } from "../../src/engine/staging-later.js";

const root = mkdtempSync(join(tmpdir(), "staging-later-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function staging(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "output"), { recursive: true });
  writeFileSync(join(dir, "output", "x.txt"), "x\n");
  return dir;
}

describe("staging folders", () => {
  it("of a single agent go at once; a group's members' stay until dropHeldStagings(), then go", async () => {
    const solo = staging("solo");
    dropStagingOf(solo, false);
    expect(existsSync(solo)).toBe(false);
    const a = staging("a");
    const b = staging("b");
    dropStagingOf(a, true);
    dropStagingOf(b, true);
    await new Promise((done) => setImmediate(done));
    expect([existsSync(a), existsSync(b)]).toEqual([true, true]);
    dropHeldStagings();
    await new Promise((done) => setImmediate(done));
    expect([existsSync(a), existsSync(b)]).toEqual([false, false]);
  });
});
