import { resolve } from "node:path";

/** The flow file a command reads when none is named, relative to the repository's root. */
export const DEFAULT_FLOW_FILE = "agents/flow.yaml";

/** The default flow file of the repository at `root` (outside one, `undefined`: in `cwd`). */
export function defaultFlowIn(root: string | undefined, cwd: string): string {
  return resolve(root ?? cwd, DEFAULT_FLOW_FILE);
}
