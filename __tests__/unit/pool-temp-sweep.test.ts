import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ScratchDir, tempBeside } from "../../src/engine/scratch-dir.js";
import { tempDir } from "../helpers/cli.js";

// A kill between writing a pool file's temporary copy and renaming it into place (an index being
// restored before a checkout, the pool's width) left the copy in the pool for good: the next run on
// this host removes those of dead processes, and never a live one's.

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** tempBeside()'s name for `path` as process `pid` would have made it. */
function leftBy(pid: number, path: string): string {
  const mine = basename(tempBeside(path));
  return join(path, "..", mine.replace(`-${process.pid}-`, `-${pid}-`));
}

describe("pool temp files", () => {
  it("removes a dead process's temp files beside the pool's files and keeps a live one's", async () => {
    const pool = tempDir("af-pool-sweep-");
    made.push(pool);
    mkdirSync(pool, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const deadIndex = leftBy(dead, join(pool, "w1.index"));
    const deadWidth = leftBy(dead, join(pool, ".width"));
    const live = tempBeside(join(pool, "w2.index"));
    const slotIndex = join(pool, "w1.index");
    for (const f of [deadIndex, deadWidth, live, slotIndex]) writeFileSync(f, "x");

    const scratch = await ScratchDir.open(pool);
    await scratch.dispose();

    expect(existsSync(deadIndex)).toBe(false);
    expect(existsSync(deadWidth)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(slotIndex)).toBe(true);
  });
});
