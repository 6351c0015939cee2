import {
  appendFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { swapLatest } from "../../src/run/latest.js";
import { LATEST, runDir, STATUS_DIR } from "../../src/run/store.js";
import { tempDir } from "../helpers/cli.js";

// The snapshot `latest` points to shares the run folder's files (hard links) rather than copying them.
// The engine only ever makes entries in a snapshot folder it just made, and removes snapshots as
// links: whatever an agent or a check planted in the run folder, nothing is written through it.

const ids = [
  "20261130-000000-aaaaaaaa",
  "20261130-000001-bbbbbbbb",
  "20261130-000002-cccccccc",
  "20261130-000003-dddddddd",
] as const;

const fill = (root: string, id: string) => {
  mkdirSync(join(runDir(root, id), "developer"), { recursive: true });
  mkdirSync(join(runDir(root, id), ".work", "step"), { recursive: true });
  writeFileSync(join(runDir(root, id), "pipeline_status.json"), `{"run_id":"${id}"}\n`);
  writeFileSync(join(runDir(root, id), "pipeline.log"), "run succeeded\n");
  writeFileSync(join(runDir(root, id), "developer", "out.md"), `${id}\n`);
  writeFileSync(join(runDir(root, id), ".work", "step", "scratch"), "x\n");
  // A status write under way (its temp file), as the snapshot is made beside the run's last write.
  writeFileSync(join(runDir(root, id), ".pipeline_status.json.123.0a1b2c3d.tmp"), "{");
};

const swap = async (root: string, id: string) => {
  await (await swapLatest(root, id)).tidy;
  return join(root, STATUS_DIR, readlinkSync(join(root, LATEST)));
};

describe("latest's snapshot", () => {
  it("links the run's files and copies its log: a later line in the run's log leaves latest as it was", async () => {
    const root = tempDir("agent-flow-latest-");
    fill(root, ids[0]);
    const run = runDir(root, ids[0]);
    const snap = await swap(root, ids[0]);
    const ino = (p: string) => lstatSync(p).ino;
    expect(ino(join(snap, "developer", "out.md"))).toBe(ino(join(run, "developer", "out.md")));
    expect(ino(join(snap, "pipeline_status.json"))).toBe(ino(join(run, "pipeline_status.json")));
    expect(ino(join(snap, "pipeline.log"))).not.toBe(ino(join(run, "pipeline.log")));
    expect(existsSync(join(snap, ".work"))).toBe(false);
    expect(existsSync(join(snap, ".pipeline_status.json.123.0a1b2c3d.tmp"))).toBe(false);
    appendFileSync(join(run, "pipeline.log"), "docs/status/latest now points to this run\n");
    expect(readFileSync(join(snap, "pipeline.log"), "utf8")).toBe("run succeeded\n");
    // Removing the snapshot (two switches later) leaves the run's own files.
    fill(root, ids[1]);
    await swap(root, ids[1]);
    fill(root, ids[2]);
    await swap(root, ids[2]);
    expect(existsSync(snap)).toBe(false);
    expect(readFileSync(join(run, "developer", "out.md"), "utf8")).toBe(`${ids[0]}\n`);
  });

  it("never writes through a link planted in the run folder or among the snapshots", async () => {
    const root = tempDir("agent-flow-latest-");
    const outside = tempDir("agent-flow-outside-");
    const secret = join(outside, "secret");
    writeFileSync(secret, "keep\n");
    const dirOutside = join(outside, "dir");
    mkdirSync(dirOutside);
    writeFileSync(join(dirOutside, "inner"), "keep too\n");
    fill(root, ids[0]);
    const run = runDir(root, ids[0]);
    symlinkSync(secret, join(run, "developer", "soft"));
    symlinkSync(dirOutside, join(run, "linked-dir"));
    linkSync(secret, join(run, "developer", "hard"));
    const first = await swap(root, ids[0]);
    // Links are made again with their text, never followed; a hard link is one more name, nothing written.
    expect(readlinkSync(join(first, "developer", "soft"))).toBe(secret);
    expect(readlinkSync(join(first, "linked-dir"))).toBe(dirOutside);
    // A retired marker planted as a link to a file outside: created with O_EXCL, so never followed.
    symlinkSync(secret, `${first}.retired`);
    fill(root, ids[1]);
    const second = await swap(root, ids[1]);
    symlinkSync(secret, `${second}.retired`);
    fill(root, ids[2]);
    await swap(root, ids[2]);
    fill(root, ids[3]);
    await swap(root, ids[3]);
    expect(existsSync(first)).toBe(false);
    expect(readFileSync(secret, "utf8")).toBe("keep\n");
    expect(readFileSync(join(dirOutside, "inner"), "utf8")).toBe("keep too\n");
    expect(lstatSync(secret).nlink).toBe(2); // itself and the run folder's hard link, nothing else
  });
});
