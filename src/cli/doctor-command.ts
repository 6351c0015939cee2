import { resolve } from "node:path";
import { type DoctorReport, doctorReport } from "../engine/doctor.js";
import { plannedAgents } from "../engine/preflight.js";
import { planWorkflow } from "../flow/plan.js";
import { commandAsWritten } from "../run/pr-body.js";
import { loadValidFlow, repoRoot, workflowNamed } from "./flow-file.js";
import { type CliIO, EXIT } from "./output.js";

function render(r: DoctorReport): string {
  const lines = [`flow ${r.flow}, workflow ${r.workflow}`, "", "agents:"];
  for (const a of r.agents) {
    const mark = a.problems.length === 0 ? "ok  " : a.needed ? "FAIL" : "warn";
    const what = a.preset ? `preset ${a.preset}` : "run";
    lines.push(`  ${mark} ${a.agent} (${what}${a.needed ? "" : "; not in this workflow"})`);
    if (a.program)
      lines.push(
        `       program: ${a.program} ${a.path ? `at ${a.path}${a.version ? `, ${a.version}` : ""}` : "NOT FOUND"}`,
      );
    else lines.push("       program: a shell command (not checked)");
    if (a.secrets.length > 0)
      lines.push(
        `       secrets: ${a.secrets
          .map((s) => `${s.name} ${s.set ? "set" : "not set"}${s.rule === "one-of" ? " (one of)" : ""}`)
          .join(", ")}`,
      );
    if (a.command.length > 0)
      lines.push(
        `       runs: ${commandAsWritten(a.command)}${a.prompt_on_stdin ? " < '<prompt file>'" : ""}`,
      );
  }
  const s = r.sandbox;
  lines.push(
    "",
    "sandbox:",
    `  containment: ${s.containment} (${s.setting === "auto" ? "auto" : `${s.setting} from AGENT_FLOW_CONTAINMENT`}); PID namespace ${s.pid_namespace ? "works" : "not available"}; /proc ${s.proc_readable ? "readable" : "not readable"}`,
    `  git: ${s.git.path ? `${s.git.path}, ${s.git.version ?? "version unknown"}` : "NOT FOUND"} (run with hooks, fsmonitor and filters off)`,
    `  user: ${s.uid === null ? "unknown" : `uid ${s.uid}`}`,
  );
  for (const n of s.notes) lines.push(`  note: ${n}`);
  lines.push("");
  if (r.ok) lines.push("ok: everything this workflow needs is here");
  else {
    lines.push(`${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}:`);
    for (const p of r.problems) lines.push(`  - ${p}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function doctorCommand(
  io: CliIO,
  workflow: string | undefined,
  opts: { flow: string; json: boolean },
): Promise<number> {
  const flow = await loadValidFlow(io, opts.flow);
  if (!flow) return EXIT.failed;
  const name = workflowNamed(flow, workflow);
  const root = (await repoRoot(io)) ?? resolve(io.cwd);
  const report = doctorReport(flow, name, plannedAgents(planWorkflow(flow, name)), io.env, root);
  if (opts.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else (report.ok ? io.out : io.err)(render(report));
  return report.ok ? EXIT.ok : EXIT.failed;
}
