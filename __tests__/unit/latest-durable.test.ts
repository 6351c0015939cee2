import { mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { swapLatest } from "../../src/run/latest.js";
import { LATEST, runDir, STATUS_DIR } from "../../src/run/store.js";
import { tempDir } from "../helpers/cli.js";

// `latest` moves to a new snapshot and the previous one is removed right after: for that to leave a
// whole snapshot after a power cut (not only after a crash of the process), every file and folder of
// the new snapshot must be on disk before the link moves, and the move itself before the old one goes.

/** Paths fsync'ed while `fn` runs, each with what `latest` pointed to at that moment. */
async function syncsDuring(
  root: string,
  fn: () => Promise<void>,
): Promise<{ path: string; latest: string }[]> {
  const probe = await open(join(root, "probe"), "w");
  const proto = Object.getPrototypeOf(probe) as { sync: (this: { fd: number }) => Promise<void> };
  await probe.close();
  const original = proto.sync;
  const seen: { path: string; latest: string }[] = [];
  proto.sync = function (this: { fd: number }) {
    const path = readlinkSync(`/proc/self/fd/${this.fd}`);
    let latest = "";
    try {
      latest = readlinkSync(join(root, LATEST));
    } catch {}
    seen.push({ path, latest });
    return original.call(this);
  };
  try {
    await fn();
  } finally {
    proto.sync = original;
  }
  return seen;
}

describe("docs/status/latest", () => {
  it("is switched to a snapshot already on disk, and the switch is on disk before the old one goes", async () => {
    const root = tempDir("agent-flow-latest-");
    const fill = (id: string) => {
      mkdirSync(join(runDir(root, id), "developer"), { recursive: true });
      writeFileSync(join(runDir(root, id), "pipeline_status.json"), "{}\n");
      writeFileSync(join(runDir(root, id), "developer", "out.md"), `${id}\n`);
    };
    fill("20261129-000000-aaaaaaaa");
    await (await swapLatest(root, "20261129-000000-aaaaaaaa")).tidy;
    const old = readlinkSync(join(root, LATEST));
    fill("20261129-000001-bbbbbbbb");
    const syncs = await syncsDuring(root, async () => {
      await (await swapLatest(root, "20261129-000001-bbbbbbbb")).tidy;
    });
    const now = readlinkSync(join(root, LATEST));
    expect(now).not.toBe(old);
    const rel = (p: string) => relative(join(root, STATUS_DIR), p);
    const before = syncs.filter((s) => s.latest === old).map((s) => rel(s.path));
    // Every file and folder of the new snapshot, and the folder holding it, while latest was the old one.
    for (const p of ["", "pipeline_status.json", "developer", "developer/out.md"])
      expect(before).toContain(join(now, p));
    expect(before).toContain(".snapshots");
    // Then the status folder, holding the new link.
    expect(syncs.filter((s) => s.latest === now).map((s) => rel(s.path))).toContain("");
  });
});
