import "../lib/zod.js";
import * as z from "zod/mini";
import { STATUS_SCHEMA } from "./status.js";

// What the readers of pipeline_status.json (status, runs, logs, resume, rollback) rely on. Objects are
// loose: fields this version does not know (a newer engine's) are kept, not refused.
const time = z.nullable(z.string());
const count = z.nullable(z.number().check(z.nonnegative()));
const usageShape = z.looseObject({
  turns: count,
  input_tokens: count,
  output_tokens: count,
  cost_usd: count,
});

const agentShape = z.looseObject({
  agent: z.string(),
  output: z.string(),
  state: z.enum(["pending", "running", "succeeded", "failed", "cancelled"]),
  attempts: z.number().check(z.int(), z.nonnegative()),
  started_at: time,
  finished_at: time,
  error: z.optional(z.nullable(z.string())),
  changed_files: z.optional(z.array(z.string())),
  usage: z.optional(usageShape),
});

const stepShape = z.looseObject({
  key: z.string(),
  workflow: z.string(),
  id: z.string(),
  kind: z.enum(["agent", "parallel", "check", "commit"]),
  state: z.enum(["pending", "running", "succeeded", "failed", "cancelled"]),
  started_at: time,
  finished_at: time,
  error: z.optional(z.nullable(z.string())),
  agents: z.array(agentShape),
});

export const statusShape = z.looseObject({
  schema: z.literal(STATUS_SCHEMA),
  run_id: z.string(),
  feature: z.string(),
  workflow: z.string(),
  state: z.enum(["pending", "running", "succeeded", "failed", "cancelled"]),
  started_at: z.string(),
  finished_at: time,
  engine: z.nullable(z.looseObject({ pid: z.number().check(z.int()), host: z.string() })),
  error: z.optional(z.nullable(z.string())),
  outcome: z.optional(z.nullable(z.string())),
  usage: z.optional(usageShape),
  steps: z.array(stepShape),
});

/** What is wrong with a parsed status, as `field.path: problem` parts; empty when it is usable. */
export function statusProblems(data: unknown): string[] {
  const r = statusShape.safeParse(data);
  if (r.success) return [];
  return r.error.issues.slice(0, 5).map((i) => {
    const at = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${at.replace(/^\./, "") || "(top)"}: ${i.message}`;
  });
}
