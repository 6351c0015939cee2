import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type CacheServer, startCacheServer } from "./cache-server.js";
import { ACTION, ROOT, tempDir } from "./cli.js";
import { DirStore } from "./dir-store.js";
import type { Json } from "./gh-expr.js";
import { FakeGitHub } from "./github-api.js";
import { checkout, TOKEN, type World } from "./jobs.js";
import { git, makeRepo } from "./repo.js";
import { type CallerResult, simulateCaller } from "./workflow-call.js";
import type { StepEnv, StepOutcome } from "./workflow-steps.js";

/**
 * What the caller tests share: the example payloads of @octokit/webhooks-examples, one repository (a bare
 * origin the fake REST server knows, as the payloads name it), the emulated cache service, and `run`,
 * which starts one of examples/workflows/ for an event as GitHub would.
 */

export type Payload = Record<string, Json> & {
  issue: { number: number; title: string; body: string | null };
  label: { name: string };
  sender: { login: string };
  repository: { name: string; full_name: string; owner: { login: string } };
};
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, Json>[];
}[];
export const example = (name: string, action?: string): Payload =>
  structuredClone(
    examples.find((e) => e.name === name)?.examples.find((x) => action === undefined || x.action === action),
  ) as Payload;
export const LABELED = example("issues", "labeled");
export const OWNER = LABELED.repository.owner.login;
export const REPO = LABELED.repository.name;
export const WRITER = LABELED.sender.login;
export const DAY = 86_400_000;

// One agent that keeps the request file it was given (so a test reads what the agent read), then commit.
const FLOW = `version: 1
agents:
  reader:
    run: 'mkdir -p seen && cp "$AGENT_RUN_DIR/feature_request.md" seen/request.md'
    writes: [seen/**]
workflows:
  idea_to_feature:
    steps:
      - agent: reader
      - commit: { labels: [agent-flow] }
`;

export interface Start {
  eventName: string;
  event: Json;
  runId: string;
  inputs?: Record<string, string | number | boolean>;
  vars?: Record<string, string>;
  groups?: Map<string, Promise<void>>;
}

export interface Callers {
  fake: FakeGitHub;
  cache: CacheServer;
  world: World;
  run(file: string, s: Start): Promise<CallerResult>;
  close(): Promise<void>;
}

export async function startCallers(): Promise<Callers> {
  const fake = await FakeGitHub.start(TOKEN, "github-actions[bot]");
  const cache = await startCacheServer();
  const seed = makeRepo({ "agents/flow.yaml": FLOW, "src/app.js": "export const app = 1;\n" });
  const remote = join(tempDir("agent-flow-gh-"), `${REPO}.git`);
  git(seed, "init", "--quiet", "--bare", remote);
  git(seed, "push", "--quiet", remote, "main");
  fake.addRepo(OWNER, REPO, { gitDir: remote });
  fake.setRole(OWNER, REPO, WRITER, "write");
  fake.setRole(OWNER, REPO, "triage-user", "triage");
  const world: World = {
    name: REPO,
    remote,
    url: `https://github.com/${OWNER}/${REPO}.git`,
    flowText: FLOW,
    store: new DirStore(tempDir("agent-flow-cache-")),
    repository: `${OWNER}/${REPO}`,
  };
  // actions/checkout as jobs.ts makes a job's clone: the GitHub URL is the origin, served by the bare repo.
  const checkoutStep = (step: { uses?: string }, s: StepEnv): StepOutcome | undefined => {
    if (!step.uses?.startsWith("actions/checkout@")) return undefined;
    const dir = checkout(world);
    execFileSync("rm", ["-rf", s.workspace]);
    execFileSync("mv", [dir, s.workspace]);
    return { ok: true, outputs: {}, env: {}, path: [], log: "", summary: "" };
  };
  const run = (file: string, s: Start): Promise<CallerResult> =>
    simulateCaller({
      workflow: join(ROOT, "examples/workflows", file),
      eventName: s.eventName,
      event: s.event,
      inputs: s.inputs,
      vars: s.vars,
      groups: s.groups,
      reusable: { "agent-flow/agent-flow": ROOT },
      origin: world.remote,
      actions: { "agent-flow/agent-flow": { entry: ACTION, metadata: join(ROOT, "action.yml") } },
      artifacts: tempDir("agent-flow-artifacts-"),
      env: { ...cache.env(), AGENT_FLOW_RETRY_DELAY_MS: "10" },
      github: { api_url: fake.url, token: TOKEN, run_id: s.runId, server_url: "https://github.com" },
      secrets: { ANTHROPIC_API_KEY: "sk-ant-sim" },
      step: checkoutStep,
      work: tempDir("agent-flow-caller-"),
    });
  const close = async () => {
    await cache.close();
    await fake.close();
  };
  return { fake, cache, world, run, close };
}

/** A labeled event on issue `n`: the example payload, label `agent-flow`, with the given changes. */
export function labeled(n: number, edit: (p: Payload) => void = () => {}): Payload {
  const p = structuredClone(LABELED);
  p.issue.number = n;
  p.label.name = "agent-flow";
  edit(p);
  return p;
}

/** An example payload moved to the test's repository (the examples name their own). */
export function retarget(p: Payload): Payload {
  p.repository = structuredClone(LABELED.repository);
  return p;
}

/** Job id -> result for the jobs that ran, and the logs of the ones that did not succeed. */
export function summary(sim: { jobs: CallerResult["jobs"] }) {
  const ran = Object.values(sim.jobs).filter((j) => j.ran);
  return {
    ran: Object.fromEntries(ran.map((j) => [j.id, j.result])),
    failed: ran
      .filter((j) => j.result !== "success")
      .flatMap((j) => j.legs.flatMap((l) => l.steps.map((s) => `${j.id} ${s.name}: ${s.log.slice(-1500)}`))),
  };
}

/** A file of a branch of a bare repository. */
export const show = (gitDir: string, branch: string, path: string): string =>
  execFileSync("git", ["--git-dir", gitDir, "show", `${branch}:${path}`], { encoding: "utf8" });

/** HTML comments, zero-width, bidirectional and tag characters, the BOM. */
export const HIDDEN = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]|<!--/u;
