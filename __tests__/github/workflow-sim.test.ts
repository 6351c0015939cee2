import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { makeRepo } from "../helpers/repo.js";
import { formatTimings, type SimResult, simulateWorkflow } from "../helpers/workflow-sim.js";
import { parseCommandFile } from "../helpers/workflow-steps.js";

// The simulator itself, on a small workflow and a tiny fake action (not agent-flow), so that what it
// checks does not depend on the state of the real action.

const FAKE_ACTION = `
import { appendFileSync, readFileSync } from "node:fs";
const out = (k, v) => appendFileSync(process.env.GITHUB_OUTPUT, v.includes("\\n") ? k + "<<EOF_X\\n" + v + "\\nEOF_X\\n" : k + "=" + v + "\\n");
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
out("matrix", JSON.stringify({ n: [{ v: 1, lock: "L" }, { v: 2, lock: "L" }, { v: 3, lock: "" }] }, null, 2));
out("greeting", "hello " + process.env["INPUT_MY_INPUT"]);
out("kebab", process.env["INPUT_KEBAB-NAME"] ?? "missing");
out("defaulted", process.env["INPUT_MODE"] ?? "missing");
out("secret", process.env.TOKEN_A === "s3cret" ? "yes" : "no");
out("event", event.inputs.who);
out("cwd", process.cwd() === process.env.GITHUB_WORKSPACE ? "workspace" : process.cwd());
appendFileSync(process.env.GITHUB_ENV, "FROM_ACTION=set\\n");
appendFileSync(process.env.GITHUB_STEP_SUMMARY, "## fake summary\\n");
process.exit(process.env.INPUT_FAIL === "true" ? 3 : 0);
`;

const ACTION_YML = `name: fake
description: fake
inputs:
  my input: { description: x }
  kebab-name: { description: x }
  mode: { description: x, default: from-metadata }
  fail: { description: x, default: "false" }
runs: { using: node24, main: index.mjs }
`;

// Leg v2 and v1 share the group L: v2 starts only after v1 ended. Legs v2 and v3 wait for each other's
// start marker: they pass only if max-parallel 2 lets them run at the same time.
const LEG_SCRIPT = `
marks="$MARKS"
touch "$marks/start-$N"
ls leg-*.txt >/dev/null 2>&1 && { echo "another leg's file is in this clone"; exit 1; }
echo "$N" > "leg-$N.txt"
wait_for() { for _ in $(seq 1 200); do [ -e "$1" ] && return 0; sleep 0.05; done; echo "timed out on $1"; exit 1; }
if [ "$N" = 2 ]; then [ -e "$marks/end-1" ] || { echo "v2 started before v1 ended"; exit 1; }; wait_for "$marks/start-3"; fi
if [ "$N" = 3 ]; then wait_for "$marks/start-2"; fi
touch "$marks/end-$N"
echo "leg=$N" >> "$GITHUB_OUTPUT"
echo "ENV_SEEN=$FROM_ACTION" >> "$GITHUB_OUTPUT"
[ "$N" != 3 ] || exit 4
`;

const WORKFLOW = `
on:
  workflow_call:
    inputs:
      who: { type: string, default: world }
      marks: { type: string }
    secrets:
      TOKEN_A: { required: false }
    outputs:
      greeting: { value: "\${{ jobs.first.outputs.greeting }}" }
concurrency:
  group: sim-\${{ github.repository }}-\${{ inputs.who }}
  queue: max
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.act.outputs.matrix }}
      greeting: \${{ steps.act.outputs.greeting }}
      kebab: \${{ steps.act.outputs.kebab }}
      defaulted: \${{ steps.act.outputs.defaulted }}
      secret: \${{ steps.act.outputs.secret }}
      event: \${{ steps.act.outputs.event }}
      cwd: \${{ steps.act.outputs.cwd }}
      env: \${{ steps.after.outputs.env }}
    steps:
      - uses: actions/checkout@0000000000000000000000000000000000000000
      - id: act
        uses: fake/act@v1
        env:
          TOKEN_A: \${{ secrets.TOKEN_A }}
        with:
          my input: \${{ inputs.who }}
          kebab-name: kept
      - id: after
        run: echo "env=$FROM_ACTION" >> "$GITHUB_OUTPUT"
  fan:
    needs: first
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.first.outputs.matrix) }}
      max-parallel: \${{ fromJSON('2') }}
      fail-fast: false
    concurrency:
      group: \${{ matrix.n.lock || format('solo-{0}', matrix.n.v) }}
    steps:
      - uses: actions/checkout@0000000000000000000000000000000000000000
      - id: leg
        env:
          N: \${{ matrix.n.v }}
          MARKS: \${{ inputs.marks }}
        run: ${JSON.stringify(LEG_SCRIPT)}
  skipped:
    needs: first
    if: needs.first.outputs.greeting == 'nope'
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  after-skipped:
    needs: skipped
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  not-after-failure:
    needs: fan
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  on-failure:
    needs: fan
    if: failure()
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  report:
    needs: [fan, skipped]
    if: \${{ always() }}
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p out && echo "\${{ needs.fan.result }}" > out/fan.txt
      - if: failure()
        run: "true"
      - id: broken
        run: exit 1
        continue-on-error: true
      - if: always()
        uses: actions/upload-artifact@0000000000000000000000000000000000000000
        with:
          name: report
          path: out/
  fails:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - uses: fake/act@v1
        with: { fail: "true" }
      - run: echo never
      - if: failure()
        run: echo cleanup
`;

