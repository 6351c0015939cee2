import * as core from "@actions/core";
import { DEFAULT_FLOW_FILE } from "../flow/load.js";
import { AgentFlowError } from "../lib/errors.js";
import { runIdProblem } from "../run/run-id.js";

export const COMMANDS = ["validate", "plan"] as const;
export type ActionCommand = (typeof COMMANDS)[number];

export interface ActionSettings {
  command: ActionCommand;
  flow: string;
  /** Empty: the flow's defaults.workflow. */
  workflow: string;
  /** Empty: a new run id is assigned. */
  runId: string;
}

export class InputError extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Reads and checks every input in one place; an empty input means "not given". */
export function readInputs(get: (name: string) => string = (n) => core.getInput(n)): ActionSettings {
  const command = get("command").trim() || "plan";
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new InputError(`input 'command' is '${command}'; expected one of: ${COMMANDS.join(", ")}`);
  }
  const runId = get("run-id").trim();
  const problem = runId ? runIdProblem(runId) : null;
  if (problem) throw new InputError(`input 'run-id': ${problem}`);
  return {
    command: command as ActionCommand,
    flow: get("flow").trim() || DEFAULT_FLOW_FILE,
    workflow: get("workflow").trim(),
    runId,
  };
}
