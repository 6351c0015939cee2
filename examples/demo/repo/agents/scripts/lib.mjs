// Shared helpers for the demo agents: read the environment agent-flow hands every agent, read the
// request and earlier agents' outputs, write files (only inside the agent's write scopes).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The agent's environment contract. Exits with a clear message when a required variable is missing. */
export function agentEnv() {
  const need = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`missing environment variable ${name} (run this script through agent-flow)`);
    return value;
  };
  return {
    runId: need("RUN_ID"),
    agent: need("AGENT_NAME"),
    feature: need("FEATURE_NAME"),
    mode: process.env.AGENT_MODE ?? "",
    runDir: need("AGENT_RUN_DIR"),
    output: need("AGENT_OUTPUT"),
    writes: (process.env.AGENT_WRITES ?? "").split(" ").filter(Boolean),
    triggers: process.env.AGENT_TRIGGERS ?? "",
  };
}

/** Runs an agent's main function: prints errors as `<agent>: error: ...` and exits 1. */
export function runAgent(main) {
  Promise.resolve()
    .then(main)
    .catch((err) => {
      console.error(`${process.env.AGENT_NAME ?? "agent"}: error: ${err.message}`);
      process.exitCode = 1;
    });
}

export function log(message) {
  console.log(`[${process.env.AGENT_NAME ?? "agent"}] ${message}`);
}

/** The request text: feature_request.md without the header agent-flow puts before it. */
export function readRequest(env) {
  const paragraphs = readText(join(env.runDir, "feature_request.md"), "the feature request").split(/\n\s*\n/);
  // Header paragraphs: a "# Feature request" title, "Key: value" lines (Feature, Base branch, Run ID), "---".
  const headerLine = (line) =>
    /^#+\s*feature request\b/i.test(line) || /^[*_\w -]+:\s/.test(line) || /^-{3,}$/.test(line);
  while (
    paragraphs.length > 1 &&
    paragraphs[0]
      .trim()
      .split("\n")
      .every((l) => headerLine(l.trim()))
  ) {
    paragraphs.shift();
  }
  return paragraphs.join("\n\n").trim();
}

export function readText(file, what) {
  if (!existsSync(file)) throw new Error(`missing input: ${what} (${file})`);
  return readFileSync(file, "utf8");
}

export function readJson(file, what) {
  return JSON.parse(readText(file, what));
}

/** The planner's plan.json, from its accepted output folder in the run directory. */
export function readPlan(env) {
  return readJson(join(env.runDir, "planner", "plan.json"), "the planner's plan (planner/plan.json)");
}

/** Writes into the agent's own output folder (always allowed). */
export function writeOutput(env, name, content) {
  const file = join(env.output, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  log(`wrote $AGENT_OUTPUT/${name}`);
}

/** Writes a file of the repository (cwd), refusing paths outside the agent's `writes:` scopes; returns its path. */
export function writeRepoFile(env, path, content) {
  const rel = relative(process.cwd(), resolve(path)).split("\\").join("/");
  if (!env.writes.some((glob) => globToRegExp(glob).test(rel))) {
    throw new Error(
      `refusing to write ${rel}: outside this agent's scopes (${env.writes.join(" ") || "none"})`,
    );
  }
  mkdirSync(dirname(rel), { recursive: true });
  writeFileSync(rel, content);
  log(`wrote ${rel}`);
  return rel;
}

/** Raises a trigger (for example import_mismatch) by creating a file named after it. */
export function raiseTrigger(env, name) {
  if (!env.triggers) throw new Error("missing environment variable AGENT_TRIGGERS");
  mkdirSync(env.triggers, { recursive: true });
  writeFileSync(join(env.triggers, name), `${env.runId}\n`);
  log(`raised trigger ${name}`);
}

/** Enough glob for write scopes: `**` any depth, `*` and `?` within one path segment. */
export function globToRegExp(glob) {
  const body = glob
    .split("**")
    .map((part) =>
      part
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]"),
    )
    .join(".*");
  return new RegExp(`^${body.replace(/\.\*\//g, "(?:.*/)?")}$`);
}

/** The name of the test for one case; the test orchestrator and the debugger must agree on it. */
export function caseName(fn, c) {
  return `${fn}(${c.args.map((a) => JSON.stringify(a)).join(", ")}) returns ${JSON.stringify(c.expected)}`;
}

/** Loads the repository's public entry afresh (the query string defeats the module cache). */
export async function importEntry(entry = "src/index.js") {
  return import(`${pathToFileURL(resolve(entry)).href}?t=${Date.now()}`);
}

/** Calls the planned function on every case; returns the cases whose result differs. */
export function failingCases(plan, fn) {
  return plan.cases.flatMap((c) => {
    let actual;
    try {
      actual = fn(...c.args);
    } catch (err) {
      actual = `threw ${err.message}`;
    }
    return actual === c.expected ? [] : [{ test: caseName(plan.function, c), ...c, actual }];
  });
}
