// test-failure-debugger: explains why the verify step failed.
// Reads:  $AGENT_RUN_DIR/test_results/summary.json, $AGENT_RUN_DIR/planner/plan.json, src/index.js
// Writes: docs/debug/<RUN_ID>.md, $AGENT_OUTPUT/diagnosis.json
import { join } from "node:path";
import {
  agentEnv,
  failingCases,
  importEntry,
  log,
  readJson,
  readPlan,
  runAgent,
  writeOutput,
  writeRepoFile,
} from "./lib.mjs";

runAgent(async () => {
  const env = agentEnv();
  const summary = readJson(
    join(env.runDir, "test_results", "summary.json"),
    "the verify step's test_results/summary.json",
  );
  const plan = readPlan(env);
  const counts = summary.tests
    ? `${summary.tests.pass} passed, ${summary.tests.fail} failed`
    : "no test counts";
  log(`verify: exit ${summary.exit_code}, ${counts}`);

  // Reproduce: call the function through the public entry on every planned case.
  const fn = (await importEntry(plan.entry))[plan.function];
  const failing = typeof fn === "function" ? failingCases(plan, fn) : [];
  for (const c of failing) {
    const inOutput = (summary.output_tail ?? "").includes(c.test)
      ? "also in the test output"
      : "reproduced here";
    log(`failing: ${c.test}, got ${JSON.stringify(c.actual)} (${inOutput})`);
  }
  const summaryText =
    typeof fn !== "function"
      ? `${plan.entry} does not export ${plan.function}`
      : failing.length
        ? `${failing.length} case(s) fail: ${failing.map((c) => c.test + (c.note ? ` (${c.note})` : "")).join("; ")}`
        : "every planned case holds; the failure lies elsewhere (see the test output)";
  log(`diagnosis: ${summaryText}`);

  writeOutput(env, "diagnosis.json", { summary: summaryText, exported: typeof fn === "function", failing });
  writeRepoFile(
    env,
    `docs/debug/${env.runId}.md`,
    [
      `# Debug report for ${env.runId}`,
      "",
      `Verify: \`${[summary.command ?? "npm test"].flat().join(" ")}\` exited ${summary.exit_code} (${counts}).`,
      "",
      `Diagnosis: ${summaryText}.`,
      "",
      ...failing.map(
        (c) => `- \`${c.test}\`: got \`${JSON.stringify(c.actual)}\`${c.note ? ` (${c.note})` : ""}`,
      ),
      "",
    ].join("\n"),
  );
});
