import { join } from "node:path";
import { advanceJob } from "../../src/engine/jobs/advance-job.js";
import { commitJob } from "../../src/engine/jobs/commit-job.js";
import { legJob } from "../../src/engine/jobs/leg-job.js";
import type { Leg } from "../../src/engine/jobs/outputs.js";
import { planJob } from "../../src/engine/jobs/plan-job.js";
import type { JobBase } from "../../src/engine/jobs/state-package.js";
import { loadFlowText } from "../../src/flow/load.js";
import { cliAsync, tempDir } from "./cli.js";
import { DirStore } from "./dir-store.js";
import type { FakeGitHub } from "./github-api.js";
import { git, makeRepo } from "./repo.js";

export const TOKEN = "ghs_jobsTestToken0123456789";
export const FLOW_FILE = "agents/flow.yaml";

/**
 * One repository as GitHub holds it (a bare origin, known to the fake REST API) and its Actions cache
 * (a DirStore); every job runs in its own fresh clone of it, as every GitHub job has its own checkout.
 */
export interface World {
  name: string;
  remote: string;
  url: string;
  flowText: string;
  store: DirStore;
  repository: string;
}

export function makeWorld(
  fake: FakeGitHub,
  name: string,
  flowText: string,
  files: Record<string, string> = {},
) {
  const seed = makeRepo({ [FLOW_FILE]: flowText, "src/app.js": "export const app = 1;\n", ...files });
  const remote = join(tempDir("agent-flow-gh-"), `${name}.git`);
  git(seed, "init", "--quiet", "--bare", remote);
  git(seed, "push", "--quiet", remote, "main");
  fake.addRepo("acme", name, { gitDir: remote });
  const world: World = {
    name,
    remote,
    url: `https://github.com/acme/${name}.git`,
    flowText,
    store: new DirStore(tempDir("agent-flow-cache-")),
    repository: `acme/${name}`,
  };
  return world;
}

/** A fresh checkout of the world's main branch, as actions/checkout makes one for a job. */
export function checkout(w: World): string {
  const dir = join(tempDir("agent-flow-job-"), "repo");
  // The settings as clone options (written to the clone's config): two git processes instead of six
  // for each of the many jobs. Cloned from the path (a local clone, no pack made), then origin renamed.
  git(
    tempDir(),
    "clone",
    "--quiet",
    "--branch",
    "main",
    ...[
      "user.name=test",
      "user.email=test@example.com",
      "gc.auto=0",
      `url.${w.remote}.insteadOf=${w.url}`,
    ].flatMap((c) => ["--config", c]),
    w.remote,
    dir,
  );
  git(dir, "remote", "set-url", "origin", w.url);
  return dir;
}

export function jobEnv(fake: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // The test file's pools folder (setup/cleanup.ts), not the user's cache.
    AGENT_FLOW_POOL_DIR: process.env.AGENT_FLOW_POOL_DIR,
    AGENT_FLOW_GITHUB_WRITE_SPACING: process.env.AGENT_FLOW_GITHUB_WRITE_SPACING,
    GITHUB_API_URL: fake.url,
    ...extra,
  };
}

export function base(w: World, root: string, env: NodeJS.ProcessEnv): JobBase {
  const loaded = loadFlowText(FLOW_FILE, w.flowText);
  if (!loaded.flow) throw new Error(JSON.stringify(loaded.diagnostics));
  return { root, flow: loaded.flow, flowText: w.flowText, store: w.store, env };
}

export type Outputs = Record<string, string>;

export async function plan(
  w: World,
  env: NodeJS.ProcessEnv,
  opts: { runId?: string; slots?: number; feature?: string; resume?: Outputs } = {},
) {
  const r = opts.resume?.["resume-state"];
  return planJob({
    ...base(w, checkout(w), env),
    runId: opts.runId ?? "",
    resumeState: r ? { seq: Number(r.split("-")[0]), digest: r.split("-")[1] as string } : null,
    workflow: "",
    feature: opts.feature ?? (opts.runId ? "" : "jobs"),
    request: "Add the jobs feature.",
    baseBranch: "",
    issue: null,
    slots: opts.slots ?? 20,
    repository: w.repository,
  });
}

