import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type Action,
  type ActionResult,
  advance,
  type MachineState,
  next,
  raiseManually,
  recordAgent,
  resume,
  start,
  stepBound,
  stepKey,
} from "../../src/engine/machine.js";
import { type MachinePlan, machinePlan } from "../../src/engine/machine-plan.js";
import { loadFlowText } from "../../src/flow/load.js";
import { planWorkflow } from "../../src/flow/plan.js";

const demoFlow = readFileSync(new URL("../../examples/demo/repo/agents/flow.yaml", import.meta.url), "utf8");

function planOf(text: string): MachinePlan {
  const r = loadFlowText("agents/flow.yaml", text);
  if (!r.flow) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return machinePlan(planWorkflow(r.flow));
}

/** What an action did, as the test decides: agents' raises, failures and a check's verdict. */
interface Script {
  /** `workflow/step#n` of checks that fail, and of agent steps in which named agents fail or raise. */
  failChecks?: string[];
  failAgents?: Record<string, string[]>;
  raise?: Record<string, Record<string, string[]>>;
  commitFails?: boolean;
}

let commits = 0;
function execute(plan: MachinePlan, action: Action, script: Script): ActionResult {
  if (action.kind === "finish") throw new Error("finish is not executed");
  const key = stepKey(action.step);
  const stage = plan.workflows[action.step.workflow]?.[action.step.index - 1];
  if (!stage) throw new Error(`no stage for ${key}`);
  if (action.kind === "check") {
    const passed = !script.failChecks?.includes(key);
    return {
      kind: "check",
      step: action.step,
      error: passed ? null : `${key} failed`,
      summary: {
        command: stage.command ?? [],
        step: key,
        exit_code: passed ? 0 : 1,
        passed,
        duration_ms: 1,
        finished_at: "2026-01-01T00:00:00Z",
        tests: null,
        failures: [],
        output_tail: "",
        error: null,
      },
    };
  }
  if (action.kind === "commit")
    return {
      kind: "commit",
      step: action.step,
      ok: !script.commitFails,
      error: script.commitFails ? "push refused" : null,
      branch: "feature/x",
      pr_url: null,
    };
  const agents = [
    ...action.reuse,
    ...action.calls.map((i) => {
      const name = stage.agents[i]?.agent as string;
      const ok = !script.failAgents?.[key]?.includes(name);
      commits += 1;
      return {
        index: i,
        agent: name,
        ok,
        exit_code: ok ? 0 : 1,
        error: ok ? null : `${name} exited 1`,
        commit: ok ? `c${commits}` : null,
        changed: [],
        raised: script.raise?.[key]?.[name] ?? [],
        output: name,
      };
    }),
  ];
  const ok = agents.every((a) => a.ok);
  return {
    kind: "agents",
    step: action.step,
    agents,
    head: ok ? `h${commits}` : null,
    error: ok ? null : "failed",
  };
}

/** Steps the machine to its end; returns the step keys executed and the final outcome. */
function drive(plan: MachinePlan, script: Script, from?: MachineState, limit = 500) {
  let state = from ?? start(plan, "base");
  const keys: string[] = [];
  const warnings: string[] = [];
  for (let i = 0; i < limit; i++) {
    const n = next(plan, state);
    state = n.state;
    warnings.push(
      ...n.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.text : "")),
    );
    if (n.action.kind === "finish") return { keys, outcome: n.action.outcome, state, warnings };
    keys.push(stepKey(n.action.step));
    const a = advance(plan, state, execute(plan, n.action, script));
    warnings.push(
      ...a.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.text : "")),
    );
    state = a.state;
  }
  throw new Error("the machine did not finish");
}

const MAIN = [
  "idea_to_feature/rm-planner#1",
  "idea_to_feature/rm-coordinator#1",
  "idea_to_feature/analysis#1",
  "idea_to_feature/rm-test-orchestrator#1",
  "idea_to_feature/rm-developer#1",
];

