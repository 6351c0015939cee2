import { didYouMean } from "./diagnostics.js";
import type { ParsedFlow } from "./parse.js";
import { BUILTIN_DEFAULTS, COMMIT_TARGET, type Flow } from "./schema.js";
import type { FlowSource } from "./source.js";
import type { Report } from "./validate-scopes.js";

export function checkTriggers(
  { flow, declared, sections }: ParsedFlow,
  report: Report,
  source: FlowSource,
): void {
  const targets = [...declared.workflows, COMMIT_TARGET];
  const hasCommit = Object.values(flow.workflows).some((w) => w.steps.some((s) => s.kind === "commit"));
  for (const t of Object.values(flow.triggers)) {
    const at = ["triggers", t.name];
    const path =
      typeof (source.data as { triggers?: Record<string, unknown> }).triggers?.[t.name] === "string"
        ? at
        : [...at, "workflow"];
    if (t.target === COMMIT_TARGET) {
      if (!hasCommit)
        report(
          path,
          "targets 'commit', but no workflow has a commit step; add '- commit: {}' as a last step",
        );
    } else if (sections.workflows && !declared.workflows.has(t.target)) {
      report(path, `unknown workflow '${t.target}'${didYouMean(t.target, targets)}`);
    }
  }
  const explicit = (source.data as { defaults?: { workflow?: unknown } }).defaults?.workflow;
  if (typeof explicit === "string" && sections.workflows && !declared.workflows.has(explicit)) {
    report(
      ["defaults", "workflow"],
      `unknown workflow '${explicit}'${didYouMean(explicit, declared.workflows)}`,
    );
  }
  // `agent-flow run` and `plan` start the default workflow when none is named: it has to exist
  const fallback = BUILTIN_DEFAULTS.workflow;
  if (
    explicit === undefined &&
    sections.workflows &&
    declared.workflows.size > 0 &&
    !declared.workflows.has(fallback)
  ) {
    report(["workflows"], `no workflow '${fallback}' (the default); add it, or set defaults.workflow`);
  }
  for (const cycle of unboundedCycles(flow)) {
    const [first] = cycle;
    if (!first) continue;
    const chain = cycle.map((e) => `${e.from} -(${e.trigger})-> ${e.to}`).join(", ");
    report(
      ["triggers", first.trigger],
      `trigger cycle without a bound: ${chain}; set 'max' on one of its triggers`,
    );
  }
}

interface Edge {
  from: string;
  trigger: string;
  to: string;
}

/** Cycles in "workflow raises trigger -> workflow" made only of triggers without `max`. */
function unboundedCycles(flow: Flow): Edge[][] {
  const edges = new Map<string, Edge[]>();
  for (const wf of Object.values(flow.workflows)) {
    const raised = new Set<string>();
    for (const step of wf.steps) {
      if (step.on_failure) raised.add(step.on_failure);
      if (step.on_success) raised.add(step.on_success);
      const calls = step.kind === "agent" ? [step.call] : step.kind === "parallel" ? step.calls : [];
      for (const c of calls) for (const r of flow.agents[c.agent]?.raises ?? []) raised.add(r);
    }
    const list: Edge[] = [];
    for (const name of raised) {
      const t = flow.triggers[name];
      if (t && t.max === undefined && flow.workflows[t.target])
        list.push({ from: wf.name, trigger: name, to: t.target });
    }
    edges.set(wf.name, list);
  }
  const cycles: Edge[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: Edge[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    for (const e of edges.get(node) ?? []) {
      const s = state.get(e.to);
      if (s === "open") {
        const start = stack.findIndex((x) => x.from === e.to);
        cycles.push([...(start >= 0 ? stack.slice(start) : []), e]);
      } else if (s === undefined) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, "done");
  };
  for (const name of edges.keys()) if (!state.has(name)) visit(name);
  return cycles;
}
