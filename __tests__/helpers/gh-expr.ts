import { data, Evaluator, Lexer, Parser } from "@actions/expressions";

/**
 * GitHub Actions expressions, evaluated with GitHub's own evaluator (`@actions/expressions`): `${{ }}`
 * templates in workflow values, `if:` conditions with the status functions, JSON in and out.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Contexts = Record<string, Json>;

/** The status functions' answers where an expression is evaluated (a job's or a step's `if:`). */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

const STATUS_FUNCTIONS = ["success", "failure", "cancelled", "always"] as const;

const toData = (v: Json): data.ExpressionData =>
  JSON.parse(JSON.stringify(v), data.reviver) as data.ExpressionData;
const fromData = (d: data.ExpressionData): Json => JSON.parse(JSON.stringify(d, data.replacer)) as Json;

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expr: string, ctx: Contexts, status?: Status): Json {
  const lexed = new Lexer(expr).lex();
  const infos = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const parsed = new Parser(lexed.tokens, Object.keys(ctx), status ? infos : []).parse();
  const answers: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    success: status?.success ?? false,
    failure: status?.failure ?? false,
    cancelled: status?.cancelled ?? false,
    always: true,
  };
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answers[name]) },
    ]),
  );
  const context = new data.Dictionary(
    ...Object.entries(ctx).map(([key, value]) => ({ key, value: toData(value) })),
  );
  return fromData(new Evaluator(parsed, context, functions).evaluate());
}

/** Splits a value into literal text and `${{ }}` expressions, respecting quotes inside expressions. */
function splitTemplate(value: string): Array<{ text: string } | { expr: string }> {
  const parts: Array<{ text: string } | { expr: string }> = [];
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf("${{", i);
    if (open < 0) {
      parts.push({ text: value.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: value.slice(i, open) });
    let j = open + 3;
    let quoted = false;
    for (; j < value.length; j++) {
      if (value[j] === "'") quoted = !quoted;
      else if (!quoted && value.startsWith("}}", j)) break;
    }
    if (j >= value.length) throw new Error(`unterminated expression in ${JSON.stringify(value)}`);
    parts.push({ expr: value.slice(open + 3, j).trim() });
    i = j + 2;
  }
  return parts;
}

const asText = (v: Json): string =>
  v === null ? "" : typeof v === "object" ? JSON.stringify(v) : typeof v === "string" ? v : String(v);

/**
 * A workflow value with `${{ }}` in it. A value that is one expression keeps the expression's type (as
 * `strategy.matrix: ${{ fromJSON(...) }}` does); otherwise the parts are joined as text.
 */
export function evalTemplate(value: string, ctx: Contexts, status?: Status): Json {
  const parts = splitTemplate(value);
  const only = parts[0];
  if (parts.length === 1 && only && "expr" in only) return evaluate(only.expr, ctx, status);
  return parts.map((p) => ("expr" in p ? asText(evaluate(p.expr, ctx, status)) : p.text)).join("");
}

/** Evaluates every string in a YAML value (mappings and sequences walked). */
export function evalDeep(value: unknown, ctx: Contexts, status?: Status): Json {
  if (typeof value === "string") return evalTemplate(value, ctx, status);
  if (Array.isArray(value)) return value.map((v) => evalDeep(v, ctx, status));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evalDeep(v, ctx, status)]));
  if (value === undefined) return null;
  return value as Json;
}

/** Evaluates to text, as the runner passes `with:` and `env:` values. */
export const evalText = (value: unknown, ctx: Contexts, status?: Status): string =>
  asText(evalDeep(value, ctx, status));

/** GitHub's truthiness: false, 0, -0, "", null and NaN are false. */
export function truthy(v: Json): boolean {
  if (v === null || v === false || v === "") return false;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  return true;
}

/**
 * An `if:` condition: with or without `${{ }}`, and `success() && (...)` implied when it calls none of
 * the status functions (as the runner does).
 */
export function evalIf(cond: unknown, ctx: Contexts, status: Status): boolean {
  if (cond === undefined || cond === null || cond === "") return status.success;
  if (typeof cond === "boolean") return cond && status.success;
  let text = String(cond).trim();
  const parts = splitTemplate(text);
  const only = parts[0];
  if (parts.length === 1 && only && "expr" in only) text = only.expr;
  const outsideStrings = text.replace(/'(?:[^']|'')*'/g, "''");
  const callsStatus = /\b(success|failure|cancelled|always)\s*\(/i.test(outsideStrings);
  return truthy(evaluate(callsStatus ? text : `success() && (${text})`, ctx, status));
}
