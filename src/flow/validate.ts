import { commandProblems, envProblems } from "./command-rules.js";
import { type Diagnostic, didYouMean, type KeyPath } from "./diagnostics.js";
import { type ParsedFlow, valueAt } from "./parse.js";
import { presetKeyProblems, presetNames } from "./presets/index.js";
import { COMMIT_TARGET, GITHUB_PATHS } from "./schema.js";
import { scopeCovers } from "./scope-relations.js";
import { checkScopeSyntax, scopesOverlap } from "./scopes.js";
import type { FlowSource } from "./source.js";
import { checkCommitStep } from "./validate-commit.js";
import {
  checkGroupOverlap,
  checkSingleWriter,
  type Report,
  type Scopes,
  writeScopes,
} from "./validate-scopes.js";
import { checkTriggers } from "./validate-triggers.js";

/** The most jobs one GitHub Actions matrix may generate. */
export const MATRIX_LIMIT = 256;
/** Output folder names the engine itself writes in the run directory. */
export const RESERVED_OUTPUTS = new Set(["test_results", "latest", "runs"]);

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
