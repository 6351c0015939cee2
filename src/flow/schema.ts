import { z } from "zod";

/**
 * The shape of `agents/flow.yaml`, section by section. Sections are parsed one entry at a time (see
 * parse.ts) so that one bad agent does not hide the problems of the others.
 */

export const NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
export const NAME_RULE =
  "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters";
export const nameSchema = z
  .string()
  .max(64)
  .regex(NAME_RE, { message: `must use ${NAME_RULE}` });

const durationRe = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/** Seconds, given as a number or as `90s`, `10m`, `1h30m`. */
export const durationSchema = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") return v;
  const m = durationRe.exec(v.trim());
  const seconds =
    m && v.trim() !== "" ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  if (seconds <= 0) {
    ctx.addIssue({
      code: "custom",
      message: `'${v}' is not a duration; write seconds (600) or a form like 90s, 10m, 1h30m`,
    });
    return z.NEVER;
  }
  return seconds;
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const withKeyRe = /^[a-z][a-z0-9_]*$/;
export const withSchema = z.record(
  z.string().regex(withKeyRe, {
    message: "is not a valid parameter name (lowercase letters, digits and '_', starting with a letter)",
  }),
  scalar,
);

export const defaultsSchema = z.strictObject({
  workflow: nameSchema.optional(),
  parallel_max: z.number().int().min(1).max(256).optional(),
  lock_timeout: durationSchema.optional(),
  run_retention: z.number().int().min(0).optional(),
  auto_cleanup: z.boolean().optional(),
  timeout: durationSchema.optional(),
  retries: z.number().int().min(0).max(10).optional(),
  run_timeout: durationSchema.optional(),
  max_cost_usd: z.number().positive().optional(),
});

export const policySchema = z.strictObject({
  owners: z.record(z.string(), nameSchema).optional(),
  protected: z.array(z.string()).optional(),
  allow_github: z.boolean().optional(),
  max_changed_files: z.number().int().positive().optional(),
  max_changed_bytes: z.number().int().positive().optional(),
  allow_symlinks: z.boolean().optional(),
  allow_executable: z.boolean().optional(),
  allow_gitattributes: z.boolean().optional(),
  allow_submodules: z.boolean().optional(),
});

const commandSchema = z.union([z.string().min(1), z.array(z.string()).min(1)]);

export const agentSchema = z.strictObject({
  description: z.string().optional(),
  preset: z.string().optional(),
  /** For a preset agent: the CLI's model, turn limit and extra arguments. */
  model: z.string().min(1).optional(),
  max_turns: z.number().int().min(1).max(10_000).optional(),
  args: z.array(z.string()).optional(),
  run: commandSchema.optional(),
  prompt: z.string().optional(),
  prompt_file: z.string().optional(),
  output: nameSchema.optional(),
  writes: z.array(z.string()).optional(),
  reads: z.array(z.string()).optional(),
  timeout: durationSchema.optional(),
  retries: z.number().int().min(0).max(10).optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        message:
          "is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
      }),
      scalar,
    )
    .optional(),
  raises: z.array(nameSchema).optional(),
  locks: z.array(nameSchema).optional(),
  secrets: z
    .array(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        message:
          "is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
      }),
    )
    .optional(),
});

const triggerRef = nameSchema.optional();

export const agentStepSchema = z.strictObject({
  name: nameSchema.optional(),
  agent: nameSchema,
  with: withSchema.optional(),
  on_failure: triggerRef,
  on_success: triggerRef,
});

/** The mapping form of a parallel member: `{ agent: docs, with: { mode: x } }`. */
export const parallelMemberObjectSchema = z.strictObject({ agent: nameSchema, with: withSchema.optional() });

export const parallelMemberSchema = z.union([nameSchema, parallelMemberObjectSchema]);

export const parallelStepSchema = z.strictObject({
  name: nameSchema.optional(),
  parallel: z.array(z.unknown()),
  max_parallel: z.number().int().min(1).max(256).optional(),
  on_failure: triggerRef,
  on_success: triggerRef,
});

export const checkStepSchema = z.strictObject({
  name: nameSchema.optional(),
  check: z.union([
    z.string().min(1),
    z.strictObject({
      run: commandSchema,
      timeout: durationSchema.optional(),
      env: z.record(z.string(), scalar).optional(),
    }),
  ]),
  on_failure: triggerRef,
  on_success: triggerRef,
});

export const commitOptionsSchema = z.strictObject({
  branch: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  squash: z.boolean().optional(),
  draft: z.boolean().optional(),
  labels: z.array(z.string().min(1)).optional(),
  reviewers: z.array(z.string().min(1)).optional(),
  author: z.string().optional(),
  remote: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
});

export const commitStepSchema = z.strictObject({
  name: nameSchema.optional(),
  commit: z.union([z.literal(true), z.null(), commitOptionsSchema]),
});

export const workflowSchema = z.strictObject({
  description: z.string().optional(),
  steps: z.array(z.unknown()),
});

export const triggerSchema = z.union([
  nameSchema,
  z.strictObject({
    workflow: nameSchema,
    max: z.number().int().min(1).max(100).optional(),
    description: z.string().optional(),
  }),
]);

export const topSchema = z.strictObject({
  version: z.literal(1),
  defaults: z.record(z.string(), z.unknown()).optional(),
  policy: z.record(z.string(), z.unknown()).optional(),
  agents: z.record(z.string(), z.unknown()),
  workflows: z.record(z.string(), z.unknown()),
  triggers: z.record(z.string(), z.unknown()).optional(),
});

/** Keys each kind of mapping accepts, for did-you-mean on unknown keys. */
export const KNOWN_KEYS = {
  top: Object.keys(topSchema.shape),
  defaults: Object.keys(defaultsSchema.shape),
  policy: Object.keys(policySchema.shape),
  agent: Object.keys(agentSchema.shape),
  workflow: Object.keys(workflowSchema.shape),
  /** Keys of a step by its kind (the one of agent, parallel, check, commit it has). */
  steps: {
    agent: Object.keys(agentStepSchema.shape),
    parallel: Object.keys(parallelStepSchema.shape),
    check: Object.keys(checkStepSchema.shape),
    commit: Object.keys(commitStepSchema.shape),
  },
  /** Any step key, for a step whose kind cannot be told. */
  step: ["name", "agent", "parallel", "check", "commit", "with", "max_parallel", "on_failure", "on_success"],
  parallelMember: Object.keys(parallelMemberObjectSchema.shape),
  checkOptions: ["run", "timeout", "env"],
  commit: Object.keys(commitOptionsSchema.shape),
  trigger: ["workflow", "max", "description"],
} as const;

// The shaped flow's types live in flow-types.ts; re-exported so importers keep one place to import from.
export * from "./flow-types.js";
