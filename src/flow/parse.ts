import type { Diagnostic, KeyPath } from "./diagnostics.js";
import { isMapping, knownKeysAt, shapeByKey, toStrings } from "./parse-shape.js";
import { assignIds, parseStep } from "./parse-step.js";
import {
  type AgentSpec,
  BUILTIN_DEFAULTS,
  type Flow,
  type FlowDefaults,
  NAME_RULE,
  type Policy,
  type StepSpec,
  type TriggerSpec,
  type WorkflowSpec,
} from "./schema.js";
import {
  agentSchema,
  defaultsSchema,
  nameSchema,
  policySchema,
  topSchema,
  triggerSchema,
  workflowSchema,
  type ZodOutput,
  type ZodSchema,
} from "./shape-schemas.js";
import type { FlowSource } from "./source.js";
import { shapeProblems } from "./zod-messages.js";

export { valueAt } from "./parse-shape.js";

/** Everything parse() could read, plus the names of entries it could not (so graph checks do not
 * report a broken agent as "unknown" a second time). */
export interface ParsedFlow {
  flow: Flow;
  /** Names declared in the file, valid or not. */
  declared: { agents: Set<string>; workflows: Set<string>; triggers: Set<string> };
  /** Whether `agents` / `workflows` are mappings at all; when one is missing or malformed, zod has said
   * so, and checks that would only repeat it ("declares no agents", "unknown agent") stay quiet. */
  sections: { agents: boolean; workflows: boolean };
  /** Per agent whose shape failed, the keys that failed: the agent is kept, built from its other keys, so
   * that their problems are reported too, and checks that need a failed key stay quiet about it. */
  broken: Map<string, Set<string>>;
  /** Per workflow, how many steps it lists (some may have failed to shape and are missing from `steps`). */
  stepCounts: Map<string, number>;
}

const NAME_KIND: Record<string, string> = { agents: "agent", workflows: "workflow", triggers: "trigger" };
/** Shapes the document with zod, entry by entry, collecting every problem. */
export function parseFlow(source: FlowSource): { parsed: ParsedFlow; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const check = <S extends ZodSchema>(
    schema: S,
    value: unknown,
    path: KeyPath,
    hint?: string,
  ): ZodOutput<S> | undefined => {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const known = (at: KeyPath) => knownKeysAt(at, source.data);
    for (const p of shapeProblems(result.error, path, value, known, hint)) {
      diagnostics.push(source.diagnostic(p.path, p.message, p.at));
    }
    return undefined;
  };

  const data = (source.data ?? {}) as Record<string, unknown>;
  check(topSchema, data, []);
  const section = (key: string): Record<string, unknown> => {
    const v = data[key];
    return isMapping(v) ? v : {};
  };
  /** An entry's name, checked where it is written (the key), not at its value. */
  const checkName = (kind: string, name: string): boolean => {
    if (nameSchema.safeParse(name).success) return true;
    diagnostics.push(
      source.diagnostic(
        [kind, name],
        `'${name}' is not a valid ${NAME_KIND[kind] ?? "entry"} name; use ${NAME_RULE}`,
        "key",
      ),
    );
    return false;
  };

  const defaults: FlowDefaults = {
    ...BUILTIN_DEFAULTS,
    ...(check(defaultsSchema, section("defaults"), ["defaults"]) ?? {}),
  };
  const rawPolicy = check(policySchema, section("policy"), ["policy"]) ?? {};
  const policy: Policy = {
    owners: rawPolicy.owners ?? {},
    protected: rawPolicy.protected ?? [],
    allow_github: rawPolicy.allow_github ?? false,
    max_changed_files: rawPolicy.max_changed_files ?? 500,
    max_changed_bytes: rawPolicy.max_changed_bytes ?? 10 * 1024 * 1024,
    allow_symlinks: rawPolicy.allow_symlinks ?? false,
    allow_executable: rawPolicy.allow_executable ?? false,
    allow_gitattributes: rawPolicy.allow_gitattributes ?? false,
    allow_submodules: rawPolicy.allow_submodules ?? false,
  };

  const declared = {
    agents: new Set(Object.keys(section("agents"))),
    workflows: new Set(Object.keys(section("workflows"))),
    triggers: new Set(Object.keys(section("triggers"))),
  };
  const sections = { agents: isMapping(data.agents), workflows: isMapping(data.workflows) };

  const agents: Record<string, AgentSpec> = {};
  const broken = new Map<string, Set<string>>();
  for (const [name, raw] of Object.entries(section("agents"))) {
    const nameOk = checkName("agents", name);
    let a = check(agentSchema, raw ?? {}, ["agents", name]);
    if (!a && isMapping(raw)) {
      // one bad key must not hide the problems of the others: keep what shapes (the flow is invalid anyway)
      const partial = shapeByKey(agentSchema, raw);
      broken.set(name, partial.failed);
      a = partial.value;
    }
    if (!a || !nameOk) continue;
    agents[name] = {
      name,
      description: a.description,
      preset: a.preset,
      model: a.model,
      max_turns: a.max_turns,
      args: a.args ?? [],
      run: a.run,
      prompt: a.prompt,
      prompt_file: a.prompt_file,
      output: a.output ?? name,
      writes: a.writes ?? [],
      reads: a.reads ?? [],
      timeout: a.timeout ?? defaults.timeout,
      retries: a.retries ?? defaults.retries,
      env: toStrings(a.env),
      raises: a.raises ?? [],
      locks: a.locks ?? [],
      secrets: a.secrets ?? [],
    };
  }

  const workflows: Record<string, WorkflowSpec> = {};
  const stepCounts = new Map<string, number>();
  for (const [name, raw] of Object.entries(section("workflows"))) {
    const nameOk = checkName("workflows", name);
    const w = check(workflowSchema, raw ?? {}, ["workflows", name]);
    if (!w || !nameOk) continue;
    const steps: StepSpec[] = [];
    w.steps.forEach((rawStep, index) => {
      const step = parseStep(rawStep, ["workflows", name, "steps", index], index, check, diagnostics, source);
      if (step) steps.push(step);
    });
    // a step that did not shape is left out, and the others are still checked (the flow is invalid anyway)
    stepCounts.set(name, w.steps.length);
    workflows[name] = { name, description: w.description, steps: assignIds(steps) };
  }

  const triggers: Record<string, TriggerSpec> = {};
  for (const [name, raw] of Object.entries(section("triggers"))) {
    const nameOk = checkName("triggers", name);
    const t = check(
      triggerSchema,
      raw,
      ["triggers", name],
      "a workflow name, 'commit', or a mapping with 'workflow' and 'max'",
    );
    if (t === undefined || !nameOk) continue;
    triggers[name] =
      typeof t === "string"
        ? { name, target: t }
        : { name, target: t.workflow, max: t.max, description: t.description };
  }

  const flow: Flow = { file: source.file, version: 1, defaults, policy, agents, workflows, triggers };
  return { parsed: { flow, declared, sections, broken, stepCounts }, diagnostics };
}
