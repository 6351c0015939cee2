import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type Contexts, evalDeep, evalText, type Json } from "./gh-expr.js";
import {
  type JobReport,
  type JobSpec,
  type SimOptions,
  type SimResult,
  simulateWorkflow,
} from "./workflow-sim.js";

/**
 * A caller workflow run as GitHub runs it: started by an event (the webhook payload is `github.event` and
 * the file at GITHUB_EVENT_PATH), its own jobs through simulateWorkflow, and a job that `uses:` a
 * reusable workflow run as a nested simulation of that workflow's file. What GitHub checks when it starts
 * a call is checked here too, as an error: `with:` and `secrets:` name only declared inputs and secrets,
 * required inputs are given, and no called job asks for a permission the calling job did not grant.
 */

type Doc = Record<string, unknown>;

export interface CallerOptions extends Omit<SimOptions, "workflow" | "inputs" | "event" | "call"> {
  /** The caller's workflow file (a path). */
  workflow: string;
  /** `github.event_name`: issues, workflow_dispatch, schedule, ... */
  eventName: string;
  /** The webhook payload (GITHUB_EVENT_PATH, `github.event`). */
  event: Json;
  /** workflow_dispatch inputs as the form sends them; the file's defaults fill the rest. */
  inputs?: Record<string, string | number | boolean>;
  /** `<owner>/<repo>` of a reusable workflow's `uses:` -> the folder holding that repository's files. */
  reusable: Record<string, string>;
}

export interface Concurrency {
  group: string | null;
  cancelInProgress: boolean;
  queue: string | null;
}

export interface CallerResult extends SimResult {
  /** The caller's workflow-level concurrency, fully evaluated. */
  workflowConcurrency: Concurrency;
  /** The nested run of each job that called a reusable workflow. */
  called: Record<string, SimResult>;
}

const load = (path: string): Doc => parse(readFileSync(path, "utf8"), { merge: false }) as Doc;

/** The `inputs` context of a workflow_dispatch: given values typed by the declaration, defaults for the rest. */
export function dispatchInputs(
  doc: Doc,
  given: Record<string, string | number | boolean> = {},
): Record<string, Json> {
  const declared = ((doc.on as Doc | undefined)?.workflow_dispatch as Doc | undefined)?.inputs as
    | Record<string, { type?: string; required?: boolean; default?: Json }>
    | undefined;
  const specs = declared ?? {};
  for (const k of Object.keys(given))
    if (!(k in specs))
      throw new Error(`Unexpected inputs provided: ["${k}"] (not declared by workflow_dispatch)`);
  const out: Record<string, Json> = {};
  for (const [k, spec] of Object.entries(specs)) {
    const v = given[k] ?? spec.default;
    if (v === undefined || v === "") {
      if (spec.required) throw new Error(`Required input '${k}' not provided`);
    }
    const raw = v ?? (spec.type === "boolean" ? false : "");
    out[k] =
      spec.type === "boolean"
        ? raw === true || raw === "true"
        : spec.type === "number"
          ? Number(raw)
          : String(raw);
  }
  return out;
}

/** The `github` context of a run started by `event`: repository and actor from the payload. */
export function eventGithub(
  eventName: string,
  event: Json,
  overrides: Record<string, Json> = {},
): Record<string, Json> {
  const e = (event ?? {}) as {
    repository?: { full_name?: string; owner?: { login?: string } };
    sender?: { login?: string };
    ref?: string;
  };
  return {
    repository: e.repository?.full_name ?? "owner/repo",
    repository_owner: e.repository?.owner?.login ?? "owner",
    event_name: eventName,
    event,
    ref: e.ref ?? "refs/heads/main",
    actor: e.sender?.login ?? "octocat",
    ...overrides,
  };
}

/** A workflow's `concurrency:` evaluated as GitHub does when the run is queued. */
export function evalConcurrency(doc: Doc, ctx: Contexts): Concurrency {
  const c = doc.concurrency;
  if (c === undefined || c === null) return { group: null, cancelInProgress: false, queue: null };
  if (typeof c !== "object") return { group: evalText(c, ctx), cancelInProgress: false, queue: null };
  const o = c as Doc;
  return {
    group: evalText(o.group, ctx),
    cancelInProgress:
      o["cancel-in-progress"] === undefined ? false : evalDeep(o["cancel-in-progress"], ctx) === true,
    queue: o.queue === undefined ? null : evalText(o.queue, ctx),
  };
}

