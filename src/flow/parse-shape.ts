// Helpers of the flow parser: shaping an entry key by key, the keys a mapping accepts (for did-you-mean),
// and reading a value at a key path of the YAML data.

import type { KeyPath } from "./diagnostics.js";
import { KNOWN_KEYS, type ZodObjectSchema, type ZodOutput, type ZodSchema } from "./shape-schemas.js";

/** The keys of a strict object that shape on their own, and the ones that do not. */
export function shapeByKey<S extends ZodObjectSchema>(
  schema: S,
  raw: unknown,
): { value: Partial<ZodOutput<S>>; failed: Set<string> } {
  const value: Record<string, unknown> = {};
  const failed = new Set<string>();
  if (!isMapping(raw)) return { value: value as Partial<ZodOutput<S>>, failed };
  for (const [key, field] of Object.entries(schema.shape as Record<string, ZodSchema>)) {
    if (!(key in raw)) continue;
    const r = field.safeParse(raw[key]);
    if (r.success) value[key] = r.data;
    else failed.add(key);
  }
  return { value: value as Partial<ZodOutput<S>>, failed };
}

export const STEP_KINDS = ["agent", "parallel", "check", "commit"] as const;

/** Keys the mapping at `path` accepts; `data` is the whole document (a step's keys depend on its kind). */
export function knownKeysAt(path: KeyPath, data: unknown): readonly string[] {
  const [section, , sub, , inner] = path;
  if (path.length === 0) return KNOWN_KEYS.top;
  if (section === "defaults") return KNOWN_KEYS.defaults;
  if (section === "policy") return KNOWN_KEYS.policy;
  if (section === "agents") return KNOWN_KEYS.agent;
  if (section === "triggers") return KNOWN_KEYS.trigger;
  if (section === "workflows" && sub === "steps") {
    if (path.length === 4) {
      const step = valueAt(data, path);
      const kinds = isMapping(step) ? STEP_KINDS.filter((k) => k in step) : [];
      const [kind] = kinds;
      return kinds.length === 1 && kind ? KNOWN_KEYS.steps[kind] : KNOWN_KEYS.step;
    }
    if (inner === "commit") return KNOWN_KEYS.commit;
    if (inner === "check") return KNOWN_KEYS.checkOptions;
    if (inner === "parallel") return KNOWN_KEYS.parallelMember;
    return KNOWN_KEYS.step;
  }
  if (section === "workflows") return KNOWN_KEYS.workflow;
  return [];
}

export const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at a key path of the parsed YAML data (undefined where the path leaves it). */
export function valueAt(data: unknown, path: KeyPath): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

export const toStrings = (
  rec: Record<string, string | number | boolean> | undefined,
): Record<string, string> => Object.fromEntries(Object.entries(rec ?? {}).map(([k, v]) => [k, String(v)]));

export type Checker = <S extends ZodSchema>(
  schema: S,
  value: unknown,
  path: KeyPath,
  hint?: string,
) => ZodOutput<S> | undefined;
