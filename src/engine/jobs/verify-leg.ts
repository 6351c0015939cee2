import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { PlannedAgent } from "../../flow/plan.js";
import type { Flow } from "../../flow/schema.js";
import { checkChangedPaths, describeViolations } from "../../run/scope-check.js";
import type { Git } from "../git.js";
import { commitParentsAndBody } from "../git-objects.js";
import { dropRef } from "../git-ops.js";
import type { AgentResult, CheckSummary } from "../machine-types.js";
import { policeSnapshot, rawChanges } from "../police.js";
import { LEG_BUNDLE_REF, LEG_FILES, type LegResult, quarantineRef } from "./leg-package.js";
import { PackageRefused, packageFiles, readJsonFile } from "./packages.js";
import { fetchBundle } from "./state-package.js";

/** A leg's result as advance accepts it: verified, or the agent's failure with the reason. */
export interface VerifiedAgent {
  result: AgentResult;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface AgentLegContext {
  git: Git;
  flow: Flow;
  runId: string;
  seq: number;
  step: string;
  base: string;
  index: number;
  planned: PlannedAgent;
}

const failure = (c: AgentLegContext, error: string, attempts = 0): VerifiedAgent => ({
  result: {
    index: c.index,
    agent: c.planned.agent,
    ok: false,
    exit_code: null,
    error,
    commit: null,
    changed: [],
    raised: [],
    output: c.planned.output,
  },
  attempts,
  started_at: null,
  finished_at: null,
});

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * Verifies an agent leg's package in `dir` (null: none was restored). The leg ran agent code with the
 * cache's write access, so every field is checked: its bundle must hold exactly one commit, a child of
 * the step's base, whose changes are the ones it claims and pass the same scope checks and policing as
 * locally. Anything else is this agent's failure, with the reason; nothing of it is kept.
 */
export async function verifyAgentLeg(c: AgentLegContext, dir: string | null): Promise<VerifiedAgent> {
  if (dir === null)
    return failure(
      c,
      "its leg left no result package (the leg failed or was cancelled before saving it, or the cache entry was evicted)",
    );
  try {
    await packageFiles(dir);
    const leg = await readJsonFile<LegResult>(join(dir, LEG_FILES.result), "the leg's result.json");
    if (
      leg?.schema !== "agent-flow/leg@1" ||
      leg.kind !== "agent" ||
      leg.seq !== c.seq ||
      leg.step !== c.step ||
      leg.index !== c.index
    )
      throw new PackageRefused("its result.json is not the result of this leg");
    const r = leg.result;
    if (
      typeof r !== "object" ||
      r === null ||
      r.index !== c.index ||
      r.agent !== c.planned.agent ||
      typeof r.ok !== "boolean" ||
      !isStrings(r.changed) ||
      !isStrings(r.raised) ||
      (r.commit !== null && typeof r.commit !== "string")
    )
      throw new PackageRefused("its result.json does not describe this agent's call");
    const timing = {
      attempts: Number.isInteger(leg.attempts) ? leg.attempts : 0,
      started_at: typeof leg.started_at === "string" ? leg.started_at : null,
      finished_at: typeof leg.finished_at === "string" ? leg.finished_at : null,
    };
    const base: AgentResult = {
      index: c.index,
      agent: c.planned.agent,
      ok: r.ok,
      exit_code: typeof r.exit_code === "number" ? r.exit_code : null,
      error: typeof r.error === "string" ? r.error : r.ok ? null : "failed",
      commit: null,
      changed: [],
      raised: r.ok ? r.raised : [],
      output: c.planned.output,
    };
    if (!r.ok) return { result: base, ...timing };
    const bundle = join(dir, LEG_FILES.bundle);
    const hasBundle = (await stat(bundle).catch(() => null)) !== null;
    if (r.commit === null) {
      if (hasBundle || r.changed.length > 0)
        throw new PackageRefused("it claims no commit but carries changes");
      return { result: base, ...timing };
    }
    if (!hasBundle) throw new PackageRefused("it claims a commit but carries no agent.bundle");
    const quarantine = quarantineRef(c.runId, c.index);
    try {
      await fetchBundle(c.git, bundle, `+${LEG_BUNDLE_REF}:${quarantine}`);
      const commit = await c.git.revParse(quarantine);
      if (commit !== r.commit)
        throw new PackageRefused(
          `its bundle holds ${commit?.slice(0, 12)}, not the claimed ${r.commit.slice(0, 12)}`,
        );
      const info = await commitParentsAndBody(c.git, commit);
      if (info?.parents !== c.base)
        throw new PackageRefused(
          `its commit ${commit.slice(0, 12)} is not a child of the step's base ${c.base.slice(0, 12)}`,
        );
      if (!info.body.includes(`Run-Id: ${c.runId}`))
        throw new PackageRefused(`its commit ${commit.slice(0, 12)} is not a commit of run ${c.runId}`);
      const raw = await rawChanges(c.git, c.base, commit);
      const changed = raw.map((x) => x.path);
      if (!sameList(changed, r.changed))
        throw new PackageRefused("the files it claims to have changed are not the files its commit changes");
      const writes = c.flow.agents[c.planned.agent]?.writes ?? [];
      const violations = [
        ...checkChangedPaths(changed, writes, c.flow.policy),
        ...(await policeSnapshot(c.git, c.flow, writes, c.base, raw)),
      ];
      if (violations.length > 0)
        throw new PackageRefused(
          `changed files outside its scopes; none of its changes were kept:\n${describeViolations(violations)}`,
        );
      return { result: { ...base, commit, changed }, ...timing };
    } finally {
      await dropRef(c.git, quarantine);
    }
  } catch (err) {
    if (!(err instanceof PackageRefused)) throw err;
    return failure(c, `its leg package was refused: ${err.message}`);
  }
}

/** A check leg's summary, or null when its package is missing or malformed (the check then failed). */
export async function readCheckLeg(
  dir: string | null,
  seq: number,
  step: string,
): Promise<{ summary: CheckSummary } | { error: string }> {
  if (dir === null) return { error: "the check's leg left no result package" };
  try {
    await packageFiles(dir);
    const leg = await readJsonFile<LegResult>(join(dir, LEG_FILES.result), "the leg's result.json");
    const s = leg?.kind === "check" ? leg.summary : null;
    if (
      leg?.schema !== "agent-flow/leg@1" ||
      leg.seq !== seq ||
      leg.step !== step ||
      !s ||
      typeof s.passed !== "boolean" ||
      !isStrings(s.command) ||
      !isStrings(s.failures) ||
      typeof s.output_tail !== "string"
    )
      throw new PackageRefused("its result.json is not the summary of this check");
    return { summary: { ...s, step } };
  } catch (err) {
    if (!(err instanceof PackageRefused)) throw err;
    return { error: `the check's leg package was refused: ${err.message}` };
  }
}