/** The caller's workflow-level concurrency for an event, without running anything. */
export function callerConcurrency(
  workflow: string,
  eventName: string,
  event: Json,
  opts: { inputs?: Record<string, string | number | boolean>; vars?: Record<string, string> } = {},
): Concurrency {
  const doc = load(workflow);
  const inputs = eventName === "workflow_dispatch" ? dispatchInputs(doc, opts.inputs) : {};
  return evalConcurrency(doc, {
    github: eventGithub(eventName, event),
    inputs,
    vars: opts.vars ?? {},
    secrets: {},
  });
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** Each scope's level of a `permissions:` value (`read-all`/`write-all` expanded to `*`). */
function permissionsOf(p: unknown): Record<string, number> {
  if (p === "read-all") return { "*": 1 };
  if (p === "write-all") return { "*": 2 };
  if (!p || typeof p !== "object") return {};
  return Object.fromEntries(Object.entries(p as Doc).map(([k, v]) => [k, LEVEL[String(v)] ?? 0]));
}

/** GitHub refuses to start a call whose jobs ask for more than the calling job grants. */
function checkPermissions(callerId: string, granted: unknown, called: Doc): void {
  const have = permissionsOf(granted);
  const level = (scope: string) => Math.max(have[scope] ?? 0, have["*"] ?? 0);
  for (const [id, job] of Object.entries((called.jobs as Record<string, Doc>) ?? {})) {
    const asked = permissionsOf(job.permissions ?? called.permissions);
    for (const [scope, n] of Object.entries(asked)) {
      if (n > level(scope)) {
        const name = (l: number) => Object.keys(LEVEL).find((k) => LEVEL[k] === l) ?? String(l);
        throw new Error(
          `The nested job '${id}' is requesting '${scope}: ${name(n)}', but is only allowed '${scope}: ${name(level(scope))}' (by job '${callerId}')`,
        );
      }
    }
  }
}

/** Where `uses: <owner>/<repo>/<path>@<ref>` points, among `reusable`. */
function resolveUses(uses: string, reusable: Record<string, string>): string {
  const m = /^([\w.-]+\/[\w.-]+)\/(\.github\/workflows\/[\w.-]+\.ya?ml)@[\w./-]+$/.exec(uses);
  if (!m) throw new Error(`'${uses}' is not <owner>/<repo>/.github/workflows/<file>@<ref>`);
  const root = reusable[m[1] as string];
  if (!root) throw new Error(`the simulation has no repository for '${m[1]}' (options.reusable)`);
  return join(root, m[2] as string);
}

/** Runs the caller workflow; a `uses:` job runs its reusable workflow in the same concurrency groups. */
export async function simulateCaller(o: CallerOptions): Promise<CallerResult> {
  const doc = load(o.workflow);
  const inputs = o.eventName === "workflow_dispatch" ? dispatchInputs(doc, o.inputs) : {};
  const github = eventGithub(o.eventName, o.event, o.github);
  const groups = o.groups ?? new Map<string, Promise<void>>();
  const secrets = { GITHUB_TOKEN: String(github.token ?? "sim-token"), ...o.secrets };
  const called: Record<string, SimResult> = {};
  const workflowConcurrency = evalConcurrency(doc, { github, inputs, vars: o.vars ?? {}, secrets: {} });

  const call = async (
    id: string,
    job: JobSpec,
    ctx: Contexts,
  ): Promise<Pick<JobReport, "result" | "outputs">> => {
    const file = resolveUses(job.uses as string, o.reusable);
    const target = load(file);
    const spec = (target.on as Doc | undefined)?.workflow_call as Doc | undefined;
    if (!spec) throw new Error(`${file} has no 'on: workflow_call'`);
    const declaredInputs = (spec.inputs ?? {}) as Record<string, { required?: boolean; type?: string }>;
    const declaredSecrets = (spec.secrets ?? {}) as Record<string, { required?: boolean }>;
    const raw = (job as { with?: Doc }).with ?? {};
    const withValues: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(raw)) {
      const decl = declaredInputs[k];
      if (!decl)
        throw new Error(`job '${id}': input '${k}' is not defined in the referenced workflow ${file}`);
      const value = evalDeep(v, ctx);
      withValues[k] =
        decl.type === "boolean" ? value === true : decl.type === "number" ? Number(value) : evalText(v, ctx);
    }
    for (const [k, decl] of Object.entries(declaredInputs))
      if (decl.required && !(k in withValues))
        throw new Error(`job '${id}': input '${k}' is required by ${file}`);
    const rawSecrets = (job as { secrets?: unknown }).secrets;
    const passed: Record<string, string> = {};
    if (rawSecrets === "inherit") Object.assign(passed, secrets);
    else
      for (const [k, v] of Object.entries((rawSecrets ?? {}) as Doc)) {
        if (!(k in declaredSecrets))
          throw new Error(`job '${id}': secret '${k}' is not defined in the referenced workflow ${file}`);
        passed[k] = evalText(v, ctx);
      }
    for (const [k, decl] of Object.entries(declaredSecrets))
      if (decl.required && !passed[k]) throw new Error(`job '${id}': secret '${k}' is required by ${file}`);
    checkPermissions(id, (job as { permissions?: unknown }).permissions ?? doc.permissions, target);
    const work = o.work ? join(o.work, `call-${id}`) : undefined;
    if (work) mkdirSync(work, { recursive: true });
    // The called workflow sees the caller's github context and event; GITHUB_TOKEN is always there.
    const sim = await simulateWorkflow({
      ...o,
      workflow: file,
      inputs: withValues,
      secrets: { GITHUB_TOKEN: secrets.GITHUB_TOKEN, ...passed },
      event: o.event,
      github,
      groups,
      call: undefined,
      work,
    });
    called[id] = sim;
    const failed = Object.values(sim.jobs).some((j) => j.result === "failure" || j.result === "cancelled");
    return { result: failed ? "failure" : "success", outputs: sim.outputs };
  };

  const sim = await simulateWorkflow({
    ...o,
    inputs: inputs as Record<string, string | number | boolean>,
    event: o.event,
    github,
    secrets,
    groups,
    call,
  });
  return { ...sim, workflowConcurrency, called };
}
