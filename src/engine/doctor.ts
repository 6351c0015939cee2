import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { Flow } from "../flow/schema.js";
import {
  CONTAINMENT_SETTING,
  containment,
  describeContainment,
  pidNamespaceAvailable,
} from "./containment.js";
import { type AgentNeeds, agentNeeds, describeNeeds, needProblems } from "./preflight.js";

/**
 * `agent-flow doctor`: what the flow in hand needs from this machine, and whether the machine has it.
 * Facts only; the CLI prints them. Secrets are reported as set or not, never by value.
 */

export interface SecretFact {
  name: string;
  set: boolean;
  /** `all`: the agent declares it; `one-of`: its preset's CLI needs one of these. */
  rule: "all" | "one-of";
}

export interface AgentFact {
  agent: string;
  /** Whether the workflow (or a workflow its triggers start) runs it: only then does a gap fail doctor. */
  needed: boolean;
  preset: string | null;
  program: string | null;
  /** Where the program was found, or null. */
  path: string | null;
  /** First line of `<program> --version`, for preset CLIs only (a `run:` program is not run). */
  version: string | null;
  install: string | null;
  secrets: SecretFact[];
  /** What it would run, with any secret's value masked. */
  command: string[];
  /** Whether the prompt file is fed to it on stdin. */
  prompt_on_stdin: boolean;
  problems: string[];
}

export interface SandboxFacts {
  platform: string;
  /** The containment mode in force (see containment.ts), or the error an unmet setting gives. */
  containment: string;
  setting: string;
  pid_namespace: boolean;
  proc_readable: boolean;
  uid: number | null;
  git: { path: string | null; version: string | null };
  notes: string[];
}

export interface DoctorReport {
  flow: string;
  workflow: string;
  ok: boolean;
  agents: AgentFact[];
  sandbox: SandboxFacts;
  /** Everything that fails the check, each saying what to do. */
  problems: string[];
}

function which(program: string, pathVar: string | undefined, root: string): string | null {
  const candidates = program.includes("/")
    ? [isAbsolute(program) ? program : resolve(root, program)]
    : (pathVar ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, program));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

/** The first line a program prints for `--version`, or null; bounded in time, with a minimal environment. */
function versionOf(path: string, env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync(path, ["--version"], {
    encoding: "utf8",
    timeout: 15_000,
    env: { PATH: env.PATH, HOME: env.HOME, NO_COLOR: "1", CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error || r.status !== 0) return null;
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.trim() !== "");
  return line ? line.trim().slice(0, 120) : null;
}

/** `argv` with the value of every set secret (4 characters or more) replaced by `***`. */
export function maskSecrets(argv: string[], names: string[], env: NodeJS.ProcessEnv): string[] {
  const values = names.map((n) => env[n]).filter((v): v is string => typeof v === "string" && v.length >= 4);
  return argv.map((a) => values.reduce((acc, v) => acc.split(v).join("***"), a));
}

function agentFact(
  flow: Flow,
  needs: AgentNeeds,
  needed: boolean,
  env: NodeJS.ProcessEnv,
  root: string,
): AgentFact {
  const path = needs.program ? which(needs.program, env.PATH, root) : null;
  const secrets: SecretFact[] = [
    ...needs.secrets.map((name) => ({ name, set: Boolean(env[name]), rule: "all" as const })),
    ...needs.anyOf.map((name) => ({ name, set: Boolean(env[name]), rule: "one-of" as const })),
  ];
  return {
    agent: needs.agent,
    needed,
    preset: needs.preset,
    program: needs.program,
    path,
    version: path && needs.preset ? versionOf(path, env) : null,
    install: needs.install,
    secrets,
    prompt_on_stdin: needs.promptOnStdin,
    command: maskSecrets(
      needs.command,
      secrets.map((s) => s.name),
      env,
    ),
    problems: describeNeeds(flow.file, needProblems(flow, [needs.agent], env, root)),
  };
}

function sandboxFacts(env: NodeJS.ProcessEnv, root: string): { facts: SandboxFacts; problems: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  let mode: string;
  try {
    mode = containment();
  } catch (err) {
    mode = "unavailable";
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const pidNs = process.platform === "linux" && pidNamespaceAvailable();
  const proc = existsSync("/proc/self/stat");
  const gitPath = which("git", env.PATH, root);
  const gitVersion = gitPath ? versionOf(gitPath, env) : null;
  if (!gitPath) problems.push("git is not on PATH; install git (the engine runs every step through it)");
  if (mode !== "unavailable") notes.push(describeContainment().text);
  if (mode === "process-tree") {
    if (!proc && process.platform === "linux")
      problems.push("/proc cannot be read; the process-tree containment needs it (mount /proc)");
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : null;
  if (uid === 0)
    notes.push(
      "agent-flow runs as root, and so do its agents: an agent can reach the service manager or other namespaces; run agents as an unprivileged user or in an OS sandbox",
    );
  notes.push(
    "agents run as this user: without an OS sandbox, writes to your checkout, branches or config are detected (the run fails, nothing is pushed), not prevented",
  );
  return {
    facts: {
      platform: process.platform,
      containment: mode,
      setting: env[CONTAINMENT_SETTING] || "auto",
      pid_namespace: pidNs,
      proc_readable: proc,
      uid,
      git: { path: gitPath, version: gitVersion },
      notes,
    },
    problems,
  };
}

/** The report for `flow`: all its agents, those of `planned` counted as needed. */
export function doctorReport(
  flow: Flow,
  workflow: string,
  planned: string[],
  env: NodeJS.ProcessEnv,
  root: string,
): DoctorReport {
  const agents = Object.values(flow.agents).map((a) =>
    agentFact(flow, agentNeeds(a), planned.includes(a.name), env, root),
  );
  const sandbox = sandboxFacts(env, root);
  const needed = needProblems(flow, planned, env, root);
  const problems = [...describeNeeds(flow.file, needed), ...sandbox.problems];
  return { flow: flow.file, workflow, ok: problems.length === 0, agents, sandbox: sandbox.facts, problems };
}
