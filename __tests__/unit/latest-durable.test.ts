import fs, { appendFileSync, existsSync, mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { swapLatest } from "../../src/run/latest.js";
import { aheadDone, workAhead } from "../../src/run/latest-ahead.js";
import { LATEST, runDir, STATUS_DIR } from "../../src/run/store.js";
import { tempDir } from "../helpers/cli.js";

// `latest` moves to a new snapshot and the previous one is removed by the next move: for that to leave a
// whole snapshot after a power cut (not only after a crash of the process), every file and folder of
// the new snapshot must be on disk before the link moves, and the move itself before the old one goes.

interface Sync {
  path: string;
  latest: string;
  /** Whether `watched` existed when the sync was asked for. */
  watched: boolean;
}

/**
 * Paths fsync'ed while `fn` runs (through a FileHandle or fs.fsync()), each with what `latest` pointed
 * to at that moment.
 */
async function syncsDuring(root: string, fn: () => Promise<void>, watched = ""): Promise<Sync[]> {
  const probe = await open(join(root, "probe"), "w");
  const proto = Object.getPrototypeOf(probe) as { sync: (this: { fd: number }) => Promise<void> };
  await probe.close();
  const original = proto.sync;
  const originalFsync = fs.fsync;
  const seen: Sync[] = [];
  const note = (fd: number): void => {
    const path = readlinkSync(`/proc/self/fd/${fd}`);
    let latest = "";
    try {
      latest = readlinkSync(join(root, LATEST));
    } catch {}
    seen.push({ path, latest, watched: watched !== "" && existsSync(watched) });
  };
  proto.sync = function (this: { fd: number }) {
    note(this.fd);
    return original.call(this);
  };
  fs.fsync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    note(fd);
    originalFsync(fd, cb);
  }) as typeof fs.fsync;
  try {
    await fn();
  } finally {
    proto.sync = original;
    fs.fsync = originalFsync;
  }
  return seen;
}

const fill = (root: string, id: string) => {
  mkdirSync(join(runDir(root, id), "developer"), { recursive: true });
  writeFileSync(join(runDir(root, id), "pipeline_status.json"), "{}\n");
  writeFileSync(join(runDir(root, id), "pipeline.log"), "started\n");
  writeFileSync(join(runDir(root, id), "developer", "out.md"), `${id}\n`);
};

const swap = async (root: string, id: string): Promise<string> => {
  await (await swapLatest(root, id)).tidy;
  return join(root, STATUS_DIR, readlinkSync(join(root, LATEST)));
};

describe("docs/status/latest", () => {
  it("is switched to a snapshot already on disk; the old one goes at the next switch, once the link is on disk", async () => {
    const root = tempDir("agent-flow-latest-");
    const [a, b, c] = ["20261129-000000-aaaaaaaa", "20261129-000001-bbbbbbbb", "20261129-000002-cccccccc"];
    fill(root, a);
    await (await swapLatest(root, a)).tidy;
    const first = readlinkSync(join(root, LATEST));
    fill(root, b);
    const syncs = await syncsDuring(root, async () => {
      await (await swapLatest(root, b)).tidy;
    });
    const second = readlinkSync(join(root, LATEST));
    expect(second).not.toBe(first);
    const rel = (p: string) => relative(join(root, STATUS_DIR), p);
    const before = syncs.filter((s) => s.latest === first).map((s) => rel(s.path));
    // Every file and folder of the new snapshot, and the folder holding it, while latest was the old one.
    for (const p of ["", "pipeline_status.json", "pipeline.log", "developer", "developer/out.md"])
      expect(before).toContain(join(second, p));
    expect(before).toContain(".snapshots");
    // The old snapshot stays until the switch is known to be on disk.
    const old = join(root, STATUS_DIR, first);
    expect(existsSync(join(old, "developer", "out.md"))).toBe(true);

    fill(root, c);
    const next = await syncsDuring(
      root,
      async () => {
        await (await swapLatest(root, c)).tidy;
      },
      old,
    );
    // The status folder, with a link no longer to the first snapshot, was on disk while the first was there.
    expect(next.some((s) => rel(s.path) === "" && s.latest !== first && s.watched)).toBe(true);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(join(root, STATUS_DIR, second, "developer", "out.md"))).toBe(true);
  });

  it("while a run goes on: removes what the last switch retired and flushes settled files; the switch flushes the rest", async () => {
    const root = tempDir("agent-flow-latest-");
    const [a, b, id] = ["20261129-000003-aaaaaaaa", "20261129-000004-bbbbbbbb", "20261129-000005-dddddddd"];
    fill(root, a);
    const first = await swap(root, a);
    fill(root, b);
    const second = await swap(root, b);
    expect(existsSync(first)).toBe(true);
    fill(root, id);
    const dir = runDir(root, id);
    writeFileSync(join(dir, "developer", "later.md"), "1\n");
    // Settled: unchanged for longer than flushSettled() waits for.
    await new Promise((r) => setTimeout(r, 60));
    const ahead = await syncsDuring(
      root,
      async () => {
        workAhead(root, id);
        await aheadDone();
      },
      first,
    );
    // Removed once the status folder was on disk, with the link to the second snapshot, which stays.
    expect(ahead.some((s) => s.path === join(root, STATUS_DIR) && s.watched)).toBe(true);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(join(second, "developer", "out.md"))).toBe(true);
    appendFileSync(join(dir, "developer", "later.md"), "2\n");
    writeFileSync(join(dir, "developer", "fresh.md"), "new since\n");
    const syncs = await syncsDuring(root, async () => {
      await (await swapLatest(root, id)).tidy;
    });
    const now = join(root, STATUS_DIR, readlinkSync(join(root, LATEST)));
    const paths = syncs.map((s) => s.path);
    expect(paths).not.toContain(join(now, "developer", "out.md"));
    expect(paths).toContain(join(now, "developer", "later.md"));
    expect(paths).toContain(join(now, "developer", "fresh.md"));
    expect(paths).toContain(join(now, "pipeline_status.json"));
  });
});
