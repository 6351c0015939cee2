/**
 * What the rest of the code needs of the flow's shape: its types, constants and the name rule, without
 * zod. The zod schemas that check `agents/flow.yaml` are in shape-schemas.ts, which only the parser
 * loads: the engine, `status`, `cleanup` and the others import this module without paying for zod.
 */

export const NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
export const NAME_RULE =
  "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters";

// The shaped flow's types live in flow-types.ts; re-exported so importers keep one place to import from.
export * from "./flow-types.js";
