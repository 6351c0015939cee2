import { commandProblems, envProblems } from "./command-rules.js";
import { type Diagnostic, didYouMean, type KeyPath } from "./diagnostics.js";
import { type ParsedFlow, valueAt } from "./parse.js";
import { presetKeyProblems, presetNames } from "./presets/index.js";
import { BUILTIN_DEFAULTS, COMMIT_TARGET, DEFAULT_SINGLE_WRITER, type Flow, GITHUB_PATHS } from "./schema.js";
import { scopeCovers, scopesClash } from "./scope-relations.js";
import { checkScopeSyntax, type ScopeProblem, scopesOverlap } from "./scopes.js";
import type { FlowSource } from "./source.js";
import { checkCommitStep } from "./validate-commit.js";

/** The most jobs one GitHub Actions matrix may generate. */
export const MATRIX_LIMIT = 256;
/** Output folder names the engine itself writes in the run directory. */
export const RESERVED_OUTPUTS = new Set(["test_results", "latest", "runs"]);

type Report = (path: KeyPath, message: string, at?: "key" | "value") => void;

/** One entry of an agent's `writes`, with its syntax problem if it has one. */
interface WriteScope {
  glob: string;
  index: number;
  problem: ScopeProblem | null;
}

/** Each agent's write scopes, checked once: the pairwise checks below only look at the valid ones. */
interface Scopes {
  all: Map<string, WriteScope[]>;
  valid: Map<string, WriteScope[]>;
}

function writeScopes(flow: Flow): Scopes {
  const all = new Map<string, WriteScope[]>();
  const valid = new Map<string, WriteScope[]>();
  for (const agent of Object.values(flow.agents)) {
    const list = agent.writes.map((glob, index) => ({ glob, index, problem: checkScopeSyntax(glob) }));
    all.set(agent.name, list);
    valid.set(
      agent.name,
      list.filter((w) => w.problem === null),
    );
  }
  return { all, valid };
}

/** Graph checks over a shaped flow: the rules that make the single writer and bounded triggers real. */
export function validateFlow(
  parsed: ParsedFlow,
  source: FlowSource,
  env: NodeJS.ProcessEnv = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (path, message, at = "value") => out.push(source.diagnostic(path, message, at));
  const scopes = writeScopes(parsed.flow);
  checkAgents(parsed, scopes, report);
  checkPolicy(parsed, report);
  checkSingleWriter(parsed, scopes, report);
  checkWorkflows(parsed, scopes, report, env, out, source.data);
  checkTriggers(parsed, report, source);
  return out;
}

/** `unknown trigger 'x'`, with a did-you-mean or, failing one, where to declare it. */
function unknownTrigger(name: string, declared: ParsedFlow["declared"]): string {
  const hint = didYouMean(name, declared.triggers) || "; declare it under 'triggers'";
  return `unknown trigger '${name}'${hint}`;
}

