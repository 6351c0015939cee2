import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { type Contexts, evalText } from "./gh-expr.js";
import type { SimOptions, StepSpec } from "./workflow-sim.js";

/** What one step of a leg is given, as the runner lays it out. */
export interface StepEnv {
  job: string;
  /** The leg's index in the job's matrix. */
  index: number;
  workspace: string;
  temp: string;
  /** Contexts the step's expressions see (github, inputs, needs, matrix, env, steps, ...). */
  ctx: Contexts;
  /** The step's `with:`, evaluated. */
  with: Record<string, string>;
  /** The step's environment from `env:` (workflow, job, step, and GITHUB_ENV of earlier steps). */
  env: Record<string, string>;
  /** The files GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV and GITHUB_PATH point at. */
  files: { output: string; summary: string; env: string; path: string };
  eventPath: string;
  /** Folders GITHUB_PATH added in earlier steps. */
  extraPath: string[];
  options: SimOptions;
}

export interface StepOutcome {
  ok: boolean;
  outputs: Record<string, string>;
  /** Variables the step added through GITHUB_ENV. */
  env: Record<string, string>;
  path: string[];
  log: string;
  summary: string;
}

/** Parses the GITHUB_OUTPUT / GITHUB_ENV file format: `name=value` lines and `name<<DELIM` heredocs. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const eq = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delim = line.slice(heredoc + 2);
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) body.push(lines[i++] ?? "");
      if (i >= lines.length) throw new Error(`${name}: no closing delimiter '${delim}'`);
      out[name] = body.join("\n");
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`invalid line in a command file: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

const readOr = (file: string): string => (existsSync(file) ? readFileSync(file, "utf8") : "");

/** The environment the runner gives every step's process. */
function runnerEnv(s: StepEnv): Record<string, string> {
  const g = s.ctx.github as Record<string, unknown>;
  const str = (k: string) => String(g[k] ?? "");
  return {
    PATH: [...s.extraPath, process.env.PATH ?? ""].join(delimiter),
    HOME: process.env.HOME ?? "",
    // Test plumbing, not the runner's: the test file's pools folder (setup/cleanup.ts), not the user's cache.
    AGENT_FLOW_POOL_DIR: process.env.AGENT_FLOW_POOL_DIR ?? "",
    // Test plumbing too: no GitHub write spacing against the fake GitHub (vitest.config.ts).
    AGENT_FLOW_GITHUB_WRITE_SPACING: process.env.AGENT_FLOW_GITHUB_WRITE_SPACING ?? "",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: s.workspace,
    GITHUB_REPOSITORY: str("repository"),
    GITHUB_REPOSITORY_OWNER: str("repository_owner"),
    GITHUB_RUN_ID: str("run_id"),
    GITHUB_RUN_NUMBER: str("run_number"),
    GITHUB_RUN_ATTEMPT: str("run_attempt"),
    GITHUB_EVENT_NAME: str("event_name"),
    GITHUB_REF: str("ref"),
    GITHUB_SHA: str("sha"),
    GITHUB_ACTOR: str("actor"),
    GITHUB_SERVER_URL: str("server_url"),
    GITHUB_API_URL: str("api_url"),
    GITHUB_GRAPHQL_URL: str("graphql_url"),
    GITHUB_WORKFLOW: str("workflow"),
    GITHUB_JOB: s.job,
    GITHUB_EVENT_PATH: s.eventPath,
    GITHUB_OUTPUT: s.files.output,
    GITHUB_STEP_SUMMARY: s.files.summary,
    GITHUB_ENV: s.files.env,
    GITHUB_PATH: s.files.path,
    RUNNER_TEMP: s.temp,
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    ...s.options.env,
    ...s.env,
  };
}

