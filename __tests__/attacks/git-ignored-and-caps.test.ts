import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { git } from "../helpers/repo.js";
import { cleanup, fingerprint, flow, run, temp, userRepo } from "./git-helpers.js";

afterAll(cleanup);

const GITIGNORE = "docs/status/\n.locks/\n.triggers/\nnode_modules/\n";

/** A check that installs its runner only when node_modules lacks it, counting installs in `count`. */
const check = (count: string, runner: string): string =>
  `      - check: 'test -x node_modules/.bin/runner || { echo x >> ${count}; mkdir -p node_modules/.bin; printf "#!/bin/sh\\n${runner}\\n" > node_modules/.bin/runner; chmod +x node_modules/.bin/runner; }; node_modules/.bin/runner'\n`;

const summary = (repo: string): { passed: boolean } => {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  const dir = join(repo, "docs/status/runs", runs[runs.length - 1] as string);
  return JSON.parse(readFileSync(join(dir, "test_results/summary.json"), "utf8"));
};

const installs = (count: string): number => {
  try {
    return readFileSync(count, "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

describe("ignored files and caps", () => {
  it("a runner an agent replaced in an ignored node_modules/.bin is wiped before the check", () => {
    const count = join(temp("agent-flow-count-"), "installs");
    const evil =
      'mkdir -p node_modules/.bin docs; printf "#!/bin/sh\\nexit 0\\n" > node_modules/.bin/runner; chmod +x node_modules/.bin/runner; echo bad > docs/result.md';
    const repo = userRepo({
      ".gitignore": GITIGNORE,
      "agents/flow.yaml": flow(
        `  evil:\n    run: '${evil}'\n    writes: [docs/**]`,
        `      - agent: evil\n${check(count, "grep -q good docs/result.md")}`,
      ),
    });
    const r = run(repo, "runner");
    expect(r.code).not.toBe(0);
    expect(summary(repo).passed).toBe(false);
    expect(installs(count)).toBe(1); // the genuine runner was installed, not the agent's used
  });

  it("a runner members of a parallel group replaced is wiped before the check that follows the group", () => {
    // Members of a group leave their ignored files to be looked at when their directory is next used.
    const count = join(temp("agent-flow-count-"), "installs");
    const evil = (dir: string) =>
      `mkdir -p node_modules/.bin ${dir}; printf "#!/bin/sh\\nexit 0\\n" > node_modules/.bin/runner; chmod +x node_modules/.bin/runner; echo bad > ${dir}/result.md`;
    const repo = userRepo({
      ".gitignore": GITIGNORE,
      "agents/flow.yaml": flow(
        `  evil1:\n    run: '${evil("docs/a")}'\n    writes: [docs/a/**]\n  evil2:\n    run: '${evil("docs/b")}'\n    writes: [docs/b/**]`,
        `      - parallel: [evil1, evil2]\n${check(count, "grep -q good docs/a/result.md")}`,
      ),
    });
    const r = run(repo, "group-runner");
    expect(r.code).not.toBe(0);
    expect(summary(repo).passed).toBe(false);
    expect(installs(count)).toBe(1); // the genuine runner was installed, not a member's used
  });

  it("keeps a dependency folder a check installed across agents, checks and runs", () => {
    const count = join(temp("agent-flow-count-"), "installs");
    const repo = userRepo({
      ".gitignore": GITIGNORE,
      "agents/flow.yaml": flow(
        "  dev:\n    run: 'mkdir -p docs && date +%s%N > docs/x.md'\n    writes: [docs/**]",
        `${check(count, "exit 0")}      - agent: dev\n${check(count, "exit 0")}`,
      ),
    });
    const r = run(repo, "deps");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(installs(count)).toBe(1);
    expect(installs(count)).toBe(1);
    const r2 = run(repo, "deps2");
    expect(r2.code).toBe(0);
    expect(installs(count)).toBe(1);
  });

  it("refuses an attempt over max_changed_bytes before the file reaches the object store", () => {
    const repo = userRepo({
      "agents/flow.yaml": flow(
        "  big:\n    run: 'mkdir -p docs && head -c 2097152 /dev/zero > docs/big.bin'\n    writes: [docs/**]",
        "      - agent: big",
        "policy:\n  max_changed_bytes: 1048576\n",
      ),
    });
    const before = fingerprint(repo);
    const r = run(repo, "big");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'add up to 2097152 bytes, more than policy.max_changed_bytes (1048576); the largest is "docs/big.bin" (2097152 bytes)',
    );
    const blob = execFileSync("git", ["hash-object", "--stdin"], { cwd: repo, input: Buffer.alloc(2097152) })
      .toString()
      .trim();
    expect(() => git(repo, "cat-file", "-e", blob)).toThrow();
    expect(fingerprint(repo)).toEqual(before);
  });

  it("refuses an attempt over max_changed_files, naming the count and the cap", () => {
    const repo = userRepo({
      "agents/flow.yaml": flow(
        "  many:\n    run: 'mkdir -p docs && for i in 1 2 3 4; do echo $i > docs/$i.md; done'\n    writes: [docs/**]",
        "      - agent: many",
        "policy:\n  max_changed_files: 3\n",
      ),
    });
    const r = run(repo, "many");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the agent changed 4 files, more than policy.max_changed_files (3)");
  });

  it("refuses an attempt that wrote a file name that is not UTF-8, saying so, and keeps none of it", () => {
    const repo = userRepo({
      "agents/flow.yaml": flow(
        `  latin:\n    run: 'mkdir -p docs && printf x > "docs/$(printf "caf\\351")"; echo ok > docs/ok.md'\n    writes: [docs/**]`,
        "      - agent: latin",
      ),
    });
    const r = run(repo, "latin");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('file whose name is not valid UTF-8 ("docs/caf\uFFFD"');
    // git's own complaint (the name given back to it decoded) is not what the user reads.
    expect(r.stderr).not.toContain("pathspec");
  });
});
