import { getMaxListeners, setMaxListeners } from "node:events";
import type { Stage } from "../flow/plan.js";
import { inBatches } from "../lib/pool.js";
import { checkChangedPaths } from "../run/scope-check.js";
import type { AgentStatus, RunStatus } from "../run/status.js";
import { type RunContext, refFor, runAgent } from "./agent-run.js";
import type { RunBudget } from "./budget.js";
import { gitEnv } from "./git-env.js";
import { startShells } from "./git-shell.js";
import { nextGroupWidth, sparesFor } from "./group-spares.js";
import {
  type Action,
  type ActionResult,
  type AgentResult,
  type MachineState,
  recordAgent,
  stepKey,
} from "./machine.js";
import type { MachinePlan } from "./machine-plan.js";
import { holdRefills } from "./process-spare.js";
import type { RunRecorder } from "./run-recorder.js";
import { dropHeldStagings } from "./staging-later.js";
import { agentResult, combineStep } from "./step-results.js";

type RefUpdate = [ref: string, sha: string];

/** What running a step's agents needs from the local engine. */
export interface AgentGroupHost {
  ctx: RunContext;
  status: RunStatus;
  budget: RunBudget;
  recorder: RunRecorder;
  /** The machine's state as last saved. */
  machine(): MachineState;
  save(state: MachineState, refs: RefUpdate[]): Promise<void>;
  /** Refs a single call leaves to be saved with the step's result. */
  unsavedRefs: RefUpdate[];
  /** The run's plan: what the next step will need made ahead (group-spares.ts). */
  plan?: MachinePlan;
}

/**
 * Runs a step's agent calls, at most the stage's `max_parallel` at a time, and combines their commits.
 * Members that finished before a crash or a cancel of this same action keep their result; the members
 * of a group are saved one by one as they finish, so that a crash keeps each.
 */
export async function runAgentGroup(
  h: AgentGroupHost,
  action: Extract<Action, { kind: "agents" }>,
  stage: Stage,
  records: AgentStatus[],
): Promise<ActionResult> {
  try {
    return await runGroup(h, action, stage, records);
  } finally {
    dropHeldStagings(); // the members' staging folders, once their result is combined (staging-later.ts)
  }
}

async function runGroup(
  h: AgentGroupHost,
  action: Extract<Action, { kind: "agents" }>,
  stage: Stage,
  records: AgentStatus[],
): Promise<ActionResult> {
  const key = stepKey(action.step);
  const results: AgentResult[] = [...action.reuse];
  const pending = h.machine().pending?.agents ?? [];
  const todo = action.calls.filter((i) => {
    const kept = pending.find((p) => p.index === i && p.ok);
    if (kept) results.push(kept);
    return !kept;
  });
  // Each member listens for the run's cancel (its process, its retries): a wide group is no leak.
  const signal = h.ctx.signal;
  setMaxListeners(
    Math.max(getMaxListeners(signal), 10 + 4 * Math.min(todo.length, stage.max_parallel)),
    signal,
  );
  const saves: Promise<void>[] = [];
  let finished = 0;
  const save = memberSaver(h, () => finished === todo.length);
  const nextWidth = h.plan ? nextGroupWidth(h.plan, action.step) : 0;
  const onStarted =
    todo.length > 1 || nextWidth > 1
      ? helpersOnceStarted(Math.min(todo.length, stage.max_parallel), todo.length > 1, () => {
          // At least one, as each launch keeps one outside a group (process-spare.ts).
          sparesFor(Math.max(nextWidth, 1));
          compileMemberScopes(h, stage, todo);
        })
      : undefined;
  const members = (run: () => Promise<void>): Promise<void> => (todo.length > 1 ? holdRefills(run) : run());
  await members(() =>
    inBatches(todo, stage.max_parallel, async (i) => {
      const planned = stage.agents[i];
      const rec = records[i];
      if (!planned || !rec) throw new Error(`${key}: no agent #${i} in the plan`);
      rec.attempts = 0;
      await runAgent(h.ctx, key, { agent: planned.agent, with: planned.with }, action.base, rec, {
        inGroup: todo.length > 1,
        ...(onStarted ? { onStarted } : {}),
      });
      const noCost = h.budget.agentFinished(h.status, rec);
      if (noCost) await h.recorder.changed({ type: "message", level: "warning", text: noCost });
      const r = agentResult(i, planned, rec);
      results.push(r);
      finished += 1;
      const ref: RefUpdate[] = r.commit ? [[refFor(h.status.run_id, key, r.agent), r.commit]] : [];
      if (todo.length === 1) {
        // A single call is saved with the step's result, in one transaction.
        h.unsavedRefs.push(...ref);
        return;
      }
      // Not awaited here: the last member's save runs while the step's commits are combined.
      const saved = save(r, ref);
      saved.catch(() => undefined);
      saves.push(saved);
    }),
  );
  const combining = combineStep(
    h.ctx.workspace,
    h.status.run_id,
    action.step,
    action.base,
    results,
    h.budget.signal.aborted,
  );
  // A result is saved with the step's (its refs with it); a throw saves the members left unsaved first.
  const [, combined] = await Promise.all([
    Promise.all(saves),
    combining.then(
      async (c) => {
        await Promise.all(saves); // the last batch is left (or saved) once the saves before it are done
        h.unsavedRefs.push(...save.leftRefs());
        return c;
      },
      async (err: unknown) => {
        await save.flushLeft();
        throw err;
      },
    ),
  ]);
  return combined;
}

