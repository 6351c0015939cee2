import type { Diagnostic } from "./diagnostics.js";
import type { FlowDefaults } from "./schema.js";

/**
 * The guide's environment variables override the flow's `defaults`. A bad value is an error, not a
 * silent fallback: `AGENT_PARALLEL_MAX=abc` running with 4 would hide a typo in a CI config.
 */
const VARIABLES = {
  AGENT_PARALLEL_MAX: {
    key: "parallel_max",
    kind: "int",
    min: 1,
    max: 256,
    rule: "a whole number from 1 to 256",
  },
  AGENT_LOCK_TIMEOUT: {
    key: "lock_timeout",
    kind: "int",
    min: 1,
    max: 86_400,
    rule: "a whole number of seconds from 1 to 86400",
  },
  AGENT_RUN_RETENTION: {
    key: "run_retention",
    kind: "int",
    min: 0,
    max: 36_500,
    rule: "a whole number of days, 0 or more",
  },
  AGENT_AUTO_CLEANUP: {
    key: "auto_cleanup",
    kind: "bool",
    min: 0,
    max: 0,
    rule: "true or false (also 1/0, yes/no)",
  },
} as const;

export const ENV_VARIABLES = Object.keys(VARIABLES);

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

export function applyEnvironment(
  defaults: FlowDefaults,
  env: NodeJS.ProcessEnv,
): { defaults: FlowDefaults; diagnostics: Diagnostic[]; overridden: string[] } {
  const next: FlowDefaults = { ...defaults };
  const diagnostics: Diagnostic[] = [];
  const overridden: string[] = [];
  for (const [name, spec] of Object.entries(VARIABLES)) {
    const raw = env[name];
    // Empty means "not given", as with action inputs: `AGENT_PARALLEL_MAX=` in a shell profile is not a value.
    if (raw === undefined || raw.trim() === "") continue;
    const value = raw.trim();
    const fail = (): void => {
      diagnostics.push({
        file: "environment",
        line: 0,
        col: 0,
        path: name,
        message: `'${raw}' is not valid: must be ${spec.rule}`,
      });
    };
    if (spec.kind === "bool") {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) next.auto_cleanup = true;
      else if (FALSE.has(lower)) next.auto_cleanup = false;
      else {
        fail();
        continue;
      }
    } else {
      if (!/^\d+$/.test(value)) {
        fail();
        continue;
      }
      const n = Number(value);
      if (n < spec.min || n > spec.max) {
        fail();
        continue;
      }
      (next as unknown as Record<string, number>)[spec.key] = n;
    }
    overridden.push(name);
  }
  return { defaults: next, diagnostics, overridden };
}
