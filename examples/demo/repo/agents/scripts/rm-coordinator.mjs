// rm-coordinator: splits the plan into one task list per agent.
// Reads:  $AGENT_RUN_DIR/planner/plan.json
// Writes: $AGENT_OUTPUT/tasks.json, $AGENT_OUTPUT/tasks.md (no repository files)
import { agentEnv, log, readPlan, runAgent, writeOutput } from "./lib.mjs";

runAgent(() => {
  const env = agentEnv();
  const plan = readPlan(env);
  log(`read the plan for ${plan.function} (${plan.cases.length} cases)`);

  const tasks = {
    "rm-sdk-analyst": [`Check that ${plan.function} fits ${plan.entry} and the test runner`],
    "doc-reviewer": ["review: check the plan is complete", `final: check ${plan.function} is documented`],
    "rm-test-orchestrator": [
      `Write ${plan.test_file}: ${plan.cases.length} tests, failing before the code exists`,
    ],
    "rm-developer": [`Implement ${plan.function} under src/ and export it from ${plan.entry}`],
    "integration-validator": [`Check ${plan.entry} exports ${plan.function} and every case holds through it`],
  };
  writeOutput(env, "tasks.json", tasks);
  writeOutput(
    env,
    "tasks.md",
    Object.entries(tasks)
      .map(([agent, list]) => `## ${agent}\n\n${list.map((t) => `- [ ] ${t}`).join("\n")}\n`)
      .join("\n"),
  );
});
