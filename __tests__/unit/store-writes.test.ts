import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendLogText, logFile, writeFileAtomic } from "../../src/run/store.js";
import { tempDir } from "../helpers/cli.js";

// The status and log writes make their folder only when it is missing (they sit on a step's critical
// path): a removed run folder is made again, and a file where the folder goes still fails by name.

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("run folder writes", () => {
  it("make the folder when it is missing", async () => {
    const root = tempDir("af-store-writes-");
    made.push(root);
    const status = join(root, "docs/status/runs/r1/pipeline_status.json");
    await writeFileAtomic(status, "{}\n");
    expect(readFileSync(status, "utf8")).toBe("{}\n");
    await appendLogText(root, "20250101-000000-00000001", "a\n");
    await appendLogText(root, "20250101-000000-00000001", "b\n");
    expect(readFileSync(logFile(root, "20250101-000000-00000001"), "utf8")).toBe("a\nb\n");
  });

  it("fail, naming the path, when a file stands where the folder goes", async () => {
    const root = tempDir("af-store-writes-");
    made.push(root);
    writeFileSync(join(root, "docs"), "not a folder\n");
    await expect(writeFileAtomic(join(root, "docs/status/x.json"), "{}\n")).rejects.toThrow(/docs/);
    expect(existsSync(join(root, "docs/status"))).toBe(false);
  });
});