describe("workflow simulator", () => {
  let sim: SimResult;
  let artifacts: string;
  let origin: string;
  beforeAll(async () => {
    const dir = tempDir("agent-flow-sim-test-");
    const marks = join(dir, "marks");
    artifacts = join(dir, "artifacts");
    writeFileSync(join(dir, "index.mjs"), FAKE_ACTION);
    writeFileSync(join(dir, "action.yml"), ACTION_YML);
    origin = makeRepo({ "README.md": "origin\n" });
    mkdirSync(marks);
    sim = await simulateWorkflow({
      workflow: WORKFLOW,
      inputs: { who: "sim", marks },
      secrets: { TOKEN_A: "s3cret" },
      origin,
      artifacts,
      actions: { "fake/act": { entry: join(dir, "index.mjs"), metadata: join(dir, "action.yml") } },
      github: { repository: "acme/widgets" },
    });
  }, 120_000);

  test("runs jobs after their needs, evaluates if: with the status functions", () => {
    const ran = Object.fromEntries(
      Object.entries(sim.jobs).map(([id, j]) => [id, j.ran ? j.result : "skipped"]),
    );
    expect(ran).toEqual({
      first: "success",
      fan: "failure",
      skipped: "skipped",
      "after-skipped": "skipped",
      "not-after-failure": "skipped",
      "on-failure": "success",
      report: "success",
      fails: "failure",
    });
    expect(sim.order[0]).toBe("first");
    expect(sim.order.indexOf("report")).toBeGreaterThan(sim.order.indexOf("fan"));
    expect(sim.concurrency).toBe("sim-acme/widgets-sim");
    expect(sim.outputs).toEqual({ greeting: "hello sim" });
    expect(sim.wallClockMs).toBeGreaterThan(0);
    expect(sim.jobs.first?.durationMs).toBeGreaterThan(0);
    expect(formatTimings(sim)).toMatch(
      /^first +success +\d+\.\d\d s\n[\s\S]*fan +failure .* \(3 legs\)[\s\S]*\nattempt 1: 5 jobs ran, 3 skipped; wall clock \d+\.\d\d s$/,
    );
  });

  test("gives an action its inputs, defaults, secrets, event and files as the runner does", () => {
    expect(sim.jobs.first?.outputs).toEqual({
      matrix: JSON.stringify(
        {
          n: [
            { v: 1, lock: "L" },
            { v: 2, lock: "L" },
            { v: 3, lock: "" },
          ],
        },
        null,
        2,
      ),
      greeting: "hello sim",
      kebab: "kept",
      defaulted: "from-metadata",
      secret: "yes",
      event: "sim",
      cwd: "workspace",
      env: "set",
    });
    const act = sim.jobs.first?.legs[0]?.steps[1];
    expect(act?.summary).toBe("## fake summary\n");
    expect(act?.with).toEqual({ "my input": "sim", "kebab-name": "kept" });
  });

  test("fans a matrix out into legs, each in its own clone, within max-parallel and concurrency groups", () => {
    const legs = sim.jobs.fan?.legs ?? [];
    expect(legs.map((l) => l.concurrency)).toEqual(["L", "L", "solo-3"]);
    expect(legs.map((l) => [l.result, l.steps[1]?.outputs.leg])).toEqual([
      ["success", "1"],
      ["success", "2"],
      ["failure", "3"],
    ]);
    expect(legs.map((l) => l.steps[1]?.log ?? "")).not.toContain("timed out");
    // A leg's clone is its own: the origin never sees the legs' files.
    expect(existsSync(join(origin, "leg-1.txt"))).toBe(false);
  });

  test("runs steps after a failure only when their if: says so, and uploads artifacts", () => {
    const fails = sim.jobs.fails?.legs[0]?.steps.map((s) => [s.ran, s.outcome]);
    expect(fails).toEqual([
      [true, "failure"],
      [false, "skipped"],
      [true, "success"],
    ]);
    const report = sim.jobs.report?.legs[0]?.steps.map((s) => s.outcome);
    expect(report).toEqual(["success", "skipped", "failure", "success"]);
    expect(readFileSync(join(artifacts, "report", "fan.txt"), "utf8")).toBe("failure\n");
  });

  test("parses GITHUB_OUTPUT lines and heredocs", () => {
    expect(parseCommandFile("a=1\nb<<EOF\nx=y\n\nz\nEOF\nc=a=b\n")).toEqual({
      a: "1",
      b: "x=y\n\nz",
      c: "a=b",
    });
    expect(() => parseCommandFile("b<<EOF\nnever closed\n")).toThrow(/no closing delimiter/);
  });
});

