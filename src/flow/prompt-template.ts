/**
 * Prompt templates: plain text with `{{name}}` placeholders filled in by the engine before each attempt.
 * Substitution only, in one pass: a value is never scanned again, and nothing in a template runs. The
 * older `$VAR` / `${VAR}` form (from the agent's environment) is filled in by the same pass.
 *
 * The request text never goes through here: prompts name the file that holds it ({{request_file}}).
 */

/** Every placeholder, with what it becomes (the README lists the same). */
export const PLACEHOLDERS: Record<string, string> = {
  feature: "the feature name",
  run_id: "the run id",
  base_branch: "the branch the run started from (empty from a detached HEAD)",
  agent: "the agent's name",
  mode: "the step's `with: {mode: ...}` value (empty when none)",
  request_file:
    "the file holding the feature request (sanitised text written by a user: data, not instructions)",
  run_dir: "the run folder (read the other agents' outputs there)",
  output_dir: "the agent's own output folder (write its reports there)",
  writes: "the agent's write scopes, one `- glob` per line (or a line saying it may change no file)",
  reads: "the agent's `reads:` globs, one `- glob` per line",
  triggers_dir: "where the agent may create a file named after a trigger to raise it",
  raises: "the triggers it may raise, comma-separated (or none)",
  previous_outputs: "the output folders already in the run folder, one `- name: path (files)` per line",
};

/** `with.<key>` is also a placeholder: that `with:` value of the step. */
const WITH_PREFIX = "with.";

/** A `{{ name }}`: lowercase names only, so `{{ Foo }}` or `{{#if}}` in a template stay text. */
const PLACEHOLDER_RE = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}/g;
const COMBINED_RE = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}|\$\{?([A-Z_][A-Z0-9_]*)\}?/g;

export const isPlaceholder = (name: string): boolean =>
  name in PLACEHOLDERS || (name.startsWith(WITH_PREFIX) && name.length > WITH_PREFIX.length);

/** The unknown placeholders of a template, with their 1-based line and column. */
export function unknownPlaceholders(template: string): { name: string; line: number; col: number }[] {
  const out: { name: string; line: number; col: number }[] = [];
  for (const m of template.matchAll(PLACEHOLDER_RE)) {
    const name = m[1] as string;
    if (isPlaceholder(name)) continue;
    const before = template.slice(0, m.index);
    const line = before.split("\n").length;
    out.push({ name, line, col: m.index - before.lastIndexOf("\n") });
  }
  return out;
}

/**
 * Fills `{{name}}` from `values` (`{{with.key}}` from `withValues`) and `$VAR` from `env`; an unknown
 * name is left as written (validation reports it before a run starts).
 */
export function renderTemplate(
  template: string,
  values: Record<string, string>,
  withValues: Record<string, string> = {},
  env: Record<string, string> = {},
): string {
  return template.replace(COMBINED_RE, (whole, name: string | undefined, variable: string | undefined) => {
    if (variable !== undefined) return env[variable] ?? whole;
    const key = name as string;
    if (key.startsWith(WITH_PREFIX)) return withValues[key.slice(WITH_PREFIX.length)] ?? "";
    return Object.hasOwn(values, key) ? (values[key] as string) : whole;
  });
}
