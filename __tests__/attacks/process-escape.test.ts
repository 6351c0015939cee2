import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pidNamespaceAvailable } from "../../src/engine/containment.js";
import type { RunStatus } from "../../src/run/status.js";
import { CLI, cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

function flow(agents: string, steps: string): string {
  return `version: 1\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n`;
}

function onlyRun(repo: string): RunStatus {
  const [id] = readdirSync(join(repo, "docs/status/runs"));
  return readJson<RunStatus>(join(repo, "docs/status/runs", id as string, "pipeline_status.json"));
}

/** Live (non-zombie) processes whose command line holds `token`. */
function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (cmdline.includes(token) && !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z"))
        found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The hostile agent: starts a setsid child that ignores SIGTERM and, after `wait`, plants a file in
 * the worktree (which the pool hands to the next agent) and one outside it.
 */
function escaper(token: string, marks: string, wait: string, then = ""): string {
  const script = join(marks, "evil.sh");
  writeFileSync(
    script,
    `if [ -f ${marks}/killed ]; then exit 0; fi
setsid sh -c 'trap "" TERM HUP; ${wait}; mkdir -p src; echo planted > src/planted.js; echo escaped > ${marks}/escaped; : ${token}' &
echo started > ${marks}/started
${then}
`,
  );
  return `sh ${script}`;
}

const modes = [
  { mode: "process-tree", available: process.platform === "linux" },
  { mode: "pid-namespace", available: process.platform === "linux" && pidNamespaceAvailable() },
];

describe("attack: processes that outlive their step", () => {
  for (const { mode, available } of modes) {
    it.skipIf(!available)(
      `${mode}: a setsid child neither survives its agent nor writes into the next agent's worktree`,
      async () => {
        const marks = tempDir();
        const token = `agent-flow-attack-${mode}-${Date.now()}`;
        const repo = makeRepo({
          "agents/flow.yaml": flow(
            [
              `  evil:\n    run: ${escaper(token, marks, "sleep 2")}\n    writes: [docs/**]`,
              "  next:\n    run: 'sleep 3; mkdir -p src; echo ok > src/ok.js'\n    writes: [src/**]",
            ].join("\n"),
            "      - agent: evil\n      - agent: next",
          ),
        });
        const r = cli(["run", "--feature", "escape"], {
          cwd: repo,
          env: { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_CONTAINMENT: mode },
        });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(existsSync(join(marks, "started"))).toBe(true);
        expect(processesWith(token)).toEqual([]);
        const s = onlyRun(repo);
        const files = git(repo, "ls-tree", "-r", "--name-only", s.result_ref).split("\n");
        expect(files).toContain("src/ok.js");
        expect(files).not.toContain("src/planted.js");
        // A survivor would have written by now: its 2 s ran out while `next` slept 3 s, and none is left
        // (processesWith above) to write later. A short wait covers a write still landing.
        await sleep(500);
        expect(existsSync(join(marks, "escaped"))).toBe(false);
      },
    );

    it.skipIf(!available)(
      `${mode}: after a SIGKILL of the engine, --retry first ends what the dead engine left running`,
      async () => {
        const marks = tempDir();
        const token = `agent-flow-orphan-${mode}-${Date.now()}`;
        const repo = makeRepo({
          "agents/flow.yaml": flow(
            `  evil:\n    run: ${escaper(token, marks, `until [ -f ${marks}/go ]; do sleep 0.2; done`, "sleep 30")}\n    writes: [src/**]`,
            "      - agent: evil",
          ),
        });
        const env = { ...process.env, AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_CONTAINMENT: mode };
        const child = spawn(process.execPath, [CLI, "run", "--feature", "orphan"], {
          cwd: repo,
          stdio: "ignore",
          env,
        });
        const deadline = Date.now() + 20_000;
        while (!existsSync(join(marks, "started")) && Date.now() < deadline) await sleep(50);
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        writeFileSync(join(marks, "killed"), "");
        const again = cli(["run", "--run-id", onlyRun(repo).run_id, "--retry"], {
          cwd: repo,
          env: { AGENT_FLOW_RETRY_DELAY_MS: "50", AGENT_FLOW_CONTAINMENT: mode },
        });
        expect(again.stderr).toBe("");
        expect(again.code).toBe(0);
        expect(processesWith(token)).toEqual([]);
        const s = onlyRun(repo);
        expect(git(repo, "ls-tree", "-r", "--name-only", s.result_ref)).not.toContain("src/planted.js");
        // A survivor would now plant its file.
        writeFileSync(join(marks, "go"), "");
        await sleep(1500);
        expect(existsSync(join(marks, "escaped"))).toBe(false);
      },
    );
  }
});
