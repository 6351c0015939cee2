import { Document, isMap, isNode, isScalar, type Node } from "yaml";
import { ROLE_PROMPTS } from "./role-prompts.js";

/**
 * The guide's pipeline as a starting `agents/flow.yaml`. Built as data and serialised with `yaml`, with
 * comments attached to the nodes they explain, so the file is always valid YAML of the current schema.
 */

/** Where `init` writes the role prompts, relative to the repository root, and the file of each agent. */
export const PROMPTS_DIR = "agents/prompts";
const PROMPT_OF: Record<string, string> = {
  "rm-planner": "planner.md",
  "rm-coordinator": "coordinator.md",
  "rm-sdk-analyst": "sdk-analyst.md",
  "doc-reviewer": "doc-reviewer.md",
  "rm-test-orchestrator": "test-orchestrator.md",
  "rm-developer": "developer.md",
  "integration-validator": "integration-validator.md",
  "test-failure-debugger": "test-failure-debugger.md",
};

const INIT_FLOW = {
  version: 1,
  defaults: {
    workflow: "idea_to_feature",
    parallel_max: 4,
    lock_timeout: 60,
    run_retention: 7,
    auto_cleanup: true,
    timeout: "30m",
    retries: 1,
    run_timeout: "4h",
  },
  policy: {
    owners: { "src/**": "rm-developer", "tests/**": "rm-test-orchestrator" },
    protected: [".env", "**/*.pem"],
    allow_github: false,
  },
  agents: {
    "rm-planner": {
      description: "Turns the feature request into a plan",
      preset: "claude-code",
      output: "planner",
      writes: ["docs/plans/**"],
    },
    "rm-coordinator": {
      description: "Splits the plan into tasks for the other agents",
      preset: "claude-code",
      output: "coordinator",
    },
    "rm-sdk-analyst": {
      description: "Checks how the plan fits the SDKs and APIs the code uses",
      preset: "claude-code",
      output: "sdk_analyst",
      writes: ["docs/analysis/**"],
    },
    "doc-reviewer": {
      description: "Reviews documentation; read-only",
      preset: "claude-code",
      output: "docs",
    },
    "rm-test-orchestrator": {
      description: "Writes failing tests first (mode create), then checks them (mode verify)",
      preset: "claude-code",
      output: "test_orchestrator",
      writes: ["tests/**"],
    },
    "rm-developer": {
      description: "The only writer of src/**",
      preset: "claude-code",
      output: "developer",
      writes: ["src/**"],
      locks: ["src_writer"],
      timeout: "1h",
    },
    "integration-validator": {
      description: "Checks the change fits the rest of the code base; read-only",
      preset: "claude-code",
      output: "integration",
      raises: ["import_mismatch"],
    },
    "test-failure-debugger": {
      description: "Explains failing tests so the developer can fix them",
      preset: "claude-code",
      output: "debug",
      writes: ["docs/debug/**"],
    },
  },
  workflows: {
    idea_to_feature: {
      description: "From a feature request to a pull request",
      steps: [
        { agent: "rm-planner" },
        { agent: "rm-coordinator" },
        {
          name: "analysis",
          parallel: ["rm-sdk-analyst", { agent: "doc-reviewer", with: { mode: "review" } }],
        },
        { agent: "rm-test-orchestrator", with: { mode: "create" } },
        { agent: "rm-developer", with: { mode: "implement" } },
        { name: "verify", check: "npm test", on_failure: "tests_failed", on_success: "all_green" },
        {
          name: "final-validation",
          parallel: [{ agent: "doc-reviewer", with: { mode: "final" } }, "integration-validator"],
        },
        { name: "auto-commit", commit: { squash: true, draft: false } },
      ],
    },
    triage: {
      description: "Runs when tests fail: explain, then fix; the failed step runs again afterwards",
      steps: [{ agent: "test-failure-debugger" }, { agent: "rm-developer", with: { mode: "fix" } }],
    },
  },
  triggers: {
    tests_failed: { workflow: "triage", max: 3 },
    import_mismatch: { workflow: "triage", max: 2 },
    all_green: "commit",
  },
};

