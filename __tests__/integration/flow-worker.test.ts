import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { askFlowWorker, flowFromWorker, startFlowWorker } from "../../src/cli/flow-worker.js";
import { loadFlowFile } from "../../src/flow/load.js";
import { cli, SRC_BUILD, tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";

// A run reads its flow file on a worker thread (src/cli/flow-worker.ts): what the run gets from it must be
// exactly what reading the file on the main thread gives, and a flow with problems must be reported by
// the main thread's reading, with the same messages as before.

const ENTRY = pathToFileURL(join(SRC_BUILD, "cli/index.js")).href;

const FLOW = `version: 1
defaults:
  parallel_max: 2
agents:
  dev:
    run: ./dev.sh
    writes: [src/**]
    env: { MODE: fast }
workflows:
  idea_to_feature:
    steps:
      - agent: dev
`;

function flowFile(text: string): string {
  const dir = tempDir();
  const file = join(dir, "flow.yaml");
  writeFileSync(file, text);
  return file;
}

async function fromWorker(file: string, env: NodeJS.ProcessEnv, asked = file, askedEnv = env) {
  startFlowWorker(ENTRY);
  askFlowWorker(asked, askedEnv);
  return flowFromWorker(file, env);
}

describe("the run's flow worker", () => {
  it("hands over the flow and text a reading on this thread gives (environment overrides applied)", async () => {
    const file = flowFile(FLOW);
    const env = { AGENT_PARALLEL_MAX: "3" };
    const got = await fromWorker(file, env);
    const here = await loadFlowFile(file, env);
    expect(got).toBeDefined();
    expect(got).toEqual({ flow: here.flow, text: here.text });
    expect(got?.flow.defaults.parallel_max).toBe(3);
  });

  it("hands over nothing for a flow with problems, another file or another environment", async () => {
    const env = {};
    expect(await fromWorker(flowFile(FLOW.replace("agent: dev", "agent: nobody")), env)).toBeUndefined();
    expect(await fromWorker(join(tempDir(), "missing.yaml"), env)).toBeUndefined();
    const file = flowFile(FLOW);
    expect(await fromWorker(file, env, flowFile(FLOW))).toBeUndefined();
    expect(await fromWorker(file, env, file, { ...env })).toBeUndefined();
    // never started, or asked nothing: the caller reads the file itself
    expect(await flowFromWorker(file, env)).toBeUndefined();
  });

  it("leaves a run's problems to the main thread: bad flows and missing prompt files, located as before", () => {
    const repo = makeRepo({
      "agents/flow.yaml": FLOW.replace(
        "    run: ./dev.sh",
        "    run: ./dev.sh\n    prompt_file: agents/nope.md",
      ),
    });
    const run = cli(["run", "--feature", "x"], { cwd: repo });
    const validate = cli(["validate"], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^agents\/flow\.yaml:7:\d+: agents\.dev\.prompt_file: no such file .*nope\.md/m,
    );
    expect(run.stderr.split("\n")[0]).toBe(validate.stderr.split("\n")[0] || validate.stdout.split("\n")[0]);
    const onMain = cli(["run", "--feature", "x"], { cwd: repo, env: { AGENT_FLOW_FLOW_WORKER: "0" } });
    expect(onMain).toEqual(run);

    mkdirSync(join(repo, "sub"));
    writeFileSync(join(repo, "agents/flow.yaml"), FLOW.replace("agent: dev", "agent: nobody"));
    const bad = cli(["run", "--feature", "x"], { cwd: join(repo, "sub") });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `${repo}/agents/flow.yaml:12:16: workflows.idea_to_feature.steps[0].agent: unknown agent 'nobody'\n${repo}/agents/flow.yaml: 1 problem; nothing was run\n`,
    );
  });
});
