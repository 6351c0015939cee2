/**
 * The base of every error agent-flow reports to a user on purpose (a refusal, a bad input, a failed
 * precondition): it carries the exit code and an optional hint on what to do. The CLI and the action
 * each map it in one place; anything else that escapes is a bug and is shown as one.
 */
export class AgentFlowError extends Error {
  constructor(
    message: string,
    /** 1: the work failed; 2: refused before doing anything (bad input, a run that cannot start). */
    readonly exitCode: 1 | 2 = 1,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
