/**
 * Where the GitHub engine keeps what one job hands to the next (docs/github-engine.md). Core code
 * reads and writes packages, plain folders; the action's driver moves them with `@actions/cache`, and
 * nothing below `src/action/` imports it.
 */
export interface PackageStore {
  /** Saves `dir` under `key`. Keys are immutable: saving an existing key is an error. */
  save(key: string, dir: string): Promise<void>;
  /**
   * Restores into `dir` the entry for `key`, else the newest whose key starts with one of `prefixes`;
   * returns the key restored, or null when nothing matched.
   */
  restore(key: string, prefixes: string[], dir: string): Promise<string | null>;
}

const pad = (seq: number): string => String(seq).padStart(4, "0");

/** Cache keys. Run ids are validated (run-id.ts), so a key never carries untrusted text. */
export const packageKeys = {
  statePrefix: (runId: string): string => `agent-flow-${runId}-state-`,
  state: (runId: string, seq: number): string => `agent-flow-${runId}-state-${pad(seq)}`,
  leg: (runId: string, seq: number, index: number, nonce: string): string =>
    `agent-flow-${runId}-leg-${pad(seq)}-${index}-${nonce}`,
  runPrefix: (runId: string): string => `agent-flow-${runId}-`,
};
