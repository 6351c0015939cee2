import { createHash } from "node:crypto";
import type { Flow } from "../flow/schema.js";
import { AgentFlowError } from "../lib/errors.js";
import { checkChangedPaths } from "../run/scope-check.js";
import type { Git } from "./git.js";
import { commitParentsAndBody, rawDiff, readBlobIfAny } from "./git-objects.js";
import { writeBlob } from "./loose-object.js";
import { MACHINE_SCHEMA, type MachineState, stepKey } from "./machine-types.js";

/**
 * What the engine relies on to go on with a run, kept out of reach of the files agents can write: the
 * state machine's state plus the run's inputs, as a blob the engine wrote into the repository's object
 * store, named by `refs/agent-flow/<RUN_ID>/state`. `pipeline_status.json` is only a view of it. A resume
 * reads this, never the status file, and re-verifies it against git (see verifyRunState).
 */
export const RUN_STATE_SCHEMA = "agent-flow/run-state@1";

export interface RunState {
  schema: typeof RUN_STATE_SCHEMA;
  run_id: string;
  feature: string;
  workflow: string;
  base_branch: string;
  base_sha: string;
  /** The request text as given when the run was created. */
  request: string;
  issue: number | null;
  /** sha256 of the flow file's text at the start: a resume refuses a changed flow. */
  flow_sha256: string;
  /** Stamps of trigger files the engine wrote or acted on, so that a file dropped by hand is told apart. */
  trigger_stamps: Record<string, string>;
  machine: MachineState;
}

export const stateRef = (runId: string): string => `refs/agent-flow/${runId}/state`;
export const flowHash = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A saved state that is missing, changed or tampered with: the run cannot be resumed. */
export class RunStateError extends AgentFlowError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Writes the state as a blob and moves its ref, together with `refs` in one transaction. */
export async function saveRunState(
  git: Git,
  state: RunState,
  refs: readonly (readonly [ref: string, sha: string])[] = [],
): Promise<void> {
  const blob = await writeBlob(git, `${JSON.stringify(state)}\n`);
  await git.updateRefs([...refs, [stateRef(state.run_id), blob]]);
}

export async function loadRunState(git: Git, runId: string): Promise<RunState> {
  const text = await readBlobIfAny(git, stateRef(runId));
  if (text === undefined)
    throw new RunStateError(
      `run ${runId} has no engine state (${stateRef(runId)} is missing); it cannot be resumed: start a new run`,
    );
  let state: RunState;
  try {
    state = JSON.parse(text) as RunState;
  } catch {
    throw new RunStateError(`${stateRef(runId)} does not hold valid JSON; the run cannot be resumed`);
  }
  if (state.schema !== RUN_STATE_SCHEMA || state.machine?.schema !== MACHINE_SCHEMA || state.run_id !== runId)
    throw new RunStateError(`${stateRef(runId)} is not the state of run ${runId}; the run cannot be resumed`);
  return state;
}

/**
 * Re-verifies a saved state before a resume trusts it: every accepted agent commit must be the engine's
 * (its parent the step's base, its trailers naming this run), change only paths the pinned flow lets
 * that agent write, and the steps must chain from the run's base to its head.
 */
export async function verifyRunState(git: Git, flow: Flow, flowText: string, state: RunState): Promise<void> {
  if (flowHash(flowText) !== state.flow_sha256)
    throw new RunStateError(
      `${flow.file} changed since run ${state.run_id} started; a run keeps the flow it started with. Restore the flow file (its sha256 was ${state.flow_sha256.slice(0, 12)}) or start a new run`,
    );
  let head = state.base_sha;
  // "<new mode> <new id>\0<path>" per changed path, from `--raw -z` records (":<old mode> <new mode> <old id> <new id> <status>\0<path>\0").
  const raw = async (from: string, to: string): Promise<string[]> =>
    (await rawDiff(git, from, to)).map((r) => `${r.mode} ${r.oid}\0${r.path}`);
  const tampered = (what: string): RunStateError =>
    new RunStateError(`${what}; the run's state was tampered with and cannot be resumed`);
  for (const done of state.machine.done) {
    const key = stepKey(done.step);
    const expected = new Set<string>();
    for (const a of done.agents ?? []) {
      if (!a.commit) continue;
      const info = await commitParentsAndBody(git, a.commit);
      if (!info || info.parents !== head || !info.body.includes(`Run-Id: ${state.run_id}`))
        throw tampered(
          `${key}: ${a.agent}'s commit ${a.commit.slice(0, 12)} is not this run's commit on ${head.slice(0, 12)}`,
        );
      const records = await raw(head, a.commit);
      const changed = records.map((r) => r.slice(r.indexOf("\0") + 1));
      const spec = flow.agents[a.agent];
      const bad = spec
        ? checkChangedPaths(changed, spec.writes, flow.policy)
        : changed.map((path) => ({ path }));
      if (bad.length > 0)
        throw tampered(
          `${key}: ${a.agent}'s accepted commit changes ${JSON.stringify(bad[0]?.path)}, outside what the flow lets it write`,
        );
      for (const r of records) expected.add(r);
    }
    if (!done.ok || done.head === head) {
      if (done.ok && expected.size > 0)
        throw tampered(`${key}: the step's result leaves out its agents' changes`);
      continue;
    }
    // The step's result must be exactly its agents' changes on its base, nothing more.
    const got = await raw(head, done.head);
    if (got.length !== expected.size || got.some((r) => !expected.has(r)))
      throw tampered(
        `${key}: the step's result ${done.head.slice(0, 12)} is not the combination of its agents' commits`,
      );
    head = done.head;
  }
  if (head !== state.machine.head)
    throw new RunStateError(
      `the run's head ${state.machine.head.slice(0, 12)} does not follow from its accepted steps; the state cannot be resumed`,
    );
}
