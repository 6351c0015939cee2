#!/usr/bin/env node
// Writes .github/workflows/agent-flow.yml, the reusable workflow of the GitHub engine
// (docs/github-engine.md), from one template: `plan`, then SLOTS slots of `run-k` (a matrix of legs) and
// `advance-k`, then `commit`. The slots are written out by this script rather than with YAML anchors or
// merge keys: GitHub's parser refuses merge keys and actionlint refuses anchors.
//
//   node scripts/workflow.mjs           # rewrite the workflow
//   node scripts/workflow.mjs --check   # exit 1 if the committed workflow differs from this script's output
//   node scripts/workflow.mjs --check --file <path>   # the same for another copy of the file
//   node scripts/workflow.mjs --slots 40 --file <path>  # a fork's copy with 40 slots, for longer flows
//
// __tests__/github/workflow.test.ts checks the committed file equals workflowText().
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Document } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(root, ".github", "workflows", "agent-flow.yml");

/**
 * Number of slots. `plan` refuses a flow whose step bound (`stepBound` in src/engine/machine.ts) exceeds
 * it, so it must cover the guide's pipeline (`agent-flow init`) with its triage loops at their `max`:
 * 8 steps + tests_failed 3 x (2 + 1) + import_mismatch 2 x (2 + 1) = 23. Each slot is two job
 * definitions GitHub lists (skipped) on every run, so N is that bound and no larger; a longer flow goes
 * on with a second dispatch of the same run id.
 */
export const SLOTS = 23;

/** The action, by owner/repo: inside a reusable workflow `uses: ./` would mean the caller's repository. */
export const ACTION_REPO = "agent-flow/agent-flow";

/** The action's ref: the release tag of this package's version (a release regenerates this file). */
export function actionRef() {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return `v${version}`;
}

/** Third-party actions, pinned by full commit SHA; the comment names the release the SHA is. */
export const PINS = {
  checkout: { uses: "actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0", version: "v7.0.0" },
  upload: { uses: "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", version: "v7.0.0" },
};

/**
 * Secrets agents may declare, and those the presets' CLIs authenticate with (src/flow/presets/; a test
 * keeps them listed here); each reaches only the legs whose `matrix.leg.secrets` lists it.
 */
export const AGENT_SECRETS = [
  "ANTHROPIC_API_KEY",
  "CLAUDE_CODE_OAUTH_TOKEN",
  "OPENAI_API_KEY",
  "CODEX_API_KEY",
  "GEMINI_API_KEY",
  "GOOGLE_API_KEY",
];

/**
 * The optional secret `commit` opens the pull request with (a PAT or GitHub App token, so that CI runs on
 * the PR: GitHub starts no workflow for a push made with GITHUB_TOKEN). Only `commit` ever reads it.
 */
export const PR_TOKEN_SECRET = "AGENT_FLOW_PR_TOKEN";

/** Outputs of `plan` and `advance-k` (docs/github-engine.md, "Outputs"). */
const STEP_OUTPUTS = [
  "kind",
  "matrix",
  "max-parallel",
  "done",
  "outcome",
  "state-digest",
  "seq",
  "resume-state",
];
const COMMIT_OUTPUTS = ["done", "outcome", "branch", "pr-url", "pr-number", "pr-operation", "resume-state"];

const e = (expr) => `\${{ ${expr} }}`;
const fromStep = (names) => Object.fromEntries(names.map((n) => [n, e(`steps.agent-flow.outputs.${n}`)]));
const runs = (job) => `(needs.${job}.outputs.kind == 'agents' || needs.${job}.outputs.kind == 'check')`;
/** The slot count of the workflow being written (`--slots`; SLOTS by default). */
let slotCount = SLOTS;
const slotIds = () => Array.from({ length: slotCount }, (_, i) => i + 1);
const prevOf = (k) => (k === 1 ? "plan" : `advance-${k - 1}`);

function checkout() {
  return {
    name: "Check out the base branch",
    uses: PINS.checkout.uses,
    with: {
      // Empty means the caller's ref. Full history: the run's bundles exclude the recorded base commit.
      ref: e("inputs.base-branch"),
      "fetch-depth": 0,
      "persist-credentials": false,
    },
  };
}