export const legsOf = (out: Outputs): Leg[] => (JSON.parse(out.matrix ?? "{}") as { leg: Leg[] }).leg;

/** Runs every leg of the action in `out`, each in its own checkout, concurrently. */
export async function runLegs(
  w: World,
  env: NodeJS.ProcessEnv,
  out: Outputs,
  skip: (l: Leg) => boolean = () => false,
) {
  return Promise.all(
    legsOf(out)
      .filter((l) => !skip(l))
      .map((leg) =>
        legJob({
          ...base(w, checkout(w), env),
          runId: out["run-id"] as string,
          seq: Number(out.seq),
          digest: out["state-digest"] as string,
          leg,
          retryDelayMs: { min: 10, max: 20 },
        }),
      ),
  );
}

export async function advance(w: World, env: NodeJS.ProcessEnv, out: Outputs, slot: number, slots: number) {
  return advanceJob({
    ...base(w, checkout(w), env),
    runId: out["run-id"] as string,
    seq: Number(out.seq),
    digest: out["state-digest"] as string,
    slot,
    slots,
    repository: w.repository,
  });
}

export async function commit(w: World, env: NodeJS.ProcessEnv, out: Outputs) {
  return commitJob({
    ...base(w, checkout(w), env),
    runId: out["run-id"] as string,
    seq: Number(out.seq),
    digest: out["state-digest"] as string,
    repository: w.repository,
  });
}

/** The slots of one dispatch: run-k + advance-k while the action is agents or check, then commit. */
export async function drive(w: World, env: NodeJS.ProcessEnv, first: Outputs, slots = 20) {
  let out = first;
  const notices: string[] = [];
  for (let slot = 1; slot <= slots && (out.kind === "agents" || out.kind === "check"); slot++) {
    await runLegs(w, env, out);
    const r = await advance(w, env, out, slot, slots);
    if (r.notice) notices.push(r.notice);
    out = r.outputs;
  }
  if (out.kind === "commit") out = (await commit(w, env, out)).outputs;
  return { out, notices };
}

// The guide's shape in small: a planner, a parallel group, a check that fails once and is fixed by the
// triage workflow (tests_failed), all_green opening the commit gate, and the commit step.
export const WHOLE_FLOW = `version: 1
agents:
  planner:
    run: 'mkdir -p docs/plans && echo "plan" > docs/plans/plan.md && echo planned > "$AGENT_OUTPUT/note.md"'
    writes: [docs/plans/**]
  api:
    run: 'mkdir -p api && echo "export const api = 1;" > api/index.js'
    writes: [api/**]
  ui:
    run: 'mkdir -p ui && echo "export const ui = 1;" > ui/index.js'
    writes: [ui/**]
  fixer:
    run: 'mkdir -p fix && echo "export const fixed = true;" > fix/fixed.js'
    writes: [fix/**]
workflows:
  idea_to_feature:
    steps:
      - agent: planner
      - parallel: [api, ui]
      - check: 'test -f fix/fixed.js'
        on_failure: tests_failed
        on_success: all_green
      - commit: { labels: [agent-flow] }
  triage:
    steps:
      - agent: fixer
triggers:
  tests_failed: { workflow: triage, max: 2 }
  all_green: commit
`;

/**
 * The same flow run by `agent-flow run` in a fresh checkout of `w`, pushing to the same remote and the
 * same fake GitHub: the branch it pushed (`feature/local-*`), whose tree the GitHub engine's must equal.
 */
export async function runLocally(w: World, fake: FakeGitHub): Promise<string> {
  const r = await cliAsync(["run", "--feature", "local", "--quiet"], {
    cwd: checkout(w),
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url, AGENT_FLOW_RETRY_DELAY_MS: "10" },
  });
  if (r.stderr !== "" || r.code !== 0) throw new Error(`agent-flow run failed (${r.code}): ${r.stderr}`);
  return git(w.remote, "for-each-ref", "--format=%(refname:short)", "refs/heads/feature/local-*");
}
