import type { z } from "zod";
import { type Diagnostic, didYouMean, type KeyPath } from "./diagnostics.js";
import {
  type AgentCall,
  type AgentSpec,
  agentSchema,
  agentStepSchema,
  BUILTIN_DEFAULTS,
  checkStepSchema,
  commitOptionsSchema,
  commitStepSchema,
  DEFAULT_BRANCH_TEMPLATE,
  defaultsSchema,
  type Flow,
  type FlowDefaults,
  KNOWN_KEYS,
  NAME_RULE,
  nameSchema,
  type Policy,
  parallelMemberObjectSchema,
  parallelMemberSchema,
  parallelStepSchema,
  policySchema,
  type StepSpec,
  type TriggerSpec,
  topSchema,
  triggerSchema,
  type WorkflowSpec,
  workflowSchema,
} from "./schema.js";
import type { FlowSource } from "./source.js";
import { shapeProblems } from "./zod-messages.js";

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

/** The keys of a strict object that shape on their own, and the ones that do not. */
function shapeByKey<S extends z.ZodObject>(
  schema: S,
  raw: unknown,
): { value: Partial<z.output<S>>; failed: Set<string> } {
  const value: Record<string, unknown> = {};
  const failed = new Set<string>();
  if (!isMapping(raw)) return { value: value as Partial<z.output<S>>, failed };
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!(key in raw)) continue;
    const r = field.safeParse(raw[key]);
    if (r.success) value[key] = r.data;
    else failed.add(key);
  }
  return { value: value as Partial<z.output<S>>, failed };
}

const STEP_KINDS = ["agent", "parallel", "check", "commit"] as const;