function spawnStep(cmd: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; log: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const add = (b: Buffer) => {
      log += b.toString("utf8");
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    child.stdout.on("data", add);
    child.stderr.on("data", add);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: null, log: `${log}${err.message}\n` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

function collect(s: StepEnv, ok: boolean, log: string): StepOutcome {
  const path = readOr(s.files.path)
    .split(/\r?\n/)
    .filter((l) => l !== "");
  return {
    ok,
    outputs: parseCommandFile(readOr(s.files.output)),
    env: parseCommandFile(readOr(s.files.env)),
    path,
    log,
    summary: readOr(s.files.summary),
  };
}

const done = (ok: boolean, log: string): StepOutcome => ({
  ok,
  outputs: {},
  env: {},
  path: [],
  log,
  summary: "",
});

/** The runner's name for an input's variable: upper case, spaces to `_` (a `-` is kept). */
export const inputVar = (name: string): string => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

/** `actions/checkout`: a fresh clone of `options.origin` at `with.ref` (the default branch when empty). */
async function checkout(s: StepEnv): Promise<StepOutcome> {
  const origin = s.options.origin;
  if (!origin) return done(false, "actions/checkout: the simulation was given no origin to clone\n");
  const env = { ...(process.env as Record<string, string>), GIT_TERMINAL_PROMPT: "0" };
  const timeout = s.options.stepTimeoutMs ?? 600_000;
  rmSync(s.workspace, { recursive: true, force: true });
  const clone = await spawnStep("git", ["clone", "--quiet", origin, s.workspace], s.temp, env, timeout);
  if (clone.code !== 0) return done(false, clone.log);
  const ref = s.with.ref ?? "";
  if (ref === "") return done(true, clone.log);
  const co = await spawnStep("git", ["checkout", "--quiet", ref], s.workspace, env, timeout);
  return done(co.code === 0, clone.log + co.log);
}

/** `actions/upload-artifact`: copies `with.path` (relative to the workspace) to `<artifacts>/<name>/`. */
function upload(s: StepEnv): StepOutcome {
  const dir = s.options.artifacts;
  if (!dir) return done(false, "actions/upload-artifact: the simulation was given no artifacts folder\n");
  const name = s.with.name || "artifact";
  const target = join(dir, name);
  if (existsSync(target) && s.with.overwrite !== "true")
    return done(false, `an artifact named '${name}' already exists (overwrite is off)\n`);
  const source = isAbsolute(s.with.path ?? "") ? (s.with.path ?? "") : join(s.workspace, s.with.path ?? "");
  if (!existsSync(source)) {
    const mode = s.with["if-no-files-found"] || "warn";
    return done(mode !== "error", `no files found at ${source} (if-no-files-found: ${mode})\n`);
  }
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return done(true, `uploaded ${source} as ${name}\n`);
}

/** A node action: `node <entry>` with INPUT_* from `with:` and the action's declared defaults. */
async function nodeAction(s: StepEnv, action: { entry: string; metadata?: string }): Promise<StepOutcome> {
  const inputs: Record<string, string> = {};
  if (action.metadata) {
    const meta = parse(readFileSync(action.metadata, "utf8")) as {
      inputs?: Record<string, { default?: unknown }>;
    };
    for (const [k, spec] of Object.entries(meta.inputs ?? {}))
      if (spec.default !== undefined) inputs[k] = evalText(spec.default, s.ctx);
  }
  Object.assign(inputs, s.with);
  const env = runnerEnv(s);
  for (const [k, v] of Object.entries(inputs)) env[inputVar(k)] = v;
  const ran = await spawnStep(
    process.execPath,
    [action.entry],
    s.workspace,
    env,
    s.options.stepTimeoutMs ?? 600_000,
  );
  return collect(s, ran.code === 0, ran.log);
}

/** A `run:` step through bash, as the runner does (`bash --noprofile --norc -eo pipefail <file>`). */
async function runScript(step: StepSpec, s: StepEnv): Promise<StepOutcome> {
  const file = join(s.temp, `script-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, step.run ?? "");
  const cwd = step["working-directory"] ? join(s.workspace, step["working-directory"]) : s.workspace;
  const ran = await spawnStep(
    "bash",
    ["--noprofile", "--norc", "-eo", "pipefail", file],
    cwd,
    runnerEnv(s),
    s.options.stepTimeoutMs ?? 600_000,
  );
  return collect(s, ran.code === 0, ran.log);
}

/** Runs one step (its `run:` already evaluated) the way the runner does. */
export async function runStep(step: StepSpec, s: StepEnv): Promise<StepOutcome> {
  if (step.run !== undefined) return runScript(step, s);
  const uses = step.uses ?? "";
  const name = uses.split("@")[0] ?? "";
  if (name === "actions/checkout") return checkout(s);
  if (name === "actions/upload-artifact") return upload(s);
  const action = s.options.actions?.[name];
  if (action) return nodeAction(s, action);
  return done(false, `the simulation cannot run '${uses}': pass it in options.actions\n`);
}
