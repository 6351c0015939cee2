import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

/** What an attacker wants: every GitHub credential the engine holds. */
const TOKENS = {
  GITHUB_TOKEN: "ghs_attackGITHUBTOKENvalue0001",
  GH_TOKEN: "ghp_attackGHTOKENvalue00000002",
  AGENT_FLOW_GITHUB_TOKEN: "github_pat_attackAFvalue0003",
  ACTIONS_RUNTIME_TOKEN: "eyJattackRUNTIMEvalue00000004",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "attackIDREQUESTvalue00000005",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://attack.invalid/idtoken0006",
};
const DECLARED = "sk-declared-only-for-leaky-0007";
const ENV = {
  AGENT_FLOW_RETRY_DELAY_MS: "50",
  ...TOKENS,
  MODEL_API_KEY: DECLARED,
  UNLISTED_VAR: "not-allowlisted-0008",
};

function flow(agents: string, steps: string): string {
  return `version: 1\nagents:\n${agents}\nworkflows:\n  idea_to_feature:\n    steps:\n${steps}\n`;
}

/** Every byte of every file under `dir`, for searching (the run folder, a bare remote's objects). */
function allText(dir: string): string {
  let out = "";
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isFile()) out += readFileSync(full, "latin1");
  }
  return out;
}

function onlyRun(repo: string): RunStatus {
  const [id] = readdirSync(join(repo, "docs/status/runs"));
  return readJson<RunStatus>(join(repo, "docs/status/runs", id as string, "pipeline_status.json"));
}

describe("attack: secrets in the environment", () => {
  it("an agent dumping its environment into the branch leaks no GitHub credential; a declared secret reaches only its agent", () => {
    const remote = tempDir("agent-flow-remote-");
    git(remote, "init", "--quiet", "--bare");
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        [
          "  leaky:\n    run: 'mkdir -p src; env > src/x; env > \"$AGENT_OUTPUT/env.txt\"; cat /proc/self/environ > src/environ'\n    writes: [src/**]\n    secrets: [MODEL_API_KEY]",
          "  other:\n    run: 'mkdir -p docs; env > docs/other-env'\n    writes: [docs/**]",
        ].join("\n"),
        "      - agent: leaky\n      - agent: other\n      - name: verify\n        check: env\n      - name: ship\n        commit:\n          remote: origin",
      ),
    });
    git(repo, "remote", "add", "origin", remote);
    const r = cli(["run", "--feature", "leak"], { cwd: repo, env: ENV });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = onlyRun(repo);
    const branch = git(remote, "for-each-ref", "--format=%(refname)", "refs/heads");
    expect(branch).not.toBe("");
    // What was pushed, decompressed: every file of every commit on the remote.
    const pushed = git(remote, "log", "--all", "-p", "--format=%H %B");
    expect(pushed).toContain("src/x");
    const leakyEnv = git(remote, "show", `${branch}:src/x`);
    const otherEnv = git(remote, "show", `${branch}:docs/other-env`);
    const runFiles = allText(join(repo, "docs/status"));
    const checkLog = readFileSync(
      join(repo, "docs/status/runs", s.run_id, "test_results/verify.log"),
      "utf8",
    );
    for (const [name, value] of Object.entries(TOKENS)) {
      for (const [where, text] of [
        ["pushed branch", pushed],
        ["run folder", runFiles],
        ["pipeline output", r.stdout + r.stderr],
      ] as const) {
        expect(text.includes(value), `${name} in ${where}`).toBe(false);
      }
      expect(leakyEnv).not.toMatch(new RegExp(`^${name}=`, "m"));
    }
    expect(leakyEnv).toContain(`MODEL_API_KEY=${DECLARED}`);
    expect(otherEnv).not.toContain(DECLARED);
    expect(checkLog).not.toContain(DECLARED);
    expect(checkLog).toContain(`RUN_ID=${s.run_id}`);
    for (const text of [leakyEnv, otherEnv, checkLog]) {
      expect(text).not.toContain("not-allowlisted-0008");
      expect(text).toMatch(/^PATH=/m);
    }
  });

  it.each([
    ["secrets: [GITHUB_TOKEN]", "agents.leaky.secrets[0]: agent 'leaky' declares GITHUB_TOKEN"],
    [
      "secrets: [ACTIONS_RUNTIME_TOKEN]",
      "agents.leaky.secrets[0]: agent 'leaky' declares ACTIONS_RUNTIME_TOKEN",
    ],
    ["env: { GH_TOKEN: x }", "agents.leaky.env.GH_TOKEN: agent 'leaky' sets GH_TOKEN"],
    ["secrets: [MISSING_KEY]", "agents.leaky.secrets[0]: agent 'leaky' needs MISSING_KEY, which is not set"],
  ])("refuses a run whose agent has %s before any agent starts", (line, message) => {
    const marks = tempDir();
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        `  first:\n    run: 'touch ${marks}/ran'\n  leaky:\n    run: 'env > ${marks}/env'\n    ${line}`,
        "      - agent: first\n      - agent: leaky",
      ),
    });
    const r = cli(["run", "--feature", "refused"], { cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`agents/flow.yaml: ${message}`);
    expect(existsSync(join(marks, "ran"))).toBe(false);
    expect(existsSync(join(marks, "env"))).toBe(false);
  });

  it("refuses a check whose env: names a GitHub credential", () => {
    const repo = makeRepo({
      "agents/flow.yaml": flow(
        "  a:\n    run: 'true'",
        "      - agent: a\n      - name: verify\n        check:\n          run: env\n          env: { GITHUB_TOKEN: x }",
      ),
    });
    const r = cli(["run", "--feature", "refused"], { cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "workflows.idea_to_feature.steps[1].check.env.GITHUB_TOKEN: check 'verify' sets GITHUB_TOKEN",
    );
  });
});
