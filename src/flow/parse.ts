import type { z } from "zod";
import type { Diagnostic, KeyPath } from "./diagnostics.js";
import {
  type AgentCall,
  type AgentSpec,
  agentSchema,
  agentStepSchema,
  BUILTIN_DEFAULTS,
  checkStepSchema,
  commitStepSchema,
  DEFAULT_BRANCH_TEMPLATE,
  defaultsSchema,
  type Flow,
  type FlowDefaults,
  KNOWN_KEYS,
  nameSchema,
  type Policy,
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
}

function knownKeysAt(path: KeyPath): readonly string[] {
  const [section, , sub, , inner] = path;
  if (path.length <= 1) return KNOWN_KEYS.top;
  if (section === "defaults") return KNOWN_KEYS.defaults;
  if (section === "policy") return KNOWN_KEYS.policy;
  if (section === "agents") return KNOWN_KEYS.agent;
  if (section === "triggers") return KNOWN_KEYS.trigger;
  if (section === "workflows" && sub === "steps") {
    if (inner === "commit") return KNOWN_KEYS.commit;
    if (inner === "check") return ["run", "timeout", "env"];
    if (inner === "parallel") return ["agent", "with"];
    return KNOWN_KEYS.step;
  }
  if (section === "workflows") return KNOWN_KEYS.workflow;
  return [];
}

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
    for (const p of shapeProblems(result.error, path, value, knownKeysAt, hint)) {
      diagnostics.push(source.diagnostic(p.path, p.message, p.at));
    }
    return undefined;
  };

  const data = (source.data ?? {}) as Record<string, unknown>;
  check(topSchema, data, []);
  const section = (key: string): Record<string, unknown> => {
    const v = data[key];
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
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
  };

  const declared = {
    agents: new Set(Object.keys(section("agents"))),
    workflows: new Set(Object.keys(section("workflows"))),
    triggers: new Set(Object.keys(section("triggers"))),
  };

  const agents: Record<string, AgentSpec> = {};
  for (const [name, raw] of Object.entries(section("agents"))) {
    const nameOk = check(nameSchema, name, ["agents", name]) !== undefined;
    const a = check(agentSchema, raw ?? {}, ["agents", name]);
    if (!a || !nameOk) continue;
    agents[name] = {
      name,
      description: a.description,
      preset: a.preset,
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
    };
  }

  const workflows: Record<string, WorkflowSpec> = {};
  for (const [name, raw] of Object.entries(section("workflows"))) {
    const nameOk = check(nameSchema, name, ["workflows", name]) !== undefined;
    const w = check(workflowSchema, raw ?? {}, ["workflows", name]);
    if (!w || !nameOk) continue;
    const steps: StepSpec[] = [];
    w.steps.forEach((rawStep, index) => {
      const step = parseStep(rawStep, ["workflows", name, "steps", index], index, check, diagnostics, source);
      if (step) steps.push(step);
    });
    if (steps.length === w.steps.length)
      workflows[name] = { name, description: w.description, steps: assignIds(steps) };
  }

  const triggers: Record<string, TriggerSpec> = {};
  for (const [name, raw] of Object.entries(section("triggers"))) {
    const nameOk = check(nameSchema, name, ["triggers", name]) !== undefined;
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
  return { parsed: { flow, declared }, diagnostics };
}

type Checker = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: KeyPath,
  hint?: string,
) => z.output<S> | undefined;

const STEP_KINDS = ["agent", "parallel", "check", "commit"] as const;

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
  if (kinds.length !== 1) {
    const message =
      kinds.length === 0
        ? `a step needs exactly one of ${STEP_KINDS.map((k) => `'${k}'`).join(", ")}`
        : `a step may have only one of ${kinds.map((k) => `'${k}'`).join(", ")}; split it into ${kinds.length} steps`;
    diagnostics.push(source.diagnostic(path, message));
    return undefined;
  }
  const base = { id: "", index };
  switch (kinds[0]) {
    case "agent": {
      const s = check(agentStepSchema, raw, path);
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
      const s = check(parallelStepSchema, raw, path);
      if (!s) return undefined;
      const calls: AgentCall[] = [];
      s.parallel.forEach((m, i) => {
        const member = check(
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
      const s = check(checkStepSchema, raw, path);
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
      const s = check(commitStepSchema, raw, path);
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
