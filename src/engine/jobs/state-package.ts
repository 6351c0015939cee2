import { randomBytes } from "node:crypto";
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Plan, planWorkflow } from "../../flow/plan.js";
import type { Flow } from "../../flow/schema.js";
import type { RunStatus } from "../../run/status.js";
import { readStatus, runDir, WORK_DIR, writeStatus } from "../../run/store.js";
import { Git } from "../git.js";
import { bundleProblem, createBundle, fetchFromBundle, typedRefsUnder } from "../git-ops.js";
import { type MachinePlan, machinePlan } from "../machine-plan.js";
import { MACHINE_SCHEMA } from "../machine-types.js";
import { RUN_STATE_SCHEMA, type RunState, saveRunState, stateRef, verifyRunState } from "../run-state.js";
import { type PackageStore, packageKeys } from "./package-store.js";
import { copyTree, PackageRefused, packageDigest, readJsonFile, scratch, writeJsonFile } from "./packages.js";

/** What every job gets: the checkout it runs in, the flow as committed there, and the cache. */
export interface JobBase {
  /** The repository checkout (GITHUB_WORKSPACE). */
  root: string;
  flow: Flow;
  /** The flow file's text: a run keeps the flow it started with (its sha256 is in the state). */
  flowText: string;
  store: PackageStore;
  env: NodeJS.ProcessEnv;
}

/** The GitHub driver's own record in a state package: which transition it is, and the legs' nonce. */
export interface JobRecord {
  schema: "agent-flow/job@1";
  seq: number;
  nonce: string;
}

/** A run restored from a state package into the job's checkout and verified. */
export interface OpenRun {
  git: Git;
  state: RunState;
  status: RunStatus;
  job: JobRecord;
  plan: Plan;
  mplan: MachinePlan;
}

const STATE_JSON = "state.json";
const JOB_JSON = "job.json";
const RUN_BUNDLE = "run.bundle";
const RUN_FOLDER = "run";

export const newNonce = (): string => randomBytes(8).toString("hex");

/** The run's refs that travel in run.bundle: everything under refs/agent-flow/<id>/ but the state blob. */
async function runRefs(git: Git, runId: string): Promise<{ ref: string; sha: string }[]> {
  return (await typedRefsUnder(git, `refs/agent-flow/${runId}/`))
    .filter(({ ref, type }) => type === "commit" && ref !== stateRef(runId))
    .map(({ ref, sha }) => ({ ref, sha }));
}

/**
 * Saves the run's state as the package of transition `seq` (state.json, job.json, run.bundle, run/)
 * under a key ending in its digest, and returns the digest, which the job outputs for the next one.
 * The key is new (the digest covers the fresh `nonce`); a save onto a taken key fails the job.
 */
export async function saveStatePackage(
  base: JobBase,
  git: Git,
  state: RunState,
  status: RunStatus,
  seq: number,
  nonce: string,
  refs: [string, string][] = [],
): Promise<string> {
  await saveRunState(git, state, refs);
  await writeStatus(base.root, status);
  const dir = await scratch("state");
  try {
    await writeJsonFile(join(dir, STATE_JSON), state);
    await writeJsonFile(join(dir, JOB_JSON), { schema: "agent-flow/job@1", seq, nonce } satisfies JobRecord);
    const moved = (await runRefs(git, state.run_id)).filter((r) => r.sha !== state.base_sha);
    if (moved.length > 0)
      await createBundle(
        git,
        join(dir, RUN_BUNDLE),
        moved.map((r) => r.ref),
        state.base_sha,
      );
    // The engine's scratch (.work) is per process; it never travels.
    await copyTree(runDir(base.root, state.run_id), join(dir, RUN_FOLDER), (rel) => rel === WORK_DIR);
    const digest = await packageDigest(dir);
    await base.store.save(packageKeys.state(state.run_id, seq, digest), dir);
    return digest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fetches a verified bundle's refs into the checkout (their objects; the refs under `map`). */
export async function fetchBundle(git: Git, file: string, refspec: string): Promise<void> {
  const problem = await bundleProblem(git, file);
  if (problem !== undefined) throw new PackageRefused(`${file} is not a usable git bundle: ${problem}`);
  await fetchFromBundle(git, file, refspec);
}

/**
 * Restores the state package of `runId` saved as transition `seq` with digest `digest` (from the job
 * that saved it, or a `resume-state` input) into the checkout and verifies it: its digest must be
 * `digest`, and the state must be the run's, its flow the checkout's, and its accepted commits what the
 * flow lets each agent write. There is no "newest state": see resume-state.ts.
 */
export async function openState(base: JobBase, runId: string, seq: number, digest: string): Promise<OpenRun> {
  const git = new Git(base.root);
  const dir = await scratch("state");
  try {
    if (!/^[0-9a-f]{64}$/.test(digest))
      throw new PackageRefused(`'${digest.slice(0, 70)}' is not the sha256 of a state package`);
    const key = packageKeys.state(runId, seq, digest);
    const restored = await base.store.restore(key, dir);
    if (restored === null)
      throw new PackageRefused(
        `no saved state ${key} in the cache (evicted, or the job that saves it failed); dispatch the workflow again with run-id ${runId} and the resume-state of an earlier plan or advance-k job to go on from there`,
      );
    const got = await packageDigest(dir);
    if (got !== digest)
      throw new PackageRefused(
        `the state package ${restored} has digest ${got.slice(0, 12)}, not the ${digest.slice(0, 12)} its job saved; it was changed in the cache and is refused`,
      );
    const state = await readJsonFile<RunState>(join(dir, STATE_JSON), `${restored}: ${STATE_JSON}`);
    const job = await readJsonFile<JobRecord>(join(dir, JOB_JSON), `${restored}: ${JOB_JSON}`);
    if (
      state.schema !== RUN_STATE_SCHEMA ||
      state.machine?.schema !== MACHINE_SCHEMA ||
      state.run_id !== runId ||
      job.schema !== "agent-flow/job@1" ||
      !Number.isInteger(job.seq) ||
      job.seq !== seq ||
      !/^[0-9a-f]{16}$/.test(job.nonce)
    )
      throw new PackageRefused(`${restored} is not a state package of run ${runId}`);
    if (await stat(join(dir, RUN_BUNDLE)).catch(() => null))
      await fetchBundle(git, join(dir, RUN_BUNDLE), `+refs/agent-flow/${runId}/*:refs/agent-flow/${runId}/*`);
    await verifyRunState(git, base.flow, base.flowText, state);
    await copyTree(join(dir, RUN_FOLDER), runDir(base.root, runId));
    await saveRunState(git, state);
    const status = await readStatus(base.root, runId);
    const plan = planWorkflow(base.flow, state.workflow);
    return { git, state, status, job, plan, mplan: machinePlan(plan) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The flow file's text as committed in the checkout. */
export const readFlowText = (root: string, file: string): Promise<string> =>
  readFile(join(root, file), "utf8");
