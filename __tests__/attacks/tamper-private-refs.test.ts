// The runs' private refs (refs/agent-flow/**) hold what a resume trusts: a run's saved state and its
// accepted commits. An agent that rewrites them, for its own run or another, is detected; the engine's
// own moves of them while an agent runs (a parallel group saving its members) are not reported.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { take } from "../../src/engine/fingerprint.js";
import { Git } from "../../src/engine/git.js";
import { acquireLock } from "../../src/lib/locks/index.js";
import { runLockResource } from "../../src/run/run-lock.js";
import { SRC_BUILD } from "../helpers/cli.js";
import { runAttack } from "../helpers/hostile.js";
import { git, makeRepo } from "../helpers/repo.js";
import { changesSince } from "../helpers/tamper.js";

const OWN = "20260101-000000-0000aaaa";
const OTHER = "20260101-000000-0000bbbb";

async function tamperedWith(r: string, act: () => void | Promise<void>): Promise<string[]> {
  const g = new Git(r);
  const before = await take(g, r);
  await act();
  return changesSince(g, before);
}

describe("private refs in the fingerprint", () => {
  it("the engine's own writes pass; an agent's rewrite of its run's state, or of another run's ref, is named", async () => {
    const r = makeRepo({ "a.txt": "a\n" });
    const head = git(r, "rev-parse", "HEAD");
    const tree = git(r, "rev-parse", "HEAD^{tree}");
    const g = new Git(r);
    await g.updateRefs([
      [`refs/agent-flow/${OWN}/state`, tree],
      [`refs/agent-flow/${OTHER}/state`, tree],
    ]);
    // This process is the run's engine: it holds the run lock.
    const lock = await acquireLock(
      r,
      runLockResource(OWN),
      { run_id: OWN, agent: "engine" },
      { timeoutMs: 1000 },
    );
    try {
      // The engine saving its state and a member's commit while another agent runs.
      expect(
        await tamperedWith(r, () =>
          g.updateRefs([
            [`refs/agent-flow/${OWN}/state`, head],
            [`refs/agent-flow/${OWN}/steps/idea_to_feature.1/agents/a`, head],
          ]),
        ),
      ).toEqual([]);
      // The same moves made by someone else (an agent's `git update-ref`).
      expect(
        await tamperedWith(r, () => {
          git(r, "update-ref", `refs/agent-flow/${OWN}/state`, tree);
          git(r, "update-ref", "-d", `refs/agent-flow/${OWN}/steps/idea_to_feature.1/agents/a`);
          git(r, "update-ref", `refs/agent-flow/${OTHER}/state`, head);
        }),
      ).toEqual([
        `changed ref:refs/agent-flow/${OWN}/state`,
        `removed ref:refs/agent-flow/${OWN}/steps/idea_to_feature.1/agents/a`,
        `changed ref:refs/agent-flow/${OTHER}/state`,
      ]);
      // A value the engine wrote before the agent started is no excuse for going back to it.
      await g.updateRef(`refs/agent-flow/${OWN}/state`, head);
      await g.updateRef(`refs/agent-flow/${OWN}/state`, tree);
      expect(
        await tamperedWith(r, () => {
          git(r, "update-ref", `refs/agent-flow/${OWN}/state`, head);
        }),
      ).toEqual([`changed ref:refs/agent-flow/${OWN}/state`]);
    } finally {
      await lock.release();
    }
  });

  it("another run's refs moved by that run's own live engine, removed by a cleanup, or a new run's head are not reported", async () => {
    const r = makeRepo({ "a.txt": "a\n" });
    const head = git(r, "rev-parse", "HEAD");
    const tree = git(r, "rev-parse", "HEAD^{tree}");
    git(r, "update-ref", `refs/agent-flow/${OTHER}/state`, tree);
    git(r, "update-ref", "refs/agent-flow/20250101-000000-0000cccc/state", tree);
    // Another process holds OTHER's run lock, as its engine would.
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { acquireLock } = await import(${JSON.stringify(join(SRC_BUILD, "lib/locks/index.js"))});
await acquireLock(${JSON.stringify(r)}, "run-${OTHER}", { run_id: "${OTHER}", agent: "engine" }, { timeoutMs: 5000 });
console.log("held");
setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on("data", (d: Buffer) => d.toString().includes("held") && resolve());
        holder.once("exit", () => reject(new Error("the lock holder ended")));
      });
      expect(
        await tamperedWith(r, () => {
          git(r, "update-ref", `refs/agent-flow/${OTHER}/state`, head);
          git(r, "update-ref", "-d", "refs/agent-flow/20250101-000000-0000cccc/state");
          // A run being started elsewhere, before it holds its run lock.
          git(r, "update-ref", "refs/agent-flow/20260101-000000-0000dddd/head", head);
          // That run's commit step makes its branch (two runs of one repository at once).
          git(r, "branch", `feature/same-${OTHER}`, head);
        }),
      ).toEqual([]);
      // A branch naming no live run, or an existing branch moved (even the other run's), is reported.
      git(r, "branch", "kept", head);
      const other = git(r, "commit-tree", tree, "-p", head, "-m", "moved");
      const changes = await tamperedWith(r, () => {
        git(r, "branch", "feature/same-20250101-000000-0000cccc", head);
        git(r, "update-ref", `refs/heads/feature/same-${OTHER}`, other);
        git(r, "update-ref", "refs/heads/kept", other);
      });
      expect(changes).toEqual([
        "added ref:refs/heads/feature/same-20250101-000000-0000cccc",
        `changed ref:refs/heads/feature/same-${OTHER}`,
        "changed ref:refs/heads/kept",
      ]);
    } finally {
      holder.kill("SIGKILL");
    }
  });
});

describe("attack: an agent rewrites the runs' private refs", () => {
  it("its own run's saved state: the run fails naming the ref, nothing is pushed", () => {
    const out = runAttack({
      script: `run=$(basename "$AGENT_RUN_DIR")
blob=$(printf '{"forged":true}\\n' | git -C {{REPO}} hash-object -w --stdin)
git -C {{REPO}} update-ref "refs/agent-flow/$run/state" "$blob"
mkdir -p src && echo ok > src/ok.js`,
      expect: { detected: /changed: ref refs\/agent-flow\/[^/]+\/state/, changes: [] },
    });
    expect(out.ran.code).not.toBe(0);
  });

  it("another run's ref: the run fails naming it, nothing is pushed", () => {
    runAttack({
      script: `blob=$(printf '{"forged":true}\\n' | git -C {{REPO}} hash-object -w --stdin)
git -C {{REPO}} update-ref refs/agent-flow/${OTHER}/state "$blob"
mkdir -p src && echo ok > src/ok.js`,
      expect: { detected: new RegExp(`added: ref refs/agent-flow/${OTHER}/state`), changes: [] },
    });
  });
});
