// doc-reviewer: read-only review. Mode review checks the plan; mode final checks the new code is documented.
// Reads:  docs/plans/<RUN_ID>/plan.md, $AGENT_RUN_DIR/planner/plan.json, src/*.js (mode final)
// Writes: $AGENT_OUTPUT/<mode>.md (no repository files)
import { readdirSync, readFileSync } from "node:fs";
import { agentEnv, log, readPlan, readText, runAgent, writeOutput } from "./lib.mjs";

runAgent(() => {
  const env = agentEnv();
  const plan = readPlan(env);
  const findings = [];

  if (env.mode === "review") {
    const planMd = readText(`docs/plans/${env.runId}/plan.md`, "the plan document");
    for (const section of ["## Goal", "## Cases", "## Steps"]) {
      if (!planMd.includes(section)) findings.push(`plan.md has no "${section}" section`);
    }
    log(`reviewed docs/plans/${env.runId}/plan.md`);
  } else if (env.mode === "final") {
    // The function must carry a /** ... */ comment right above its definition.
    const files = readdirSync("src").filter((f) => f.endsWith(".js"));
    const definedIn = files.find((f) =>
      readFileSync(`src/${f}`, "utf8").includes(`function ${plan.function}(`),
    );
    if (!definedIn) findings.push(`no file under src/ defines ${plan.function}`);
    else if (
      !new RegExp(`\\*/\\s*export function ${plan.function}\\(`).test(
        readFileSync(`src/${definedIn}`, "utf8"),
      )
    ) {
      findings.push(`${plan.function} in src/${definedIn} has no doc comment`);
    }
    log(`reviewed ${files.length} source file(s) for documentation`);
  } else {
    throw new Error(`AGENT_MODE must be "review" or "final" (got "${env.mode}")`);
  }

  log(findings.length ? `${findings.length} finding(s)` : "no findings");
  const body = findings.length ? findings.map((f) => `- ${f}`).join("\n") : "No findings.";
  writeOutput(env, `${env.mode}.md`, `# Doc review (${env.mode})\n\n${body}\n`);
});
