// The flow checks about write scopes: each agent's scopes parsed once, single-writer paths, and agents
// of one parallel group that could write the same file.

import type { KeyPath } from "./diagnostics.js";
import type { ParsedFlow } from "./parse.js";
import { DEFAULT_SINGLE_WRITER, type Flow } from "./schema.js";
import { scopesClash } from "./scope-relations.js";
import { checkScopeSyntax, type ScopeProblem, scopesOverlap } from "./scopes.js";

export type Report = (path: KeyPath, message: string, at?: "key" | "value") => void;

/** One entry of an agent's `writes`, with its syntax problem if it has one. */
export interface WriteScope {
  glob: string;
  index: number;
  problem: ScopeProblem | null;
}

/** Each agent's write scopes, checked once: the pairwise checks below only look at the valid ones. */
export interface Scopes {
  all: Map<string, WriteScope[]>;
  valid: Map<string, WriteScope[]>;
}

export function writeScopes(flow: Flow): Scopes {
  const all = new Map<string, WriteScope[]>();
  const valid = new Map<string, WriteScope[]>();
  for (const agent of Object.values(flow.agents)) {
    const list = agent.writes.map((glob, index) => ({ glob, index, problem: checkScopeSyntax(glob) }));
    all.set(agent.name, list);
    valid.set(
      agent.name,
      list.filter((w) => w.problem === null),
    );
  }
  return { all, valid };
}

interface Writer {
  agent: string;
  glob: string;
  index: number;
  witness: string;
}

/**
 * A single-writer path may be written by one agent only: its owner. That is the agent `policy.owners`
 * names; else, for the built-in `src/**` and `tests/**`, the agent whose scope is the path itself (the
 * first one in the file if several are). Without either there is no owner, and each further writer is
 * reported against the first one, naming its scope: neither is called the owner.
 */
export function checkSingleWriter({ flow, declared }: ParsedFlow, scopes: Scopes, report: Report): void {
  const owned = new Map<string, string | undefined>(Object.entries(flow.policy.owners));
  for (const glob of DEFAULT_SINGLE_WRITER) if (!owned.has(glob)) owned.set(glob, undefined);
  for (const [area, declaredOwner] of owned) {
    if (checkScopeSyntax(area)) continue;
    // an owner that is not an agent is reported by checkPolicy; blaming the real writers would mislead
    if (declaredOwner !== undefined && !declared.agents.has(declaredOwner)) continue;
    const writers: Writer[] = [];
    for (const agent of Object.values(flow.agents)) {
      for (const { glob, index } of scopes.valid.get(agent.name) ?? []) {
        const witness = scopesOverlap(glob, area);
        if (witness) writers.push({ agent: agent.name, glob, index, witness });
      }
    }
    const owner = declaredOwner ?? writers.find((w) => w.glob === area)?.agent;
    const first = writers[0];
    for (const w of writers) {
      const at = ["agents", w.agent, "writes", w.index];
      if (owner !== undefined) {
        if (w.agent === owner) continue;
        if (w.glob === area) {
          report(
            at,
            declaredOwner
              ? `'${owner}' owns '${area}' under policy.owners; only one agent may write it (remove it here, or change the owner)`
              : `'${owner}' already writes '${area}'; only one agent may write it (name one owner under policy.owners)`,
          );
        } else {
          const fix = declaredOwner
            ? "narrow the scope"
            : "narrow the scope, or name one owner under policy.owners";
          report(
            at,
            `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which only '${owner}' may write (single writer); ${fix}`,
          );
        }
      } else if (first && w.agent !== first.agent) {
        report(
          at,
          `'${w.glob}' reaches into '${area}' (e.g. '${w.witness}'), which '${first.agent}' writes too ('${first.glob}'); only one agent may write '${area}' (single writer): narrow the scopes, or name one owner under policy.owners`,
        );
      }
    }
  }
}

/** Agents that run at the same time must not be able to write the same file. */
export function checkGroupOverlap(
  flow: Flow,
  scopes: Scopes,
  members: string[],
  path: KeyPath,
  report: Report,
): void {
  const agents = [...new Set(members)]
    .map((m) => flow.agents[m])
    .filter((a) => a !== undefined)
    .map((a) => ({ name: a.name, writes: (scopes.valid.get(a.name) ?? []).map((w) => w.glob) }));
  for (let i = 0; i < agents.length; i++) {
    for (let j = i + 1; j < agents.length; j++) {
      const a = agents[i];
      const b = agents[j];
      if (!a || !b) continue;
      const at = [...path, members.indexOf(b.name)];
      for (const ga of a.writes) {
        for (const gb of b.writes) {
          const witness = scopesOverlap(ga, gb);
          if (witness) {
            report(
              at,
              `'${a.name}' ('${ga}') and '${b.name}' ('${gb}') may both write '${witness}'; agents in one parallel group must write disjoint paths`,
            );
            continue;
          }
          // a file one agent writes where the other needs a folder: the combined tree cannot hold both
          const clash = scopesClash(ga, gb);
          if (!clash) continue;
          const [fa, fg, ia, ig] = clash.fileSide === 0 ? [a.name, ga, b.name, gb] : [b.name, gb, a.name, ga];
          report(
            at,
            `'${fa}' ('${fg}') may write the file '${clash.file}' and '${ia}' ('${ig}') the file '${clash.inside}', which needs '${clash.file}' to be a folder; agents in one parallel group must write paths that cannot clash as file and folder`,
          );
        }
      }
    }
  }
}
