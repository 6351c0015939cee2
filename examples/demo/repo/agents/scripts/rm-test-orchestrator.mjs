// rm-test-orchestrator (mode create): writes a failing node:test file, one test per planned case.
// Reads:  $AGENT_RUN_DIR/planner/plan.json, src/index.js
// Writes: tests/<feature>.test.js, $AGENT_OUTPUT/tests.json
import {
  agentEnv,
  caseName,
  importEntry,
  log,
  readPlan,
  runAgent,
  writeOutput,
  writeRepoFile,
} from "./lib.mjs";

runAgent(async () => {
  const env = agentEnv();
  if (env.mode !== "create") throw new Error(`AGENT_MODE must be "create" (got "${env.mode}")`);
  const plan = readPlan(env);

  const tests = plan.cases.map((c) => {
    const call = `${plan.function}(${c.args.map((a) => JSON.stringify(a)).join(", ")})`;
    return `test(${JSON.stringify(caseName(plan.function, c))}, () => {\n  assert.equal(${call}, ${JSON.stringify(c.expected)});\n});\n`;
  });
  const source = [
    'import assert from "node:assert/strict";',
    'import { test } from "node:test";',
    `import { ${plan.function} } from "../${plan.entry}";`,
    "",
    tests.join("\n"),
  ].join("\n");
  writeRepoFile(env, plan.test_file, source);

  // Test first: the new tests must fail while the function does not exist yet.
  const red = typeof (await importEntry(plan.entry))[plan.function] !== "function";
  log(
    red
      ? `the tests fail for now: ${plan.entry} does not export ${plan.function} yet`
      : "warning: the function exists already",
  );
  writeOutput(env, "tests.json", {
    file: plan.test_file,
    tests: plan.cases.map((c) => caseName(plan.function, c)),
    red,
  });
});
