// Read by the run command at its start (a bad value is refused before anything runs) and by the client;
// apart from client.ts so that reading it loads no Octokit.

export const WRITE_SPACING = "AGENT_FLOW_GITHUB_WRITE_SPACING";

/**
 * `AGENT_FLOW_GITHUB_WRITE_SPACING=off` turns the spacing of writes off for every client a process opens
 * without saying (the CLI's and the action's): for a local server (tests, a GitHub stand-in), where each
 * pull request would otherwise wait seconds for nothing. `on` or unset: spaced, as GitHub asks.
 */
export function writeSpacing(env: NodeJS.ProcessEnv): boolean {
  const v = env[WRITE_SPACING] ?? "";
  if (v === "" || v === "on") return true;
  if (v === "off") return false;
  throw new Error(
    `${WRITE_SPACING}='${v}' must be 'on' (the default: writes spaced as GitHub asks) or 'off'`,
  );
}
