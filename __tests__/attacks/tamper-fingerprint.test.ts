// The fingerprint itself, on real repositories: what it sees, and what it must not report (the
// engine's own writes, repacked refs, a touch that changes no byte).
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { take } from "../../src/engine/fingerprint.js";
import { diff } from "../../src/engine/fingerprint-changes.js";
import { Git } from "../../src/engine/git.js";
import { tempDir } from "../helpers/cli.js";
import { git, makeRepo } from "../helpers/repo.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const r = makeRepo({
    "src/app.js": "export const x = 1;\n",
    ".gitignore": "docs/status/\nnode_modules/\n",
  });
  dirs.push(r);
  mkdirSync(join(r, "node_modules"));
  writeFileSync(join(r, "node_modules/dep.js"), "ignored\n");
  writeFileSync(join(r, "wip.txt"), "uncommitted\n");
  return r;
}

async function changesAfter(root: string, act: () => void): Promise<string[]> {
  const g = new Git(root);
  const before = await take(g, root);
  act();
  return diff(before, await take(g, root)).map((c) => `${c.how} ${c.what}`);
}

describe("the repository fingerprint", () => {
  it("ignores the engine's own writes: packed refs, its folder, run state, ignored files", async () => {
    const r = repo();
    const found = await changesAfter(r, () => {
      git(r, "pack-refs", "--all");
      mkdirSync(join(r, ".git/agent-flow/worktrees/pool"), { recursive: true });
      mkdirSync(join(r, "docs/status/runs/x"), { recursive: true });
      writeFileSync(join(r, "docs/status/runs/x/pipeline_status.json"), "{}");
      writeFileSync(join(r, "node_modules/dep.js"), "changed");
    });
    expect(found).toEqual([]);
  });

  it("reports no change for a touch that leaves the bytes alone, and sees a same-size rewrite with old times", async () => {
    const r = repo();
    const file = join(r, "src/app.js");
    const st = statSync(file);
    expect(await changesAfter(r, () => utimesSync(file, new Date(), new Date()))).toEqual([]);
    const found = await changesAfter(r, () => {
      writeFileSync(file, "export const x = 2;\n");
      utimesSync(file, st.atime, st.mtime);
    });
    expect(found).toEqual(["changed file:src/app.js"]);
  });

  it("names each kind of tampering", async () => {
    const r = repo();
    const hooks = tempDir("agent-flow-hooks-");
    dirs.push(hooks);
    git(r, "config", "core.hooksPath", hooks);
    const found = await changesAfter(r, () => {
      writeFileSync(join(hooks, "pre-push"), "#!/bin/sh\n");
      git(r, "symbolic-ref", "HEAD", "refs/heads/other");
      mkdirSync(join(r, ".git/objects/info"), { recursive: true });
      writeFileSync(join(r, ".git/objects/info/alternates"), "/tmp/evil/objects\n");
      writeFileSync(join(r, ".git/info/attributes"), "*.js -diff\n");
      writeFileSync(join(r, "wip.txt"), "lost\n");
      writeFileSync(join(r, "new.txt"), "planted\n");
    });
    expect(found).toEqual([
      "added file:new.txt",
      "changed file:wip.txt",
      "changed git-dir:HEAD",
      "added git:info/attributes",
      "added git:objects/info/alternates",
      `added hooks-path:${hooks}/pre-push`,
    ]);
  });
});
