// rm-planner: turns the feature request into a plan.
// Reads:  $AGENT_RUN_DIR/feature_request.md
// Writes: docs/plans/<RUN_ID>/plan.md, $AGENT_OUTPUT/plan.json (function, params, cases, demo switch)
import { agentEnv, log, readRequest, runAgent, writeOutput, writeRepoFile } from "./lib.mjs";

runAgent(() => {
  const env = agentEnv();
  const request = readRequest(env);
  log(`read the request (${request.split("\n").length} lines)`);

  // The first `name(params)` in backticks is the function to add.
  const signature = /`([A-Za-z_$][\w$]*)\(([^)`]*)\)`/.exec(request);
  if (!signature) throw new Error("the request names no function; write it as `name(param, ...)`");
  const [, fn, params] = signature;

  // Each example is a list item: - `fn(args)` returns `value` (optional note)
  const cases = [];
  for (const line of request.split("\n")) {
    const m = /^\s*[-*]\s+`(\w+)\(([^`]*)\)`\s+(?:returns|->|=>)\s+`([^`]+)`\s*(?:\((.*)\))?/.exec(line);
    if (m?.[1] === fn)
      cases.push({ args: JSON.parse(`[${m[2]}]`), expected: JSON.parse(m[3]), note: m[4] ?? "" });
  }
  if (cases.length === 0)
    throw new Error(`the request gives no examples like: - \`${fn}(...)\` returns \`value\``);
  log(`found function ${fn}(${params}) with ${cases.length} examples`);

  const title = /^#\s+(.+)$/m.exec(request)?.[1] ?? env.feature;
  const plan = {
    feature: env.feature,
    title,
    function: fn,
    params: params.split(",").map((p) => p.trim()),
    entry: "src/index.js",
    test_file: `tests/${env.feature}.test.js`,
    cases,
    // The demo switch: the developer's first try gets the boundary wrong, to show the triage path.
    first_try_bug: request.includes("`first-try-bug`"),
  };
  if (plan.first_try_bug) log("demo switch first-try-bug is on");

  writeOutput(env, "plan.json", plan);
  writeRepoFile(
    env,
    `docs/plans/${env.runId}/plan.md`,
    [
      `# Plan: ${title}`,
      "",
      "## Goal",
      "",
      `Export \`${fn}(${plan.params.join(", ")})\` from \`${plan.entry}\`.`,
      "",
      "## Cases",
      "",
      ...cases.map(
        (c) =>
          `- \`${fn}(${c.args.join(", ")})\` -> \`${JSON.stringify(c.expected)}\`${c.note ? ` (${c.note})` : ""}`,
      ),
      "",
      "## Steps",
      "",
      `1. rm-test-orchestrator writes \`${plan.test_file}\`, one test per case; it fails first.`,
      `2. rm-developer implements \`${fn}\` under \`src/\` and exports it from \`${plan.entry}\`.`,
      "3. The verify step runs `npm test`; on failure the triage workflow explains and fixes.",
      "",
    ].join("\n"),
  );
});
