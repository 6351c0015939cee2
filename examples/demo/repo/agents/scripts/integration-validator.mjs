// integration-validator: read-only. Checks src/index.js exports the planned function and that every
// planned case holds through that public entry. On a missing export it raises import_mismatch.
// Reads:  $AGENT_RUN_DIR/planner/plan.json, src/index.js
// Writes: $AGENT_OUTPUT/integration.json (no repository files); may create $AGENT_TRIGGERS/import_mismatch
import {
  agentEnv,
  failingCases,
  importEntry,
  log,
  raiseTrigger,
  readPlan,
  runAgent,
  writeOutput,
} from "./lib.mjs";

runAgent(async () => {
  const env = agentEnv();
  const plan = readPlan(env);
  const mod = await importEntry(plan.entry);
  const exported = typeof mod[plan.function] === "function";
  log(`${plan.entry} ${exported ? "exports" : "does not export"} ${plan.function}`);

  const failing = exported ? failingCases(plan, mod[plan.function]) : [];
  log(`${plan.cases.length - failing.length}/${plan.cases.length} cases hold through ${plan.entry}`);
  writeOutput(env, "integration.json", { entry: plan.entry, function: plan.function, exported, failing });

  // A mismatch is a finding, not a crash: report it, raise the trigger and exit 0.
  if (!exported) raiseTrigger(env, "import_mismatch");
});
