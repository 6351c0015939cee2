import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/github/client.js";
import { GitHubApiError } from "../../src/github/errors.js";
import {
  closePullRequest,
  createOrUpdatePullRequest,
  findOpenPullRequest,
  MAX_BODY_CHARS,
  type PullRequestSpec,
} from "../../src/github/pulls.js";
import { parseGitHubRemote } from "../../src/github/remote.js";
import { WRITE_SPACING, writeSpacing } from "../../src/github/write-spacing.js";
import { FakeGitHub, SUBSET_FILE } from "../helpers/github-api.js";

const TOKEN = "ghs_fakeTokenForTests0123456789";
const BRANCH = "feature/add-export-20250101-120000-0a1b2c3d";

let fake: FakeGitHub;
let client: GitHubClient;
let logs: string[];

function makeClient(token = TOKEN): GitHubClient {
  // spaceWrites off: GitHub's 1 s / 3 s spacing of writes would otherwise make each test wait seconds.
  return createGitHubClient({
    token,
    baseUrl: fake.url,
    minRetryAfterMs: 10,
    spaceWrites: false,
    log: (m) => logs.push(m),
  });
}

function spec(over: Partial<PullRequestSpec> = {}): PullRequestSpec {
  return {
    owner: "o",
    repo: "r",
    head: BRANCH,
    base: "main",
    title: "add-export: export to CSV",
    body: "## add-export\n\nExport to CSV.\n",
    draft: false,
    labels: [],
    reviewers: [],
    ...over,
  };
}

const ops = (from = 0) => fake.requests.slice(from).map((r) => `${r.method} ${r.operationId}`);

