import { z } from "zod";
import { STATUS_SCHEMA } from "./status.js";

// What the readers of pipeline_status.json (status, runs, logs, resume, rollback) rely on. Objects are
// loose: fields this version does not know (a newer engine's) are kept, not refused.
const time = z.string().nullable();
const count = z.number().nonnegative().nullable();
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
  attempts: z.number().int().nonnegative(),
  started_at: time,
  finished_at: time,
  error: z.string().nullable().optional(),
  changed_files: z.array(z.string()).optional(),
  usage: usageShape.optional(),
});

const stepShape = z.looseObject({
  key: z.string(),
  workflow: z.string(),
  id: z.string(),
  kind: z.enum(["agent", "parallel", "check", "commit"]),
  state: z.enum(["pending", "running", "succeeded", "failed", "cancelled"]),
  started_at: time,
  finished_at: time,
  error: z.string().nullable().optional(),
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
  engine: z.looseObject({ pid: z.number().int(), host: z.string() }).nullable(),
  error: z.string().nullable().optional(),
  outcome: z.string().nullable().optional(),
  usage: usageShape.optional(),
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