describe("the run's state machine on the guide's pipeline", () => {
  const plan = planOf(demoFlow);

  it("goes straight through when everything passes", () => {
    const r = drive(plan, {});
    expect(r.keys).toEqual([
      ...MAIN,
      "idea_to_feature/verify#1",
      "idea_to_feature/final-validation#1",
      "idea_to_feature/auto-commit#1",
    ]);
    expect(r.outcome.state).toBe("succeeded");
    expect(r.state.green).toBe(true);
    expect(r.state.ledger.map((l) => `${l.name}<-${l.source}`)).toEqual([
      "all_green<-idea_to_feature/verify#1",
    ]);
  });

  it("verify fails, tests_failed runs triage, verify runs again and passes", () => {
    const r = drive(plan, { failChecks: ["idea_to_feature/verify#1"] });
    expect(r.keys).toEqual([
      ...MAIN,
      "idea_to_feature/verify#1",
      "triage/test-failure-debugger#1",
      "triage/rm-developer#1",
      "idea_to_feature/verify#2",
      "idea_to_feature/final-validation#1",
      "idea_to_feature/auto-commit#1",
    ]);
    expect(r.outcome.state).toBe("succeeded");
    expect(r.state.ledger.map((l) => `${l.name}:${l.count}`)).toEqual(["tests_failed:1", "all_green:1"]);
  });

  it("stops, not retryable, when a trigger's max is reached", () => {
    const r = drive(plan, {
      failChecks: ["idea_to_feature/verify#1", "idea_to_feature/verify#2", "idea_to_feature/verify#3"],
    });
    expect(r.keys.filter((k) => k.startsWith("triage/rm-developer"))).toHaveLength(2);
    expect(r.outcome).toMatchObject({ state: "failed", retryable: false });
    expect(r.outcome.reason).toContain(
      "trigger 'tests_failed' was raised 3 times, more than its bound (max: 2)",
    );
    expect(resume(r.state)).toMatchObject({ refused: expect.stringContaining("cannot succeed") });
  });

  it("runs triage for import_mismatch raised during final validation, then validates again", () => {
    const r = drive(plan, {
      raise: { "idea_to_feature/final-validation#1": { "integration-validator": ["import_mismatch"] } },
    });
    expect(r.keys.slice(-5)).toEqual([
      "idea_to_feature/final-validation#1",
      "triage/test-failure-debugger#1",
      "triage/rm-developer#1",
      "idea_to_feature/final-validation#2",
      "idea_to_feature/auto-commit#1",
    ]);
    expect(r.outcome.state).toBe("succeeded");
  });

  it("ignores a trigger an agent raises without declaring it in raises:", () => {
    const r = drive(plan, {
      raise: { "idea_to_feature/rm-planner#1": { "rm-planner": ["all_green", "tests_failed"] } },
    });
    expect(r.keys).not.toContain("triage/rm-developer#1");
    expect(r.warnings.join("\n")).toContain(
      "rm-planner raised 'all_green', which its 'raises:' does not declare",
    );
  });

  it("a parallel group where one agent fails: the run fails, and a retry runs only the failed member", () => {
    const r = drive(plan, { failAgents: { "idea_to_feature/analysis#1": ["doc-reviewer"] } });
    expect(r.outcome).toMatchObject({ state: "failed", retryable: true });
    expect(r.outcome.reason).toBe("failed");
    const resumed = resume(r.state);
    if (!("state" in resumed)) throw new Error(resumed.refused);
    const n = next(plan, resumed.state);
    expect(n.action).toMatchObject({ kind: "agents", step: { id: "analysis", n: 2 }, calls: [1] });
    if (n.action.kind !== "agents") throw new Error("not agents");
    expect(n.action.reuse.map((a) => a.agent)).toEqual(["rm-sdk-analyst"]);
    const rest = drive(plan, {}, resumed.state);
    expect(rest.outcome.state).toBe("succeeded");
  });

  it("a trigger dropped by hand runs its workflow at the next boundary, and the run goes on in order", () => {
    let state = start(plan, "base");
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const n = next(plan, state);
      if (n.action.kind === "finish") throw new Error("finished early");
      keys.push(stepKey(n.action.step));
      state = advance(plan, n.state, execute(plan, n.action, {})).state;
    }
    state = raiseManually(state, ["tests_failed"]);
    const r = drive(plan, {}, state);
    expect([...keys, ...r.keys].slice(0, 5)).toEqual([
      "idea_to_feature/rm-planner#1",
      "idea_to_feature/rm-coordinator#1",
      "triage/test-failure-debugger#1",
      "triage/rm-developer#1",
      "idea_to_feature/analysis#1",
    ]);
    expect(r.state.ledger[0]).toMatchObject({ name: "tests_failed", source: "manual", count: 1 });
    // Not counted against the automatic bound: verify failing twice still gets its two triages.
    expect(r.state.counts.tests_failed).toBeUndefined();
  });

  it("refuses a commit gate opened by hand", () => {
    const state = raiseManually(start(plan, "base"), ["all_green"]);
    const r = drive(plan, {}, state);
    expect(r.warnings.join("\n")).toContain("trigger 'all_green' opens the commit gate");
    expect(r.outcome.state).toBe("succeeded");
  });

  it("the commit gate: a flow whose verify is skipped never reaches commit green", () => {
    const noVerify = planOf(demoFlow.replace("        on_success: all_green\n", ""));
    const r = drive(noVerify, {});
    expect(r.outcome).toMatchObject({ state: "refused", retryable: false });
    expect(r.outcome.reason).toContain("the commit step runs only after 'all_green' was raised");
  });

  it("a failed commit step fails the run; a retry runs it again", () => {
    const r = drive(plan, { commitFails: true });
    expect(r.outcome).toMatchObject({ state: "failed", reason: "push refused", retryable: true });
    const resumed = resume(r.state);
    if (!("state" in resumed)) throw new Error(resumed.refused);
    const rest = drive(plan, {}, resumed.state);
    expect(rest.keys).toEqual(["idea_to_feature/auto-commit#2"]);
    expect(rest.outcome.state).toBe("succeeded");
  });

  it("resumes after a crash in every state to the same end as a run that never stopped", () => {
    const script: Script = { failChecks: ["idea_to_feature/verify#1"] };
    const whole = drive(plan, script);
    for (let crashAt = 0; crashAt < whole.keys.length; crashAt++) {
      let state = start(plan, "base");
      const keys: string[] = [];
      for (let i = 0; i <= crashAt; i++) {
        const n = next(plan, state);
        state = n.state;
        if (n.action.kind === "finish") break;
        keys.push(stepKey(n.action.step));
        // The crash: the action ran (or half ran) but its result was never recorded.
        if (i === crashAt) {
          if (n.action.kind === "agents" && n.action.calls.length > 1) {
            const first = execute(plan, { ...n.action, calls: [n.action.calls[0] as number] }, script);
            if (first.kind === "agents") state = recordAgent(state, first.agents[0] as never);
          }
          break;
        }
        state = advance(plan, state, execute(plan, n.action, script)).state;
      }
      const again = next(plan, JSON.parse(JSON.stringify(state)) as MachineState);
      expect(again.action.kind === "finish" ? "finish" : stepKey(again.action.step)).toBe(
        whole.keys[crashAt],
      );
      const rest = drive(plan, script, state);
      expect([...keys.slice(0, -1), ...rest.keys]).toEqual(whole.keys);
      expect(rest.outcome).toEqual(whole.outcome);
    }
  });

  it("a cancel keeps the members that finished and resumes the same execution", () => {
    let state = start(plan, "base");
    for (let i = 0; i < 2; i++) {
      const n = next(plan, state);
      if (n.action.kind === "finish") throw new Error("finished early");
      state = advance(plan, n.state, execute(plan, n.action, {})).state;
    }
    const n = next(plan, state);
    if (n.action.kind !== "agents") throw new Error("expected the analysis group");
    const done = execute(plan, { ...n.action, calls: [0] }, {});
    if (done.kind !== "agents") throw new Error("agents");
    state = advance(plan, n.state, {
      ...done,
      head: null,
      cancelled: true,
      error: "cancelled by the user",
    }).state;
    expect(state.outcome).toMatchObject({ state: "cancelled", retryable: true });
    const resumed = resume(state);
    if (!("state" in resumed)) throw new Error(resumed.refused);
    const again = next(plan, resumed.state);
    expect(again.action).toMatchObject({ kind: "agents", step: { id: "analysis", n: 1 } });
  });
});

