// rm-developer: the only writer of src/**. Mode implement writes the planned function; mode fix repairs
// it from the debugger's diagnosis. A real pipeline would use an LLM preset here; this scripted developer
// knows one recipe per function name.
// Reads:  $AGENT_RUN_DIR/planner/plan.json, $AGENT_RUN_DIR/debug/diagnosis.json (mode fix)
// Writes: src/<function>.js, src/index.js (export line), $AGENT_OUTPUT/changes-<mode>.json
import { join } from "node:path";
import {
  agentEnv,
  failingCases,
  importEntry,
  log,
  readJson,
  readPlan,
  readText,
  runAgent,
  writeOutput,
  writeRepoFile,
} from "./lib.mjs";

/** Source of each function this developer can write. `buggy` is the demo's deliberate first-try bug. */
const RECIPES = {
  checkLimit: (buggy) => `/**
 * Checks a position against its contract limit. Short (negative) positions count by their size.
 * @param {number} position signed number of contracts held
 * @param {number} limit largest allowed size of the position
 * @returns {"ok" | "breach"}
 */
export function checkLimit(position, limit) {
  return Math.abs(position) ${buggy ? "<" : "<="} limit ? "ok" : "breach";
}
`,
};

runAgent(async () => {
  const env = agentEnv();
  const plan = readPlan(env);
  const recipe = RECIPES[plan.function];
  if (!recipe)
    throw new Error(
      `no recipe for ${plan.function}; this scripted developer knows: ${Object.keys(RECIPES).join(", ")}`,
    );
  const file = `src/${plan.function.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.js`;

  let buggy = false;
  let diagnosis = null;
  if (env.mode === "implement") {
    buggy = plan.first_try_bug;
    if (buggy) log("demo switch first-try-bug: writing an off-by-one at the limit on purpose");
  } else if (env.mode === "fix") {
    diagnosis = readJson(
      join(env.runDir, "debug", "diagnosis.json"),
      "the debugger's diagnosis (debug/diagnosis.json)",
    );
    log(`diagnosis: ${diagnosis.summary}`);
  } else {
    throw new Error(`AGENT_MODE must be "implement" or "fix" (got "${env.mode}")`);
  }

  writeRepoFile(env, file, recipe(buggy));
  const files = [file];
  const entry = readText(plan.entry, plan.entry);
  const exportLine = `export { ${plan.function} } from "./${file.slice("src/".length)}";\n`;
  if (entry.includes(exportLine)) log(`${plan.entry} already exports ${plan.function}`);
  else files.push(writeRepoFile(env, plan.entry, `${entry.trimEnd()}\n\n${exportLine}`));

  if (diagnosis) {
    // Check the fix against the cases the debugger named before handing back.
    const stillFailing = failingCases(plan, (await importEntry(plan.entry))[plan.function]);
    if (stillFailing.length)
      throw new Error(`fix incomplete, still failing: ${stillFailing.map((c) => c.test).join("; ")}`);
    log(`fixed: ${diagnosis.failing.map((c) => c.test).join("; ") || "export restored"}`);
  }
  writeOutput(env, `changes-${env.mode}.json`, { mode: env.mode, files, first_try_bug: buggy });
});
