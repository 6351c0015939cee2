import "../lib/zod.js";
import * as z from "zod/mini";
import { NAME_RE, NAME_RULE } from "./schema.js";

/**
 * The zod schemas of `agents/flow.yaml`, section by section. Sections are parsed one entry at a time (see
 * parse.ts) so that one bad agent does not hide the problems of the others. Only the parser imports this
 * module: what the engine and the other commands need of the flow (types, constants) is in schema.ts,
 * without zod. zod/mini (see lib/zod.ts): checks are arguments of `.check()`, wrappers are functions.
 */

export const nameSchema = z
  .string()
  .check(z.maxLength(64), z.regex(NAME_RE, { message: `must use ${NAME_RULE}` }));

const positiveInt = () => z.number().check(z.int(), z.positive());
const intRange = (min: number, max?: number) =>
  max === undefined
    ? z.number().check(z.int(), z.gte(min))
    : z.number().check(z.int(), z.gte(min), z.lte(max));

const durationRe = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/** Seconds, given as a number or as `90s`, `10m`, `1h30m`. */
export const durationSchema = z.pipe(
  z.union([positiveInt(), z.string()]),
  z.transform((v: number | string, payload) => {
    if (typeof v === "number") return v;
    const m = durationRe.exec(v.trim());
    const seconds =
      m && v.trim() !== "" ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
    if (seconds <= 0) {
      payload.issues.push({
        code: "custom",
        input: v,
        message: `'${v}' is not a duration; write seconds (600) or a form like 90s, 10m, 1h30m`,
      });
      return z.NEVER;
    }
    return seconds;
  }),
);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const withKeyRe = /^[a-z][a-z0-9_]*$/;
export const withSchema = z.record(
  z.string().check(
    z.regex(withKeyRe, {
      message: "is not a valid parameter name (lowercase letters, digits and '_', starting with a letter)",
    }),
  ),
  scalar,
);

const envName = () =>
  z.string().check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      message:
        "is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
    }),
  );
const nonEmpty = () => z.string().check(z.minLength(1));
const opt = z.optional;

export const defaultsSchema = z.strictObject({
  workflow: opt(nameSchema),
  parallel_max: opt(intRange(1, 256)),
  lock_timeout: opt(durationSchema),
  run_retention: opt(intRange(0)),
  auto_cleanup: opt(z.boolean()),
  timeout: opt(durationSchema),
  retries: opt(intRange(0, 10)),
  run_timeout: opt(durationSchema),
  max_cost_usd: opt(z.number().check(z.positive())),
});

export const policySchema = z.strictObject({
  owners: opt(z.record(z.string(), nameSchema)),
  protected: opt(z.array(z.string())),
  allow_github: opt(z.boolean()),
  max_changed_files: opt(positiveInt()),
  max_changed_bytes: opt(positiveInt()),
  allow_symlinks: opt(z.boolean()),
  allow_executable: opt(z.boolean()),
  allow_gitattributes: opt(z.boolean()),
  allow_submodules: opt(z.boolean()),
});

const commandSchema = z.union([nonEmpty(), z.array(z.string()).check(z.minLength(1))]);

export const agentSchema = z.strictObject({
  description: opt(z.string()),
  preset: opt(z.string()),
  /** For a preset agent: the CLI's model, turn limit and extra arguments. */
  model: opt(nonEmpty()),
  max_turns: opt(intRange(1, 10_000)),
  args: opt(z.array(z.string())),
  run: opt(commandSchema),
  prompt: opt(z.string()),
  prompt_file: opt(z.string()),
  output: opt(nameSchema),
  writes: opt(z.array(z.string())),
  reads: opt(z.array(z.string())),
  timeout: opt(durationSchema),
  retries: opt(intRange(0, 10)),
  env: opt(z.record(envName(), scalar)),
  raises: opt(z.array(nameSchema)),
  locks: opt(z.array(nameSchema)),
  secrets: opt(z.array(envName())),
});

const triggerRef = opt(nameSchema);

export const agentStepSchema = z.strictObject({
  name: opt(nameSchema),
  agent: nameSchema,
  with: opt(withSchema),
  on_failure: triggerRef,
  on_success: triggerRef,
});

/** The mapping form of a parallel member: `{ agent: docs, with: { mode: x } }`. */
export const parallelMemberObjectSchema = z.strictObject({ agent: nameSchema, with: opt(withSchema) });

export const parallelMemberSchema = z.union([nameSchema, parallelMemberObjectSchema]);

export const parallelStepSchema = z.strictObject({
  name: opt(nameSchema),
  parallel: z.array(z.unknown()),
  max_parallel: opt(intRange(1, 256)),
  on_failure: triggerRef,
  on_success: triggerRef,
});

export const checkStepSchema = z.strictObject({
  name: opt(nameSchema),
  check: z.union([
    nonEmpty(),
    z.strictObject({
      run: commandSchema,
      timeout: opt(durationSchema),
      env: opt(z.record(z.string(), scalar)),
    }),
  ]),
  on_failure: triggerRef,
  on_success: triggerRef,
});

export const commitOptionsSchema = z.strictObject({
  branch: opt(nonEmpty()),
  message: opt(nonEmpty()),
  squash: opt(z.boolean()),
  draft: opt(z.boolean()),
  labels: opt(z.array(nonEmpty())),
  reviewers: opt(z.array(nonEmpty())),
  author: opt(z.string()),
  remote: opt(nonEmpty()),
  title: opt(nonEmpty()),
});

export const commitStepSchema = z.strictObject({
  name: opt(nameSchema),
  commit: z.union([z.literal(true), z.null(), commitOptionsSchema]),
});

export const workflowSchema = z.strictObject({
  description: opt(z.string()),
  steps: z.array(z.unknown()),
});

export const triggerSchema = z.union([
  nameSchema,
  z.strictObject({
    workflow: nameSchema,
    max: opt(intRange(1, 100)),
    description: opt(z.string()),
  }),
]);

const section = () => z.record(z.string(), z.unknown());
export const topSchema = z.strictObject({
  version: z.literal(1),
  defaults: opt(section()),
  policy: opt(section()),
  agents: section(),
  workflows: section(),
  triggers: opt(section()),
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

export type ZodSchema = z.ZodMiniType;
export type ZodObjectSchema = z.ZodMiniObject;
export type ZodOutput<S extends ZodSchema> = z.output<S>;
