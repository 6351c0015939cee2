// The whole engine, two runs: between them a same-user process (an agent of another run) makes the
// pool's free directory look like a clean checkout of main, except for one file whose entry names a blob
// of its own under a cache-tree naming main's tree. The next run's agent changes another file of that
// folder: its commit, its branch and what is pushed must hold main's content for the forged file (on
// main before the fix the forged blob reached the agent's commit and the commit step refused the run).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers/cli.js";
import { forgeEntry } from "../helpers/index-forge.js";
import { git, makeRepo } from "../helpers/repo.js";

const FLOW = (script: string): string => `version: 1
agents:
  dev:
    run: 'sh ${script}'
    writes: ["src/**"]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - commit: {}
`;

/** The pool folder of `repo` (its `repository` file names it). */
function poolOf(repo: string): string {
  const root = process.env.AGENT_FLOW_POOL_DIR as string;
  const real = realpathSync(join(repo, ".git"));
  for (const name of readdirSync(root)) {
    try {
      if (readFileSync(join(root, name, "repository"), "utf8").trim() === real) return join(root, name);
    } catch {
      // not a pool folder
    }
  }
  throw new Error(`no pool for ${repo} in ${root}`);
}

describe("attack: a pooled directory and its index forged between two runs", () => {
  it("the next run's commit and pushed branch hold main's content for the forged file", () => {
    const repo = makeRepo({ "src/a.txt": "alpha\n", "src/c.txt": "charlie\n", "agents/flow.yaml": "" });
    const remoteDir = tempDir("agent-flow-remote-");
    const scratch = tempDir("agent-flow-attack-");
    try {
      const remote = join(remoteDir, "origin.git");
      git(repo, "init", "--quiet", "--bare", remote);
      git(repo, "remote", "add", "origin", remote);
      const script = join(scratch, "agent.sh");
      // The agent records what it found in src/a.txt, then changes src/c.txt.
      writeFileSync(
        script,
        `cat src/a.txt > "$(mktemp ${scratch}/seen.XXXXXX)"\necho changed >> src/c.txt\n`,
      );
      writeFileSync(join(repo, "agents/flow.yaml"), FLOW(script));
      git(repo, "add", "agents/flow.yaml");
      git(repo, "commit", "--quiet", "-m", "flow");
      git(repo, "push", "--quiet", "origin", "main");
      const env = { AGENT_FLOW_AUTHOR: "Robo Dev <robo@example.com>" };
      const first = cli(["run", "--feature", "one"], { cwd: repo, env });
      expect(first.code, first.stdout + first.stderr).toBe(0);

      // The attacker: w0 made a clean checkout of main, then src/a.txt rewritten and its entry forged.
      const w0 = join(poolOf(repo), "w0");
      const idx = `${w0}.index`;
      const g = (...args: string[]) => {
        const r = spawnSync("git", [`--git-dir=${join(repo, ".git")}`, `--work-tree=${w0}`, ...args], {
          cwd: w0,
          env: { ...process.env, GIT_INDEX_FILE: idx },
          encoding: "utf8",
        });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout.trim();
      };
      g("read-tree", "-u", "--reset", "main");
      const f = join(w0, "src/a.txt");
      writeFileSync(f, "EVIL!!\n");
      const past = new Date(Date.now() - 60_000);
      utimesSync(f, past, past);
      const blob = g("hash-object", "-w", "src/a.txt");
      forgeEntry(idx, f, "src/a.txt", blob);

      const second = cli(["run", "--feature", "two"], { cwd: repo, env });
      const report = second.stdout + second.stderr;
      expect(second.code, report).toBe(0);
      const seen = readdirSync(scratch)
        .filter((n) => n.startsWith("seen."))
        .map((n) => readFileSync(join(scratch, n), "utf8"));
      expect(seen).toEqual(["alpha\n", "alpha\n"]);
      const branches = git(remote, "for-each-ref", "--format=%(refname)", "refs/heads/feature/")
        .split("\n")
        .filter(Boolean);
      expect(branches).toHaveLength(2);
      for (const b of branches) {
        expect(git(remote, "cat-file", "-p", `${b}:src/a.txt`)).toBe("alpha");
        expect(git(remote, "diff", "--name-only", "main", b)).toBe("src/c.txt");
      }
    } finally {
      for (const d of [repo, remoteDir, scratch]) rmSync(d, { recursive: true, force: true });
    }
  });
});