/** Keys the mapping at `path` accepts; `data` is the whole document (a step's keys depend on its kind). */
function knownKeysAt(path: KeyPath, data: unknown): readonly string[] {
  const [section, , sub, , inner] = path;
  if (path.length === 0) return KNOWN_KEYS.top;
  if (section === "defaults") return KNOWN_KEYS.defaults;
  if (section === "policy") return KNOWN_KEYS.policy;
  if (section === "agents") return KNOWN_KEYS.agent;
  if (section === "triggers") return KNOWN_KEYS.trigger;
  if (section === "workflows" && sub === "steps") {
    if (path.length === 4) {
      const step = valueAt(data, path);
      const kinds = isMapping(step) ? STEP_KINDS.filter((k) => k in step) : [];
      const [kind] = kinds;
      return kinds.length === 1 && kind ? KNOWN_KEYS.steps[kind] : KNOWN_KEYS.step;
    }
    if (inner === "commit") return KNOWN_KEYS.commit;
    if (inner === "check") return KNOWN_KEYS.checkOptions;
    if (inner === "parallel") return KNOWN_KEYS.parallelMember;
    return KNOWN_KEYS.step;
  }
  if (section === "workflows") return KNOWN_KEYS.workflow;
  return [];
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at a key path of the parsed YAML data (undefined where the path leaves it). */
export function valueAt(data: unknown, path: KeyPath): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

const NAME_KIND: Record<string, string> = { agents: "agent", workflows: "workflow", triggers: "trigger" };

const toStrings = (rec: Record<string, string | number | boolean> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(rec ?? {}).map(([k, v]) => [k, String(v)]));

/** Shapes the document with zod, entry by entry, collecting every problem. */
export function parseFlow(source: FlowSource): { parsed: ParsedFlow; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const check = <S extends z.ZodType>(
    schema: S,
    value: unknown,
    path: KeyPath,
    hint?: string,
  ): z.output<S> | undefined => {
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

type Checker = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: KeyPath,
  hint?: string,
) => z.output<S> | undefined;

function parseStep(
  raw: unknown,
  path: KeyPath,
  index: number,
  check: Checker,
  diagnostics: Diagnostic[],
  source: FlowSource,
): StepSpec | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const hint = typeof raw === "string" ? ` (write '- agent: ${raw}')` : "";
    diagnostics.push(
      source.diagnostic(path, `a step must be a mapping with one of ${STEP_KINDS.join(", ")}${hint}`),
    );
    return undefined;
  }
  const kinds = STEP_KINDS.filter((k) => k in raw);
  if (kinds.length === 0) {
    // `agnet: dev` is a typo of a kind, not a step without one: say so at the key
    const stepKeys: readonly string[] = KNOWN_KEYS.step;
    const typos = Object.keys(raw).filter((k) => !stepKeys.includes(k) && didYouMean(k, STEP_KINDS));
    for (const key of typos) {
      diagnostics.push(
        source.diagnostic([...path, key], `unknown key '${key}'${didYouMean(key, STEP_KINDS)}`, "key"),
      );
    }
    if (typos.length > 0) return undefined;
  }
  if (kinds.length !== 1) {
    const message =
      kinds.length === 0
        ? `a step needs exactly one of ${STEP_KINDS.map((k) => `'${k}'`).join(", ")}`
        : `a step may have only one of ${kinds.map((k) => `'${k}'`).join(", ")}; split it into ${kinds.length} steps`;
    diagnostics.push(source.diagnostic(path, message));
    return undefined;
  }
  const base = { id: "", index };
  /**
   * The step shaped by `schema`; when some of its keys are bad (reported already), the step built from
   * the others, so that their problems are found too. Undefined only when its kind's own key is bad.
   */
  const shaped = <S extends z.ZodObject>(schema: S, kind: string): z.output<S> | undefined => {
    const s = check(schema, raw, path);
    if (s) return s;
    const { value } = shapeByKey(schema, raw);
    const inner = (raw as Record<string, unknown>)[kind];
    // commit options are shaped key by key as well: one bad option must not hide the others
    if (kind === "commit" && !(kind in value) && isMapping(inner))
      (value as Record<string, unknown>).commit = shapeByKey(commitOptionsSchema, inner).value;
    return kind in value ? (value as z.output<S>) : undefined;
  };
  switch (kinds[0]) {
    case "agent": {
      const s = shaped(agentStepSchema, "agent");
      if (!s) return undefined;
      return {
        ...base,
        kind: "agent",
        id: s.name ?? "",
        call: { agent: s.agent, with: toStrings(s.with) },
        on_failure: s.on_failure,
        on_success: s.on_success,
      };
    }
    case "parallel": {
      const s = shaped(parallelStepSchema, "parallel");
      if (!s) return undefined;
      const calls: AgentCall[] = [];
      s.parallel.forEach((m, i) => {
        // a mapping can only mean the mapping form, so check it against that alone: its unknown keys
        // then get their own message instead of "expected an agent name or a mapping"
        const member = isMapping(m)
          ? check(parallelMemberObjectSchema, m, [...path, "parallel", i])
          : check(
              parallelMemberSchema,
              m,
              [...path, "parallel", i],
              "an agent name or a mapping with 'agent' (and optional 'with')",
            );
        if (member === undefined) return;
        calls.push(
          typeof member === "string"
            ? { agent: member, with: {} }
            : { agent: member.agent, with: toStrings(member.with) },
        );
      });
      if (calls.length !== s.parallel.length) return undefined;
      return {
        ...base,
        kind: "parallel",
        id: s.name ?? "",
        calls,
        max_parallel: s.max_parallel,
        on_failure: s.on_failure,
        on_success: s.on_success,
      };
    }
    case "check": {
      const s = shaped(checkStepSchema, "check");
      if (!s) return undefined;
      const c = typeof s.check === "string" ? { run: s.check } : s.check;
      return {
        ...base,
        kind: "check",
        id: s.name ?? "",
        run: c.run,
        timeout: "timeout" in c ? c.timeout : undefined,
        env: toStrings("env" in c ? c.env : undefined),
        on_failure: s.on_failure,
        on_success: s.on_success,
      };
    }
    default: {
      const s = shaped(commitStepSchema, "commit");
      if (!s) return undefined;
      const o = s.commit === true || s.commit === null ? {} : s.commit;
      return {
        ...base,
        kind: "commit",
        id: s.name ?? "",
        options: {
          branch: o.branch ?? DEFAULT_BRANCH_TEMPLATE,
          message: o.message,
          squash: o.squash ?? true,
          draft: o.draft ?? false,
          labels: o.labels ?? [],
          reviewers: o.reviewers ?? [],
          author: o.author,
          remote: o.remote ?? "origin",
          title: o.title,
        },
      };
    }
  }
}

/** Steps without a `name` get one from what they run; repeats get `-2`, `-3` so ids stay unique. */
function assignIds(steps: StepSpec[]): StepSpec[] {
  const explicit = new Set(steps.map((s) => s.id).filter(Boolean));
  const used = new Set<string>();
  return steps.map((s) => {
    if (s.id) {
      used.add(s.id);
      return s;
    }
    const stem = s.kind === "agent" ? s.call.agent : s.kind;
    let id = stem;
    for (let n = 2; used.has(id) || explicit.has(id); n++) id = `${stem}-${n}`;
    used.add(id);
    return { ...s, id };
  });
}