test("two runs of one workflow concurrency group run one after the other, neither dropped", async () => {
  const dir = tempDir("agent-flow-sim-queue-");
  const wf = `
on: { workflow_call: { inputs: { name: { type: string } } } }
concurrency: { group: one-at-a-time, queue: max }
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - env: { NAME: "\${{ inputs.name }}", DIR: ${JSON.stringify(dir)} }
        run: |
          if [ "$NAME" = b ]; then [ -e "$DIR/end-a" ] || { echo "b started while a ran"; exit 1; }; fi
          touch "$DIR/start-$NAME"; sleep 0.5; touch "$DIR/end-$NAME"
`;
  const groups = new Map<string, Promise<void>>();
  const a = simulateWorkflow({ workflow: wf, inputs: { name: "a" }, groups });
  const b = simulateWorkflow({ workflow: wf, inputs: { name: "b" }, groups });
  const [ra, rb] = await Promise.all([a, b]);
  expect([ra.jobs.only?.result, rb.jobs.only?.result, rb.jobs.only?.legs[0]?.steps[0]?.log]).toEqual([
    "success",
    "success",
    "",
  ]);
  expect(rb.queuedMs).toBeGreaterThan(400);
});

test("'re-run failed jobs' runs the failed legs and the jobs after them; the rest keep their outputs", async () => {
  const wf = `
on: { workflow_call: {} }
jobs:
  first:
    runs-on: ubuntu-latest
    outputs: { stamp: "\${{ steps.s.outputs.stamp }}" }
    steps: [{ id: s, run: 'echo "stamp=$GITHUB_RUN_ATTEMPT-$RANDOM$RANDOM" >> "$GITHUB_OUTPUT"' }]
  fan:
    needs: first
    runs-on: ubuntu-latest
    strategy: { matrix: { n: [1, 2] }, fail-fast: false }
    steps:
      - env: { N: "\${{ matrix.n }}" }
        run: '[ "$N" = 1 ] || [ "$GITHUB_RUN_ATTEMPT" != 1 ]'
  after:
    needs: [first, fan]
    runs-on: ubuntu-latest
    outputs: { seen: "\${{ steps.s.outputs.seen }}" }
    steps: [{ id: s, run: 'echo "seen=\${{ needs.first.outputs.stamp }}" >> "$GITHUB_OUTPUT"' }]
  aside:
    needs: first
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
`;
  const one = await simulateWorkflow({ workflow: wf });
  expect([one.jobs.fan?.result, one.jobs.after?.ran, one.attempt]).toEqual(["failure", false, 1]);
  const two = await simulateWorkflow({ workflow: wf, rerun: one });
  expect(two.attempt).toBe(2);
  // Kept from attempt 1: first (its output too), aside, and fan's leg 1; fan's leg 2 and `after` ran.
  expect(two.jobs.first?.attempt).toBe(1);
  expect(two.jobs.aside?.attempt).toBe(1);
  expect(two.jobs.fan?.attempt).toBeUndefined();
  expect(two.jobs.fan?.legs.map((l) => [l.matrix?.n, l.result, l.attempt])).toEqual([
    [1, "success", 1],
    [2, "success", undefined],
  ]);
  expect(two.jobs.after?.outputs.seen).toBe(one.jobs.first?.outputs.stamp);
  expect(two.jobs.after?.outputs.seen).toMatch(/^1-\d+$/);
  expect(formatTimings(two)).toMatch(/attempt 2: 2 jobs ran, 0 skipped, 2 kept from the previous attempt/);
});
