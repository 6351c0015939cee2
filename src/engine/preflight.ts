import type { Plan } from "../flow/plan.js";
import type { AgentSpec, Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { startProblem } from "./containment.js";
import { isGitHubCredential } from "./environment.js";
import { presetFacts } from "./preset-facts.js";

/**
 * What an agent needs from the machine before it can start: its program on PATH and its secrets in the
 * engine's environment. `run` refuses a run that lacks any of them before writing anything, and
 * `doctor` shows them all; both read this module, so they agree.
 */

/** Words a shell runs itself: a `run:` string starting with one names no program to look for. */
const SHELL_WORDS = new Set(
  (
    ". : [ [[ ! { ( alias bg break case cd command continue echo eval exec exit export false fg for " +
    "function getopts hash if jobs kill printf pwd read readonly return select set shift source test " +
    "time times trap true type ulimit umask unalias unset until wait while"
  ).split(" "),
);

export interface AgentNeeds {
  agent: string;
  preset: string | null;
  /** The program looked up on PATH (relative paths from the repository root); null when it cannot be told. */
  program: string | null;
  /** Secrets that must all be set: those the agent declares. */
  secrets: string[];
  /** Secrets of which one must be set: its preset's (an API key or a login token). */
  anyOf: string[];
  /** How to install the program, for a preset. */
  install: string | null;
  /** What it runs, with `<prompt file>` for the prompt's path. */
  command: string[];
  /** Whether the prompt file is fed to it on stdin. */
  promptOnStdin: boolean;
}

/** The program a `run:` command starts: argv[0], or the first word of a shell command when it is one. */
export function runProgram(run: string | string[]): string | null {
  if (Array.isArray(run)) return run[0] ?? null;
  const word = /^\s*([A-Za-z0-9_./+@-]+)(?=\s|$)/.exec(run)?.[1];
  if (!word || SHELL_WORDS.has(word)) return null;
  return word;
}

export function agentNeeds(agent: AgentSpec): AgentNeeds {
  const secrets = agent.secrets.filter((s) => !isGitHubCredential(s));
  if (agent.run !== undefined) {
    return {
      agent: agent.name,
      preset: null,
      program: runProgram(agent.run),
      secrets,
      anyOf: [],
      install: null,
      command: typeof agent.run === "string" ? ["sh", "-c", agent.run] : agent.run,
      promptOnStdin: false,
    };
  }
  const facts = agent.preset ? presetFacts(agent.preset) : undefined;
  return {
    agent: agent.name,
    preset: agent.preset ?? null,
    program: facts?.program ?? null,
    secrets,
    anyOf: facts ? [...facts.secrets] : [],
    install: facts?.install ?? null,
    command: facts ? facts.argv("<prompt file>", agent) : [],
    promptOnStdin: facts?.promptOnStdin ?? false,
  };
}

/** The agents a run of `plan` can start: its workflow's and those of the workflows its triggers start. */
export function plannedAgents(plan: Plan): string[] {
  const names = [plan, ...plan.triggered].flatMap((w) =>
    w.stages.flatMap((s) => s.agents.map((a) => a.agent)),
  );
  return [...new Set(names)].sort();
}

export interface NeedProblem {
  agent: string;
  what: "program" | "secret";
  /** The flow key to fix, e.g. `agents.dev.run`. */
  at: string;
  /** What is missing, the same words for every agent it concerns. */
  missing: string;
  fix: string;
  /** Said on its own line, not merged with other agents' (its words name the agent already). */
  alone?: boolean;
}

/**
 * startProblem() of each program once per PATH and folder in this process: a run checks its agents
 * before it writes anything and again under its lock, and ten agents whose commands start with `date`
 * looked it up in every PATH folder twenty times (a sync access() each, about 10 ms of the run's start).
 */
const looked = new Map<string, string | null>();
function programProblem(program: string, pathVar: string | undefined, root: string): string | null {
  const key = `${program}\0${pathVar ?? ""}\0${root}`;
  let problem = looked.get(key);
  if (problem === undefined) {
    problem = startProblem(program, pathVar, root);
    // Only a program found is remembered: one installed while the process runs (doctor, then run) is seen.
    if (problem === null) looked.set(key, problem);
  }
  return problem;
}

/** What is missing for each of `agents`, each with what to do. */
export function needProblems(
  flow: Flow,
  agents: string[],
  env: NodeJS.ProcessEnv,
  root: string,
): NeedProblem[] {
  const out: NeedProblem[] = [];
  for (const name of agents) {
    const agent = flow.agents[name];
    if (!agent) continue;
    const needs = agentNeeds(agent);
    const key = `agents.${name}.${agent.run !== undefined ? "run" : "preset"}`;
    const missing = needs.program ? programProblem(needs.program, env.PATH, root) : null;
    if (missing) {
      const fix = needs.install
        ? `install it (${needs.install}) or put '${needs.program}' on PATH`
        : needs.program?.includes("/")
          ? "commit the program at that path, or fix the path"
          : `install it, or put '${needs.program}' on PATH`;
      out.push({ agent: name, what: "program", at: key, missing: missing, fix });
    }
    agent.secrets.forEach((secret, i) => {
      if (needs.secrets.includes(secret) && !env[secret])
        out.push({
          agent: name,
          what: "secret",
          at: `agents.${name}.secrets[${i}]`,
          missing: `agent '${name}' needs ${secret}, which is not set in the environment agent-flow runs in`,
          fix: "set it (on GitHub: a repository secret), or remove it from the agent's secrets",
          alone: true,
        });
    });
    if (needs.anyOf.length > 0 && !needs.anyOf.some((s) => env[s]))
      out.push({
        agent: name,
        what: "secret",
        at: key,
        missing: `the ${needs.preset} CLI needs one of ${needs.anyOf.join(", ")}, and none is set`,
        fix: "set one of them in the environment agent-flow runs in (on GitHub: a repository secret)",
      });
  }
  return out;
}

/** One line per missing thing, naming every agent that needs it: `file: key: missing, for agents a, b; fix`. */
export function describeNeeds(file: string, problems: NeedProblem[]): string[] {
  const groups = new Map<string, NeedProblem[]>();
  for (const [i, p] of problems.entries()) {
    const k = p.alone ? String(i) : `${p.missing}\0${p.fix}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()].map((ps) => {
    const first = ps[0] as NeedProblem;
    const names = ps.map((p) => `'${p.agent}'`).join(", ");
    if (first.alone) return `${file}: ${first.at}: ${first.missing}; ${first.fix}`;
    return `${file}: ${first.at}: ${first.missing} (needed by agent${ps.length === 1 ? "" : "s"} ${names}); ${first.fix}`;
  });
}

/** Raised before a run is written when an agent it can start lacks its program or a secret. */
export class PrerequisitesMissing extends AgentFlowError {
  constructor(file: string, problems: NeedProblem[]) {
    super(
      describeNeeds(file, problems).join("\n"),
      2,
      "nothing ran and nothing was written; 'agent-flow doctor' shows what each agent needs",
    );
  }
}

/** Throws PrerequisitesMissing when an agent `plan` can start lacks its program or a secret. */
export function refuseMissingNeeds(flow: Flow, plan: Plan, env: NodeJS.ProcessEnv, root: string): void {
  const problems = needProblems(flow, plannedAgents(plan), env, root);
  if (problems.length > 0) throw new PrerequisitesMissing(flow.file, problems);
}
