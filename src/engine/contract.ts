import type { AgentSpec } from "../flow/schema.js";

export interface ContractInput {
  runId: string;
  feature: string;
  baseBranch: string;
  runDir: string;
  outputDir: string;
  inputDir: string;
  promptFile: string | null;
  triggersDir: string;
  agent: AgentSpec;
  with: Record<string, string>;
}

/** The environment every agent gets (DESIGN.md, "Agents"); `with:` values arrive as AGENT_<KEY>. */
export function agentEnvironment(c: ContractInput): Record<string, string> {
  const env: Record<string, string> = {
    ...c.agent.env,
    RUN_ID: c.runId,
    AGENT_NAME: c.agent.name,
    FEATURE_NAME: c.feature,
    BASE_BRANCH: c.baseBranch,
    AGENT_MODE: c.with.mode ?? "",
    AGENT_RUN_DIR: c.runDir,
    AGENT_OUTPUT: c.outputDir,
    AGENT_INPUT: c.inputDir,
    AGENT_WRITES: c.agent.writes.join(" "),
    AGENT_TRIGGERS: c.triggersDir,
  };
  if (c.promptFile) env.AGENT_PROMPT_FILE = c.promptFile;
  for (const [k, v] of Object.entries(c.with)) env[`AGENT_${k.toUpperCase()}`] = v;
  return env;
}
