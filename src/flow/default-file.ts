/** The flow file a command reads when none is named, relative to the repository's root. */
export const DEFAULT_FLOW_FILE = "agents/flow.yaml";
