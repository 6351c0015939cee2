import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./store.js";

/** The file in the run folder that records what the commit step made (documented in the README). */
export const BRANCH_RECORD_FILE = "branch_info.json";

/**
 * `branch_info.json`: the branch the commit step made, where it pushed it, and the pull request. Written
 * by publish, read back by publish (the lease for its next push) and by rollback (which branch and remote
 * to clean up). It is a file in the run folder, which agents can write: a reader gets only well-formed
 * fields (anything else reads as null), and rollback still lets git decide what is the run's.
 */
export interface BranchRecord {
  run_id: string;
  branch: string;
  base_branch: string;
  base_sha: string;
  head_sha: string;
  /** The remote's name, null when there was none to push to. */
  remote: string | null;
  /** Its URL without userinfo: a token in the URL must not reach this file. */
  remote_url: string | null;
  /** What this run last pushed, and what it was about to push: the lease for the next push. */
  pushed_sha: string | null;
  pushing_sha: string | null;
  pushed_at: string | null;
  pr_number: number | null;
  pr_url: string | null;
}

/** A record as read back: every field may be missing or malformed, so each is checked on its own. */
export type StoredBranchRecord = { [K in keyof BranchRecord]: BranchRecord[K] | null };

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const sha = (v: unknown): string | null => (typeof v === "string" && SHA.test(v) ? v : null);

/** Checks each field of a parsed `branch_info.json`; a field of the wrong shape reads as null. */
export function parseBranchRecord(value: unknown): StoredBranchRecord {
  const o = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const n = o.pr_number;
  return {
    run_id: text(o.run_id),
    branch: text(o.branch),
    base_branch: typeof o.base_branch === "string" ? o.base_branch : null,
    base_sha: sha(o.base_sha),
    head_sha: sha(o.head_sha),
    remote: text(o.remote),
    remote_url: text(o.remote_url),
    pushed_sha: sha(o.pushed_sha),
    pushing_sha: sha(o.pushing_sha),
    pushed_at: text(o.pushed_at),
    pr_number: typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : null,
    pr_url: text(o.pr_url),
  };
}

/** The run folder's record, or undefined when there is none or it is not JSON (not a crash: agents can write it). */
export async function readBranchRecord(dir: string): Promise<StoredBranchRecord | undefined> {
  const text = await readFile(join(dir, BRANCH_RECORD_FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parseBranchRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function writeBranchRecord(dir: string, record: BranchRecord): Promise<void> {
  return writeFileAtomic(join(dir, BRANCH_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
