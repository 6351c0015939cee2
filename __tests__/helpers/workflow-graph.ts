import { actionOutputs, type Leg } from "../../src/engine/jobs/outputs.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  advance,
  type MachineState,
  next,
  start,
  stepKey,
} from "../../src/engine/machine.js";
import { type MachinePlan, machinePlan } from "../../src/engine/machine-plan.js";
import { loadFlowText } from "../../src/flow/load.js";
import { planWorkflow } from "../../src/flow/plan.js";
import type { Flow } from "../../src/flow/schema.js";
import type { StepOverride } from "./workflow-sim.js";
import type { StepOutcome } from "./workflow-steps.js";

/**
 * Plays the action's part in a simulated run of the reusable workflow, in process: `plan` and `advance`
 * step the real state machine (src/engine/machine.ts) and give its next action as job outputs through
 * `actionOutputs`; a `run` leg only records what it was given; the results of agent calls and checks
 * are scripted. Nothing is cloned or uploaded, so a whole run costs milliseconds.
 */

export const REPOSITORY = "acme/widgets";
export const RUN_ID = "20260101-000000-abcdef12";

export interface Script {
  /** `workflow/step#n` of checks that fail. */
  failChecks?: string[];
  /** Names of legs (`step agent`) whose job fails, as when the runner or the action crashes. */
  crashLegs?: string[];
  /** plan fails with this message, as when it refuses the flow or the resume. */
  refusePlan?: string;
  /** Slots whose advance-k job fails before it emits anything, as when its runner is lost. */
  crashAdvance?: number[];
}

/** What one `run-k` leg was given. */
export interface LegSeen {
  job: string;
  leg: Leg;
  /** Secrets (from the agent-flow step's env) that reached the leg non-empty. */
  secrets: string[];
  maxParallel: number;
  crashed: boolean;
}

export function planOf(text: string): { flow: Flow; plan: MachinePlan } {
  const r = loadFlowText("agents/flow.yaml", text);
  if (!r.flow) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return { flow: r.flow, plan: machinePlan(planWorkflow(r.flow)) };
}

const ok = (outputs: Record<string, string> = {}): StepOutcome => ({
  ok: true,
  outputs,
  env: {},
  path: [],
  log: "",
  summary: "",
});
const fail = (log: string): StepOutcome => ({ ...ok(), ok: false, log });

export function graphDriver(flowText: string, script: Script, secretNames: string[]) {
  const { flow, plan } = planOf(flowText);
  let state: MachineState = start(plan, "base");
  let seq = 0;
  let digest = "";
  let commits = 0;
  const legs: LegSeen[] = [];
  const uploads: string[] = [];
  let commitToken = "";
  const needs = (agent: string) => ({
    locks: flow.agents[agent]?.locks ?? [],
    secrets: flow.agents[agent]?.secrets ?? [],
  });

  const emit = (): Record<string, string> => {
    const n = next(plan, state);
    state = n.state;
    seq += 1;
    digest = `sha256-of-state-${seq}`;
    const action = n.action;
    const stage =
      action.kind === "finish" ? undefined : plan.workflows[action.step.workflow]?.[action.step.index - 1];
    const out = actionOutputs(action, seq, stage, needs, REPOSITORY, `nonce${seq}`);
    return { ...out, "state-digest": digest, seq: String(seq), "resume-state": `${seq}-${digest}` };
  };

  const agentResult = (action: Extract<Action, { kind: "agents" }>, leg: Leg): AgentResult => {
    commits += 1;
    const crashed = script.crashLegs?.includes(leg.name) ?? false;
    return {
      index: leg.index,
      agent: leg.agent ?? "",
      ok: !crashed,
      exit_code: crashed ? null : 0,
      error: crashed ? "the leg's job failed" : null,
      commit: crashed ? null : `c${commits}`,
      changed: [],
      raised: [],
      output: `${stepKey(action.step)}/${leg.agent}`,
    };
  };

  /** The result of the pending action, from the legs `run-k` actually ran. */
  const resultOf = (action: Action, ran: LegSeen[]): ActionResult => {
    if (action.kind === "agents") {
      const got = ran.map((l) => l.leg.index).sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(action.calls))
        throw new Error(`${stepKey(action.step)}: legs ${got} ran, the action calls ${action.calls}`);
      const agents = [...action.reuse, ...ran.map((l) => agentResult(action, l.leg))];
      const ok = agents.every((a) => a.ok);
      return {
        kind: "agents",
        step: action.step,
        agents,
        head: ok ? `h${commits}` : null,
        error: ok ? null : "failed",
      };
    }
    if (action.kind === "check") {
      const key = stepKey(action.step);
      const passed = !script.failChecks?.includes(key);
      return {
        kind: "check",
        step: action.step,
        error: passed ? null : `${key} failed`,
        summary: {
          command: ["npm", "test"],
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
        ok: true,
        error: null,
        branch: "agent-flow/x",
        pr_url: null,
      };
    throw new Error("finish is not executed");
  };

  const override: StepOverride = (step, env) => {
    const uses = step.uses ?? "";
    if (uses.startsWith("actions/checkout@")) return ok();
    if (uses.startsWith("actions/upload-artifact@")) {
      uploads.push(`${env.job}:${env.with.name}`);
      return ok();
    }
    if (!uses.startsWith("agent-flow/agent-flow@")) return undefined;
    const w = env.with;
    if (w.command !== "plan" && w["state-digest"] !== digest)
      return fail(`state-digest ${w["state-digest"]} is not the saved state's ${digest}`);
    if (w.command !== "plan" && w["run-id"] !== RUN_ID) return fail(`run-id ${w["run-id"]}`);
    switch (w.command) {
      case "plan":
        if (script.refusePlan) return fail(script.refusePlan);
        state = start(plan, "base");
        return ok({ ...emit(), "run-id": RUN_ID });
      case "run": {
        const strategy = env.ctx.strategy as { "max-parallel": number };
        const leg = JSON.parse(w.leg ?? "") as Leg;
        const crashed = script.crashLegs?.includes(leg.name) ?? false;
        legs.push({
          job: env.job,
          leg,
          secrets: secretNames.filter((s) => (env.env[s] ?? "") !== ""),
          maxParallel: strategy["max-parallel"],
          crashed,
        });
        return crashed ? fail("the leg crashed") : ok();
      }
      case "advance": {
        if (script.crashAdvance?.includes(Number(w.slot))) return fail("the runner was lost");
        const pending = state.pending?.action;
        if (!pending) return fail("no pending action");
        const ran = legs.filter((l) => l.job === `run-${w.slot}`);
        state = advance(plan, state, resultOf(pending, ran)).state;
        return ok(emit());
      }
      case "commit": {
        commitToken = w["github-token"] ?? "";
        const pending = state.pending?.action;
        if (pending?.kind !== "commit") return fail("commit is not pending");
        state = advance(plan, state, resultOf(pending, [])).state;
        const n = next(plan, state);
        state = n.state;
        const outcome = n.action.kind === "finish" ? n.action.outcome.state : "";
        return ok({
          done: String(n.action.kind === "finish"),
          outcome,
          branch: "agent-flow/x",
          "pr-url": `https://github.com/${REPOSITORY}/pull/7`,
          "pr-number": "7",
          "pr-operation": "created",
        });
      }
      default:
        return fail(`unknown command ${w.command}`);
    }
  };
  return { override, legs, uploads, plan, commitToken: () => commitToken };
}
