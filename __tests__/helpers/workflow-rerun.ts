import type { Json } from "./gh-expr.js";
import type { JobReport, JobSpec, LegReport, SimResult } from "./workflow-sim.js";

/**
 * GitHub's "Re-run failed jobs": the jobs that failed (or were cancelled) run again, and so does every
 * job that depends on one of them; the others keep their result and outputs from the previous attempt,
 * which the re-run jobs read through `needs`. In a failed matrix job only the failed legs run again.
 * (docs.github.com, "Re-running workflows and jobs".)
 */

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The ids of the jobs a re-run of `prev`'s failed jobs runs. */
export function rerunJobs(jobs: Record<string, JobSpec>, prev: SimResult): Set<string> {
  const rerun = new Set(
    Object.values(prev.jobs)
      .filter((j) => j.result === "failure" || j.result === "cancelled")
      .map((j) => j.id),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, job] of Object.entries(jobs))
      if (!rerun.has(id) && asList(job.needs).some((n) => rerun.has(n))) {
        rerun.add(id);
        grew = true;
      }
  }
  return rerun;
}

/** A job the re-run leaves alone: its report from the previous attempt, marked as such. */
export function keptJob(prev: SimResult, id: string): JobReport | undefined {
  const r = prev.jobs[id];
  return r ? { ...r, attempt: r.attempt ?? prev.attempt } : undefined;
}

/** In a re-run of a failed (or cancelled) matrix job, the leg of the previous attempt that succeeded with this matrix. */
export function keptLeg(
  prev: SimResult | undefined,
  id: string,
  matrix: Record<string, Json> | null,
): LegReport | undefined {
  const job = prev?.jobs[id];
  if (job?.result !== "failure" && job?.result !== "cancelled") return undefined;
  const same = JSON.stringify(matrix);
  const leg = job.legs.find((l) => l.result === "success" && JSON.stringify(l.matrix) === same);
  return leg ? { ...leg, attempt: leg.attempt ?? prev?.attempt } : undefined;
}
