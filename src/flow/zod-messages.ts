import type { core } from "zod/mini";
import { didYouMean, type KeyPath } from "./diagnostics.js";

/** What a union at a given key accepts, said the way a person would write it. */
const UNION_HINTS: Record<string, string> = {
  run: "a command string or a list of arguments",
  check: "a command string or a mapping with 'run' (and optional 'timeout', 'env')",
  commit: "true, nothing, or a mapping of commit options",
  parallel: "an agent name or a mapping with 'agent' (and optional 'with')",
  trigger: "a workflow name, 'commit', or a mapping with 'workflow' and 'max'",
  timeout: "a duration in seconds (600) or a form like 90s, 10m, 1h30m",
  lock_timeout: "a duration in seconds (60) or a form like 90s, 10m",
  value: "a string, a number or true/false",
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === "boolean") return `${value}`;
  return `the ${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

export interface ShapeProblem {
  path: KeyPath;
  message: string;
  /** Point at the key (unknown keys) rather than the value. */
  at: "key" | "value";
}

/**
 * Turns zod issues into sentences. `unionHint` names what a union at this place accepts (zod's own
 * union message lists every branch's failure, which reads as noise).
 */
export function shapeProblems(
  error: core.$ZodError,
  base: KeyPath,
  data: unknown,
  knownKeys: (path: KeyPath) => readonly string[],
  unionHint?: string,
): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  for (const issue of error.issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    const input = valueAt(data, issue.path as (string | number)[]);
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known) || ` (known keys: ${known.join(", ")})`;
        out.push({ path: [...path, key], at: "key", message: `unknown key '${key}'${hint}` });
      }
      continue;
    }
    if (issue.code === "invalid_key") {
      // zod puts the offending key last in the path and the reason in the nested issue
      const key = String(path[path.length - 1] ?? "");
      const reason = issue.issues[0]?.message ?? "is not a valid key here";
      out.push({ path, at: "key", message: `'${key}' ${reason}` });
      continue;
    }
    out.push({ path, at: "value", message: messageFor(issue, input, path, unionHint) });
  }
  return out;
}

function messageFor(issue: core.$ZodIssue, input: unknown, path: KeyPath, unionHint?: string): string {
  const last = path.length > 0 ? String(path[path.length - 1]) : "";
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return `is required (${EXPECTED[issue.expected] ?? issue.expected})`;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(input)}`;
    case "invalid_union": {
      const hint = UNION_HINTS[last] ?? unionHint ?? "a different kind of value";
      return `expected ${hint}, got ${describe(input)}`;
    }
    case "invalid_value":
      if (input === undefined && issue.values.length === 1 && last !== "" && Number.isNaN(Number(last)))
        return `is required; add '${last}: ${String(issue.values[0])}'`;
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, got ${describe(input)}`;
    case "too_small":
      if (issue.origin === "array")
        return `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`;
      if (issue.origin === "string") return "must not be empty";
      return issue.inclusive === false
        ? `must be greater than ${issue.minimum}, got ${describe(input)}`
        : `must be at least ${issue.minimum}, got ${describe(input)}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters long`;
      return issue.inclusive === false
        ? `must be less than ${issue.maximum}, got ${describe(input)}`
        : `must be at most ${issue.maximum}, got ${describe(input)}`;
    case "invalid_format":
      return `${describe(input)} ${issue.message}`;
    default:
      return issue.message;
  }
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}
