import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

type Node = Record<string, unknown>;
const DIR = join(ROOT, "examples/workflows");
const load = (name: string): { text: string; doc: Node } => {
  const text = readFileSync(join(DIR, name), "utf8");
  return { text, doc: parse(text) as Node };
};
const jobs = (doc: Node): Record<string, Node> => doc.jobs as Record<string, Node>;
const REUSABLE = "agent-flow/agent-flow/.github/workflows/agent-flow.yml@v0";
const ACTION = "agent-flow/agent-flow@v0";

/** Every step of every job, with the job's id. */
function steps(doc: Node): { job: string; step: Node }[] {
  return Object.entries(jobs(doc)).flatMap(([job, j]) =>
    ((j.steps as Node[]) ?? []).map((step) => ({ job, step })),
  );
}

describe("example caller workflows", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));

  it("are the three callers, each with no default permissions and a reason per granted scope", () => {
    expect(files.sort()).toEqual(["agent-cleanup.yml", "agent-feature.yml", "agent-issue.yml"]);
    for (const f of files) {
      const { text, doc } = load(f);
      expect(doc.permissions, f).toEqual({});
      for (const line of text
        .split("\n")
        .filter((l) => /^\s+(contents|pull-requests|issues|actions): \w+/.test(l)))
        expect(line, `${f}: ${line}`).toMatch(/ # \S/);
    }
  });

  it("never put event text or inputs inside a script: no run: steps, no issue title or body in any expression", () => {
    for (const f of files) {
      const { text, doc } = load(f);
      for (const { job, step } of steps(doc)) expect(step.run, `${f} ${job}`).toBeUndefined();
      expect(text, f).not.toMatch(/github\.event\.issue\.(title|body)|github\.event\.comment/);
    }
  });

  it("agent-feature dispatches the reusable workflow with its six inputs", () => {
    const { doc } = load("agent-feature.yml");
    const on = doc.on as { workflow_dispatch: { inputs: Node } };
    expect(Object.keys(on.workflow_dispatch.inputs)).toEqual([
      "feature",
      "request",
      "base-branch",
      "run-id",
      "resume-state",
      "workflow",
    ]);
    const job = jobs(doc)["agent-flow"] as Node;
    expect(job.uses).toBe(REUSABLE);
    expect(Object.keys(job.with as Node)).toEqual([
      "feature",
      "request",
      "base-branch",
      "run-id",
      "resume-state",
      "workflow",
    ]);
  });

  it("agent-issue gates on the label and the sender, queues a second event, runs, then reports", () => {
    const { doc } = load("agent-issue.yml");
    expect(doc.on).toEqual({ issues: { types: ["labeled"] } });
    expect(doc.concurrency).toMatchObject({ "cancel-in-progress": false, queue: "max" });
    expect(String((doc.concurrency as Node).group)).toContain("github.event.issue.number");
    const { gate = {}, "agent-flow": run = {}, report = {} } = jobs(doc) as Record<string, Node>;
    expect(gate.if).toMatch(/github\.event\.label\.name == \(vars\.AGENT_FLOW_LABEL \|\| 'agent-flow'\)/);
    const gateStep = (gate.steps as Node[])[0] as Node;
    expect(gateStep.uses).toBe(ACTION);
    expect(gateStep.with).toMatchObject({ command: "issue-gate" });
    expect(run.uses).toBe(REUSABLE);
    expect(run.if).toBe("needs.gate.outputs.allowed == 'true'");
    const expr = (what: string): string => ["${{", what, "}}"].join(" ");
    expect(run.with).toEqual({
      feature: expr("needs.gate.outputs.feature"),
      request: expr("needs.gate.outputs.request"),
      issue: expr("needs.gate.outputs.issue-number"),
    });
    expect(report.if).toMatch(/^always\(\) && /);
    expect(((report.steps as Node[])[0] as Node).with).toMatchObject({ command: "issue-report" });
  });

  it("agent-cleanup runs cleanup only, on a schedule and by hand with a dry run", () => {
    const { doc, text } = load("agent-cleanup.yml");
    const on = doc.on as { schedule: unknown[]; workflow_dispatch: { inputs: Node } };
    expect(on.schedule).toHaveLength(1);
    expect(on.workflow_dispatch.inputs["dry-run"]).toMatchObject({ type: "boolean" });
    expect(Object.keys(on)).toEqual(["schedule", "workflow_dispatch"]);
    const all = steps(doc);
    expect(all.map(({ step }) => [step.uses, (step.with as Node).command])).toEqual([[ACTION, "cleanup"]]);
    expect(text).not.toMatch(/github\.event\.(issue|pull_request|comment)/);
  });

  const reusable = join(ROOT, ".github/workflows/agent-flow.yml");
  it.skipIf(!existsSync(reusable))("pass only inputs and secrets the reusable workflow declares", () => {
    const call = ((parse(readFileSync(reusable, "utf8")) as Node).on as Node).workflow_call as Node;
    const inputs = Object.keys((call.inputs as Node) ?? {});
    const secrets = Object.keys((call.secrets as Node) ?? {});
    for (const f of files) {
      for (const [id, job] of Object.entries(jobs(load(f).doc))) {
        if (job.uses !== REUSABLE) continue;
        for (const k of Object.keys((job.with as Node) ?? {}))
          expect(inputs, `${f} ${id} with.${k}`).toContain(k);
        for (const k of Object.keys((job.secrets as Node) ?? {}))
          expect(secrets, `${f} ${id} secrets.${k}`).toContain(k);
      }
    }
  });
});