function action(command, extra, env) {
  return {
    name: `agent-flow ${command}`,
    id: "agent-flow",
    uses: `${ACTION_REPO}@${actionRef()}`,
    ...(env ? { env } : {}),
    with: {
      command,
      flow: e("inputs.flow"),
      workflow: e("inputs.workflow"),
      feature: e("inputs.feature"),
      "base-branch": e("inputs.base-branch"),
      slots: String(slotCount),
      ...extra,
    },
  };
}

/** Uploads the run folder when the run ended in this job, or this job failed. */
function upload(runId, when) {
  return {
    name: "Upload the run folder",
    if: when,
    uses: PINS.upload.uses,
    with: {
      name: `agent-flow-run-${runId}`,
      path: `docs/status/runs/${runId}/`,
      "if-no-files-found": "warn",
      // A re-run of a failed job uploads again under the same name.
      overwrite: true,
    },
  };
}

const RUN_ID = e("needs.plan.outputs.run-id");
const ENDED_HERE = e("always() && (steps.agent-flow.outputs.done == 'true' || failure())");

function planJob() {
  return {
    name: "plan",
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read" },
    outputs: { "run-id": e("steps.agent-flow.outputs.run-id"), ...fromStep(STEP_OUTPUTS) },
    steps: [
      checkout(),
      action("plan", {
        "run-id": e("inputs.run-id"),
        "resume-state": e("inputs.resume-state"),
        request: e("inputs.request"),
        issue: e("inputs.issue"),
      }),
      upload(e("steps.agent-flow.outputs.run-id"), ENDED_HERE),
    ],
  };
}

function runJob(k) {
  const prev = prevOf(k);
  const env = Object.fromEntries(
    AGENT_SECRETS.map((s) => [s, e(`contains(matrix.leg.secrets, '${s}') && secrets.${s} || ''`)]),
  );
  return {
    name: e(`format('run-{0} {1}', ${k}, matrix.leg.name)`),
    needs: k === 1 ? ["plan"] : ["plan", prev],
    // !cancelled(): a failed leg of an earlier slot is the machine's business, not a reason to stop.
    if: e(`!cancelled() && ${runs(prev)}`),
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read" },
    strategy: {
      matrix: e(`fromJSON(needs.${prev}.outputs.matrix)`),
      "max-parallel": e(`fromJSON(needs.${prev}.outputs.max-parallel)`),
      "fail-fast": false,
    },
    // An agent's locks: one group across the repository's runs. A leg without locks gets a group of its own.
    concurrency: {
      group: e(
        `matrix.leg.lock || format('agent-flow-{0}-run-{1}-leg-{2}-{3}', github.repository, github.run_id, matrix.leg.seq, matrix.leg.index)`,
      ),
      queue: "max",
    },
    steps: [
      checkout(),
      action(
        "run",
        {
          "run-id": RUN_ID,
          slot: String(k),
          leg: e("toJSON(matrix.leg)"),
          "state-digest": e(`needs.${prev}.outputs.state-digest`),
        },
        env,
      ),
    ],
  };
}

function advanceJob(k) {
  const prev = prevOf(k);
  return {
    name: `advance-${k}`,
    needs: k === 1 ? ["plan", `run-${k}`] : ["plan", prev, `run-${k}`],
    // Runs when some legs failed: their failure is recorded and may trigger a triage workflow.
    if: e(`!cancelled() && ${runs(prev)}`),
    "runs-on": "ubuntu-latest",
    permissions: { contents: "read" },
    outputs: fromStep(STEP_OUTPUTS),
    steps: [
      checkout(),
      action("advance", {
        "run-id": RUN_ID,
        slot: String(k),
        "state-digest": e(`needs.${prev}.outputs.state-digest`),
        seq: e(`needs.${prev}.outputs.seq`),
      }),
      upload(RUN_ID, ENDED_HERE),
    ],
  };
}

function commitJob() {
  const emitters = ["plan", ...slotIds().map((k) => `advance-${k}`)];
  // The state the commit starts from is the one saved by the job that emitted `commit`.
  const digest = emitters
    .map((j) => `needs.${j}.outputs.kind == 'commit' && needs.${j}.outputs.state-digest`)
    .join(" || ");
  const seq = emitters
    .map((j) => `needs.${j}.outputs.kind == 'commit' && needs.${j}.outputs.seq`)
    .join(" || ");
  return {
    name: "commit",
    needs: emitters,
    if: e("!cancelled() && contains(needs.*.outputs.kind, 'commit')"),
    "runs-on": "ubuntu-latest",
    permissions: { contents: "write", "pull-requests": "write" },
    outputs: fromStep(COMMIT_OUTPUTS),
    steps: [
      checkout(),
      action("commit", {
        "run-id": RUN_ID,
        "state-digest": e(digest),
        seq: e(seq),
        // The caller's PAT or App token when it passes one, so CI runs on the PR; else the job's token.
        "github-token": e(`secrets.${PR_TOKEN_SECRET} || github.token`),
      }),
      upload(RUN_ID, e("always()")),
    ],
  };
}

