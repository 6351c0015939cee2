// What keeps a parallel group as fast as its slowest agent (issue 12) must not change what is recorded:
// events that share a status write keep their own lines and times, a group wider than the pool's
// POOL_KEEP keeps its directories from run to run, and members that finish together and share a save
// are each kept across a crash. Real repositories, real files, the real CLI; no timings.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EngineEvent, Reporter } from "../../src/engine/reporter.js";
import { RunRecorder } from "../../src/engine/run-recorder.js";
import { RunWorkspace } from "../../src/engine/workspace.js";
import { POOL_KEEP, poolKeep, WIDTH_FRESH_MS } from "../../src/engine/worktree-pool.js";
import type { RunStatus } from "../../src/run/status.js";
import { statusFile } from "../../src/run/store.js";
import { CLI, cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

function groupFlow(names: string[], run: (name: string) => string): string {
  const agents = names.map((n) => `  ${n}:\n    run: '${run(n)}'\n    writes: [out/${n}.txt]`).join("\n");
  return `version: 1\ndefaults: { parallel_max: ${names.length} }\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n      - parallel: [${names.join(", ")}]\n`;
}

const runsOf = (repo: string): RunStatus[] =>
  readdirSync(join(repo, "docs/status/runs"))
    .sort()
    .map((id) => readJson<RunStatus>(join(repo, "docs/status/runs", id, "pipeline_status.json")));

describe("RunRecorder", () => {
  it("writes events that arrive together in one status write, each with its own line, in order", async () => {
    const root = tempDir();
    const s = { run_id: "20250101-000000-aaaaaaaa", steps: [] } as unknown as RunStatus;
    // The inode of the status file when the reporter hears of each event: each write renames a new file.
    const inodes: number[] = [];
    const heard: string[] = [];
    const reporter: Reporter = {
      update(e: EngineEvent) {
        heard.push(e.type === "message" ? e.text : e.type);
        inodes.push(statSync(statusFile(root, s.run_id)).ino);
      },
    };
    const rec = new RunRecorder(root, s, reporter);
    const texts = Array.from({ length: 16 }, (_, i) => `event ${i}`);
    await Promise.all(texts.map((text) => rec.changed({ type: "message", level: "warning", text })));
    expect(rec.writeFailure).toBeNull();
    expect(heard).toEqual(texts);
    expect(new Set(inodes).size).toBe(1);
    const log = readFileSync(join(root, "docs/status/runs", s.run_id, "pipeline.log"), "utf8");
    const lines = log.split("\n").filter(Boolean);
    expect(lines.map((l) => l.replace(/^\S+ /, ""))).toEqual(texts.map((t) => `[warning] ${t}`));
    // One made after that write goes in a write of its own.
    await rec.changed({ type: "message", level: "warning", text: "later" });
    expect(new Set(inodes).size).toBe(2);
  });
});

describe("a parallel group", () => {
  it("wider than the pool keeps its directories through the automatic cleanup, until the width is old", async () => {
    const names = Array.from({ length: POOL_KEEP + 4 }, (_, i) => `p${i + 1}`);
    const repo = makeRepo({
      "agents/flow.yaml": groupFlow(names, (n) => `sleep 0.5; mkdir -p out; echo ${n} > out/${n}.txt`),
    });
    const pool = RunWorkspace.poolDir(join(repo, ".git"));
    const slots = (): string[] => readdirSync(pool).filter((n) => /^w\d+$/.test(n));
    const env = { ...ENV, AGENT_AUTO_CLEANUP: "true" };
    const first = cli(["run", "--feature", "wide-one"], { cwd: repo, env });
    expect(first.code, first.stderr).toBe(0);
    // Nothing about listeners on the run's cancel signal: each member adds its own.
    expect(first.stderr).toBe("");
    expect(slots()).toHaveLength(names.length);
    // Every directory keeps its index for the next run (adopted with the bytes of its snapshot, which a
    // group wider than the records' kept views used to lose: snap-records.ts).
    expect(slots().filter((n) => !existsSync(join(pool, `${n}.index`)))).toEqual([]);
    // Each member's staging folder is gone, once the group was combined (staging-later.ts).
    const work = join(repo, "docs/status/runs", runsOf(repo)[0]?.run_id ?? "", ".work");
    const keys = existsSync(work) ? readdirSync(work) : [];
    expect(keys.flatMap((k) => readdirSync(join(work, k)))).toEqual([]);
    const last = join(pool, `w${names.length - 1}`);
    const ino = statSync(last).ino;
    const second = cli(["run", "--feature", "wide-two"], { cwd: repo, env });
    expect(second.code, second.stderr).toBe(0);
    // Not removed and checked out anew: the same directory.
    expect(statSync(last).ino).toBe(ino);
    expect(runsOf(repo).every((s) => s.state === "succeeded")).toBe(true);
    // A width recorded long ago keeps nothing beyond POOL_KEEP: cleanup removes the surplus.
    const old = new Date(Date.now() - WIDTH_FRESH_MS - 86_400_000);
    utimesSync(join(pool, "width"), old, old);
    expect(await poolKeep(pool)).toBe(POOL_KEEP);
    const clean = cli(["cleanup"], { cwd: repo, env: ENV });
    expect(clean.code, clean.stderr).toBe(0);
    expect(slots()).toHaveLength(POOL_KEEP);
    expect(existsSync(last)).toBe(false);
  });

  it("keeps every member that finished before a crash, also those saved together", async () => {
    const marks = tempDir();
    const names = ["a", "b", "c", "slow"];
    const repo = makeRepo({
      "agents/flow.yaml": groupFlow(names, (n) =>
        n === "slow"
          ? `echo x >> ${marks}/slow; if [ ! -f ${marks}/killed ]; then sleep 30; fi; mkdir -p out; echo slow > out/slow.txt`
          : `echo x >> ${marks}/${n}; mkdir -p out; echo ${n} > out/${n}.txt`,
      ),
    });
    const child = spawn(process.execPath, [CLI, "run", "--feature", "crash"], {
      cwd: repo,
      stdio: "ignore",
      env: { ...process.env, ...ENV },
    });
    // The three quick members finish at about the same time (as the status tells).
    const deadline = Date.now() + 30_000;
    const done = (): boolean => {
      try {
        return runsOf(repo)[0]?.steps[0]?.agents.filter((a) => a.state === "succeeded").length === 3;
      } catch {
        return false; // the run's folder or status file is still being made
      }
    };
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(done()).toBe(true);
    const [crashing] = runsOf(repo);
    const runId = crashing?.run_id as string;
    // Saved on the run's state ref (the status file is only a view): wait until it holds all three.
    const kept = (): string[] => {
      const state = JSON.parse(git(repo, "cat-file", "-p", `refs/agent-flow/${runId}/state`)) as {
        machine: { pending: { agents: { agent: string; ok: boolean }[] } | null };
      };
      return (state.machine.pending?.agents ?? []).filter((a) => a.ok).map((a) => a.agent);
    };
    while (kept().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(kept().sort()).toEqual(["a", "b", "c"]);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    writeFileSync(join(marks, "killed"), "");
    const again = cli(["run", "--run-id", runId, "--retry"], { cwd: repo, env: ENV });
    expect(again.code, again.stderr).toBe(0);
    // Only the member that had not finished ran again.
    for (const n of ["a", "b", "c"]) expect(readFileSync(join(marks, n), "utf8")).toBe("x\n");
    expect(readFileSync(join(marks, "slow"), "utf8")).toBe("x\nx\n");
    const s = runsOf(repo)[0] as RunStatus;
    expect(s.state).toBe("succeeded");
    expect(git(repo, "ls-tree", "-r", "--name-only", s.result_ref).split("\n")).toEqual(
      expect.arrayContaining(["out/a.txt", "out/b.txt", "out/c.txt", "out/slow.txt"]),
    );
  });
});
