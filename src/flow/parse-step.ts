// Parsing one step of a workflow (agent, parallel, check, commit) and giving unnamed steps their ids.

import { type Diagnostic, didYouMean, type KeyPath } from "./diagnostics.js";
import { type Checker, isMapping, STEP_KINDS, shapeByKey, toStrings } from "./parse-shape.js";
import { type AgentCall, DEFAULT_BRANCH_TEMPLATE, type StepSpec } from "./schema.js";
import {
  agentStepSchema,
  checkStepSchema,
  commitOptionsSchema,
  commitStepSchema,
  KNOWN_KEYS,
  parallelMemberObjectSchema,
  parallelMemberSchema,
  parallelStepSchema,
  type ZodObjectSchema,
  type ZodOutput,
} from "./shape-schemas.js";
import type { FlowSource } from "./source.js";

export function parseStep(
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
  const shaped = <S extends ZodObjectSchema>(schema: S, kind: string): ZodOutput<S> | undefined => {
    const s = check(schema, raw, path);
    if (s) return s;
    const { value } = shapeByKey(schema, raw);
    const inner = (raw as Record<string, unknown>)[kind];
    // commit options are shaped key by key as well: one bad option must not hide the others
    if (kind === "commit" && !(kind in value) && isMapping(inner))
      (value as Record<string, unknown>).commit = shapeByKey(commitOptionsSchema, inner).value;
    return kind in value ? (value as ZodOutput<S>) : undefined;
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
export function assignIds(steps: StepSpec[]): StepSpec[] {
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
