import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageKeys } from "../../src/engine/jobs/package-store.js";
import { packageDigest } from "../../src/engine/jobs/packages.js";
import { CACHE_TRANSPORT, ROOT, tempDir } from "./cli.js";
import type { StepEnv } from "./workflow-steps.js";

/**
 * What a compromised job can do with the run's cache token (docs/github-engine.md, "Known limit"):
 * save a package of its own making under a key it knows. Used by the hostile-leg cases to check that
 * advance and commit refuse what such a package carries.
 */

const CACHE_JOB = join(ROOT, "__tests__", "helpers", "cache-job.mjs");

const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", ["-C", cwd, ...args], { encoding: "utf8" }).trim();

/** One save or restore through the real cache transport, in its own process with the job's variables. */
export function cacheOp(
  s: StepEnv,
  op: { op: "save" | "restore"; key: string; dir: string },
): Promise<{ key?: string | null; error?: string }> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GITHUB_REF: String((s.ctx.github as Record<string, unknown>).ref ?? ""),
    GITHUB_WORKSPACE: s.workspace,
    RUNNER_TEMP: s.temp,
    ...s.options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CACHE_JOB, CACHE_TRANSPORT, JSON.stringify([op])], {
      cwd: s.temp,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const last = /\nRESULT (.*)\n$/.exec(out);
      if (code !== 0 || !last?.[1]) reject(new Error(`cache job exited ${code}\n${out}`));
      else resolve((JSON.parse(last[1]) as { key?: string | null; error?: string }[])[0] ?? {});
    });
  });
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * A hostile `run` leg: instead of its agent, it commits `files` on the step's base (the checkout's HEAD,
 * as for a flow's first step) with the run's trailer, and saves a package claiming the agent made it.
 */
export async function forgeLegPackage(s: StepEnv, files: Record<string, string>): Promise<string> {
  const leg = JSON.parse(s.with.leg ?? "{}") as {
    seq: number;
    step: string;
    index: number;
    agent: string;
    nonce: string;
  };
  const runId = s.with["run-id"] ?? "";
  const repo = s.workspace;
  const base = git(repo, "rev-parse", "HEAD");
  writeFiles(repo, files);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", `${leg.agent}: ${leg.step}\n\nRun-Id: ${runId}`);
  const commit = git(repo, "rev-parse", "HEAD");
  const dir = tempDir("agent-flow-forged-leg-");
  git(repo, "update-ref", "refs/agent-flow-leg/commit", commit);
  git(
    repo,
    "bundle",
    "create",
    "--quiet",
    join(dir, "agent.bundle"),
    "refs/agent-flow-leg/commit",
    `^${base}`,
  );
  const now = new Date().toISOString();
  const changed = Object.keys(files).sort();
  writeFileSync(
    join(dir, "result.json"),
    JSON.stringify({
      schema: "agent-flow/leg@1",
      kind: "agent",
      seq: leg.seq,
      step: leg.step,
      index: leg.index,
      result: {
        index: leg.index,
        agent: leg.agent,
        ok: true,
        exit_code: 0,
        error: null,
        commit,
        changed,
        raised: [],
        output: leg.agent,
      },
      attempts: 1,
      started_at: now,
      finished_at: now,
    }),
  );
  writeFiles(dir, { "output/agent.log": "all in scope, honest\n" });
  const key = packageKeys.leg(runId, leg.seq, leg.index, leg.nonce);
  const saved = await cacheOp(s, { op: "save", key, dir });
  if (saved.error) throw new Error(saved.error);
  return key;
}

/**
 * A forged state for the commit job: the state `seq` of the run, with `agent`'s accepted commit replaced
 * by one that also writes `files` (same parent, same message), saved under a fresh key. Returns the seq
 * and digest a job would hand to commit if advance had been fooled.
 */
export async function forgeStatePackage(
  s: StepEnv,
  agent: string,
  files: Record<string, string>,
): Promise<{ seq: number; digest: string }> {
  const runId = s.with["run-id"] ?? "";
  const seq = Number(s.with.seq);
  const dir = tempDir("agent-flow-forged-state-");
  const got = await cacheOp(s, {
    op: "restore",
    key: packageKeys.state(runId, seq, s.with["state-digest"] ?? ""),
    dir,
  });
  if (got.error || !got.key) throw new Error(`no state ${seq} to forge: ${got.error ?? "miss"}`);
  const repo = join(tempDir("agent-flow-forge-"), "repo");
  execFileSync("git", ["clone", "-q", s.workspace, repo]);
  git(repo, "config", "user.name", "forger");
  git(repo, "config", "user.email", "forger@example.com");
  const prefix = `refs/agent-flow/${runId}/`;
  git(repo, "fetch", "-q", join(dir, "run.bundle"), `+${prefix}*:${prefix}*`);
  const stateText = readFileSync(join(dir, "state.json"), "utf8");
  const state = JSON.parse(stateText) as {
    base_sha: string;
    machine: { done: { agents?: { agent: string; commit: string | null }[] }[] };
  };
  const honest = state.machine.done.flatMap((d) => d.agents ?? []).find((a) => a.agent === agent)?.commit;
  if (!honest) throw new Error(`no accepted commit of ${agent} in state ${seq}`);
  git(repo, "checkout", "-q", honest);
  writeFiles(repo, files);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--amend", "--no-edit");
  const forged = git(repo, "rev-parse", "HEAD");
  const refs = git(repo, "for-each-ref", "--format=%(refname) %(objectname)", prefix)
    .split("\n")
    .map((l) => l.split(" ") as [string, string]);
  for (const [ref, sha] of refs) if (sha === honest) git(repo, "update-ref", ref, forged);
  git(
    repo,
    "bundle",
    "create",
    "--quiet",
    join(dir, "run.bundle"),
    ...refs.map(([ref]) => ref),
    `^${state.base_sha}`,
  );
  // Every mention of the honest commit (the step's record, its head, the run's head) now names the forged one.
  writeFileSync(join(dir, "state.json"), stateText.replaceAll(honest, forged));
  const forgedSeq = seq + 100;
  const job = JSON.parse(readFileSync(join(dir, "job.json"), "utf8")) as { seq: number };
  writeFileSync(join(dir, "job.json"), JSON.stringify({ ...job, seq: forgedSeq }));
  const digest = await packageDigest(dir);
  const saved = await cacheOp(s, { op: "save", key: packageKeys.state(runId, forgedSeq, digest), dir });
  if (saved.error) throw new Error(saved.error);
  return { seq: forgedSeq, digest };
}
