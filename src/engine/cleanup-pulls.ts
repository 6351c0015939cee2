import { openGitHubClient } from "../github/open-client.js";
import { findOpenPullRequest } from "../github/pulls.js";
import { parseGitHubRemote } from "../github/remote.js";
import type { PullRecord } from "./cleanup-types.js";
import type { Git } from "./git.js";
import { remoteUrl } from "./git-ops.js";
import { githubToken } from "./publish.js";

/**
 * Asks GitHub whether a run branch's pull request is open, for cleanup: through the remote the run
 * pushed to (only one configured in this repository, never a URL from the run's records) and the token
 * the commit step uses. Null when that cannot be known: no token, no GitHub remote, GitHub unreachable.
 */
export function pullRequestChecker(
  git: Git,
  env: NodeJS.ProcessEnv,
): (branch: string, pull: PullRecord) => Promise<boolean | null> {
  const token = githubToken(env);
  return async (branch, pull) => {
    if (!token || pull.remote === null) return null;
    const url = await remoteUrl(git, pull.remote);
    const repo = url ? parseGitHubRemote(url, env.GITHUB_SERVER_URL) : null;
    if (!repo) return null;
    try {
      const client = await openGitHubClient({ token, baseUrl: env.GITHUB_API_URL || undefined, retries: 1 });
      return (await findOpenPullRequest(client, repo, branch)) !== null;
    } catch {
      return null;
    }
  };
}