describe("the machine's bound", () => {
  /** A deterministic pseudo-random sequence, so that a failure can be reproduced from its seed. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
  }

  function randomFlow(r: () => number): string {
    const agents = ["a", "b", "c", "d"];
    const wfs = ["main", "w1", "w2"];
    const triggers = ["t1", "t2", "t3"];
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const lines = ["version: 1", "defaults:", "  workflow: main", "agents:"];
    for (const a of agents)
      lines.push(`  ${a}:`, `    run: x`, `    output: ${a}`, `    raises: [${triggers.join(", ")}]`);
    lines.push("workflows:");
    for (const w of wfs) {
      lines.push(`  ${w}:`, "    steps:");
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) {
        const kind = r();
        const onF = r() < 0.5 ? `, on_failure: ${pick(triggers)}` : "";
        const onS = r() < 0.3 ? `, on_success: ${pick([...triggers, "green"])}` : "";
        if (kind < 0.5) lines.push(`      - { name: s${i}, agent: ${pick(agents)}${onF}${onS} }`);
        else if (kind < 0.8) lines.push(`      - { name: s${i}, check: x${onF}${onS} }`);
        else lines.push(`      - { name: s${i}, parallel: [a, b]${onF}${onS} }`);
      }
      if (w === "main") lines.push("      - { name: done, commit: {} }");
    }
    lines.push("triggers:");
    for (const t of triggers)
      lines.push(`  ${t}: { workflow: ${pick(wfs)}, max: ${1 + Math.floor(r() * 3)} }`);
    lines.push("  green: commit");
    return `${lines.join("\n")}\n`;
  }

  it("ends within stepBound(plan) executions for random flows and random results", () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const res = loadFlowText("agents/flow.yaml", randomFlow(r));
      if (!res.flow) continue; // e.g. an unbounded cycle the validator refuses
      const plan = machinePlan(planWorkflow(res.flow));
      const bound = stepBound(plan);
      let state = start(plan, "base");
      let executions = 0;
      for (;;) {
        const n = next(plan, state);
        state = n.state;
        if (n.action.kind === "finish") break;
        executions += 1;
        expect(executions, `seed ${seed}`).toBeLessThanOrEqual(bound);
        const script: Script = {
          failChecks: r() < 0.5 ? [stepKey(n.action.step)] : [],
          failAgents: r() < 0.3 ? { [stepKey(n.action.step)]: ["a"] } : {},
          raise: r() < 0.3 ? { [stepKey(n.action.step)]: { a: ["t1"], b: ["t2"], c: ["green"] } } : {},
        };
        state = advance(plan, state, execute(plan, n.action, script)).state;
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
