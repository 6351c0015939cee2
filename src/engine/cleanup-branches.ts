// The run branches cleanup may delete. The run's records (branch_info.json, the status) only name
// candidates; git decides: the tip carries the run's `Run-Id:` trailer, no worktree has it checked out,
// and its pull request was never opened or is known closed.

import { inBatches } from "../lib/pool.js";
import { readBranchRecord } from "../run/branch-record.js";
import { runDir } from "../run/store.js";
import { READ_WIDTH } from "./cleanup-files.js";
import type { Candidate } from "./cleanup-runs.js";
import type { CleanupOptions, CleanupReport, PullRecord } from "./cleanup-types.js";
import { branchTipsWithTrailer, checkedOutBranches, type RefValue } from "./git-ops.js";

interface Named {
  id: string;
  branch: string;
  pull: PullRecord;
}

/** The branches the runs' records name, with what they say about the pull request; records read in parallel. */
async function namedBranches(root: string, runs: Candidate[]): Promise<Named[]> {
  const byRun = new Map<string, Named[]>();
  await inBatches(
    runs.filter((r) => r.status !== null),
    READ_WIDTH,
    async ({ id, status }) => {
      const info = await readBranchRecord(runDir(root, id));
      const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
      const pull: PullRecord = {
        number: info?.pr_number ?? null,
        url: info?.pr_url ?? str(status?.pr_url),
        remote: info?.remote ?? null,
      };
      const names = new Set([info?.branch ?? null, str(status?.branch)]);
      byRun.set(
        id,
        [...names].filter((b): b is string => b !== null).map((branch) => ({ id, branch, pull })),
      );
    },
  );
  return runs.flatMap(({ id }) => byRun.get(id) ?? []);
}

/** The local run branches of `runs` that may go, each with the tip it may be deleted at. */
export async function runBranches(
  o: CleanupOptions,
  runs: Candidate[],
  report: CleanupReport,
): Promise<RefValue[]> {
  const named = await namedBranches(o.root, runs);
  if (named.length === 0) return [];
  const tips = await branchTipsWithTrailer(o.git, "Run-Id");
  const checkedOut = await checkedOutBranches(o.git);
  const chosen: RefValue[] = [];
  for (const { id, branch, pull } of named) {
    const tip = tips.get(branch);
    if (!tip) continue;
    const keep = (why: string): void => {
      report.kept.push({ run_id: id, reason: `branch ${branch} kept: ${why}` });
    };
    if (!tip.trailers.includes(id)) {
      keep(`its tip ${tip.sha.slice(0, 12)} was not made by run ${id} (no 'Run-Id: ${id}' trailer)`);
      continue;
    }
    if (checkedOut.has(branch)) {
      keep("it is checked out");
      continue;
    }
    if (pull.number !== null || pull.url !== null) {
      const open = o.pullRequestOpen ? await o.pullRequestOpen(branch, pull) : null;
      if (open !== false) {
        const which = pull.url ?? `#${pull.number}`;
        keep(
          open
            ? `its pull request ${which} is open`
            : `its pull request ${which} may be open (set AGENT_FLOW_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN to check)`,
        );
        continue;
      }
    }
    chosen.push({ ref: `refs/heads/${branch}`, sha: tip.sha });
    report.removed.push({ kind: "branch", target: branch, run_id: id, bytes: 0 });
  }
  return chosen;
}