/**
 * The jobs that ended the run in the order they run, last first: the newest non-empty output wins.
 * (Each advance-k runs only after advance-(k-1), and commit after them all.)
 */
const lastFirst = () => [
  "commit",
  ...slotIds()
    .map((k) => `advance-${k}`)
    .reverse(),
  "plan",
];
const newest = (name) =>
  lastFirst()
    .map((j) => `needs.${j}.outputs.${name}`)
    .join(" || ");

/**
 * What the run came to, said even when a job crashed before the run ended (then no job set `outcome`):
 * cancelled if a job was; refused if `plan` failed (it refuses what it cannot start or resume); failed if
 * an `advance-k` or `commit` failed (a failed leg is not enough: advance records it and the run goes on);
 * else the slots ran out before the run finished: paused, to go on with a dispatch of `resume-state`.
 */
function outcomeExpr() {
  const failed = lastFirst()
    .filter((j) => j !== "plan")
    .map((j) => `needs.${j}.result == 'failure'`)
    .join(" || ");
  return e(
    `join(needs.*.outputs.outcome, '') || (contains(needs.*.result, 'cancelled') && 'cancelled') || (needs.plan.result != 'success' && 'refused') || ((${failed}) && 'failed') || 'paused'`,
  );
}

/**
 * Gathers the workflow's outputs from every job, whatever happened: it runs always, last, and reads only
 * the other jobs' outputs and results; no checkout, no agent or repository code, no permissions.
 */
function reportJob(jobs) {
  const outputs = {
    // plan sets the run id; when plan refused a resume, the caller's run id is still the run's.
    "run-id": e("needs.plan.outputs.run-id || inputs.run-id"),
    outcome: outcomeExpr(),
    // The last state saved: a later dispatch with it and the run id goes on from there.
    "resume-state": e(newest("resume-state")),
  };
  return {
    name: "report",
    needs: Object.keys(jobs),
    if: e("always()"),
    "runs-on": "ubuntu-latest",
    permissions: {},
    outputs,
    steps: [
      {
        name: "Summarize the run",
        env: { RUN_ID: outputs["run-id"], OUTCOME: outputs.outcome, RESUME_STATE: outputs["resume-state"] },
        run: [
          "{",
          `  printf '## agent-flow run %s: %s\\n\\n' "\${RUN_ID:-(none)}" "$OUTCOME"`,
          `  if [ -n "$RESUME_STATE" ] && [ "$OUTCOME" != succeeded ]; then`,
          `    printf 'To go on from the last saved state, dispatch again with run-id \`%s\` and resume-state \`%s\`.\\n' "$RUN_ID" "$RESUME_STATE"`,
          "  fi",
          '} >> "$GITHUB_STEP_SUMMARY"',
          "",
        ].join("\n"),
      },
    ],
  };
}

