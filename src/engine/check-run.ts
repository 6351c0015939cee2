import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { CheckStep } from "../flow/schema.js";
import { runDir, writeFileAtomic } from "../run/store.js";
import type { RunContext } from "./agent-run.js";
import { processEnvironment } from "./environment.js";
import { expectUnchanged, takeBefore } from "./fingerprint.js";
import type { CheckSummary } from "./machine-types.js";
import { describeResult, runProcess } from "./process.js";

/** What a check measured; the state machine keeps it (machine-types.ts). */
export type { CheckSummary } from "./machine-types.js";

/**
 * Reads pass/fail counts from the summary lines test runners print, or null when there is none. A check
 * may run several runners or several invocations of one (`npm run unit && npm run e2e`): each prints its
 * own final total, and the counts are the sum of those totals. Only final totals count: per-file lines,
 * and vitest's "Test Files" or jest's "Test Suites" counts (files, not tests), are not added.
 */
export function parseTestCounts(output: string): { pass: number; fail: number } | null {
  let pass = 0;
  let fail = 0;
  let found = false;
  const add = (p: string | undefined, f: string | undefined): void => {
    if (p === undefined && f === undefined) return;
    pass += Number(p ?? 0);
    fail += Number(f ?? 0);
    found = true;
  };
  const count = (line: string, word: string): string | undefined =>
    new RegExp(`(\\d+) ${word}\\b`).exec(line)?.[1];
  const generic: string[] = [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes a runner prints into the log
  for (const raw of output.replace(/\x1b\[[0-9;]*m/g, "").split(/\r?\n/)) {
    const line = raw.trim();
    // node:test, spec reporter "ℹ pass 3" and TAP "# pass 3" (one line each per invocation)
    const node = /^[#ℹ]\s*(pass|fail) (\d+)$/.exec(line);
    if (node) {
      add(node[1] === "pass" ? node[2] : undefined, node[1] === "fail" ? node[2] : undefined);
      continue;
    }
    // vitest "Tests  1 failed | 3 passed (4)", jest "Tests:       1 failed, 3 passed, 4 total"
    if (/^Tests:?\s/.test(line)) {
      add(count(line, "passed"), count(line, "failed"));
      continue;
    }
    // pytest "===== 1 failed, 3 passed in 0.12s ====="
    if (/^=+ .* in [\d.]+s\b.*=+$/.test(line)) {
      add(count(line, "passed"), count(line, "failed"));
      continue;
    }
    // mocha "3 passing (12ms)", "1 failing"
    const mocha = /^(\d+) (passing|failing)\b/.exec(line);
    if (mocha) {
      add(mocha[2] === "passing" ? mocha[1] : undefined, mocha[2] === "failing" ? mocha[1] : undefined);
      continue;
    }
    if (!/^Test (Files|Suites)\b/.test(line) && /\d+ (passed|failed)\b/.test(line)) generic.push(line);
  }
  // Any other runner's "3 passed, 1 failed" lines, when no known total was printed.
  if (!found) for (const line of generic) add(count(line, "passed"), count(line, "failed"));
  return found ? { pass, fail } : null;
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
    const untouched = await takeBefore(ctx.git, ctx.root);
    const result = await runProcess({
      command,
      cwd: worktree,
      env: processEnvironment(ctx.env, {
        runId: ctx.runId,
        vars: {
          ...step.env,
          RUN_ID: ctx.runId,
          FEATURE_NAME: ctx.feature,
          BASE_BRANCH: ctx.baseBranch,
          AGENT_RUN_DIR: runDir(ctx.root, ctx.runId),
        },
      }),
      logFile,
      timeoutMs: (step.timeout ?? ctx.flow.defaults.timeout) * 1000,
      signal: ctx.signal,
    });
    await expectUnchanged(ctx.git, untouched, `check ${step.id} (${key})`);
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
