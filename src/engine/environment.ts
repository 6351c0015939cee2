/**
 * The environment of every process the engine starts for a run (agents and `check` commands). It is
 * built from an allowlist, never from the engine's whole environment: an agent is an LLM CLI reading
 * text strangers wrote, so whatever it can see it can publish (`env > src/x`). GitHub credentials
 * never reach it, whatever the flow says.
 */
import { randomUUID } from "node:crypto";
import type { Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { endProcessesOfRun, PROCESS_MARK } from "./containment.js";

/**
 * Passed through from the engine's environment when set. Each is needed for ordinary programs to work
 * and carries no credential by convention (see the README's "Environment of agents and checks").
 */
const ALLOWED = new Set([
  "PATH", // find programs
  "HOME", // where CLIs keep their login and config (e.g. ~/.claude), git its global config
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  "TERM",
  "COLORTERM",
  "NO_COLOR",
  "CI", // tools quieten prompts and spinners under CI
  "XDG_CONFIG_HOME",
  "XDG_CACHE_HOME",
  "XDG_DATA_HOME",
  "XDG_STATE_HOME",
  "XDG_RUNTIME_DIR",
  // Networks that reach the model's API only through a proxy or a private CA.
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
]);
const ALLOWED_PREFIXES = ["LC_"];

/** Names that hold GitHub credentials: refused in `secrets:` and `env:`, never passed on. */
const GITHUB_NAMES = new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "AGENT_FLOW_GITHUB_TOKEN",
]);
/** ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, ...; INPUT_* are the action's inputs (its token). */
const GITHUB_PREFIXES = ["ACTIONS_", "INPUT_"];

export function isGitHubCredential(name: string): boolean {
  const upper = name.toUpperCase();
  return GITHUB_NAMES.has(upper) || GITHUB_PREFIXES.some((p) => upper.startsWith(p));
}

/**
 * Whose value must not appear inside another variable. Not every refused name holds a secret: service
 * addresses (ACTIONS_RESULTS_URL, which a proxy variable may well name) and the action's plain inputs
 * (INPUT_RUN-ID, which RUN_ID repeats) do not; the tokens among them do.
 */
function holdsToken(name: string): boolean {
  const upper = name.toUpperCase();
  if (GITHUB_NAMES.has(upper)) return true;
  if (upper.startsWith("INPUT_")) return upper.includes("TOKEN");
  return upper.startsWith("ACTIONS_") && !upper.endsWith("_URL");
}

function allowed(name: string): boolean {
  return ALLOWED.has(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p));
}

/** Refused before any agent starts; the message names the agent or step and the flow key. */
export class EnvironmentRefused extends AgentFlowError {
  constructor(problems: string[]) {
    super(problems.join("\n"), 2, "nothing ran; fix the flow or the environment, then run again");
  }
}

const credentialRule =
  "GitHub credentials never reach an agent or a check (only the engine's commit step uses them); remove it";

/**
 * What makes the run unsafe to start: GitHub credentials named in any agent's `secrets:` or `env:` or
 * any check's `env:`. (What is missing, a CLI or a secret, is preflight.ts's one check.)
 */
export function environmentProblems(flow: Flow): string[] {
  const problems: string[] = [];
  for (const agent of Object.values(flow.agents)) {
    agent.secrets.forEach((name, i) => {
      if (isGitHubCredential(name))
        problems.push(
          `${flow.file}: agents.${agent.name}.secrets[${i}]: agent '${agent.name}' declares ${name}; ${credentialRule}`,
        );
    });
    for (const name of Object.keys(agent.env))
      if (isGitHubCredential(name))
        problems.push(
          `${flow.file}: agents.${agent.name}.env.${name}: agent '${agent.name}' sets ${name}; ${credentialRule}`,
        );
  }
  for (const wf of Object.values(flow.workflows))
    for (const step of wf.steps) {
      if (step.kind !== "check") continue;
      for (const name of Object.keys(step.env))
        if (isGitHubCredential(name))
          problems.push(
            `${flow.file}: workflows.${wf.name}.steps[${step.index}].check.env.${name}: check '${step.id}' sets ${name}; ${credentialRule}`,
          );
    }
  return problems;
}

/** Throws EnvironmentRefused when environmentProblems finds anything. */
export function refuseUnsafeEnvironment(flow: Flow): void {
  const problems = environmentProblems(flow);
  if (problems.length > 0) throw new EnvironmentRefused(problems);
}

export interface ProcessEnvironmentInput {
  runId: string;
  /** The contract and the flow's `env:` (already merged, the contract winning). */
  vars: Record<string, string>;
  /** Names the agent declared in `secrets:`, copied from the engine's environment. Checks get none. */
  secrets?: string[];
}

/**
 * The one builder of agent and check environments: the allowlist from the engine's environment, then
 * `vars`, then the declared secrets, then a fresh process marker. Throws (a bug or a bypassed start
 * check) rather than pass on a GitHub credential by name or by value.
 */
export function processEnvironment(
  engine: NodeJS.ProcessEnv,
  input: ProcessEnvironmentInput,
): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(engine))
    if (value !== undefined && allowed(name) && !isGitHubCredential(name)) env[name] = value;
  Object.assign(env, input.vars);
  for (const name of input.secrets ?? []) {
    const value = engine[name];
    if (value) env[name] = value;
  }
  const credentialValues = Object.entries(engine)
    .filter(([name, value]) => holdsToken(name) && value !== undefined && value.length >= 8)
    .map(([, value]) => value as string);
  for (const [name, value] of Object.entries(env)) {
    if (isGitHubCredential(name)) throw new Error(`refusing to pass ${name} to a process: ${credentialRule}`);
    if (credentialValues.some((c) => value.includes(c)))
      throw new Error(`refusing to pass ${name} to a process: its value holds a GitHub credential`);
  }
  env[PROCESS_MARK] = `${input.runId}/${randomUUID()}`;
  return env;
}

/**
 * Before a run starts: refuse an unsafe environment, and for a resumed run end whatever
 * the dead engine left running for it (processes carrying the run's marker).
 */
export function prepareProcesses(flow: Flow, runId: string, resumed: boolean): void {
  refuseUnsafeEnvironment(flow);
  if (resumed) endProcessesOfRun(runId);
}
