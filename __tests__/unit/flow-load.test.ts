import { describe, expect, it } from "vitest";
import { didYouMean, formatDiagnostic, suggest } from "../../src/flow/diagnostics.js";
import { initFlowYaml } from "../../src/flow/init.js";
import { loadFlowText } from "../../src/flow/load.js";
import { planWorkflow } from "../../src/flow/plan.js";

const problems = (text: string, env: NodeJS.ProcessEnv = {}): string[] =>
  loadFlowText("agents/flow.yaml", text, env).diagnostics.map(formatDiagnostic);

const minimal = `version: 1
agents:
  dev:
    run: ./dev.sh
    writes: [src/**]
workflows:
  idea_to_feature:
    steps:
      - agent: dev
`;

describe("a loaded flow", () => {
  it("carries the text it was parsed from (a run pins that text's hash, not a second read's)", () => {
    expect(loadFlowText("agents/flow.yaml", minimal).text).toBe(minimal);
  });
});

describe("the init flow", () => {
  it("is valid and plans the guide's pipeline", () => {
    const result = loadFlowText("agents/flow.yaml", initFlowYaml());
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!result.flow) throw new Error("no flow");
    const plan = planWorkflow(result.flow);
    expect(plan.stages.map((s) => `${s.kind}:${s.agents.map((a) => a.agent).join("+") || s.id}`)).toEqual([
      "agent:rm-planner",
      "agent:rm-coordinator",
      "parallel:rm-sdk-analyst+doc-reviewer",
      "agent:rm-test-orchestrator",
      "agent:rm-developer",
      "check:verify",
      "parallel:doc-reviewer+integration-validator",
      "commit:auto-commit",
    ]);
    expect(plan.triggered.map((w) => w.workflow)).toEqual(["triage"]);
  });

  it("carries comments that explain the keys", () => {
    const text = initFlowYaml();
    expect(text).toContain("# Single-writer paths");
    expect(text).toContain("AGENT_PARALLEL_MAX");
  });
});

describe("environment overrides", () => {
  it("applies valid values over defaults", () => {
    const r = loadFlowText("f.yaml", minimal, {
      AGENT_PARALLEL_MAX: "7",
      AGENT_AUTO_CLEANUP: "no",
      AGENT_LOCK_TIMEOUT: "",
    });
    expect(r.flow?.defaults.parallel_max).toBe(7);
    expect(r.flow?.defaults.auto_cleanup).toBe(false);
    expect(r.flow?.defaults.lock_timeout).toBe(60);
  });

  it.each([
    ["AGENT_PARALLEL_MAX", "abc", "expected a number, got the string 'abc'", "parallel_max"],
    ["AGENT_PARALLEL_MAX", "0", "must be at least 1, got the number 0", "parallel_max"],
    ["AGENT_PARALLEL_MAX", "-1", "must be at least 1, got the number -1", "parallel_max"],
    ["AGENT_PARALLEL_MAX", "2.5", "expected a whole number, got the number 2.5", "parallel_max"],
    ["AGENT_PARALLEL_MAX", "300", "must be at most 256, got the number 300", "parallel_max"],
    [
      "AGENT_LOCK_TIMEOUT",
      "soon",
      "'soon' is not a duration; write seconds (600) or a form like 90s, 10m, 1h30m",
      "lock_timeout",
    ],
    ["AGENT_LOCK_TIMEOUT", "0", "must be greater than 0, got the number 0", "lock_timeout"],
    ["AGENT_RUN_RETENTION", "-3", "must be at least 0, got the number -3", "run_retention"],
    ["AGENT_AUTO_CLEANUP", "maybe", "expected true or false, got the string 'maybe'", "auto_cleanup"],
  ])("rejects %s=%s with the flow's words", (name, value, message, key) => {
    expect(problems(minimal, { [name]: value })).toEqual([
      `environment: ${name}: ${message} (it overrides defaults.${key})`,
    ]);
  });

  it("accepts the forms the flow accepts (AGENT_LOCK_TIMEOUT=10m as lock_timeout: 10m)", () => {
    const viaFlow = loadFlowText(
      "f.yaml",
      minimal.replace("version: 1", "version: 1\ndefaults:\n  lock_timeout: 10m"),
    );
    expect(viaFlow.flow?.defaults.lock_timeout).toBe(600);
    for (const [value, seconds] of [
      ["10m", 600],
      ["1h30m", 5400],
      ["90s", 90],
      ["45", 45],
      [" 2m ", 120],
    ] as const) {
      const r = loadFlowText("f.yaml", minimal, { AGENT_LOCK_TIMEOUT: value });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(r.flow?.defaults.lock_timeout).toBe(seconds);
    }
    // the flow's own keys take no upper bound that the variable would not
    expect(
      loadFlowText("f.yaml", minimal, { AGENT_RUN_RETENTION: "40000" }).flow?.defaults.run_retention,
    ).toBe(40000);
  });
});

