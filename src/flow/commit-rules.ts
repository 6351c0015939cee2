import { suggest } from "./diagnostics.js";

/**
 * Rules of the commit step that can be checked before a run: the placeholders of its templates, the
 * branch name they make, the author. The commit step applies the same functions at commit time.
 */

export const PLACEHOLDERS = ["feature", "run_id", "workflow", "base"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

/** Values of the right form, to try a template before the run exists (feature and run id are slugs). */
export const SAMPLE_VALUES: Omit<TemplateValues, "workflow"> = {
  feature: "sample-feature",
  run_id: "20260101-000000-0a1b2c3d",
  base: "main",
};

/** `{feature}`, `{run_id}`, `{workflow}` and `{base}` in branch, message and title templates. */
export function expandPlaceholders(template: string, values: TemplateValues): string {
  return template.replace(/\{(feature|run_id|workflow|base)\}/g, (_m, k: Placeholder) => values[k]);
}

/** Each `{name}` that looks like a placeholder but is none, with a did-you-mean. */
export function unknownPlaceholders(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g)) {
    const name = m[1] as string;
    if ((PLACEHOLDERS as readonly string[]).includes(name)) continue;
    const near = suggest(name, PLACEHOLDERS);
    const hint = near
      ? `; did you mean '{${near}}'?`
      : ` (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")})`;
    out.push(`unknown placeholder '{${name}}'${hint}`);
  }
  return out;
}

/**
 * Why `name` is not a valid branch name, or null: the rules of `git check-ref-format --branch` (a test
 * checks them against git itself), so that `validate` needs no repository.
 */
export function branchNameProblem(name: string): string | null {
  if (name === "") return "is empty";
  if (name.startsWith("-")) return "starts with '-'";
  if (name === "HEAD" || name === "@") return `'${name}' is reserved by git`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git refuses
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
  if (bad) {
    const c = bad[0];
    const code = c.charCodeAt(0);
    const shown = c === " " ? "a space" : code < 32 || code === 127 ? "a control character" : `'${c}'`;
    return `contains ${shown}`;
  }
  if (name.includes("..")) return "contains '..'";
  if (name.includes("@{")) return "contains '@{'";
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//"))
    return "has an empty path component (a leading, trailing or doubled '/')";
  if (name.endsWith(".")) return "ends with '.'";
  for (const part of name.split("/")) {
    if (part.startsWith(".")) return `has a component starting with '.' ('${part}')`;
    if (part.endsWith(".lock")) return `has a component ending with '.lock' ('${part}')`;
  }
  return null;
}

/** `Name <email>`, as the commit step reads `commit.author` and `$AGENT_FLOW_AUTHOR`. */
export function parseAuthor(text: string): { name: string; email: string } | null {
  const m = /^\s*([^<>\n]*[^<>\s])\s*<([^<>\s]+)>\s*$/.exec(text);
  if (!m) return null;
  return { name: m[1] as string, email: m[2] as string };
}

export const AUTHOR_RULE = "must look like 'Name <email>', e.g. 'Release Bot <bot@example.com>'";