function checkAgents({ flow, declared, sections, broken }: ParsedFlow, scopes: Scopes, report: Report): void {
  if (sections.agents && declared.agents.size === 0)
    report(["agents"], "declares no agents; a flow needs at least one");
  const outputs = new Map<string, string>();
  const protectedGlobs = flow.policy.protected.filter((g) => checkScopeSyntax(g) === null);
  for (const agent of Object.values(flow.agents)) {
    const at = ["agents", agent.name];
    // keys whose shape failed were reported already; the checks that need them stay quiet
    const bad = broken.get(agent.name) ?? new Set<string>();
    if (bad.has("run") || bad.has("preset")) {
      // nothing to add: 'needs run or preset' would blame the key that is only malformed
    } else if (agent.run === undefined && agent.preset === undefined) {
      report(at, `needs 'run' (a command) or 'preset' (one of ${presetNames().join(", ")})`);
    } else if (agent.run !== undefined && agent.preset !== undefined) {
      report([...at, "preset"], "give either 'run' or 'preset', not both", "key");
    }
    if (agent.preset !== undefined && !presetNames().includes(agent.preset)) {
      const hint = didYouMean(agent.preset, presetNames()) || ` (known: ${presetNames().join(", ")})`;
      report([...at, "preset"], `unknown preset '${agent.preset}'${hint}`);
    }
    for (const p of presetKeyProblems(agent)) report([...at, p.key], p.message, "key");
    if (agent.run !== undefined)
      for (const p of commandProblems(agent.run, [...at, "run"])) report(p.path, p.message);
    for (const p of envProblems(agent.env, [...at, "env"])) report(p.path, p.message);
    if (
      agent.preset !== undefined &&
      agent.prompt === undefined &&
      agent.prompt_file === undefined &&
      !bad.has("prompt") &&
      !bad.has("prompt_file")
    ) {
      report(at, "a preset agent needs 'prompt' or 'prompt_file' to tell it what to do");
    }
    if (agent.prompt !== undefined && agent.prompt.trim() === "")
      report([...at, "prompt"], "is empty; write what the agent should do");
    if (agent.prompt !== undefined && agent.prompt_file !== undefined) {
      report([...at, "prompt_file"], "give either 'prompt' or 'prompt_file', not both", "key");
    }
    if (agent.prompt_file !== undefined) {
      const problem = checkScopeSyntax(agent.prompt_file);
      if (problem || /[*?[{]/.test(agent.prompt_file)) {
        report([...at, "prompt_file"], problem?.message ?? "must be a plain file path, not a glob");
      }
    }
    // with a malformed output its folder name is unknown: neither reserved nor shared can be told
    if (!bad.has("output")) checkOutput(agent.name, agent.output, outputs, report);

    for (const { glob, index: i, problem } of scopes.all.get(agent.name) ?? []) {
      if (problem) {
        report([...at, "writes", i], problem.message);
        continue;
      }
      // `.github/**` is refused on any overlap, since an agent that may write workflows could give
      // itself the write token.
      const witness = flow.policy.allow_github ? null : scopesOverlap(glob, GITHUB_PATHS);
      if (witness) {
        report(
          [...at, "writes", i],
          `'${glob}' may write '${witness}': workflow files under .github/ are protected; narrow the scope, or set policy.allow_github: true`,
        );
        continue;
      }
      // policy.protected: a scope that lies wholly inside a protected pattern can write nothing, so it
      // is a mistake; one that only overlaps it (`src/**` and `**/*.pem`) is fine, and the protected
      // files among those an agent changes are refused at run time.
      const inside = protectedGlobs.find((p) => scopeCovers(p, glob));
      if (inside !== undefined) {
        const example = scopesOverlap(glob, inside) ?? glob;
        report(
          [...at, "writes", i],
          `'${glob}' lies inside the protected '${inside}': every path it matches (e.g. '${example}') is protected, so the agent could change none of them; remove the scope, or the pattern from policy.protected`,
        );
      }
    }
    agent.reads.forEach((glob, i) => {
      const problem = checkScopeSyntax(glob);
      if (problem) report([...at, "reads", i], problem.message);
    });
    agent.raises.forEach((t, i) => {
      if (!declared.triggers.has(t)) report([...at, "raises", i], unknownTrigger(t, declared));
    });
  }
}

function checkOutput(agent: string, output: string, seen: Map<string, string>, report: Report): void {
  const at = ["agents", agent];
  if (RESERVED_OUTPUTS.has(output)) {
    report(
      [...at, "output"],
      `output folder '${output}' is reserved for the engine; set 'output' to another name`,
    );
  }
  const other = seen.get(output);
  if (other)
    report(
      at,
      `writes its output to '${output}/', the same folder as agent '${other}'; set a distinct 'output'`,
    );
  else seen.set(output, agent);
}

function checkPolicy({ flow, declared, sections }: ParsedFlow, report: Report): void {
  for (const [glob, owner] of Object.entries(flow.policy.owners)) {
    const problem = checkScopeSyntax(glob);
    if (problem) report(["policy", "owners", glob], problem.message, "key");
    if (sections.agents && !declared.agents.has(owner)) {
      report(["policy", "owners", glob], `unknown agent '${owner}'${didYouMean(owner, declared.agents)}`);
    }
  }
  flow.policy.protected.forEach((glob, i) => {
    const problem = checkScopeSyntax(glob);
    if (problem) report(["policy", "protected", i], problem.message);
  });
}

interface Writer {
  agent: string;
  glob: string;
  index: number;
  witness: string;
}

/**
 * A single-writer path may be written by one agent only: its owner. That is the agent `policy.owners`
 * names; else, for the built-in `src/**` and `tests/**`, the agent whose scope is the path itself (the
 * first one in the file if several are). Without either there is no owner, and each further writer is
 * reported against the first one, naming its scope: neither is called the owner.
 */
function checkSingleWriter({ flow, declared }: ParsedFlow, scopes: Scopes, report: Report): void {
  const owned = new Map<string, string | undefined>(Object.entries(flow.policy.owners));
  for (const glob of DEFAULT_SINGLE_WRITER) if (!owned.has(glob)) owned.set(glob, undefined);
  for (const [area, declaredOwner] of owned) {
    if (checkScopeSyntax(area)) continue;
    // an owner that is not an agent is reported by checkPolicy; blaming the real writers would mislead
    if (declaredOwner !== undefined && !declared.agents.has(declaredOwner)) continue;
    const writers: Writer[] = [];
    for (const agent of Object.values(flow.agents)) {
      for (const { glob, index } of scopes.valid.get(agent.name) ?? []) {
        const witness = scopesOverlap(glob, area);
        if (witness) writers.push({ agent: agent.name, glob, index, witness });
      }
    }
    const owner = declaredOwner ?? writers.find((w) => w.glob === area)?.agent;
    const first = writers[0];
    for (const w of writers) {
      const at = ["agents", w.agent, "writes", w.index];
      if (owner !== undefined) {
        if (w.agent === owner) continue;
        if (w.glob === area) {
          report(
            at,
            declaredOwner
              ? `'${owner}' owns '${area}' under policy.owners; only one agent may write it (remove it here, or change the owner)`
              : `'${owner}' already writes '${area}'; only one agent may write it (name one owner under policy.owners)`,
          );
        } else {
          const fix = declaredOwner
            ? "narrow the scope"
            : "narrow the scope, or name one owner under policy.owners";
          report(
            at,
            `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which only '${owner}' may write (single writer); ${fix}`,
          );
        }
      } else if (first && w.agent !== first.agent) {
        report(
          at,
          `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which '${first.agent}' writes too ('${first.glob}'); only one agent may write '${area}' (single writer): narrow the scopes, or name one owner under policy.owners`,
        );
      }
    }
  }
}

function checkWorkflows(
  { flow, declared, sections, stepCounts }: ParsedFlow,
  scopes: Scopes,
  report: Report,
  env: NodeJS.ProcessEnv,
  out: Diagnostic[],
  data: unknown,
): void {
  if (sections.workflows && declared.workflows.size === 0)
    report(["workflows"], "declares no workflows; a flow needs at least one");
  if (declared.workflows.has(COMMIT_TARGET)) {
    report(
      ["workflows", COMMIT_TARGET],
      `'${COMMIT_TARGET}' is reserved as a trigger target; rename the workflow`,
      "key",
    );
  }
  const agentRef = (name: string, path: KeyPath): void => {
    // with no agents section at all, zod's "is required" says it; every reference would repeat it
    if (sections.agents && !declared.agents.has(name))
      report(path, `unknown agent '${name}'${didYouMean(name, declared.agents)}`);
  };
  const triggerRef = (name: string | undefined, path: KeyPath): void => {
    if (name !== undefined && !declared.triggers.has(name)) report(path, unknownTrigger(name, declared));
  };
  for (const wf of Object.values(flow.workflows)) {
    const at = ["workflows", wf.name];
    // steps that did not shape are missing from wf.steps; positions count them all
    const count = stepCounts.get(wf.name) ?? wf.steps.length;
    if (count === 0) report([...at, "steps"], "has no steps; list at least one");
    const ids = new Map<string, number>();
    for (const step of wf.steps) {
      const sp = [...at, "steps", step.index];
      const prev = ids.get(step.id);
      if (prev !== undefined)
        report(
          [...sp, "name"],
          `step name '${step.id}' is already used by step ${prev + 1}; names must be unique in a workflow`,
        );
      else ids.set(step.id, step.index);
      triggerRef(step.on_failure, [...sp, "on_failure"]);
      triggerRef(step.on_success, [...sp, "on_success"]);
      if (step.kind === "agent") {
        agentRef(step.call.agent, [...sp, "agent"]);
        for (const p of envProblems(step.call.with, [...sp, "with"])) report(p.path, p.message);
      }
      if (step.kind === "check") {
        // `check: npm test` or `check: { run: ... }`: point at the command where it is written
        const short = typeof valueAt(data, [...sp, "check"]) === "string";
        for (const p of commandProblems(step.run, short ? [...sp, "check"] : [...sp, "check", "run"]))
          report(p.path, p.message);
        for (const p of envProblems(step.env, [...sp, "check", "env"])) report(p.path, p.message);
      }
      if (step.kind === "commit") {
        if (step.index !== count - 1) report(sp, "the commit step must be the last step of its workflow");
        checkCommitStep(step, wf.name, sp, report, env, out);
      }
      if (step.kind !== "parallel") continue;
      if (step.calls.length === 0)
        report([...sp, "parallel"], "is an empty parallel group; list at least one agent");
      if (step.calls.length > MATRIX_LIMIT) {
        report(
          [...sp, "parallel"],
          `has ${step.calls.length} agents, more than the ${MATRIX_LIMIT} jobs a GitHub matrix allows; split the group`,
        );
      }
      const seen = new Set<string>();
      step.calls.forEach((call, i) => {
        agentRef(call.agent, [...sp, "parallel", i]);
        for (const p of envProblems(call.with, [...sp, "parallel", i, "with"])) report(p.path, p.message);
        if (seen.has(call.agent))
          report([...sp, "parallel", i], `agent '${call.agent}' appears twice in one parallel group`);
        seen.add(call.agent);
      });
      checkGroupOverlap(
        flow,
        scopes,
        step.calls.map((c) => c.agent),
        [...sp, "parallel"],
        report,
      );
    }
  }
}

/** Agents that run at the same time must not be able to write the same file. */
function checkGroupOverlap(
  flow: Flow,
  scopes: Scopes,
  members: string[],
  path: KeyPath,
  report: Report,
): void {
  const agents = [...new Set(members)]
    .map((m) => flow.agents[m])
    .filter((a) => a !== undefined)
    .map((a) => ({ name: a.name, writes: (scopes.valid.get(a.name) ?? []).map((w) => w.glob) }));
  for (let i = 0; i < agents.length; i++) {
    for (let j = i + 1; j < agents.length; j++) {
      const a = agents[i];
      const b = agents[j];
      if (!a || !b) continue;
      const at = [...path, members.indexOf(b.name)];
      for (const ga of a.writes) {
        for (const gb of b.writes) {
          const witness = scopesOverlap(ga, gb);
          if (witness) {
            report(
              at,
              `'${a.name}' ('${ga}') and '${b.name}' ('${gb}') may both write '${witness}'; agents in one parallel group must write disjoint paths`,
            );
            continue;
          }
          // a file one agent writes where the other needs a folder: the combined tree cannot hold both
          const clash = scopesClash(ga, gb);
          if (!clash) continue;
          const [fa, fg, ia, ig] = clash.fileSide === 0 ? [a.name, ga, b.name, gb] : [b.name, gb, a.name, ga];
          report(
            at,
            `'${fa}' ('${fg}') may write the file '${clash.file}' and '${ia}' ('${ig}') the file '${clash.inside}', which needs '${clash.file}' to be a folder; agents in one parallel group must write paths that cannot clash as file and folder`,
          );
        }
      }
    }
  }
}

function checkTriggers({ flow, declared, sections }: ParsedFlow, report: Report, source: FlowSource): void {
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
