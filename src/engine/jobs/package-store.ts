/**
 * Where the GitHub engine keeps what one job hands to the next (docs/github-engine.md). Core code
 * reads and writes packages, plain folders; the action's driver moves them with `@actions/cache`, and
 * nothing below `src/action/` imports it.
 */
export interface PackageStore {
  /** Saves `dir` under `key`. Keys are immutable: saving an existing key is an error. */
  save(key: string, dir: string): Promise<void>;
  /**
   * Restores into `dir` the entry saved under exactly `key` (never one whose key only starts with it);
   * returns `key`, or null when there is none. Whoever holds the run's cache token can save entries, a
   * hostile leg included: a restore unpacks only regular files and folders, inside `dir`.
   */
  restore(key: string, dir: string): Promise<string | null>;
  /** Whether any entry's key starts with `prefix`. It only tells: nothing is restored or trusted. */
  exists(prefix: string): Promise<boolean>;
}

const pad = (seq: number): string => String(seq).padStart(4, "0");

/**
 * Cache keys. Run ids are validated (run-id.ts), so a key never carries untrusted text. A state key ends
 * in its package's sha256, which covers a fresh random nonce (job.json): no leg can know it before the
 * job that saves it hands it on, so none can plant the entry a later job restores.
 */
export const packageKeys = {
  statePrefix: (runId: string): string => `agent-flow-${runId}-state-`,
  state: (runId: string, seq: number, digest: string): string =>
    `agent-flow-${runId}-state-${pad(seq)}-${digest}`,
  leg: (runId: string, seq: number, index: number, nonce: string): string =>
    `agent-flow-${runId}-leg-${pad(seq)}-${index}-${nonce}`,
  runPrefix: (runId: string): string => `agent-flow-${runId}-`,
};
