import { AgentFlowError } from "../lib/errors.js";
import { COMMIT_TARGET, type Flow, type StepSpec } from "./schema.js";

/**
 * The plan is the contract between the validator and both engines: the local engine walks its stages,
 * and the GitHub engine turns each stage's `agents` into a job matrix (`include`). Its JSON shape is
 * documented in the README; change it only with `schema`.
 */
export const PLAN_SCHEMA = "agent-flow/plan@1";

export interface PlannedAgent {
  agent: string;
  /** The step's `with:` values; agents see them as `AGENT_<NAME>` (mode -> AGENT_MODE). */
  with: Record<string, string>;
  output: string;
  writes: string[];
  timeout: number;
  retries: number;
  /** Triggers the agent may raise through $AGENT_TRIGGERS; others are ignored. */
  raises: string[];
}

export interface Stage {
  /** 1-based position in the workflow. */
  index: number;
  id: string;
  kind: StepSpec["kind"];
  /** How many of `agents` may run at once (1 for a single agent, 0 for check/commit). */
  max_parallel: number;
  agents: PlannedAgent[];
  /** For `check`: the command the engine runs. */
  command: string[] | null;
  on_failure: string | null;
  on_success: string | null;
}

export interface WorkflowPlan {
  workflow: string;
  stages: Stage[];
}

export interface Plan extends WorkflowPlan {
  schema: typeof PLAN_SCHEMA;
  flow_file: string;
  defaults: Flow["defaults"];
  triggers: { name: string; target: string; max: number | null }[];
  /** Workflows a trigger can start from this one, directly or through another trigger. */
  triggered: WorkflowPlan[];
}

export class PlanError extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

export function planWorkflow(flow: Flow, name: string = flow.defaults.workflow): Plan {
  if (!flow.workflows[name]) {
    const known = Object.keys(flow.workflows).join(", ");
    throw new PlanError(`no workflow '${name}' in ${flow.file} (workflows: ${known})`);
  }
  const reachable: string[] = [];
  // Every trigger can also be raised by hand (`agent-flow trigger`), so each target is part of the plan.
  const queue = [name, ...Object.values(flow.triggers).map((t) => t.target)];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (
      current !== name &&
      current !== COMMIT_TARGET &&
      flow.workflows[current] &&
      !reachable.includes(current)
    )
      reachable.push(current);
    for (const t of raisedBy(flow, current)) {
      const target = flow.triggers[t]?.target;
      if (target && target !== COMMIT_TARGET && target !== name && !reachable.includes(target)) {
        reachable.push(target);
        queue.push(target);
      }
    }
  }
  return {
    schema: PLAN_SCHEMA,
    flow_file: flow.file,
    workflow: name,
    defaults: flow.defaults,
    stages: stagesOf(flow, name),
    triggers: Object.values(flow.triggers).map((t) => ({
      name: t.name,
      target: t.target,
      max: t.max ?? null,
    })),
    triggered: reachable.map((w) => ({ workflow: w, stages: stagesOf(flow, w) })),
  };
}

function raisedBy(flow: Flow, workflow: string): Set<string> {
  const out = new Set<string>();
  for (const step of flow.workflows[workflow]?.steps ?? []) {
    if (step.on_failure) out.add(step.on_failure);
    if (step.on_success) out.add(step.on_success);
    const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
    for (const c of calls) for (const r of flow.agents[c.agent]?.raises ?? []) out.add(r);
  }
  return out;
}

function stagesOf(flow: Flow, workflow: string): Stage[] {
  const steps = flow.workflows[workflow]?.steps ?? [];
  return steps.map((step, i) => {
    const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
    const agents = calls.map((c): PlannedAgent => {
      const a = flow.agents[c.agent];
      if (!a) throw new PlanError(`step ${step.id} names unknown agent '${c.agent}'`);
      return {
        agent: a.name,
        with: c.with,
        output: a.output,
        writes: a.writes,
        timeout: a.timeout,
        retries: a.retries,
        raises: a.raises,
      };
    });
    const max =
      step.kind === "parallel"
        ? Math.min(step.max_parallel ?? flow.defaults.parallel_max, flow.defaults.parallel_max, agents.length)
        : agents.length;
    const command =
      step.kind === "check" ? (typeof step.run === "string" ? ["sh", "-c", step.run] : step.run) : null;
    return {
      index: i + 1,
      id: step.id,
      kind: step.kind,
      max_parallel: max,
      agents,
      command,
      on_failure: step.on_failure ?? null,
      on_success: step.on_success ?? null,
    };
  });
}

/** A Mermaid flowchart of the plan, for the README, the CLI and the GitHub job summary. */
export function planToMermaid(plan: Plan): string {
  const lines = ["flowchart TD"];
  const label = (s: string): string => s.replace(/"/g, "'");
  const render = (wp: WorkflowPlan, prefix: string): string[] => {
    const ids: string[] = [];
    for (const stage of wp.stages) {
      const id = `${prefix}${stage.index}`;
      ids.push(id);
      if (stage.kind === "parallel") {
        lines.push(`  subgraph ${id}["${stage.index}. parallel (max ${stage.max_parallel})"]`);
        stage.agents.forEach((a, i) => {
          lines.push(`    ${id}_${i}["${label(a.agent)}"]`);
        });
        lines.push("  end");
      } else if (stage.kind === "check") {
        const cmd = stage.command ?? [];
        const shown = cmd[0] === "sh" && cmd[1] === "-c" ? (cmd[2] ?? "") : cmd.join(" ");
        lines.push(`  ${id}{{"${stage.index}. check: ${label(shown)}"}}`);
      } else if (stage.kind === "commit") {
        lines.push(`  ${id}[/"${stage.index}. commit and pull request"/]`);
      } else {
        const mode = stage.agents[0]?.with.mode;
        lines.push(`  ${id}["${stage.index}. ${label(stage.id)}${mode ? ` (${label(mode)})` : ""}"]`);
      }
    }
    for (let i = 1; i < ids.length; i++) lines.push(`  ${ids[i - 1]} --> ${ids[i]}`);
    return ids;
  };
  lines.push(`  %% workflow ${plan.workflow}`);
  render(plan, "s");
  const starts = new Map<string, string>();
  plan.triggered.forEach((wp, w) => {
    lines.push(`  subgraph w${w}["workflow ${label(wp.workflow)}"]`);
    const ids = render(wp, `w${w}s`);
    lines.push("  end");
    if (ids[0]) starts.set(wp.workflow, `w${w}`);
  });
  const edge = (from: string, trigger: string | null): void => {
    if (!trigger) return;
    const target = plan.triggers.find((t) => t.name === trigger)?.target;
    const to = target ? starts.get(target) : undefined;
    if (to) lines.push(`  ${from} -. ${trigger} .-> ${to}`);
  };
  const wire = (stages: Stage[], prefix: string): void => {
    for (const s of stages) {
      edge(`${prefix}${s.index}`, s.on_failure);
      edge(`${prefix}${s.index}`, s.on_success);
    }
  };
  wire(plan.stages, "s");
  plan.triggered.forEach((wp, w) => {
    wire(wp.stages, `w${w}s`);
  });
  return `${lines.join("\n")}\n`;
}