async function rejection(p: Promise<unknown>): Promise<GitHubApiError> {
  const err = await p.then(
    () => new Error("expected a rejection"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitHubApiError);
  return err as GitHubApiError;
}

beforeEach(async () => {
  fake = await FakeGitHub.start(TOKEN);
  fake.addRepo("o", "r", { branches: ["main", "develop", BRANCH] });
  logs = [];
  client = makeClient();
});

afterEach(async () => {
  // Every request the code under test sent matched GitHub's description, and so did every answer.
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("createOrUpdatePullRequest", () => {
  it("creates the pull request when none is open for the branch", async () => {
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r).toEqual({
      action: "created",
      number: 1,
      url: "http://github.test/o/r/pull/1",
      labelsAdded: [],
      reviewersRequested: [],
      draft: false,
    });
    expect(ops()).toEqual(["GET pulls/list", "POST pulls/create"]);
    expect(fake.requests[0]?.query).toMatchObject({ state: "open", head: `o:${BRANCH}` });
    expect(fake.requests[1]?.body).toEqual({
      head: BRANCH,
      base: "main",
      title: "add-export: export to CSV",
      body: "## add-export\n\nExport to CSV.\n",
      draft: false,
    });
    expect(fake.pulls("o", "r")).toMatchObject([
      { number: 1, head: BRANCH, base: "main", state: "open", draft: false },
    ]);
  });

  it("opens a draft when asked, and a ready one where drafts are not available", async () => {
    const r = await createOrUpdatePullRequest(client, spec({ draft: true }));
    expect(r).toMatchObject({ action: "created", draft: true });
    expect(fake.pulls("o", "r")[0]?.draft).toBe(true);

    fake.addRepo("o", "private", { branches: ["main", BRANCH], drafts: false });
    const p = await createOrUpdatePullRequest(client, spec({ repo: "private", draft: true }));
    expect(p).toMatchObject({ action: "created", draft: false });
    expect(fake.requestsTo("pulls/create").map((q) => (q.body as { draft: boolean }).draft)).toEqual([
      true,
      true,
      false,
    ]);
    expect(logs.join("\n")).toMatch(/does not support draft pull requests/);
  });

  it("updates the body when it changed, sending only the changed field", async () => {
    await createOrUpdatePullRequest(client, spec());
    const from = fake.requests.length;
    const r = await createOrUpdatePullRequest(client, spec({ body: "## add-export\n\nNow with tests.\n" }));
    expect(r).toMatchObject({ action: "updated", number: 1 });
    expect(ops(from)).toEqual(["GET pulls/list", "PATCH pulls/update"]);
    expect(fake.requests.at(-1)?.body).toEqual({ body: "## add-export\n\nNow with tests.\n" });
    expect(fake.pulls("o", "r")[0]?.body).toBe("## add-export\n\nNow with tests.\n");
  });

  it("is unchanged when the same spec comes again: no write is sent", async () => {
    await createOrUpdatePullRequest(client, spec({ labels: ["agent-flow"], reviewers: ["alice"] }));
    const from = fake.requests.length;
    const r = await createOrUpdatePullRequest(client, spec({ labels: ["agent-flow"], reviewers: ["alice"] }));
    expect(r).toEqual({
      action: "unchanged",
      number: 1,
      url: "http://github.test/o/r/pull/1",
      labelsAdded: [],
      reviewersRequested: [],
      draft: false,
    });
    expect(ops(from)).toEqual(["GET pulls/list"]);
  });

  it("treats a body GitHub stored with CRLF line ends as unchanged", async () => {
    await createOrUpdatePullRequest(client, spec());
    const stored = fake.pulls("o", "r")[0];
    if (stored) stored.body = (stored.body ?? "").replace(/\n/g, "\r\n");
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r.action).toBe("unchanged");
  });

  it("adds labels and requests reviewers once, users and org/team apart", async () => {
    const s = spec({
      labels: ["agent-flow", "automated", "Agent-Flow"],
      reviewers: ["@alice", "o/core", "alice"],
    });
    const r = await createOrUpdatePullRequest(client, s);
    expect(r).toMatchObject({ action: "created", labelsAdded: ["agent-flow", "automated"] });
    expect(r.reviewersRequested).toEqual(["alice", "o/core"]);
    expect(fake.requestsTo("issues/add-labels").map((q) => q.body)).toEqual([
      { labels: ["agent-flow", "automated"] },
    ]);
    expect(fake.requestsTo("pulls/request-reviewers").map((q) => q.body)).toEqual([
      { reviewers: ["alice"], team_reviewers: ["core"] },
    ]);

    // Again, plus one new label and one new reviewer: only those are sent.
    const again = await createOrUpdatePullRequest(client, {
      ...s,
      labels: [...s.labels, "needs-review"],
      reviewers: [...s.reviewers, "bob"],
    });
    expect(again).toMatchObject({
      action: "updated",
      labelsAdded: ["needs-review"],
      reviewersRequested: ["bob"],
    });
    expect(fake.requestsTo("issues/add-labels").at(-1)?.body).toEqual({ labels: ["needs-review"] });
    expect(fake.requestsTo("pulls/request-reviewers").at(-1)?.body).toEqual({ reviewers: ["bob"] });
    expect(fake.requestsTo("pulls/update")).toHaveLength(0);
    expect(fake.pulls("o", "r")[0]).toMatchObject({
      labels: ["agent-flow", "automated", "needs-review"],
      requested_reviewers: ["alice", "bob"],
      requested_teams: ["core"],
    });
  });

  it("does not ask the author, nor someone who reviewed already", async () => {
    const s = spec({ reviewers: ["agent-flow-bot", "bob"] });
    const r = await createOrUpdatePullRequest(client, s);
    expect(r.reviewersRequested).toEqual(["bob"]);
    expect(logs.join("\n")).toMatch(/not requesting a review from agent-flow-bot/);

    fake.submitReview("o", "r", 1, "bob");
    const from = fake.requests.length;
    const again = await createOrUpdatePullRequest(client, s);
    expect(again).toMatchObject({ action: "unchanged", reviewersRequested: [] });
    expect(ops(from)).toEqual(["GET pulls/list", "GET pulls/list-reviews"]);
  });

  it("moves the pull request to a new base", async () => {
    await createOrUpdatePullRequest(client, spec());
    const r = await createOrUpdatePullRequest(client, spec({ base: "develop" }));
    expect(r.action).toBe("updated");
    expect(fake.requests.at(-1)?.body).toEqual({ base: "develop" });
    expect(fake.pulls("o", "r")[0]?.base).toBe("develop");
  });

  it("cuts a body longer than GitHub accepts, saying so", async () => {
    const r = await createOrUpdatePullRequest(client, spec({ body: `${"x".repeat(70_000)}` }));
    expect(r.action).toBe("created");
    const body = fake.pulls("o", "r")[0]?.body ?? "";
    expect(Array.from(body).length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).toMatch(/cut to fit GitHub's 65536-character limit/);
    // The cut body is what is compared next time: unchanged, not an endless update.
    const again = await createOrUpdatePullRequest(client, spec({ body: `${"x".repeat(70_000)}` }));
    expect(again.action).toBe("unchanged");
  });

  it("finds and updates the pull request a concurrent run created first (422 already exists)", async () => {
    await createOrUpdatePullRequest(client, spec({ title: "the other run" }));
    // The race: our look-up saw no pull request, the other run created it before our create.
    fake.failNext("pulls/list", { status: 200, body: [] });
    const from = fake.requests.length;
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r).toMatchObject({ action: "updated", number: 1 });
    expect(ops(from)).toEqual([
      "GET pulls/list",
      "POST pulls/create",
      "GET pulls/list",
      "PATCH pulls/update",
    ]);
    expect(fake.requests[from + 1]?.status).toBe(422);
    expect(fake.pulls("o", "r")).toHaveLength(1);
    expect(fake.pulls("o", "r")[0]?.title).toBe("add-export: export to CSV");
  });
});

describe("retries", () => {
  it("retries a 500 and succeeds", async () => {
    fake.failNext("pulls/create", { status: 500, body: { message: "Server Error" } });
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r.action).toBe("created");
    expect(fake.requestsTo("pulls/create").map((q) => q.status)).toEqual([500, 201]);
    expect(logs.join("\n")).toMatch(/GitHub answered 500 for POST .*retry 1 of 3/);
  });

  it("gives up on a server error after `retries` retries, saying so", async () => {
    fake.failNext("pulls/create", { status: 502, body: { message: "Bad Gateway" } }, 10);
    const err = await rejection(createOrUpdatePullRequest(client, spec()));
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/GitHub answered 502 \(a server error\) after 3 retries/);
    expect(fake.requestsTo("pulls/create")).toHaveLength(4);
  });

  it("honours Retry-After on a 503 (the wait measured on the server is >= 1 s)", async () => {
    fake.failNext("pulls/create", {
      status: 503,
      headers: { "retry-after": "1" },
      body: { message: "Service Unavailable" },
    });
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r.action).toBe("created");
    const [first, second] = fake.requestsTo("pulls/create");
    // minRetryAfterMs is 10 here, so without Retry-After the retry would come after ~10 ms.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("waits out a secondary rate limit (403 + Retry-After: 1), then succeeds", async () => {
    fake.failNext("pulls/create", {
      status: 403,
      headers: { "retry-after": "1" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r.action).toBe("created");
    const creates = fake.requestsTo("pulls/create");
    expect(creates.map((q) => q.status)).toEqual([403, 201]);
    // A real wait: the throttling plugin sleeps Retry-After seconds (not shortened by minRetryAfterMs).
    expect((creates[1]?.at ?? 0) - (creates[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(logs.join("\n")).toMatch(/secondary rate limit hit by POST .*retry 1 of 3 in 1 s/);
  });
});

describe("errors say what to fix", () => {
  it("unreachable API: retried, then says where it tried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createGitHubClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      minRetryAfterMs: 5,
      spaceWrites: false,
      log: (m) => logs.push(m),
    });
    const err = await rejection(findOpenPullRequest(offline, { owner: "o", repo: "r" }, BRANCH));
    expect(err.status).toBe(0);
    expect(err.message).toMatch(
      new RegExp(
        `GitHub could not be reached at http://127.0.0.1:${port} after 3 retries .*check the network, a proxy, or GITHUB_API_URL`,
      ),
    );
    expect(logs.filter((l) => /could not be reached for GET/.test(l))).toHaveLength(3);
  });

  it("exhausted rate limit resetting later than worth waiting: fails at once, says when it resets", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    fake.failNext("pulls/list", {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: {
        message: "API rate limit exceeded for installation ID 1.",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const err = await rejection(createOrUpdatePullRequest(client, spec()));
    expect(err.message).toContain(
      `GitHub's rate limit stopped it; it resets at ${new Date(reset * 1000).toISOString()}`,
    );
    expect(fake.requests).toHaveLength(1);
    expect(logs.join("\n")).toMatch(/longer than the 300 s worth waiting/);
  });

  it("403 'Actions is not permitted': names the setting; not retried", async () => {
    fake.failNext("pulls/create", {
      status: 403,
      body: {
        message: "GitHub Actions is not permitted to create or approve pull requests.",
        documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
      },
    });
    const err = await rejection(createOrUpdatePullRequest(client, spec()));
    expect(err.status).toBe(403);
    expect(err.operation).toBe(`create the pull request ${BRANCH} -> main in o/r`);
    expect(err.message).toContain(
      "Actions is not permitted to create pull requests in this repository: enable 'Allow GitHub Actions to create and approve pull requests' in Settings -> Actions -> General (or use a PAT/App token)",
    );
    expect(fake.requestsTo("pulls/create")).toHaveLength(1);
  });

  it("403 without rate-limit headers: the permission the token lacks; not retried", async () => {
    fake.failNext("issues/add-labels", {
      status: 403,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const err = await rejection(createOrUpdatePullRequest(client, spec({ labels: ["x"] })));
    expect(err.message).toMatch(
      /^cannot add labels x to #1 in o\/r: the token lacks permission: pull-requests: write/,
    );
    expect(err.message).toContain("Resource not accessible by integration");
    expect(fake.requestsTo("issues/add-labels")).toHaveLength(1);
  });

  it("401: the token is bad; not retried; the token appears nowhere", async () => {
    const bad = makeClient("ghp_wrongWrongWrong");
    const err = await rejection(createOrUpdatePullRequest(bad, spec()));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(
      /GitHub rejected the token \(401 Bad credentials\): it is expired, revoked or mistyped/,
    );
    expect(fake.requests).toHaveLength(1);
    const everything = [err.message, inspect(err, { depth: 10 }), ...logs].join("\n");
    expect(everything).not.toContain("ghp_wrongWrongWrong");
  });

  it("404: the repository is missing or invisible to the token", async () => {
    const err = await rejection(createOrUpdatePullRequest(client, spec({ repo: "missing" })));
    expect(err.status).toBe(404);
    expect(err.message).toContain(
      "not found: o/missing (or what the call names in it) does not exist, or the token cannot see it; this call needs pull-requests: read on o/missing",
    );
  });

  it("422: lists what GitHub refused (base missing, head not pushed, no commits)", async () => {
    const noBase = await rejection(createOrUpdatePullRequest(client, spec({ base: "release" })));
    expect(noBase.status).toBe(422);
    expect(noBase.message).toContain("base branch 'release' does not exist in o/r");

    const noHead = await rejection(createOrUpdatePullRequest(client, spec({ head: "feature/not-pushed" })));
    expect(noHead.message).toContain(
      "head branch 'feature/not-pushed' does not exist in o/r; was it pushed?",
    );

    fake.failNext("pulls/create", {
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [
          { resource: "PullRequest", code: "custom", message: `No commits between main and ${BRANCH}` },
        ],
        documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
      },
    });
    const empty = await rejection(createOrUpdatePullRequest(client, spec()));
    expect(empty.message).toContain(
      `No commits between main and ${BRANCH}: nothing to propose; push the commits`,
    );
  });

  it("422 on reviewers: says to fix the reviewer list", async () => {
    fake.addRepo("o", "team", { branches: ["main", BRANCH], collaborators: ["alice"] });
    const err = await rejection(
      createOrUpdatePullRequest(client, spec({ repo: "team", reviewers: ["mallory"] })),
    );
    expect(err.message).toMatch(
      /Reviews may only be requested from collaborators.*drop them from the reviewers/,
    );
  });

  it("refuses a spec GitHub would refuse before calling it", async () => {
    const team = await rejection(createOrUpdatePullRequest(client, spec({ reviewers: ["other/core"] })));
    expect(team.message).toMatch(/only teams of the repository's organization 'o'/);
    expect(team.status).toBe(0);
    const same = await rejection(createOrUpdatePullRequest(client, spec({ head: "main" })));
    expect(same.message).toMatch(/head and base are the same branch 'main'/);
    const empty = await rejection(createOrUpdatePullRequest(client, spec({ title: " " })));
    expect(empty.message).toMatch(/title must not be empty/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("findOpenPullRequest and closePullRequest", () => {
  it("finds the open pull request of a branch", async () => {
    expect(await findOpenPullRequest(client, { owner: "o", repo: "r" }, BRANCH)).toBeNull();
    await createOrUpdatePullRequest(client, spec());
    expect(await findOpenPullRequest(client, { owner: "o", repo: "r" }, BRANCH)).toEqual({
      number: 1,
      url: "http://github.test/o/r/pull/1",
    });
  });

  it("closes it with a comment; then there is nothing to close", async () => {
    await createOrUpdatePullRequest(client, spec());
    const n = await closePullRequest(client, { owner: "o", repo: "r" }, BRANCH, "Superseded by run 2.");
    expect(n).toBe(1);
    expect(fake.pulls("o", "r")[0]).toMatchObject({ state: "closed", comments: ["Superseded by run 2."] });
    expect(fake.requestsTo("pulls/update").at(-1)?.body).toEqual({ state: "closed" });
    expect(await closePullRequest(client, { owner: "o", repo: "r" }, BRANCH)).toBeNull();
    // A closed pull request is not reused: the next run opens a new one.
    const r = await createOrUpdatePullRequest(client, spec());
    expect(r).toMatchObject({ action: "created", number: 2 });
  });
});

describe("createGitHubClient", () => {
  it("keeps the token private", () => {
    const text = [
      JSON.stringify(client),
      inspect(client, { depth: 6, showHidden: true }),
      ...Object.keys(client),
    ].join("\n");
    expect(text).not.toContain(TOKEN);
    expect(Object.keys(client).sort()).toEqual(["baseUrl", "log", "request", "rest", "retries"]);
  });

  const SPACED_MIN_GAP_MS = 700;
  /** The writes a PR with labels and reviewers sends, timed where the client sends them. */
  async function timedWrites(spacing: string | undefined): Promise<{ url: string; at: number }[]> {
    // Timed where the client sends, not where the fake receives (arrival times add the fake's own delays).
    const sent: { method: string; url: string; at: number }[] = [];
    const realFetch = globalThis.fetch;
    const before = process.env[WRITE_SPACING];
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      sent.push({ method: init?.method ?? "GET", url, at: performance.now() });
      return realFetch(input, init);
    };
    // The suite runs with spacing off (vitest.config.ts); here the variable is what the case says.
    if (spacing === undefined) delete process.env[WRITE_SPACING];
    else process.env[WRITE_SPACING] = spacing;
    try {
      const c = createGitHubClient({ token: TOKEN, baseUrl: fake.url });
      await createOrUpdatePullRequest(c, spec({ labels: ["agent-flow"], reviewers: ["alice"] }));
    } finally {
      globalThis.fetch = realFetch;
      if (before === undefined) delete process.env[WRITE_SPACING];
      else process.env[WRITE_SPACING] = before;
    }
    return sent.filter((q) => q.method !== "GET");
  }

  it("spaces writes 1 s apart by default, as GitHub asks of integrations", async () => {
    const writes = await timedWrites(undefined);
    expect(writes.map((q) => q.url.replace(/.*\/(pulls|labels|requested_reviewers)$/, "$1"))).toEqual([
      "pulls",
      "labels",
      "requested_reviewers",
    ]);
    // Unspaced, each write follows the last one's answer from the local fake within milliseconds. Spaced,
    // 1000 ms apart as the client releases them; timers firing late on a loaded machine can eat into that
    // between release and send (868 ms was seen at a load of 25 on 2 cores), hence the bound.
    for (let i = 1; i < writes.length; i++)
      expect((writes[i]?.at ?? 0) - (writes[i - 1]?.at ?? Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(
        SPACED_MIN_GAP_MS,
      );
  });

  it("AGENT_FLOW_GITHUB_WRITE_SPACING=off sends the writes unspaced; a value it does not know is refused", async () => {
    const writes = await timedWrites("off");
    expect(writes).toHaveLength(3);
    // Spaced, the two gaps would take at least twice the bound above; unspaced, milliseconds each.
    expect((writes[2]?.at ?? 0) - (writes[0]?.at ?? 0)).toBeLessThan(2 * SPACED_MIN_GAP_MS);
    expect(writeSpacing({})).toBe(true);
    expect(writeSpacing({ [WRITE_SPACING]: "on" })).toBe(true);
    expect(writeSpacing({ [WRITE_SPACING]: "off" })).toBe(false);
    expect(() => writeSpacing({ [WRITE_SPACING]: "0" })).toThrow(
      "AGENT_FLOW_GITHUB_WRITE_SPACING='0' must be 'on' (the default: writes spaced as GitHub asks) or 'off'",
    );
  });

  it("refuses an empty token and a token with whitespace inside", () => {
    expect(() => createGitHubClient({ token: "  " })).toThrow(/no GitHub token/);
    expect(() => createGitHubClient({ token: "abc\ndef" })).toThrow(/contains whitespace/);
  });

  it("defaults to $GITHUB_API_URL, then api.github.com", () => {
    const saved = process.env.GITHUB_API_URL;
    try {
      process.env.GITHUB_API_URL = "https://ghes.example.com/api/v3/";
      expect(createGitHubClient({ token: "t" }).baseUrl).toBe("https://ghes.example.com/api/v3");
      delete process.env.GITHUB_API_URL;
      expect(createGitHubClient({ token: "t" }).baseUrl).toBe("https://api.github.com");
    } finally {
      if (saved === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved;
    }
  });
});

describe("the fake GitHub's validation", () => {
  it("catches requests GitHub's description does not allow", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      // pulls/create requires head
      ["POST /repos/{owner}/{repo}/pulls", { owner: "o", repo: "r", base: "main", title: "x" }],
      // draft must be a boolean
      [
        "POST /repos/{owner}/{repo}/pulls",
        { owner: "o", repo: "r", head: BRANCH, base: "main", draft: "yes" },
      ],
      // a misspelt field GitHub would silently ignore
      [
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
        { owner: "o", repo: "r", pull_number: 1, reviewer: ["a"] },
      ],
      // state is open|closed|all
      ["GET /repos/{owner}/{repo}/pulls", { owner: "o", repo: "r", state: "merged" }],
      // pull_number is an integer
      ["GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: "first" }],
      // no such route
      ["GET /repos/{owner}/{repo}/pulls/{pull_number}/bogus", { owner: "o", repo: "r", pull_number: 1 }],
    ];
    const statuses: number[] = [];
    for (const [route, params] of attempts) {
      statuses.push(
        await client.request(route, params).then(
          (r) => r.status,
          (e: { status: number }) => e.status,
        ),
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 404]);
    const v = fake.violations.join("\n");
    expect(v).toMatch(/POST \/repos\/o\/r\/pulls \(pulls\/create\): body must have required property 'head'/);
    expect(v).toMatch(/body\/draft must be boolean/);
    expect(v).toMatch(/\(pulls\/request-reviewers\): body: unknown field 'reviewer'/);
    expect(v).toMatch(/query parameter 'state'="merged" must be equal to one of the allowed values/);
    expect(v).toMatch(/path parameter 'pull_number'="first" must be integer/);
    expect(v).toMatch(/GET \/repos\/o\/r\/pulls\/1\/bogus: no such operation/);
    // 400s are not retried (doNotRetry); nothing reached the store.
    expect(fake.requests).toHaveLength(attempts.length);
    expect(fake.pulls("o", "r")).toEqual([]);
    fake.violations.length = 0;
  });

  it("uses a subset of a named @octokit/openapi version", () => {
    const subset = JSON.parse(readFileSync(SUBSET_FILE, "utf8")) as { source: string; operations: string[] };
    expect(subset.source).toMatch(/^@octokit\/openapi@\d+\.\d+\.\d+$/);
    expect(fake.source).toBe(subset.source);
    expect(subset.operations).toContain("pulls/create");
  });

  const openapiPresent = ((): boolean => {
    if (process.env.OCTOKIT_OPENAPI_DIR) return true;
    try {
      createRequire(import.meta.url).resolve("@octokit/openapi/package.json");
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openapiPresent)("the committed subset is what scripts/openapi-subset.mjs makes now", () => {
    const r = spawnSync(process.execPath, ["scripts/openapi-subset.mjs", "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("parseGitHubRemote", () => {
  const cases: [string, string | undefined, { owner: string; repo: string } | null][] = [
    ["https://github.com/o/r", undefined, { owner: "o", repo: "r" }],
    ["https://github.com/o/r.git", undefined, { owner: "o", repo: "r" }],
    ["https://github.com/o/r/", undefined, { owner: "o", repo: "r" }],
    ["https://x-access-token:ghs_abc@github.com/o/r.git", undefined, { owner: "o", repo: "r" }],
    ["https://user@GitHub.com/Octo-Org/my.repo.git", undefined, { owner: "Octo-Org", repo: "my.repo" }],
    ["git@github.com:o/r.git", undefined, { owner: "o", repo: "r" }],
    ["git@github.com:o/r", undefined, { owner: "o", repo: "r" }],
    ["ssh://git@github.com/o/r.git", undefined, { owner: "o", repo: "r" }],
    ["ssh://git@github.com:22/o/r", undefined, { owner: "o", repo: "r" }],
    ["git://github.com/o/r.git", undefined, { owner: "o", repo: "r" }],
    ["https://github.example.com/o/r.git", "https://github.example.com", { owner: "o", repo: "r" }],
    ["git@github.example.com:o/r.git", "https://github.example.com/", { owner: "o", repo: "r" }],
    ["https://example.com/github/o/r", "https://example.com/github", { owner: "o", repo: "r" }],
    ["https://github.example.com/o/r.git", undefined, null],
    ["https://github.com/o/r.git", "https://github.example.com", null],
    ["https://gitlab.com/o/r.git", undefined, null],
    ["https://github.com/o", undefined, null],
    ["https://github.com/o/r/pull/1", undefined, null],
    ["/home/me/repos/r", undefined, null],
    ["../r.git", undefined, null],
    ["C:\\repos\\r", undefined, null],
    ["", undefined, null],
  ];
  it.each(cases)("%s (server %s)", (url, server, expected) => {
    expect(parseGitHubRemote(url, server)).toEqual(expected);
  });
});
