import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../src/run/status.js";
import { cli, tempDir } from "../helpers/cli.js";
import { git, makeRepo, readJson } from "../helpers/repo.js";

const ENV = { AGENT_FLOW_RETRY_DELAY_MS: "50" };

function runOf(repo: string): RunStatus {
  const runs = readdirSync(join(repo, "docs/status/runs"));
  expect(runs).toHaveLength(1);
  return readJson<RunStatus>(join(repo, "docs/status/runs", runs[0] as string, "pipeline_status.json"));
}

describe("engine state that agents can reach", () => {
  it("a planted latest link is replaced, never followed: its target survives", () => {
    const repo = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  dev:\n    run: 'mkdir -p docs/x; echo 1 > docs/x/a.md'\n    writes: [docs/x/**]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: dev\n",
      "src/keep.js": "precious\n",
    });
    mkdirSync(join(repo, "docs/status"), { recursive: true });
    symlinkSync("../../src", join(repo, "docs/status/latest"));
    const r = cli(["run", "--feature", "planted"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo, "src/keep.js"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(repo, "docs/status/latest")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(repo, "docs/status/latest/pipeline_status.json"))).toBe(true);
  });

  it("a planted .snapshots link is never written through: the run succeeds and says latest was not switched", () => {
    const repo = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  dev:\n    run: 'mkdir -p docs/x; echo 1 > docs/x/a.md'\n    writes: [docs/x/**]\nworkflows:\n  idea_to_feature:\n    steps:\n      - agent: dev\n",
    });
    const elsewhere = tempDir();
    mkdirSync(join(repo, "docs/status"), { recursive: true });
    symlinkSync(elsewhere, join(repo, "docs/status/.snapshots"));
    const r = cli(["run", "--feature", "snapshots"], { cwd: repo, env: ENV });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain("docs/status/latest was not switched to this run");
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(runOf(repo).state).toBe("succeeded");
  });

  it("an output folder holding a link or agent.log is refused before the agent counts as succeeded", () => {
    const repo = makeRepo({
      "agents/flow.yaml":
        "version: 1\nagents:\n  linker:\n    run: 'ln -s /etc/passwd \"$AGENT_OUTPUT/agent.log\"'\n  other:\n    run: 'ln -s /etc \"$AGENT_OUTPUT/etc\"'\nworkflows:\n  idea_to_feature:\n    steps:\n      - parallel: [linker, other]\n",
    });
    const r = cli(["run", "--feature", "links"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    const s = runOf(repo);
    const [linker, other] = s.steps[0]?.agents ?? [];
    expect(linker).toMatchObject({ state: "failed", commit: null });
    expect(linker?.error).toContain(`"agent.log", the engine's own log of the agent`);
    expect(other?.error).toContain(`its output folder holds a symbolic link, "etc"`);
    const out = join(repo, "docs/status/runs", s.run_id);
    expect(lstatSync(join(out, "linker/agent.log")).isFile()).toBe(true);
    expect(existsSync(join(out, "other/etc"))).toBe(false);
  });

  it("an agent cannot open the commit gate with a trigger its raises: does not declare", () => {
    const repo = makeRepo({
      "agents/flow.yaml": `version: 1
agents:
  dev:
    run: 'touch "$AGENT_TRIGGERS/all_green"; mkdir -p docs; echo x > docs/x.md'
    writes: [docs/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
      - check: 'false'
        on_success: all_green
      - commit: {}
triggers:
  all_green: commit
`,
    });
    const r = cli(["run", "--feature", "gate"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(
      "dev raised 'all_green', which its 'raises:' does not declare; ignored",
    );
    expect(git(repo, "branch", "--list", "feature/*")).toBe("");
  });

  it("a trigger's max reached: no resume hint, and --retry says why the run cannot succeed", () => {
    const repo = makeRepo({
      "agents/flow.yaml": `version: 1
agents:
  fixer:
    run: 'true'
workflows:
  idea_to_feature:
    steps:
      - check: 'false'
        on_failure: tests_failed
  triage:
    steps:
      - agent: fixer
triggers:
  tests_failed: { workflow: triage, max: 1 }
`,
    });
    const r = cli(["run", "--feature", "bound"], { cwd: repo, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("trigger 'tests_failed' was raised 2 times, more than its bound (max: 1)");
    expect(r.stderr).not.toContain("--retry");
    const s = runOf(repo);
    expect(s.steps.map((x) => `${x.key}:${x.state}`)).toEqual([
      "idea_to_feature/check#1:failed",
      "triage/fixer#1:succeeded",
      "idea_to_feature/check#2:failed",
    ]);
    const again = cli(["run", "--run-id", s.run_id, "--retry"], { cwd: repo, env: ENV });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("cannot succeed by resuming it");
  });
});

describe("failed writes of the run's status and log (injected by replacing a file with a folder)", () => {
  // The agent retries until the folder stands: its own start is written while it starts, and that
  // write's rename can land between its rm and its mkdir.
  const FLOW = `version: 1
agents:
${[1, 2, 3]
  .map(
    (i) =>
      `  a${i}:\n    run: 'if [ "$(cat "$FAULT" 2>/dev/null | cut -d" " -f1)" = a${i} ]; then f="$AGENT_RUN_DIR/$(cut -d" " -f2 "$FAULT")"; until [ -d "$f" ]; do rm -f "$f"; mkdir "$f" 2>/dev/null; done; fi; mkdir -p docs; echo a${i} > docs/a${i}.md'\n    writes: [docs/a${i}.md]`,
  )
  .join("\n")}
workflows:
  idea_to_feature:
    steps:
      - agent: a1
      - agent: a2
      - agent: a3
`;
  const fault = join(tempDir(), "fault");
  const flow = FLOW.replaceAll("$FAULT", fault);
  const clean = makeRepo({ "agents/flow.yaml": flow });
  const uninterrupted = cli(["run", "--feature", "faults"], { cwd: clean, env: ENV });
  const expectedTree = git(clean, "rev-parse", `${runOf(clean).result_ref}^{tree}`);

  it("the uninterrupted run succeeds", () => {
    expect(uninterrupted.code).toBe(0);
  });

  for (const at of ["a1", "a2", "a3"])
    it(`pipeline.log unwritable from ${at} on: the run fails naming it, then resumes to the same result`, () => {
      const repo = makeRepo({ "agents/flow.yaml": flow });
      writeFileSync(fault, `${at} pipeline.log`);
      const r = cli(["run", "--feature", "faults"], { cwd: repo, env: ENV });
      rmSync(fault);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("pipeline.log");
      expect(r.stderr).toContain("EISDIR");
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const s = runOf(repo);
      expect(s.state).toBe("failed");
      expect(s.engine).toBeNull();
      rmSync(join(repo, "docs/status/runs", s.run_id, "pipeline.log"), { recursive: true });
      const again = cli(["run", "--run-id", s.run_id, "--retry"], { cwd: repo, env: ENV });
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
      expect(git(repo, "rev-parse", `${s.result_ref}^{tree}`)).toBe(expectedTree);
    });

  it("pipeline_status.json unwritable: the run fails naming it, without a crash", () => {
    const repo = makeRepo({ "agents/flow.yaml": flow });
    writeFileSync(fault, "a2 pipeline_status.json");
    const r = cli(["run", "--feature", "faults"], { cwd: repo, env: ENV });
    rmSync(fault);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pipeline_status.json");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(repo, ".locks")).filter((f) => f.endsWith(".lock"))).toEqual([]);
  });
});
