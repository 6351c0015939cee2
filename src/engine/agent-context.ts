import type { AgentSpec, Flow } from "../flow/schema.js";
import { acquireLock, type LockHandle } from "../lib/locks/index.js";
import type { Git } from "./git.js";
import type { EngineEvent } from "./reporter.js";
import type { RunWorkspace } from "./workspace.js";

/** What running an agent (agent-run.ts) or a check needs from the engine that drives the run. */
export interface RunContext {
  root: string;
  git: Git;
  flow: Flow;
  runId: string;
  feature: string;
  baseBranch: string;
  workspace: RunWorkspace;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Persist and report; called after every state change. */
  changed(event: EngineEvent): Promise<void>;
  /**
   * Resolves once every change reported so far is written, and rejects when a write of the run's view
   * failed. An agent starts only after it: the run's folder then shows every step that ended before it.
   */
  settled?(): Promise<void>;
  /** Base and cap of retry back-off, shortened by tests. */
  retryDelayMs: { min: number; max: number };
  /**
   * How agents' `locks:` are honoured: `files` (the default) takes the lock files here; `groups` takes
   * none, because the caller already holds them another way (on GitHub, the leg's job concurrency group).
   */
  locks?: "files" | "groups";
}

export const refFor = (runId: string, key: string, agent?: string): string =>
  `refs/agent-flow/${runId}/steps/${key.replace("#", ".")}/${agent ? `agents/${agent}` : "result"}`;

/** Takes the agent's `locks:` (in order; all or none), held across its attempts. */
export async function holdLocks(ctx: RunContext, agent: AgentSpec): Promise<LockHandle[]> {
  const held: LockHandle[] = [];
  if (ctx.locks === "groups") return held;
  const ms = ctx.flow.defaults.lock_timeout * 1000;
  try {
    for (const resource of agent.locks) {
      // Held across all attempts and back-off: the lock's heartbeat (src/run/locks.ts) keeps it ours.
      held.push(
        await acquireLock(
          ctx.root,
          resource,
          { run_id: ctx.runId, agent: agent.name },
          { timeoutMs: ms, signal: ctx.signal },
        ),
      );
    }
    return held;
  } catch (err) {
    for (const h of held) await h.release();
    throw err;
  }
}
