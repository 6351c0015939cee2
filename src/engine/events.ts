import { COMMIT_TARGET } from "../flow/schema.js";
import { describeBase } from "../run/base.js";
import { quoteName, safeText } from "../run/quote.js";
import type { RunStatus } from "../run/status.js";
import type { EngineEvent } from "./reporter.js";

/**
 * An event as one line of pipeline.log and of the CLI's plain output; `s` is the status after the event.
 * Text that agents control (errors, file names, a status they may have written) is escaped here, once.
 */
export function describeEvent(e: EngineEvent, s: RunStatus): { scope: string; text: string } | undefined {
  const line = describe(e, s);
  return line && { scope: quoteName(line.scope), text: safeText(line.text) };
}

function describe(e: EngineEvent, s: RunStatus): { scope: string; text: string } | undefined {
  const step = (key: string) => s.steps.find((x) => x.key === key);
  const agent = (key: string, name: string) => step(key)?.agents.find((a) => a.agent === name);
  switch (e.type) {
    case "run-started":
      return {
        scope: "run",
        text: `${e.resumed ? "resumed" : "started"} run ${s.run_id}: workflow ${s.workflow}, feature ${quoteName(s.feature)}, base: ${describeBase(s.base_branch, s.base_sha)}`,
      };
    case "run-finished":
      return {
        scope: "run",
        text: `run ${s.state}${s.error ? `: ${s.error}` : ""}${s.outcome ? `; ${s.outcome}` : ""}`,
      };
    case "step-started":
      return { scope: e.key, text: "started" };
    case "step-replayed":
      return { scope: e.key, text: `already ${step(e.key)?.state} in an earlier attempt; not run again` };
    case "step-finished": {
      const r = step(e.key);
      return { scope: e.key, text: `${r?.state}${r?.error ? `: ${r.error}` : ""}` };
    }
    case "agent-started":
      return { scope: e.key, text: `${e.agent}: attempt ${e.attempt} started` };
    case "agent-retry":
      return {
        scope: e.key,
        text: `${e.agent}: attempt ${e.attempt} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)}s`,
      };
    case "agent-finished": {
      const a = agent(e.key, e.agent);
      const n = a?.changed_files.length ?? 0;
      const files = n > 0 ? ` (${n} file${n === 1 ? "" : "s"} changed)` : "";
      return { scope: e.key, text: `${e.agent}: ${a?.state}${files}${a?.error ? `: ${a.error}` : ""}` };
    }
    case "trigger":
      return {
        scope: "trigger",
        text: `${e.name} -> ${e.target}${e.target === COMMIT_TARGET ? "" : ` (${e.count})`}`,
      };
    case "message":
      return { scope: e.level, text: e.text };
  }
}
