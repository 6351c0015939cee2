import { readFile, readlink, rm } from "node:fs/promises";
import { join } from "node:path";
import { createGitHubClient } from "../github/client.js";
import { closePullRequest } from "../github/pulls.js";
import { parseGitHubRemote } from "../github/remote.js";
import { liveEngineGate } from "../run/run-lock.js";
import type { RunStatus } from "../run/status.js";
import { LATEST, readStatus, runDir, triggerDir } from "../run/store.js";
import type { Git } from "./git.js";
import { githubToken } from "./publish.js";

export class RollbackRefused extends Error {}

/**
 * The guide's rollback: removes everything a run made (its branch here and on the remote, optionally its
 * pull request, its private refs, trigger files and run folder). Refuses a run that is still running.
 */
export async function rollbackRun(args: {
  root: string;
  git: Git;
  runId: string;
  closePr: boolean;
  /** Assume a run's engine that still counts as alive is gone (see liveEngineGate). */
  force?: boolean;
  env: NodeJS.ProcessEnv;
  log(text: string): void;
}): Promise<void> {
  const { root, git, runId } = args;
  const status: RunStatus = await readStatus(root, runId);
  const gate = liveEngineGate(root, status, args.force === true, "cancel it first");
  if (gate && "refused" in gate) throw new RollbackRefused(gate.refused);
  if (gate) args.log(`warning: ${gate.assumed}`);
  const info = await readFile(join(runDir(root, runId), "branch_info.json"), "utf8").then(
    (t) =>
      JSON.parse(t) as {
        branch: string;
        remote: string | null;
        remote_url: string | null;
        pushed_sha: string | null;
      },
    () => undefined,
  );
  const branch = info?.branch ?? status.branch ?? null;
  if (branch) {
    const listed = await git.out(["worktree", "list", "--porcelain"]);
    if (listed.split("\n").includes(`branch refs/heads/${branch}`)) {
      throw new RollbackRefused(
        `branch '${branch}' is checked out; switch to another branch first (git checkout ${status.base_branch})`,
      );
    }
    if (args.closePr && info?.remote_url) {
      const repo = parseGitHubRemote(info.remote_url, args.env.GITHUB_SERVER_URL);
      const token = githubToken(args.env);
      if (!repo || !token)
        throw new RollbackRefused(
          `--close-pr needs a GitHub remote and GITHUB_TOKEN (or GH_TOKEN); nothing was removed`,
        );
      const closed = await closePullRequest(
        createGitHubClient({ token, baseUrl: args.env.GITHUB_API_URL || undefined }),
        repo,
        branch,
        `Rolled back: agent-flow run ${runId}.`,
      );
      args.log(closed ? `closed pull request #${closed}` : "no open pull request to close");
    }
    if (info?.remote && info.pushed_sha) {
      // With a lease: a branch someone else has pushed to since is reported, not deleted.
      const r = await git.exec(
        [
          "push",
          "--porcelain",
          `--force-with-lease=refs/heads/${branch}:${info.pushed_sha}`,
          info.remote,
          `:refs/heads/${branch}`,
        ],
        { allowFailure: true },
      );
      if (r.exitCode !== 0 && !/remote ref does not exist/.test(r.stderr)) {
        throw new RollbackRefused(
          `could not delete ${info.remote}/${branch}: ${(r.stderr || r.stdout).trim()}`,
        );
      }
      args.log(`deleted ${info.remote}/${branch}`);
    }
    if (await git.revParse(`refs/heads/${branch}`)) {
      await git.exec(["update-ref", "-d", `refs/heads/${branch}`]);
      args.log(`deleted branch ${branch}`);
    }
  }
  const refs = (await git.out(["for-each-ref", "--format=%(refname)", `refs/agent-flow/${runId}/`]))
    .split("\n")
    .filter(Boolean);
  if (refs.length > 0)
    await git.exec(["update-ref", "--stdin"], { input: refs.map((r) => `delete ${r}\n`).join("") });
  args.log(`deleted ${refs.length} private ref(s)`);
  const latest = await readlink(join(root, LATEST)).catch(() => "");
  if (latest.includes(runId)) {
    await rm(join(root, LATEST), { force: true });
    args.log("removed docs/status/latest, which pointed to this run");
  }
  await rm(triggerDir(root, runId), { recursive: true, force: true });
  await rm(runDir(root, runId), { recursive: true, force: true });
  args.log(`removed ${join("docs/status/runs", runId)}`);
}