/** Helper shells kept at most for a group (git-shell.ts); a wider group's members share them. */
const GROUP_SHELLS = 16;

/** How long after the last of a group's agents started its helpers are started. */
const HELPERS_AFTER_MS = 200;

/**
 * Once the first `width` agents of a step have started: starts the helper shells their members' git
 * work will need when the agents end (one per member, plus one for the fingerprint's reading), so that
 * no shell is forked from the engine then, on the step's critical path, and the spares the next step's
 * agents will begin in (group-spares.ts), so that none is forked between that step's start and its
 * agents' start. A moment later, not at once: each is a fork of the engine, which would slow the agents'
 * own start (their wrappers, the namespace).
 */
function helpersOnceStarted(width: number, shells: boolean, more: () => void): () => void {
  let started = 0;
  return () => {
    started += 1;
    if (started !== width) return;
    const n = Math.min(width + 1, GROUP_SHELLS);
    setTimeout(() => {
      if (shells) startShells(n, () => gitEnv(undefined));
      more();
    }, HELPERS_AFTER_MS).unref();
  };
}

/**
 * Compiles, while the agents run, the write scopes their changes will be checked against (each glob's
 * matcher is compiled once and kept, see scope-parse.ts): done when they end, it is a few ms of the
 * engine's thread per member, one after another, between the last agent's end and the step's.
 */
function compileMemberScopes(h: AgentGroupHost, stage: Stage, todo: readonly number[]): void {
  try {
    for (const i of todo) {
      const agent = h.ctx.flow.agents[stage.agents[i]?.agent ?? ""];
      if (agent) checkChangedPaths([], agent.writes, h.ctx.flow.policy);
    }
  } catch {
    // only a head start: the member's own check reports a bad scope
  }
}

interface MemberSaver {
  (r: AgentResult, refs: RefUpdate[]): Promise<void>;
  /** The refs of the members left to the step's save (see memberSaver()). */
  leftRefs(): RefUpdate[];
  /** Saves the members left to the step's save, when there will be none with a result. */
  flushLeft(): Promise<void>;
}

/**
 * Saves the members of a group as they finish, so that a crash keeps each; members that finish while a
 * save is under way share the next one (one state and one ref transaction for all of them). Once every
 * member has finished (`allDone`), a batch not yet begun is left to the step's own save, which follows
 * the combine at once and records the same members: one ref transaction fewer between the last agent's
 * end and the step's, at the cost of running those members again after a crash in those few ms (the
 * run resumes as from the last save). A combine that throws saves them first (flushLeft()).
 */
function memberSaver(h: AgentGroupHost, allDone: () => boolean): MemberSaver {
  let waiting: { r: AgentResult; refs: RefUpdate[] }[] = [];
  let left: { r: AgentResult; refs: RefUpdate[] }[] = [];
  let queued: Promise<void> | null = null;
  let last: Promise<void> = Promise.resolve();
  const saveBatch = (batch: typeof waiting): Promise<void> => {
    const state = batch.reduce((m, x) => recordAgent(m, x.r), h.machine());
    return h.save(
      state,
      batch.flatMap((x) => x.refs),
    );
  };
  const save = (r: AgentResult, refs: RefUpdate[]): Promise<void> => {
    waiting.push({ r, refs });
    if (queued) return queued;
    const next = last
      .catch(() => undefined)
      .then(() => {
        queued = null;
        const batch = waiting;
        waiting = [];
        if (allDone()) {
          left.push(...batch);
          return;
        }
        return saveBatch(batch);
      });
    queued = next;
    last = next;
    return next;
  };
  return Object.assign(save, {
    leftRefs: (): RefUpdate[] => {
      const refs = left.flatMap((x) => x.refs);
      left = [];
      return refs;
    },
    flushLeft: async (): Promise<void> => {
      await last.catch(() => undefined);
      const batch = left;
      left = [];
      if (batch.length > 0) await saveBatch(batch);
    },
  });
}
