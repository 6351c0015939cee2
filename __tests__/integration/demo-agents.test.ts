import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, tempDir } from "../helpers/cli.js";

/**
 * The demo's scripted agents (examples/demo/repo/agents/scripts), run as real processes under the engine's
 * environment contract simulated by hand: each agent gets its env, runs in the repository, its output
 * folder is copied into the run directory on acceptance, and the verify step is `node --test tests/`.
 * After every agent, `git status` must show changes inside its `writes:` scopes only.
 */

const DEMO = join(ROOT, "examples/demo");
const REQUEST = readFileSync(join(DEMO, "request.md"), "utf8");
const FEATURE = "position-limit";

interface AgentDef {
  run: string;
  output: string;
  writes?: string[];
}
const FLOW = parse(readFileSync(join(DEMO, "repo/agents/flow.yaml"), "utf8")) as {
  agents: Record<string, AgentDef>;
};

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "demo",
  GIT_AUTHOR_EMAIL: "demo@example.com",
  GIT_COMMITTER_NAME: "demo",
  GIT_COMMITTER_EMAIL: "demo@example.com",
};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end (async, so that the scenarios below can run side by side). */
function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await exec("git", ["-c", "gc.auto=0", ...args], cwd, GIT_ENV);
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function listFiles(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

interface Summary {
  command: string[];
  exit_code: number | null;
  passed: boolean;
  duration_ms: number;
  tests: { pass: number; fail: number } | null;
  output_tail: string;
}

/** A throwaway copy of the demo repository with a run directory, driven one agent at a time. */
class DemoRun {
  readonly repo: string;
  readonly runId: string;
  readonly runDir: string;
  readonly triggers: string;
  private seq = 0;

  static async create(root: string, request: string, runId: string): Promise<DemoRun> {
    const run = new DemoRun(root, request, runId);
    await git(run.repo, "init", "-q", "-b", "main");
    await git(run.repo, "add", "-A");
    await git(run.repo, "commit", "-qm", "demo repository");
    return run;
  }

  private constructor(
    private readonly root: string,
    request: string,
    runId: string,
  ) {
    this.runId = runId;
    this.repo = join(root, "repo");
    cpSync(join(DEMO, "repo"), this.repo, { recursive: true });
    this.runDir = join(this.repo, "docs/status/runs", runId);
    this.triggers = join(this.repo, ".triggers/runs", runId);
    mkdirSync(this.runDir, { recursive: true });
    writeFileSync(
      join(this.runDir, "feature_request.md"), // the header as src/engine/start.ts writes it
      `Feature: ${FEATURE}\nBase Branch: main\nRun ID: ${runId}\n\n${request}`,
    );
  }

  /** Runs one agent as the engine would; on success checks its changes and accepts its output. */
  async agent(
    name: string,
    mode?: string,
    extraEnv: Record<string, string> = {},
  ): Promise<Ran & { output: string; changed: string[] }> {
    const def = FLOW.agents[name];
    if (!def) throw new Error(`no agent ${name} in the demo flow`);
    const output = join(this.root, "outputs", `${++this.seq}-${name}`);
    mkdirSync(output, { recursive: true });
    const writes = def.writes ?? [];
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUN_ID: this.runId,
      AGENT_NAME: name,
      FEATURE_NAME: FEATURE,
      BASE_BRANCH: "main",
      AGENT_RUN_DIR: this.runDir,
      AGENT_OUTPUT: output,
      AGENT_WRITES: writes.join(" "),
      AGENT_TRIGGERS: this.triggers,
      ...(mode ? { AGENT_MODE: mode } : {}),
      ...extraEnv,
    };
    const runDirBefore = listFiles(this.runDir);
    const [cmd, ...args] = def.run.split(" ");
    expect(cmd).toBe("node");
    const r = await exec(process.execPath, args, this.repo, env);
    if (r.code !== 0) return { ...r, output, changed: [] };

    // Scope check: every changed path lies inside the agent's writes; the run directory is untouched.
    const changed = (await git(this.repo, "status", "--porcelain", "-uall"))
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3));
    const inScope = (path: string) => writes.some((glob) => picomatch.isMatch(path, glob, { dot: true }));
    expect(
      changed.filter((p) => !inScope(p)),
      `${name} wrote outside ${writes.join(" ") || "(no scopes)"}`,
    ).toEqual([]);
    expect(listFiles(this.runDir), `${name} wrote into the run directory`).toEqual(runDirBefore);
    if (changed.length) {
      await git(this.repo, "add", "-A");
      await git(this.repo, "commit", "-qm", `${name} ${mode ?? ""}`.trim());
    }
    cpSync(output, join(this.runDir, def.output), { recursive: true });
    return { ...r, output, changed };
  }

  /** The engine's check step: `node --test tests/`, recorded as test_results/summary.json. */
  async verify(): Promise<Summary> {
    const started = Date.now();
    const r = await exec(process.execPath, ["--test", "tests/"], this.repo, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    });
    const out = `${r.stdout}${r.stderr}`;
    const count = (word: string) =>
      Number(new RegExp(`^[#ℹ] ${word} (\\d+)`, "m").exec(out)?.[1] ?? Number.NaN);
    const pass = count("pass");
    const fail = count("fail");
    const summary: Summary = {
      command: ["node", "--test", "tests/"],
      exit_code: r.code,
      passed: r.code === 0,
      duration_ms: Date.now() - started,
      tests: Number.isNaN(pass) || Number.isNaN(fail) ? null : { pass, fail },
      output_tail: out.slice(-4000),
    };
    mkdirSync(join(this.runDir, "test_results"), { recursive: true });
    writeFileSync(join(this.runDir, "test_results/summary.json"), JSON.stringify(summary, null, 2));
    return summary;
  }

  json<T = Record<string, unknown>>(path: string): T {
    return JSON.parse(readFileSync(join(this.runDir, path), "utf8")) as T;
  }
}

