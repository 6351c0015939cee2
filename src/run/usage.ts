import { constants, lstatSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import "../lib/zod.js";
import * as z from "zod/mini";
import type { RunStatus, Usage } from "./status.js";

/**
 * Turns, tokens and cost of agents. The engine does not talk to models, so it reads what the agent's
 * side reported: after each attempt, `usage.json` in the agent's output folder, written by the preset's
 * usage parser from the CLI's JSON output (or by any `run:` agent that knows its own usage):
 *
 *   {"turns": 7, "input_tokens": 51234, "output_tokens": 2048, "cost_usd": 0.42}
 *
 * Each field is a number or null (unknown); a missing field is null. These figures come from the agent's
 * own process, so a hostile agent can under-report them: the cost ceiling is a budget, not a defence.
 */
export const USAGE_FILE = "usage.json";
/** A usage record is a few dozen bytes; anything larger is not one. */
const MAX_USAGE_BYTES = 64 * 1024;

const field = z.optional(z.nullable(z.number().check(z.nonnegative())));
const usageFile = z.looseObject({
  turns: field,
  input_tokens: field,
  output_tokens: field,
  cost_usd: field,
});

export const NO_USAGE: Usage = { turns: null, input_tokens: null, output_tokens: null, cost_usd: null };
const FIELDS = ["turns", "input_tokens", "output_tokens", "cost_usd"] as const;

/** Field by field: unknown plus a number is that number; unknown plus unknown stays unknown. */
export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage {
  const out: Usage = { ...NO_USAGE };
  for (const k of FIELDS) {
    const x = a?.[k] ?? null;
    const y = b?.[k] ?? null;
    out[k] = x === null ? y : y === null ? x : x + y;
  }
  if (out.cost_usd !== null) out.cost_usd = Math.round(out.cost_usd * 1e6) / 1e6;
  return out;
}

export const hasUsage = (u: Usage | undefined): boolean => FIELDS.some((k) => (u?.[k] ?? null) !== null);

/** The usage of one attempt from `text`, or why it is not a usage record. */
export function parseUsage(text: string): { usage: Usage } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: "is not JSON" };
  }
  const r = usageFile.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    return {
      problem: `${i?.path.join(".") || "(top)"}: must be a non-negative number or null (turns, input_tokens, output_tokens, cost_usd)`,
    };
  }
  return {
    usage: {
      turns: r.data.turns ?? null,
      input_tokens: r.data.input_tokens ?? null,
      output_tokens: r.data.output_tokens ?? null,
      cost_usd: r.data.cost_usd ?? null,
    },
  };
}

/**
 * The usage an attempt left in its output folder: null when there is no `usage.json`; a problem when
 * there is one that is not a usage record (not a regular file, too large, not the shape above).
 */
export async function readUsage(outputDir: string): Promise<{ usage: Usage | null; problem: string | null }> {
  const file = join(outputDir, USAGE_FILE);
  // The agent wrote this folder: a link must not make the engine read another file, nor a FIFO block it.
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  // Most agents write none: said without a trip through libuv's thread pool, on the step's critical path.
  if (!lstatSync(file, { throwIfNoEntry: false })) return { usage: null, problem: null };
  const handle = await open(file, flags).catch((err: NodeJS.ErrnoException) => err);
  if (handle instanceof Error) {
    if (handle.code === "ENOENT") return { usage: null, problem: null };
    if (handle.code === "ELOOP") return { usage: null, problem: `${file}: is a symbolic link` };
    return { usage: null, problem: `${file}: cannot be read (${handle.code ?? handle.message})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { usage: null, problem: `${file}: is not a regular file` };
    if (st.size > MAX_USAGE_BYTES)
      return { usage: null, problem: `${file}: is ${st.size} bytes; a usage record is a small JSON object` };
    const parsed = parseUsage(await handle.readFile("utf8"));
    return "usage" in parsed
      ? { usage: parsed.usage, problem: null }
      : { usage: null, problem: `${file}: ${parsed.problem}` };
  } finally {
    await handle.close();
  }
}

/** The run's total: what the engine summed as attempts ended, else the sum of the agents' records. */
export function runUsage(status: RunStatus): Usage {
  if (status.usage) return status.usage;
  let total: Usage = { ...NO_USAGE };
  for (const step of status.steps) for (const a of step.agents) total = addUsage(total, a.usage);
  return total;
}

const tokens = (n: number): string =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);

export const formatCost = (usd: number): string =>
  `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;

/** `7 turns, 51k in / 2048 out tokens, $0.42`; unknown fields are left out; `-` when nothing is known. */
export function formatUsage(u: Usage | undefined): string {
  if (!u || !hasUsage(u)) return "-";
  const parts: string[] = [];
  if (u.turns !== null) parts.push(`${u.turns} turn${u.turns === 1 ? "" : "s"}`);
  if (u.input_tokens !== null || u.output_tokens !== null)
    parts.push(
      `${u.input_tokens === null ? "?" : tokens(u.input_tokens)} in / ${u.output_tokens === null ? "?" : tokens(u.output_tokens)} out tokens`,
    );
  if (u.cost_usd !== null) parts.push(formatCost(u.cost_usd));
  return parts.join(", ");
}

/** `agent-flow status`'s usage section: each agent that reported usage, then the run's total. */
export function usageLines(status: RunStatus): string[] {
  const total = runUsage(status);
  if (!hasUsage(total)) return [];
  const lines = [`  usage: ${formatUsage(total)}`];
  for (const step of status.steps)
    for (const a of step.agents)
      if (hasUsage(a.usage)) lines.push(`    ${a.agent} in ${step.key}: ${formatUsage(a.usage)}`);
  return lines;
}
