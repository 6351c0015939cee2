// Two writes of the run's view are under way at once (issue 12: their syncs overlap), but the status
// file is replaced in the order they were made: after a crash, or to a reader, it never goes back to an
// older view. Real files; a first write made slow by its size, so that the second one is synced first.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "../../src/engine/reporter.js";
import { RunRecorder } from "../../src/engine/run-recorder.js";
import type { RunStatus } from "../../src/run/status.js";
import { statusFile, writeFileAtomic } from "../../src/run/store.js";
import { tempDir } from "../helpers/cli.js";

const tmpFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

describe("writeFileAtomic(file, data, renameAfter)", () => {
  it("replaces the file only once renameAfter settles, and leaves no temp file when it fails", async () => {
    const dir = tempDir("af-write-order-");
    const file = join(dir, "view.json");
    writeFileSync(file, "old\n");
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const write = writeFileAtomic(file, "new\n", gate);
    await new Promise((done) => setTimeout(done, 100));
    expect(readFileSync(file, "utf8")).toBe("old\n");
    open();
    await write;
    expect(readFileSync(file, "utf8")).toBe("new\n");
    // renameAfter rejected: the write fails with its error and leaves the file as it was.
    await expect(writeFileAtomic(file, "newer\n", Promise.reject(new Error("log failed")))).rejects.toThrow(
      "log failed",
    );
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(tmpFiles(dir)).toEqual([]);
    // The file's place taken by a folder that is not empty: the rename fails, the temp file goes.
    const taken = join(dir, "taken");
    mkdirSync(join(taken, "x"), { recursive: true });
    await expect(writeFileAtomic(taken, "{}\n")).rejects.toThrow();
    expect(tmpFiles(dir)).toEqual([]);
  });
});

describe("RunRecorder, two writes under way", () => {
  // Whether the small later write would be synced first (and so, unordered, renamed first) depends on
  // the disk: the file system may sync both together. Several rounds make a broken order all but sure
  // to show; a kept order passes every round.
  it("never lets an earlier, slower write replace a later one", async () => {
    const root = tempDir("af-write-order-");
    const s = { run_id: "20250101-000000-dddddddd", steps: [], state: "running" } as unknown as RunStatus;
    const heard: string[] = [];
    const sizes: number[] = [];
    const reporter = {
      update(e: EngineEvent) {
        heard.push(e.type === "message" ? e.text : e.type);
        sizes.push(readFileSync(statusFile(root, s.run_id)).length);
      },
    };
    const rec = new RunRecorder(root, s, reporter);
    const expected: string[] = [];
    for (let round = 1; round <= 4; round++) {
      s.feature = "x".repeat(20_000_000);
      const first = rec.changed({ type: "message", level: "info", text: `big ${round}` });
      // The first write has taken its copy of the status (20 MB) and is syncing it.
      await new Promise((done) => setImmediate(done));
      s.feature = `small ${round}`;
      const second = rec.changed({ type: "message", level: "info", text: `small ${round}` });
      expect(second).not.toBe(first);
      await rec.settled();
      expect(rec.writeFailure).toBeNull();
      // The last file on disk is the later view.
      const last = JSON.parse(readFileSync(statusFile(root, s.run_id), "utf8")) as RunStatus;
      expect(last.feature).toBe(`small ${round}`);
      expected.push(`big ${round}`, `small ${round}`);
    }
    // Heard in order, each once its own file was in place.
    expect(heard).toEqual(expected);
    expect(sizes.filter((_, i) => i % 2 === 0).every((n) => n > 20_000_000)).toBe(true);
    expect(tmpFiles(join(root, "docs/status/runs", s.run_id))).toEqual([]);
    const log = readFileSync(join(root, "docs/status/runs", s.run_id, "pipeline.log"), "utf8");
    expect(
      log
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/^\S+ \[info\] /, "")),
    ).toEqual(expected);
  });
});