let root: string;
beforeAll(() => {
  root = tempDir("agent-flow-demo-");
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface Plan {
  function: string;
  test_file: string;
  first_try_bug: boolean;
  cases: { args: unknown[]; expected: unknown; note: string }[];
}
interface Diagnosis {
  summary: string;
  exported: boolean;
  failing: { test: string; args: unknown[]; expected: unknown; actual: unknown }[];
}

describe("demo agents", () => {
  it.concurrent("go from the request to green through triage when the first try has the deliberate bug", async () => {
    expect(REQUEST).toContain("`first-try-bug`");
    const run = await DemoRun.create(join(root, "bug"), REQUEST, "20250101-120000-0badc0de");

    const planner = await run.agent("rm-planner");
    ok(planner);
    expect(planner.changed).toEqual([`docs/plans/${run.runId}/plan.md`]);
    const plan = run.json<Plan>("planner/plan.json");
    expect(plan).toMatchObject({
      title: "Position limit check",
      function: "checkLimit",
      test_file: `tests/${FEATURE}.test.js`,
      first_try_bug: true,
    });
    expect(plan.cases.map((c) => [c.args, c.expected])).toEqual([
      [[3, 5], "ok"],
      [[5, 5], "ok"],
      [[6, 5], "breach"],
      [[-6, 5], "breach"],
    ]);

    ok(await run.agent("rm-coordinator"));
    expect(Object.keys(run.json("coordinator/tasks.json"))).toContain("rm-developer");
    const analyst = await run.agent("rm-sdk-analyst");
    ok(analyst);
    expect(analyst.changed).toEqual([`docs/analysis/${run.runId}.md`]);
    expect(run.json("sdk_analyst/analysis.json")).toMatchObject({ exports: ["add"], findings: [] });
    ok(await run.agent("doc-reviewer", "review"));
    expect(readFileSync(join(run.runDir, "docs/review.md"), "utf8")).toContain("No findings.");

    // Test first: the new test file fails while checkLimit does not exist.
    const tests = await run.agent("rm-test-orchestrator", "create");
    ok(tests);
    expect(tests.changed).toEqual([plan.test_file]);
    expect(run.json("test_orchestrator/tests.json")).toMatchObject({ red: true });
    expect((await run.verify()).passed).toBe(false);

    // Before the developer, the validator finds no export: it raises import_mismatch and still exits 0.
    ok(await run.agent("integration-validator"));
    expect(existsSync(join(run.triggers, "import_mismatch"))).toBe(true);
    expect(run.json("integration/integration.json")).toMatchObject({ exported: false });
    rmSync(run.triggers, { recursive: true });

    // The deliberate off-by-one: the verify step fails on exactly the case at the limit.
    const dev = await run.agent("rm-developer", "implement");
    ok(dev);
    expect(dev.changed.sort()).toEqual(["src/check-limit.js", "src/index.js"]);
    expect(dev.stdout).toContain("first-try-bug");
    const first = await run.verify();
    expect(first).toMatchObject({ passed: false, tests: { pass: 4, fail: 1 } });

    // Triage: the debugger names the failing case, the developer fixes it.
    const debug = await run.agent("test-failure-debugger");
    ok(debug);
    expect(debug.changed).toEqual([`docs/debug/${run.runId}.md`]);
    const diagnosis = run.json<Diagnosis>("debug/diagnosis.json");
    expect(diagnosis.failing).toEqual([
      expect.objectContaining({
        test: 'checkLimit(5, 5) returns "ok"',
        args: [5, 5],
        expected: "ok",
        actual: "breach",
      }),
    ]);
    expect(first.output_tail).toContain(diagnosis.failing[0]?.test);
    expect(readFileSync(join(run.repo, `docs/debug/${run.runId}.md`), "utf8")).toContain(
      'checkLimit(5, 5) returns "ok"',
    );

    const fix = await run.agent("rm-developer", "fix");
    ok(fix);
    expect(fix.changed).toEqual(["src/check-limit.js"]);
    expect(await run.verify()).toMatchObject({ passed: true, tests: { pass: 5, fail: 0 } });

    // Final validation, in parallel in the flow; both read-only.
    const final = await run.agent("doc-reviewer", "final");
    ok(final);
    expect(final.changed).toEqual([]);
    expect(readFileSync(join(run.runDir, "docs/final.md"), "utf8")).toContain("No findings.");
    ok(await run.agent("integration-validator"));
    expect(existsSync(join(run.triggers, "import_mismatch"))).toBe(false);
    expect(run.json("integration/integration.json")).toMatchObject({ exported: true, failing: [] });
  });

  it.concurrent("are green on the first try without the demo switch", async () => {
    const request = REQUEST.split("\n\nDemo switch:")[0] ?? "";
    expect(request).not.toContain("first-try-bug");
    const run = await DemoRun.create(join(root, "green"), request, "20250101-120000-600d600d");
    for (const [agent, mode] of [
      ["rm-planner"],
      ["rm-test-orchestrator", "create"],
      ["rm-developer", "implement"],
    ] as const) {
      const r = await run.agent(agent, mode);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(run.json<Plan>("planner/plan.json").first_try_bug).toBe(false);
    expect(await run.verify()).toMatchObject({ passed: true, tests: { pass: 5, fail: 0 } });
  });

  it.concurrent("fail clearly on missing inputs and refuse writes outside their scopes", async () => {
    const run = await DemoRun.create(join(root, "errors"), REQUEST, "20250101-120000-0e0e0e0e");

    const noEnv = await run.agent("rm-planner", undefined, { RUN_ID: "" });
    expect(noEnv.code).toBe(1);
    expect(noEnv.stderr).toContain("rm-planner: error: missing environment variable RUN_ID");

    const noPlan = await run.agent("rm-coordinator");
    expect(noPlan.code).toBe(1);
    expect(noPlan.stderr).toContain("missing input: the planner's plan");

    const noScope = await run.agent("rm-planner", undefined, { AGENT_WRITES: "docs/analysis/**" });
    expect(noScope.code).toBe(1);
    expect(noScope.stderr).toContain(`refusing to write docs/plans/${run.runId}/plan.md`);
    expect(await git(run.repo, "status", "--porcelain", "-uall")).toBe("");

    ok(await run.agent("rm-planner"));
    const noDiagnosis = await run.agent("rm-developer", "fix");
    expect(noDiagnosis.code).toBe(1);
    expect(noDiagnosis.stderr).toContain("missing input: the debugger's diagnosis");
    const badMode = await run.agent("doc-reviewer", "draft");
    expect(badMode.code).toBe(1);
    expect(badMode.stderr).toContain('AGENT_MODE must be "review" or "final"');
  });
});

function ok(r: { code: number | null; stderr: string }) {
  expect(r.code, r.stderr).toBe(0);
}
