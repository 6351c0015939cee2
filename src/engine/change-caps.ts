import { lstatSync, type Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { AgentFlowError } from "../lib/errors.js";

// The policy's caps on one attempt's changes, checked before git hashes anything an agent wrote (a
// 300 MB file must never reach the object store or the pool).

/** The per-attempt caps of the flow's policy (the same ones the commit step applies to the whole result). */
export interface ChangeCaps {
  max_changed_files: number;
  max_changed_bytes: number;
}

/** An agent's attempt changed more than the policy allows: nothing of it was hashed or kept. */
export class ChangeCapError extends AgentFlowError {
  constructor(message: string) {
    super(message);
    this.name = "ChangeCapError";
  }
}

/**
 * Refuses an attempt whose changed files exceed the policy's caps, from their sizes on disk (lstat, not
 * followed), before git hashes any of them into the object store.
 */
export async function checkCaps(dir: string, paths: string[], caps: ChangeCaps): Promise<void> {
  if (paths.length > caps.max_changed_files)
    throw new ChangeCapError(
      `the agent changed ${paths.length} files, more than policy.max_changed_files (${caps.max_changed_files}); none of its changes were kept`,
    );
  let total = 0;
  let largest = { path: "", size: -1 };
  // A few paths (an agent's usual change) are looked at directly: each async lstat is a round trip
  // through the thread pool, which a parallel group's members and their git work keep busy.
  const few = paths.length <= SYNC_PATHS;
  for (const p of paths) {
    const st = few ? lstatOrNull(join(dir, p)) : await lstat(join(dir, p)).catch(() => null);
    if (st === null || st.isDirectory()) continue;
    total += st.size;
    if (st.size > largest.size) largest = { path: p, size: st.size };
  }
  if (total > caps.max_changed_bytes)
    throw new ChangeCapError(
      `the agent's changed files add up to ${total} bytes, more than policy.max_changed_bytes (${caps.max_changed_bytes}); the largest is ${JSON.stringify(largest.path)} (${largest.size} bytes); none of its changes were kept`,
    );
}

/** Changed paths up to which checkCaps() reads sizes without the thread pool. */
const SYNC_PATHS = 32;

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Refuses an attempt that wrote a file whose name is not UTF-8: git keeps any bytes, but run records,
 * write scopes and pull requests speak UTF-8, and git's listing reaches the engine decoded (the bad bytes
 * as U+FFFD), so the name could not even be given back to git.
 */
export function checkPathNames(paths: readonly string[]): void {
  const bad = paths.find((p) => p.includes("\uFFFD"));
  if (bad !== undefined)
    throw new ChangeCapError(
      `the agent wrote a file whose name is not valid UTF-8 (${JSON.stringify(bad)}, each bad byte shown as \uFFFD); agent-flow records paths as UTF-8: the agent must rename it; none of its changes were kept`,
    );
}