/** Comment above each key path (dot-separated). */
const COMMENTS: Record<string, string> = {
  "": " agent-flow pipeline: from a feature idea to a pull request.\n Check it with `agent-flow validate`, see the stages with `agent-flow plan`.",
  version: " Schema version of this file.",
  defaults:
    " Defaults for every run. The environment variables AGENT_PARALLEL_MAX, AGENT_LOCK_TIMEOUT,\n AGENT_RUN_RETENTION and AGENT_AUTO_CLEANUP override the matching keys.",
  "defaults.workflow": " Workflow `agent-flow run` starts when none is named.",
  "defaults.parallel_max": " Most agents running at once in a parallel group.",
  "defaults.lock_timeout": " Seconds to wait for an advisory lock before failing with the holder's name.",
  "defaults.run_retention": " Days to keep run folders, branches and caches of finished runs.",
  "defaults.auto_cleanup": " Delete runs older than run_retention automatically.",
  "defaults.timeout": " Per-agent time limit (agents may set their own): 90s, 10m, 1h30m or seconds.",
  "defaults.retries": " Extra attempts after an agent fails, with backoff.",
  "defaults.run_timeout":
    " Wall-clock budget of a run (a --retry gets a fresh one). Add max_cost_usd: 20 to stop a run\n before its next agent once its agents reported more than that cost.",
  policy: " Write rules the engine enforces on every step and again before committing.",
  "policy.owners": " Single-writer paths: only the named agent may change files here.",
  "policy.protected": " Paths no agent may change (.github/** is protected too unless allow_github is true).",
  "policy.allow_github":
    " Allow agents to write workflow files under .github/ (off: a prompt-injected agent could add one).",
  agents:
    " Each agent: `preset` (claude-code, codex, gemini, aider) with a `prompt_file` (or an inline `prompt`),\n or `run` with any command. The prompt files are yours to edit; {{feature}}, {{request_file}}, {{writes}},\n {{previous_outputs}} and the like are filled in before each attempt (see the README).\n `writes` lists the paths it may change; its own output folder under the run directory is always writable.\n Agents get RUN_ID, AGENT_NAME, FEATURE_NAME, BASE_BRANCH, AGENT_MODE, AGENT_RUN_DIR, AGENT_OUTPUT,\n AGENT_INPUT, AGENT_PROMPT_FILE, AGENT_WRITES and AGENT_TRIGGERS in their environment.",
  "agents.rm-planner.prompt_file": " Path from the repository root; edit the file, or point to your own.",
  "agents.rm-planner.output": " Folder name inside docs/status/runs/<RUN_ID>/.",
  "agents.rm-developer.timeout": " Implementation takes longest.",
  "agents.rm-developer.locks":
    " Advisory locks (.locks/<name>.lock) held while it runs: one src/ writer across concurrent runs.",
  "agents.integration-validator.raises":
    " Triggers this agent may raise by creating a file in $AGENT_TRIGGERS.",
  workflows:
    " Ordered steps. A step is `agent` (with optional `with:` values, seen as AGENT_<KEY>), a `parallel`\n group, a `check` (a command the engine runs itself, so green is measured, not claimed) or `commit`.",
  "workflows.idea_to_feature.steps":
    " on_failure / on_success name a trigger to raise when the step fails / succeeds.",
  triggers:
    " Trigger -> workflow to run within the same run; after it, a failed step runs again.\n `max` bounds how often a run may re-enter it. `commit` lets the run go on to its commit step.",
};

/** The guide's flow with each agent's `prompt_file` under `promptsDir` (relative to the repository root). */
export function initFlow(promptsDir: string = PROMPTS_DIR): typeof INIT_FLOW {
  const agents: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(INIT_FLOW.agents)) {
    const { description, preset, ...rest } = spec as Record<string, unknown>;
    agents[name] = { description, preset, prompt_file: `${promptsDir}/${PROMPT_OF[name]}`, ...rest };
  }
  return { ...INIT_FLOW, agents: agents as typeof INIT_FLOW.agents };
}

/** The role prompt files `init` writes: file name in the prompts folder -> text. */
export function initPromptFiles(): Record<string, string> {
  return Object.fromEntries(Object.values(PROMPT_OF).map((f) => [f, ROLE_PROMPTS[f] as string]));
}

export function initFlowYaml(promptsDir: string = PROMPTS_DIR): string {
  const doc = new Document(initFlow(promptsDir));
  for (const [path, comment] of Object.entries(COMMENTS)) {
    if (path === "") {
      doc.commentBefore = comment;
      continue;
    }
    const keys = path.split(".");
    const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (!isMap(parent)) throw new Error(`init template: no mapping at ${path}`);
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === keys[keys.length - 1]);
    if (!pair || !isNode(pair.key)) throw new Error(`init template: no key ${path}`);
    (pair.key as Node).commentBefore = comment;
  }
  // Blank lines between top-level sections and agents make the file easier to scan.
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isNode(pair.key) && pair.key !== doc.contents.items[0]?.key) (pair.key as Node).spaceBefore = true;
      const value = pair.value;
      if (
        isMap(value) &&
        isScalar(pair.key) &&
        (pair.key.value === "agents" || pair.key.value === "workflows")
      ) {
        value.items.forEach((p, i) => {
          if (i > 0 && isNode(p.key)) (p.key as Node).spaceBefore = true;
        });
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}
