import type { Leg } from "../engine/jobs/outputs.js";
import { parseResumeState, RESUME_STATE_RULE, type StateAnchor } from "../engine/jobs/resume-state.js";
import { DEFAULT_FLOW_FILE } from "../flow/load.js";
import { AgentFlowError } from "../lib/errors.js";
import { runIdProblem } from "../run/run-id.js";
import { getInput } from "./runner-commands.js";

export const COMMANDS = [
  "validate",
  "plan",
  "run",
  "advance",
  "commit",
  "status",
  "cleanup",
  "issue-gate",
  "issue-report",
] as const;
export type ActionCommand = (typeof COMMANDS)[number];

/** Every input of action.yml, checked (docs/github-engine.md, "Inputs"). Empty means "not given". */
export interface ActionSettings {
  command: ActionCommand;
  flow: string;
  /** Empty: the flow's defaults.workflow. */
  workflow: string;
  /** Empty: a new run id is assigned (plan only). */
  runId: string;
  /** plan, status: the saved state to go on from, as printed by the job that saved it. */
  resumeState: StateAnchor | null;
  feature: string;
  /** Untrusted text: it reaches the agents only as the request file. */
  request: string;
  baseBranch: string;
  issue: number | null;
  /** This job's slot (1-based), for advance. */
  slot: number;
  /** The workflow's slot count. */
  slots: number;
  /** The matrix entry of a `run` leg. */
  leg: Leg | null;
  /** The state package's digest from the job that saved it, and its transition number. */
  stateDigest: string;
  seq: number | null;
  githubToken: string;
  retention: number;
  dryRun: boolean;
  /** issue-gate: the label that starts a run (empty: any). */
  label: string;
  /** issue-report: the gate's comment, the run's outcome and its pull request. */
  commentId: string;
  outcome: string;
  prUrl: string;
}

export class InputError extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

const fail = (name: string, value: string, rule: string): never => {
  const shown = value.length > 60 ? `${value.slice(0, 60)}...` : value;
  throw new InputError(`input '${name}' is '${shown}'; ${rule}`);
};

function whole(name: string, value: string, min: number, max: number, fallback: number): number {
  if (value === "") return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max)
    fail(name, value, `expected a whole number from ${min} to ${max}`);
  return Number(value);
}

function parseLeg(text: string): Leg {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, shown to the user
    return fail("leg", text, "expected the matrix entry as JSON (with: leg: ${{ toJSON(matrix.leg) }})");
  }
  const l = v as Partial<Leg> | null;
  const ok =
    l !== null &&
    typeof l === "object" &&
    Number.isInteger(l.seq) &&
    typeof l.step === "string" &&
    (l.kind === "agent" || l.kind === "check") &&
    Number.isInteger(l.index) &&
    (l.agent === null || typeof l.agent === "string") &&
    typeof l.lock === "string" &&
    Array.isArray(l.secrets) &&
    typeof l.nonce === "string" &&
    /^[0-9a-f]{16}$/.test(l.nonce) &&
    typeof l.name === "string";
  if (!ok) fail("leg", text, "expected one element of the 'matrix' output of plan or advance");
  return l as Leg;
}

/** What each command needs besides `command` and `flow`. */
const NEEDS: Record<ActionCommand, string[]> = {
  validate: [],
  plan: [],
  run: ["run-id", "leg", "state-digest"],
  advance: ["run-id", "state-digest", "seq", "slot"],
  commit: ["run-id", "state-digest", "seq"],
  status: ["run-id", "resume-state"],
  cleanup: ["github-token"],
  "issue-gate": ["github-token"],
  "issue-report": ["github-token", "issue"],
};

/** Reads and checks every input in one place. */
export function readInputs(get: (name: string) => string = getInput): ActionSettings {
  const input = (name: string): string => get(name).trim();
  const command = input("command") || "plan";
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new InputError(`input 'command' is '${command}'; expected one of: ${COMMANDS.join(", ")}`);
  for (const name of NEEDS[command as ActionCommand])
    if (input(name) === "") throw new InputError(`input '${name}' is required for command '${command}'`);
  const runId = input("run-id");
  const problem = runId ? runIdProblem(runId) : null;
  if (problem) throw new InputError(`input 'run-id': ${problem}`);
  const digest = input("state-digest");
  if (digest && !/^[0-9a-f]{64}$/.test(digest))
    fail("state-digest", digest, "expected the sha256 (64 hex characters) from the job that saved the state");
  const resume = input("resume-state");
  const resumeState = resume ? parseResumeState(resume) : null;
  if (resume && !resumeState) fail("resume-state", resume, RESUME_STATE_RULE);
  if (resume && !runId) throw new InputError("input 'resume-state' needs 'run-id', the run it belongs to");
  const issue = input("issue");
  if (issue && !/^[1-9]\d{0,9}$/.test(issue)) fail("issue", issue, "expected an issue number");
  const dryRun = input("dry-run") || "false";
  if (dryRun !== "true" && dryRun !== "false") fail("dry-run", dryRun, "expected true or false");
  const seq = input("seq");
  return {
    command: command as ActionCommand,
    flow: input("flow") || DEFAULT_FLOW_FILE,
    workflow: input("workflow"),
    runId,
    resumeState,
    feature: input("feature"),
    // Not trimmed inside: the text is the user's.
    request: get("request"),
    baseBranch: input("base-branch"),
    issue: issue ? Number(issue) : null,
    slot: whole("slot", input("slot"), 1, 1000, 1),
    slots: whole("slots", input("slots"), 1, 1000, 24),
    leg: input("leg") ? parseLeg(input("leg")) : null,
    stateDigest: digest,
    seq: seq === "" ? null : whole("seq", seq, 0, 100_000, 0),
    githubToken: input("github-token"),
    retention: whole("retention", input("retention"), 1, 400, 30),
    dryRun: dryRun === "true",
    label: input("label"),
    commentId: input("comment-id"),
    outcome: input("outcome"),
    prUrl: input("pr-url"),
  };
}
