import type { Diagnostic } from "./diagnostics.js";
import { VARIABLES } from "./env-variables.js";
import type { FlowDefaults } from "./schema.js";
import { defaultsSchema, type ZodSchema } from "./shape-schemas.js";
import { shapeProblems } from "./zod-messages.js";

/**
 * The guide's environment variables override the flow's `defaults`. Each is read with the schema of
 * the key it overrides, so it accepts the same forms (`AGENT_LOCK_TIMEOUT=10m` as `lock_timeout: 10m`)
 * and is refused with the same words. A bad value is an error, not a silent fallback:
 * `AGENT_PARALLEL_MAX=abc` running with 4 would hide a typo in a CI config.
 */
export { ENV_VARIABLES } from "./env-variables.js";

// environment variables are text: these spellings are the booleans a shell script or CI input uses
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** The text of a variable as the YAML value it stands for: `7` a number, `true`/`yes` a boolean. */
function asFlowValue(key: keyof FlowDefaults, text: string): unknown {
  if (key === "auto_cleanup") {
    const lower = text.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
  }
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

export function applyEnvironment(
  defaults: FlowDefaults,
  env: NodeJS.ProcessEnv,
): { defaults: FlowDefaults; diagnostics: Diagnostic[] } {
  const next: Record<string, unknown> = { ...defaults };
  const diagnostics: Diagnostic[] = [];
  for (const [name, key] of Object.entries(VARIABLES)) {
    const raw = env[name];
    // Empty means "not given", as with action inputs: `AGENT_PARALLEL_MAX=` in a shell profile is not a value.
    if (raw === undefined || raw.trim() === "") continue;
    const value = asFlowValue(key, raw.trim());
    const schema: ZodSchema = defaultsSchema.shape[key];
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) {
      next[key] = result.data;
      continue;
    }
    for (const p of shapeProblems(result.error, [key], value, () => [])) {
      const message = `${p.message} (it overrides defaults.${key})`;
      diagnostics.push({ file: "environment", line: 0, col: 0, path: name, message });
    }
  }
  return { defaults: next as unknown as FlowDefaults, diagnostics };
}
