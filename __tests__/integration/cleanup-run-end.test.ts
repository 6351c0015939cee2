import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";

const FLOW = `version: 1
agents:
  writer:
    run: 'echo "$RUN_ID" > docs/run.txt'
    writes: [docs/**]
workflows:
  idea_to_feature:
    steps:
      - agent: writer
`;

/** Polls `done` every 50 ms, at most `ms`: only a bound, never a measure. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}

describe("the end of a run", () => {
  it("exits without removing another repository's orphan pool itself: a detached rm does, after", async () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW, "docs/README.md": "x\n" });
    const pools = tempDir("agent-flow-pools-");
    // The pool of a repository deleted since: its recorded git dir is gone.
    const orphan = join(pools, "gone-0123456789abcdef");
    mkdirSync(join(orphan, "w0", "src"), { recursive: true });
    writeFileSync(join(orphan, "w0", "src", "f.txt"), "x");
    writeFileSync(join(orphan, "repository"), `${join(repo, "deleted-repo", ".git")}\n`);
    // An `rm` first on PATH that records its arguments and, for a folder set aside, waits for the test:
    // were the run's process waiting for that removal, it could not exit before the test lets rm go on.
    const bin = tempDir("agent-flow-bin-");
    const calls = join(bin, "calls.txt");
    const release = join(bin, "release");
    const realRm = ["/bin/rm", "/usr/bin/rm"].find((p) => existsSync(p)) as string;
    writeFileSync(
      join(bin, "rm"),
      `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$*" in *.removing-*) n=0; while [ ! -e '${release}' ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done;; esac\nexec ${realRm} "$@"\n`,
      { mode: 0o755 },
    );
    const r = cli(["run", "--feature", "one", "--quiet"], {
      cwd: repo,
      env: { AGENT_FLOW_POOL_DIR: pools, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.code, r.stderr).toBe(0);
    // The run has exited; the orphan is no longer under its name, and its removal is still held up.
    expect(existsSync(orphan)).toBe(false);
    const aside = readdirSync(pools).filter((n) => n.startsWith(".removing-gone-0123456789abcdef-"));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(pools, aside[0] as string, "w0", "src", "f.txt"))).toBe(true);
    // The detached rm was spawned before the run exited, but may not have written its line yet.
    const called = () =>
      existsSync(calls) && readFileSync(calls, "utf8").includes(`-rf -- ${join(pools, aside[0] as string)}`);
    expect(await until(called, 30_000)).toBe(true);
    writeFileSync(release, "");
    expect(await until(() => !existsSync(join(pools, aside[0] as string)), 30_000)).toBe(true);
    // The repository's own pool stays.
    expect(readdirSync(pools).filter((n) => !n.startsWith("."))).toHaveLength(1);
  }, 90_000);
});
