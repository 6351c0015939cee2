// rm-sdk-analyst: checks how the plan fits the existing code and toolchain.
// Reads:  $AGENT_RUN_DIR/planner/plan.json, package.json, src/index.js
// Writes: docs/analysis/<RUN_ID>.md, $AGENT_OUTPUT/analysis.json
import {
  agentEnv,
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
  const plan = readPlan(env);
  const pkg = readJson("package.json", "package.json");
  const exports = Object.keys(await importEntry(plan.entry));
  log(`${plan.entry} exports: ${exports.join(", ") || "nothing"}`);

  const findings = [];
  if (pkg.type !== "module") findings.push('package.json lacks "type": "module"; the tests use ESM imports');
  if (!/node --test/.test(pkg.scripts?.test ?? "")) findings.push("npm test does not run node --test");
  if (exports.includes(plan.function)) findings.push(`${plan.entry} already exports ${plan.function}`);
  log(findings.length ? `${findings.length} finding(s)` : "no conflicts found");

  const analysis = { node: process.version, test_script: pkg.scripts?.test ?? null, exports, findings };
  writeOutput(env, "analysis.json", analysis);
  writeRepoFile(
    env,
    `docs/analysis/${env.runId}.md`,
    [
      `# Analysis for ${plan.function}`,
      "",
      `- Node.js ${analysis.node}, tests run by \`${analysis.test_script}\` (node:test, no dependencies)`,
      `- Existing exports of \`${plan.entry}\`: ${exports.map((e) => `\`${e}\``).join(", ")}`,
      `- ${plan.function} is pure: no SDK or I/O is needed`,
      ...(findings.length ? findings.map((f) => `- Finding: ${f}`) : ["- No conflicts found"]),
      "",
    ].join("\n"),
  );
});
