import { z } from "zod";
import { type RunStatus, STATUS_SCHEMA } from "./status.js";

/**
 * What a reader of `pipeline_status.json` relies on. Extra fields are kept (newer writers may add
 * some); a missing or mistyped field makes the file "damaged", named with the field's path.
 */
const nullableString = z.string().nullable();
const agentShape = z.looseObject({
  agent: z.string(),
  state: z.string(),
  attempts: z.number(),
  started_at: nullableString,
  finished_at: nullableString,
  error: nullableString,
  changed_files: z.array(z.string()),
});
const stepShape = z.looseObject({
  key: z.string(),
  workflow: z.string(),
  id: z.string(),
  kind: z.enum(["agent", "parallel", "check", "commit"]),
  state: z.string(),
  started_at: nullableString,
  finished_at: nullableString,
  error: nullableString,
  agents: z.array(agentShape),
});
const statusShape = z.looseObject({
  schema: z.literal(STATUS_SCHEMA),
  run_id: z.string(),
  feature: z.string(),
  workflow: z.string(),
  base_branch: z.string(),
  base_sha: z.string(),
  state: z.enum(["pending", "running", "succeeded", "failed", "cancelled"]),
  started_at: z.string(),
  finished_at: nullableString,
  engine: z.looseObject({ pid: z.number(), host: z.string() }).nullable(),
  error: nullableString,
  triggers: z.array(z.looseObject({ name: z.string(), source: z.string() })),
  steps: z.array(stepShape),
});

/** Parses a status file's text; throws a message naming what is wrong (the caller adds the file). */
export function parseStatus(text: string): RunStatus {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(text.trim() === "" ? "is empty" : "is not valid JSON (a truncated write?)");
  }
  const r = statusShape.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the file";
    throw new Error(`is damaged: ${where}: ${issue?.message ?? "unexpected shape"}`);
  }
  return r.data as unknown as RunStatus;
}
