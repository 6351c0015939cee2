import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { CheckStep } from "../flow/schema.js";
import { runDir, writeFileAtomic } from "../run/store.js";
import type { RunContext } from "./agent-run.js";
import { describeResult, runProcess } from "./process.js";

export interface CheckSummary {
  command: string[];
  step: string;
  exit_code: number | null;
  passed: boolean;
  duration_ms: number;
  finished_at: string;
  /** Counts read from the output when the runner prints them (node:test, TAP, vitest, jest, pytest). */
  tests: { pass: number; fail: number } | null;
  /** Lines that name failing tests (`not ok ...`, `✖ ...`), since the tail may not reach them. */
  failures: string[];
  output_tail: string;
  error: string | null;
}

/** Reads pass/fail counts from the summary lines common test runners print; null when none is found. */
export function parseTestCounts(output: string): { pass: number; fail: number } | null {
  const num = (re: RegExp): number | undefined => {
    const m = [...output.matchAll(re)].pop();
    return m ? Number(m[1]) : undefined;
  };
  // node:test (spec: "ℹ pass 3", TAP: "# pass 3")
  const pass = num(/^[#ℹ]\s*pass (\d+)\s*$/gm);
  const fail = num(/^[#ℹ]\s*fail (\d+)\s*$/gm);
  if (pass !== undefined || fail !== undefined) return { pass: pass ?? 0, fail: fail ?? 0 };
  // vitest/jest "Tests  1 failed | 3 passed", pytest "1 failed, 3 passed", plain "3 passed, 1 failed"
  const p = num(/(\d+) passed/g);
  const f = num(/(\d+) failed/g);
  if (p !== undefined || f !== undefined) return { pass: p ?? 0, fail: f ?? 0 };
  return null;
}

/**
 * A `check` step: the engine runs the project's own command on the run's current state, so "all
 * green" is measured rather than claimed. The worktree's changes are discarded; the result goes to
 * `test_results/summary.json` (and a numbered copy per execution).
 */
export async function runCheck(
  ctx: RunContext,
  key: string,
  step: CheckStep,
  base: string,
  execution: number,
): Promise<CheckSummary> {
  const results = join(runDir(ctx.root, ctx.runId), "test_results");
  await mkdir(results, { recursive: true });
  const logFile = join(results, `${step.id}.log`);
  const command = typeof step.run === "string" ? ["sh", "-c", step.run] : step.run;
  const worktree = await ctx.workspace.acquire(base, "check");
  let summary: CheckSummary;
  try {
    const offset = (await stat(logFile).catch(() => ({ size: 0 }))).size;
    const started = Date.now();
    const result = await runProcess({
      command,
      cwd: worktree,
      env: {
        ...ctx.env,
        ...step.env,
        RUN_ID: ctx.runId,
        FEATURE_NAME: ctx.feature,
        BASE_BRANCH: ctx.baseBranch,
        AGENT_RUN_DIR: runDir(ctx.root, ctx.runId),
      },
      logFile,
      timeoutMs: (step.timeout ?? ctx.flow.defaults.timeout) * 1000,
      signal: ctx.signal,
    });
    // Only this execution's part of the log, which accumulates across executions.
    const mine = (await readFile(logFile).catch(() => Buffer.alloc(0))).subarray(offset).toString("utf8");
    const passed = result.exitCode === 0 && !result.timedOut && !result.cancelled && !result.error;
    summary = {
      command,
      step: key,
      exit_code: result.exitCode,
      passed,
      duration_ms: Date.now() - started,
      finished_at: new Date().toISOString(),
      tests: parseTestCounts(mine),
      failures: mine
        .split("\n")
        .filter((l) => /^\s*(not ok\b|✖ )/.test(l))
        .slice(0, 50),
      output_tail: mine.split("\n").slice(-60).join("\n"),
      error: passed ? null : `${step.id}: ${describeResult(result)}`,
    };
  } finally {
    ctx.workspace.release(worktree);
  }
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  await writeFileAtomic(join(results, "summary.json"), text);
  await writeFileAtomic(join(results, `${step.id}-${execution}.json`), text);
  return summary;
}
