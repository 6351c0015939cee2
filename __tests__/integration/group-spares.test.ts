// A parallel group's members begin in contained processes made ahead (process-spare.ts, group-spares.ts):
// the first step's while the run starts, a later step's while the step before it runs, so that no member
// forks the engine between the step's start and its agent's start (issue 12). What must hold: every
// member still runs in its own PID namespace, exactly as a spawned one would, the spares are made only
// where a PID namespace is the containment, and they are never more than a group can take. No timings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pidNamespaceAvailable } from "../../src/engine/containment.js";
import { runProcess } from "../../src/engine/process.js";
import {
  AttemptSpare,
  disposeSpare,
  keepSparesReady,
  keptSpares,
  takeSpare,
} from "../../src/engine/process-spare.js";
import type { RunStatus } from "../../src/run/status.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const available = process.platform === "linux" && pidNamespaceAvailable();
const ENV = { AGENT_FLOW_CONTAINMENT: "pid-namespace", AGENT_FLOW_RETRY_DELAY_MS: "50" };

// Each member writes what runs as its namespace's first process: `/bin/sh -s` for a spare's shell (it
// reads its script on stdin), `/bin/sh -c ...` for a chain spawned for the command.
const member = (n: string, after = ""): string =>
  `  ${n}:\n    run: 'mkdir -p out; tr "\\000" " " < /proc/1/cmdline > out/${n}.txt; echo >> out/${n}.txt; echo "$$" >> out/${n}.txt${after}'\n    writes: [out/${n}.txt]\n    retries: 0`;

const FLOW = `version: 1
defaults: { parallel_max: 3 }
agents:
${["a", "b", "c"].map((n) => member(n, "; sleep 1")).join("\n")}
${["d", "e", "f"].map((n) => member(n)).join("\n")}
workflows:
  idea_to_feature:
    steps:
      - parallel: [a, b, c]
        name: first
      - parallel: [d, e, f]
        name: second
`;

const saved = process.env.AGENT_FLOW_CONTAINMENT;
beforeAll(() => {
  process.env.AGENT_FLOW_CONTAINMENT = "pid-namespace";
});
afterAll(() => {
  if (saved === undefined) delete process.env.AGENT_FLOW_CONTAINMENT;
  else process.env.AGENT_FLOW_CONTAINMENT = saved;
});

describe.skipIf(!available)("a parallel group's spares", () => {
  it("are kept as many as asked, each taken by one attempt, each running its own command", async () => {
    disposeSpare(takeSpare()); // none kept before
    keepSparesReady(3);
    for (let i = 0; i < 200 && keptSpares() < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(keptSpares()).toBe(3);
    const attempts = [new AttemptSpare(), new AttemptSpare(), new AttemptSpare()];
    expect(keptSpares()).toBe(0);
    const pids = attempts.map((a) => a.spare?.pid);
    expect(new Set(pids).size).toBe(3);
    const dir = tempDir("agent-flow-group-spares-");
    const results = await Promise.all(
      attempts.map((a, i) =>
        runProcess({
          command: ["sh", "-c", `echo "$$" > m${i}; exit ${i}`],
          cwd: dir,
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
          logFile: join(dir, `log${i}`),
          timeoutMs: 10_000,
          spare: a.spare,
        }),
      ),
    );
    expect(results.map((r) => r.exitCode)).toEqual([0, 1, 2]);
    expect(results.map((r) => r.pid)).toEqual(pids);
    // Each in its own PID namespace: the command's shell is pid 2 there (the namespace's shell is 1).
    for (const i of [0, 1, 2]) expect(readFileSync(join(dir, `m${i}`), "utf8").trim()).toBe("2");
    for (const a of attempts) a.dispose(); // used: no-ops
    disposeSpare(takeSpare()); // the one the last launch keeps for a next attempt
  });

  it("start every member of the first step and of the next one in a spare made ahead, each contained", () => {
    const repo = makeRepo({ "agents/flow.yaml": FLOW });
    const r = cli(["run", "--feature", "spares"], { cwd: repo, env: ENV });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [id] = git(repo, "for-each-ref", "--format=%(refname)", "refs/agent-flow/")
      .split("\n")
      .map((ref) => ref.split("/")[2]);
    const status = readJson<RunStatus>(join(repo, "docs/status/runs", id as string, "pipeline_status.json"));
    expect(status.state).toBe("succeeded");
    for (const n of ["a", "b", "c", "d", "e", "f"]) {
      const [first, own] = git(repo, "show", `${status.result_ref}:out/${n}.txt`).split("\n");
      expect(first?.trim(), n).toBe("/bin/sh -s");
      expect(own, n).toBe("2"); // in a namespace of its own
    }
    // Members that end together are saved with their step (agent-group.ts): each one's commit has its ref.
    const refs = git(repo, "for-each-ref", "--format=%(refname)", `refs/agent-flow/${id}/steps/`).split("\n");
    for (const [step, names] of [
      ["first", "abc"],
      ["second", "def"],
    ] as const)
      for (const n of names)
        expect(refs).toContain(`refs/agent-flow/${id}/steps/idea_to_feature/${step}.1/agents/${n}`);
  });
});
