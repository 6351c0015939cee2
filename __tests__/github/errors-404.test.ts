import { describe, expect, it } from "vitest";
import { toGitHubApiError } from "../../src/github/errors.js";

/** What Octokit throws for a 404: an Error with the status and GitHub's answer. */
function notFound(): Error {
  return Object.assign(new Error("Not Found"), {
    status: 404,
    response: { data: { message: "Not Found" }, headers: {} },
  });
}

const ref = { owner: "o", repo: "r" };

describe("a 404 names the permission of the call that got it", () => {
  it.each([
    ["comment on issue #3", "issues: write"],
    ["delete the Actions cache k", "actions: write"],
    ["delete the branch feature/x-1", "contents: write"],
    ["create the pull request a -> main in o/r", "pull-requests: write"],
  ])("%s: needs %s", (operation, permission) => {
    const err = toGitHubApiError(notFound(), { operation, permission, ref });
    expect(err.status).toBe(404);
    expect(err.message).toBe(
      `cannot ${operation}: not found: o/r (or what the call names in it) does not exist, or the token cannot see it; this call needs ${permission} on o/r`,
    );
    // The pull request's permissions are no longer said for every call.
    if (!permission.startsWith("pull-requests")) expect(err.message).not.toContain("pull-requests");
  });
});
