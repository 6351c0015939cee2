import * as core from "@actions/core";
import { formatDiagnostic } from "../flow/diagnostics.js";
import { loadFlowFile } from "../flow/load.js";
import { planToMermaid, planWorkflow } from "../flow/plan.js";
import { newRunId } from "../run/run-id.js";
import { readInputs } from "./inputs.js";

/** The action's entry: one top-level catch turns any error into a failed step. */
export async function run(): Promise<void> {
  try {
    const settings = readInputs();
    core.startGroup(`Validate ${settings.flow}`);
    const result = await loadFlowFile(settings.flow, process.env);
    for (const d of result.diagnostics) {
      const where = d.line > 0 ? { file: d.file, startLine: d.line, startColumn: d.col } : { file: d.file };
      core.error(d.path ? `${d.path}: ${d.message}` : d.message, { ...where, title: "agent-flow" });
      core.info(formatDiagnostic(d));
    }
    core.endGroup();
    core.setOutput("valid", String(result.flow !== undefined));
    if (!result.flow) {
      core.setFailed(`${settings.flow}: ${result.diagnostics.length} problem(s); nothing was run`);
      return;
    }
    if (settings.command === "validate") {
      core.info(`${settings.flow} is valid`);
      return;
    }
    const workflow = settings.workflow || result.flow.defaults.workflow;
    const plan = planWorkflow(result.flow, workflow);
    const runId = settings.runId || newRunId();
    core.setOutput("run-id", runId);
    core.setOutput("plan", JSON.stringify(plan));
    core.setOutput("stage-count", String(plan.stages.length));
    core.info(`run ${runId}: workflow ${workflow}, ${plan.stages.length} stages`);
    await core.summary
      .addHeading(`agent-flow plan: ${workflow}`, 2)
      .addRaw(`Run id \`${runId}\`\n\n`)
      // GitHub renders Mermaid only from a fenced block, not from the <pre> that addCodeBlock writes.
      .addRaw(`\n\`\`\`mermaid\n${planToMermaid(plan)}\`\`\`\n`)
      .write()
      .catch((err: unknown) => core.warning(`could not write the job summary: ${String(err)}`));
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}