export function workflowObject(slots = SLOTS) {
  slotCount = slots;
  const jobs = { plan: planJob() };
  for (const k of slotIds()) {
    jobs[`run-${k}`] = runJob(k);
    jobs[`advance-${k}`] = advanceJob(k);
  }
  jobs.commit = commitJob();
  jobs.report = reportJob(jobs);
  const str = (description, def) => ({ description, required: false, type: "string", default: def });
  return {
    name: "agent-flow",
    on: {
      workflow_call: {
        inputs: {
          feature: {
            // The commit step's default branch template, DEFAULT_BRANCH_TEMPLATE of src/flow/flow-types.ts.
            description:
              "Feature name: one pipeline per feature at a time; the run's branch is feature/{feature}-{run_id} unless the flow's commit step sets branch:",
            required: true,
            type: "string",
          },
          request: str("The feature request (untrusted text; reaches the action only through `with:`)", ""),
          "base-branch": str(
            "Branch the run starts from and the pull request targets (empty: the caller's ref)",
            "",
          ),
          "run-id": str("Run id to resume (YYYYMMDD-HHMMSS-xxxxxxxx); empty starts a new run", ""),
          "resume-state": str(
            "With run-id, to resume: the resume-state a plan, advance or commit job of the run printed in its summary",
            "",
          ),
          workflow: str("Workflow of the flow to run (empty: the flow's defaults.workflow)", ""),
          flow: str("Path of the flow file in the repository", "agents/flow.yaml"),
          issue: str(
            "Issue the run works on (its number): the pull request says Closes #N; empty for none",
            "",
          ),
        },
        secrets: {
          ...Object.fromEntries(
            AGENT_SECRETS.map((s) => [
              s,
              { description: `Passed only to agents that declare ${s}`, required: false },
            ]),
          ),
          [PR_TOKEN_SECRET]: {
            description:
              "Optional PAT or GitHub App token (contents: write, pull-requests: write) the commit job pushes and opens the pull request with, so CI runs on it; only the commit job sees it. Default: the job's GITHUB_TOKEN",
            required: false,
          },
        },
        outputs: {
          "run-id": {
            description: "The run id (empty when plan refused to start a new run)",
            value: e("jobs.report.outputs.run-id"),
          },
          outcome: {
            description:
              "succeeded, failed, refused or cancelled; refused also when plan failed, failed when a job crashed; paused when the slots ran out before the run finished (go on with run-id and resume-state)",
            value: e("jobs.report.outputs.outcome"),
          },
          "resume-state": {
            description:
              "The run's last saved state: dispatch again with run-id and this to resume (empty when nothing was saved)",
            value: e("jobs.report.outputs.resume-state"),
          },
          branch: { description: "The run's branch", value: e("jobs.commit.outputs.branch") },
          "pr-url": { description: "The pull request's URL", value: e("jobs.commit.outputs.pr-url") },
          "pr-number": {
            description: "The pull request's number",
            value: e("jobs.commit.outputs.pr-number"),
          },
        },
      },
    },
    permissions: {},
    // One pipeline per repository and feature; later dispatches wait in the queue. No cancel-in-progress:
    // cancelling could cut a commit half-way.
    concurrency: { group: `agent-flow-${e("github.repository")}-${e("inputs.feature")}`, queue: "max" },
    jobs,
  };
}

const HEADER = ` Generated by scripts/workflow.mjs; do not edit by hand: change the script, then run
 \`node scripts/workflow.mjs\`. The contract with the action is docs/github-engine.md.`;

export function workflowText(slots = SLOTS) {
  const doc = new Document(workflowObject(slots), { aliasDuplicateObjects: false });
  doc.commentBefore = HEADER;
  const commit = ["jobs", "commit", "permissions"];
  doc.getIn([...commit, "contents"], true).comment =
    " push the run's branch (feature/<feature>-<run id> by default) with the reviewed commit";
  doc.getIn([...commit, "pull-requests"], true).comment = " open or update the run's pull request";
  // Trailing comments naming the release each pinned SHA is.
  for (const [id, job] of Object.entries(doc.toJS().jobs)) {
    job.steps.forEach((step, i) => {
      if (!step.uses) return;
      const pin = Object.values(PINS).find((p) => p.uses === step.uses);
      if (pin) doc.getIn(["jobs", id, "steps", i, "uses"], true).comment = ` ${pin.version}`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** The value of `--slots`: a whole number of at least 1 (SLOTS when absent). */
export function slotsArg(argv) {
  const at = argv.indexOf("--slots");
  if (at < 0) return SLOTS;
  const raw = argv[at + 1] ?? "";
  if (!/^[1-9][0-9]*$/.test(raw) || Number(raw) > 250)
    throw new Error(`--slots '${raw}': give a whole number from 1 to 250 (the default is ${SLOTS})`);
  return Number(raw);
}

async function main() {
  let slots;
  try {
    slots = slotsArg(process.argv);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const text = workflowText(slots);
  const at = process.argv.indexOf("--file");
  const file = at > 0 ? resolve(process.argv[at + 1] ?? "") : OUTPUT;
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(file, "utf8");
    } catch {}
    if (committed !== text) {
      console.error(`${file} differs from scripts/workflow.mjs's output: run \`node scripts/workflow.mjs\``);
      process.exit(1);
    }
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