describe("positions", () => {
  it("points at the key for unknown keys and suggests the near one", () => {
    const text = minimal.replace("    writes: [src/**]", "    writes: [src/**]\n    timout: 10m");
    expect(problems(text)).toEqual([
      "agents/flow.yaml:6:5: agents.dev.timout: unknown key 'timout'; did you mean 'timeout'?",
    ]);
  });

  it("reports every problem, not only the first", () => {
    const text = `version: 1
agents:
  dev:
    run: ./dev.sh
    retries: many
  qa:
    preset: claud-code
    prompt: test it
workflows:
  idea_to_feature:
    steps:
      - agent: devv
      - agent: qa
`;
    expect(problems(text)).toEqual([
      "agents/flow.yaml:5:14: agents.dev.retries: expected a number, got the string 'many'",
      "agents/flow.yaml:7:13: agents.qa.preset: unknown preset 'claud-code'; did you mean 'claude-code'?",
      "agents/flow.yaml:12:16: workflows.idea_to_feature.steps[0].agent: unknown agent 'devv'; did you mean 'dev'?",
    ]);
  });
});

describe("the default workflow", () => {
  const renamed = minimal.replace("idea_to_feature", "build_feature");

  it("is required when defaults.workflow is not set", () => {
    expect(problems(renamed)).toEqual([
      "agents/flow.yaml:7:3: workflows: no workflow 'idea_to_feature' (the default); add it, or set defaults.workflow",
    ]);
  });

  it("may be another workflow named by defaults.workflow", () => {
    const r = loadFlowText("agents/flow.yaml", `${renamed}defaults:\n  workflow: build_feature\n`);
    expect(r.diagnostics).toEqual([]);
    if (!r.flow) throw new Error("no flow");
    expect(planWorkflow(r.flow).workflow).toBe("build_feature");
  });
});

describe("YAML details", () => {
  it("finds duplicate keys in nested mappings, at the second key", () => {
    const text = minimal.replace("    run: ./dev.sh", "    run: ./dev.sh\n    run: ./again.sh");
    expect(problems(text)).toEqual([
      "agents/flow.yaml:5:5: duplicate key 'run': each key may appear only once in a mapping; merge the two entries",
    ]);
  });

  it("reports a duplicate key next to a syntax error", () => {
    const text = `${minimal.replace("    run: ./dev.sh", "    run: ./dev.sh\n    run: ./again.sh")}x: [\n`;
    const lines = problems(text);
    expect(lines).toContain(
      "agents/flow.yaml:5:5: duplicate key 'run': each key may appear only once in a mapping; merge the two entries",
    );
    expect(lines.some((l) => l.includes("YAML syntax error"))).toBe(true);
  });

  it("explains a tag outside scopes without mentioning negation", () => {
    const text = minimal.replace("run: ./dev.sh", "run: !shell ./dev.sh");
    expect(problems(text)).toEqual([
      "agents/flow.yaml:4:10: agents.dev.run: '!shell ./dev.sh' is read as a YAML tag; quote it if it is text (a flow file does not use tags)",
    ]);
  });

  it("accepts the standard tags", () => {
    expect(problems(minimal.replace("run: ./dev.sh", "run: !!str ./dev.sh"))).toEqual([]);
  });
});

describe("did you mean", () => {
  it("never suggests the name itself", () => {
    expect(suggest("on_failure", ["on_failure", "name"])).toBeUndefined();
    expect(didYouMean("Agent", ["agent"])).toBe("; did you mean 'agent'?");
  });
});

describe("problems found early", () => {
  const withCommit = (commit: string) => `${minimal}      - commit: ${commit}\n`;

  it("checks $AGENT_FLOW_AUTHOR when a commit step relies on it, and only then", () => {
    expect(problems(withCommit("{}"), { AGENT_FLOW_AUTHOR: "bot" })).toEqual([
      "environment: AGENT_FLOW_AUTHOR: 'bot' must look like 'Name <email>', e.g. 'Release Bot <bot@example.com>' (the commit step at workflows.idea_to_feature.steps[1] uses it, as it sets no author)",
    ]);
    expect(problems(withCommit("{ author: 'A <a@b.c>' }"), { AGENT_FLOW_AUTHOR: "bot" })).toEqual([]);
    expect(problems(withCommit("{}"), { AGENT_FLOW_AUTHOR: "Bot <bot@example.com>" })).toEqual([]);
  });

  it("does not blame a malformed key a second time as a missing one", () => {
    const text = minimal.replace("    run: ./dev.sh", "    run: 5\n    output: Bad Name");
    expect(problems(text)).toEqual([
      "agents/flow.yaml:4:10: agents.dev.run: expected a command string or a list of arguments, got the number 5",
      "agents/flow.yaml:5:13: agents.dev.output: the string 'Bad Name' must use lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters",
    ]);
  });
});
