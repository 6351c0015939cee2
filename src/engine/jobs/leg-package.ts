import type { AgentResult, CheckSummary } from "../machine-types.js";

/** result.json of a leg package: what the leg says it did. The advance job trusts none of it unverified. */
export type LegResult =
  | {
      schema: "agent-flow/leg@1";
      kind: "agent";
      seq: number;
      step: string;
      index: number;
      result: AgentResult;
      attempts: number;
      started_at: string | null;
      finished_at: string | null;
    }
  | {
      schema: "agent-flow/leg@1";
      kind: "check";
      seq: number;
      step: string;
      index: 0;
      summary: CheckSummary;
    };

export const LEG_FILES = {
  result: "result.json",
  bundle: "agent.bundle",
  output: "output",
} as const;

/** The ref an agent's commit has inside agent.bundle. */
export const LEG_BUNDLE_REF = "refs/agent-flow-leg/commit";

/** Where advance fetches a leg's bundle before it is verified (outside the run's refs). */
export const quarantineRef = (runId: string, index: number): string =>
  `refs/agent-flow-quarantine/${runId}/${index}`;
