import type { FlowDefaults } from "./schema.js";

/**
 * The guide's environment variables and the `defaults` key each overrides (read in settings.ts). Apart
 * from settings.ts so that the CLI's help names them without loading the flow schema (zod).
 */
export const VARIABLES = {
  AGENT_PARALLEL_MAX: "parallel_max",
  AGENT_LOCK_TIMEOUT: "lock_timeout",
  AGENT_RUN_RETENTION: "run_retention",
  AGENT_AUTO_CLEANUP: "auto_cleanup",
} as const satisfies Record<string, keyof FlowDefaults>;

export const ENV_VARIABLES = Object.keys(VARIABLES);
