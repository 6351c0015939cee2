import type { GitHubClient, GitHubClientOptions } from "./client.js";

/**
 * createGitHubClient with Octokit loaded on first use: the engine imports this, so a local run that
 * opens no pull request (and every `agent-flow` command that reaches no API) never reads or evaluates
 * Octokit and its plugins (issue 12's cold start and the run's memory).
 */
export async function openGitHubClient(opts: GitHubClientOptions): Promise<GitHubClient> {
  const { createGitHubClient } = await import("./client.js");
  return createGitHubClient(opts);
}
