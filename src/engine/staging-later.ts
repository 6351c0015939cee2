import { dropStaging } from "./agent-staging.js";

/**
 * The staging folders of a parallel group's members (agent-staging.ts), removed once the group's result
 * is combined rather than as each member ends: their removal is a few synchronous calls per member
 * (several ms under load) on the engine's one thread, between the last agent's end and the step's, where
 * the other members' snapshots and the shared reading of the user's checkout wait for it. Left for a
 * moment later they run while the step's save waits for its writes (setImmediate(): once the current
 * turn of the event loop, which begins that save, is over).
 *
 * A kill in between leaves a folder in the run folder's `.work`, as a kill during an agent does: a member
 * run again (its step is not saved yet) starts from freshStaging(), which removes what is there; a step
 * that was saved is not run again, and its leftover folder changes nothing (no reader looks at `.work`
 * but the attempt that made it).
 */
const held: string[] = [];

/** Removes `dir` now, or, for a member of a group, once dropHeldStagings() is called. */
export function dropStagingOf(dir: string, inGroup: boolean): void {
  if (inGroup) held.push(dir);
  else dropStaging(dir);
}

/** Removes the held folders a moment later (see above). */
export function dropHeldStagings(): void {
  if (held.length === 0) return;
  const dirs = held.splice(0);
  setImmediate(() => {
    for (const d of dirs) dropStaging(d);
  });
}
