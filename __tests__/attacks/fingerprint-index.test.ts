// The fingerprint's private copy of the user's index (fingerprint-index.ts): its refreshed stat data
// and untracked cache make a reading cheap, and an agent that attacks them (forged mtimes, a planted
// file in a folder that looks unchanged, a rewritten copy, a staged change in the real index) is still
// seen.
import { execFileSync } from "node:child_process";
import {
  type BigIntStats,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { take } from "../../src/engine/fingerprint.js";
import { diff } from "../../src/engine/fingerprint-changes.js";
import { Git } from "../../src/engine/git.js";
import { runProcess } from "../../src/engine/process.js";
import { git, makeRepo } from "../helpers/repo.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Made first, then left alone past the next second: git compares stat times in whole seconds, so the
// copy keeps nothing whose ctime is in the second a reading runs (fingerprint-recent.ts), and stat data
// set up in the test's own second would never be kept.
const repos: Record<string, string> = {};
beforeAll(async () => {
  for (const name of ["folder", "file", "copy", "staged", "recent", "running"]) repos[name] = repo();
  repos.state = repo("node_modules/\n");
  await sleep(1100);
});

function repo(ignore = "docs/status/\n.locks/\n.triggers/\nnode_modules/\n"): string {
  const r = makeRepo({
    "src/app.js": "export const x = 1;\n",
    "src/deep/lib.js": "export const y = 1;\n",
    "docs/README.md": "docs\n",
    ".gitignore": ignore,
  });
  dirs.push(r);
  writeFileSync(join(r, "src/wip.txt"), "uncommitted\n");
  // An hour old: not "racily clean" (git would compare their content whatever their stat data says), so
  // only stat data, ctime included, tells the forgeries below.
  const old = new Date(Date.now() - 3_600_000);
  for (const p of ["src/app.js", "src/deep/lib.js", "src/wip.txt", "src/deep", "src"])
    utimesSync(join(r, p), old, old);
  return r;
}

/** Sets `path`'s mtime back to `st`'s to the nanosecond (utimes() cannot): only its ctime then tells. */
function forgeMtime(path: string, st: BigIntStats): void {
  const ns = String(st.mtimeNs % 1_000_000_000n).padStart(9, "0");
  execFileSync("touch", ["-m", "-d", `@${st.mtimeNs / 1_000_000_000n}.${ns}`, path]);
  expect(statSync(path, { bigint: true }).mtimeNs).toBe(st.mtimeNs);
}

const copies = (r: string): string[] => {
  const dir = join(r, ".git/agent-flow/fingerprint");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".index"))
    .map((n) => join(dir, n));
};

/** Readings before and after `act`, after two readings that leave the copy refreshed and cached. */
async function changesAfter(r: string, act: () => void): Promise<string[]> {
  const g = new Git(r);
  await take(g, r);
  const before = await take(g, r);
  act();
  return diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`);
}

describe("the fingerprint's copy of the user's index", () => {
  it("keeps an untracked cache, and still sees a file planted in a folder whose mtime is set back", async () => {
    const r = repos.folder as string;
    const g = new Git(r);
    await take(g, r);
    await take(g, r);
    const [copy] = copies(r);
    // The shortcut is in use: the copy holds git's untracked cache (not the user's index).
    expect(readFileSync(copy as string).includes("UNTR")).toBe(true);
    expect(readFileSync(join(r, ".git/index")).includes("UNTR")).toBe(false);
    const found = await changesAfter(r, () => {
      const folder = join(r, "src/deep");
      const st = statSync(folder, { bigint: true });
      writeFileSync(join(folder, "planted.js"), "evil\n");
      forgeMtime(folder, st);
    });
    expect(found).toEqual(["added file:src/deep/planted.js"]);
  });

  it("sees a same-size rewrite of a tracked file with its times set back", async () => {
    const r = repos.file as string;
    const file = join(r, "src/deep/lib.js");
    const st = statSync(file, { bigint: true });
    const found = await changesAfter(r, () => {
      writeFileSync(file, "export const y = 2;\n");
      forgeMtime(file, st);
    });
    expect(found).toEqual(["changed file:src/deep/lib.js"]);
  });

  it("does not trust a copy an agent wrote: a planted file it stages there is still seen", async () => {
    const r = repos.copy as string;
    const found = await changesAfter(r, () => {
      writeFileSync(join(r, "src/planted.js"), "evil\n");
      // The agent adds its file to the engine's copy, so that the copy's status would call it clean.
      for (const copy of copies(r))
        execFileSync("git", ["add", "src/planted.js"], {
          cwd: r,
          env: { ...process.env, GIT_INDEX_FILE: copy },
        });
    });
    expect(found).toEqual(["added file:src/planted.js"]);
  });

  it("sees a change staged in the user's own index", async () => {
    const r = repos.staged as string;
    const found = await changesAfter(r, () => {
      writeFileSync(join(r, "src/app.js"), "export const x = 3;\n");
      git(r, "add", "src/app.js");
    });
    expect(found).toEqual(["changed git-dir:index"]);
    // The next reading is made from the new index (the staged file is clean against it).
    const g = new Git(r);
    const now = await take(g, r);
    expect(now.entries.has("file:src/app.js")).toBe(false);
  });

  it("leaves the run's state paths out when they are not ignored, and keeps seeing other files", async () => {
    const r = repos.state as string;
    mkdirSync(join(r, "docs/status/runs/a"), { recursive: true });
    writeFileSync(join(r, "docs/status/runs/a/pipeline.log"), "x\n");
    const found = await changesAfter(r, () => {
      writeFileSync(join(r, "docs/status/runs/a/more.log"), "y\n");
      writeFileSync(join(r, "docs/planted.md"), "z\n");
    });
    expect(found).toEqual(["added file:docs/planted.md"]);
  });

  it("keeps nothing a write in the same second could match: a folder an earlier agent touched, then a file planted there", async () => {
    const r = repos.recent as string;
    const g = new Git(r);
    await take(g, r);
    const folder = join(r, "src/deep");
    // At the start of a second, so that what follows runs in the same one.
    await sleep(1010 - (Date.now() % 1000));
    const st = statSync(folder, { bigint: true });
    // The earlier agent: a change of the folder's ctime alone, which the reading after it records.
    execFileSync("chmod", ["755", folder]);
    const before = await take(g, r);
    // The next agent, in that same second: a file planted, the folder's mtime set back.
    writeFileSync(join(folder, "planted.js"), "evil\n");
    forgeMtime(folder, st);
    const found = diff(before, await take(g, r)).map((c) => `${c.how} ${c.what}`);
    expect(found).toEqual(["added file:src/deep/planted.js"]);
  });

  it("lets git write no copy while an agent or check runs", async () => {
    const r = repos.running as string;
    const g = new Git(r);
    await take(g, r);
    await take(g, r);
    const [copy] = copies(r);
    const was = statSync(copy as string, { bigint: true });
    const running = runProcess({
      command: ["sleep", "1"],
      cwd: r,
      env: { PATH: process.env.PATH ?? "" },
      logFile: join(r, ".git/sleep.log"),
      timeoutMs: 0,
    });
    await sleep(50);
    writeFileSync(join(r, "src/deep/planted.js"), "evil\n");
    const during = await take(g, r);
    expect(during.entries.has("file:src/deep/planted.js")).toBe(true);
    // The reading used the user's index: the copy is as git last wrote it before the agent started.
    expect(statSync(copy as string, { bigint: true }).ctimeNs).toBe(was.ctimeNs);
    await running;
  });
});
