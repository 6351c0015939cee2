import { spawnSync } from "node:child_process";
// A fake GitHub REST API on 127.0.0.1 that checks every request against GitHub's own description of the
// operation (a subset of @octokit/openapi, __tests__/fixtures/github-openapi-subset.json, made by
// scripts/openapi-subset.mjs) and keeps enough state for create-then-update flows.
//
// Checked per request, each failure recorded in `violations` and answered 400 (404 for an unknown route):
//   - method + path match an operation of the description;
//   - path and query parameters: known, required ones present, values of the described type and enum;
//   - the JSON body: present when required, and valid (ajv) against the operation's requestBody schema,
//     closed with additionalProperties: false so a misspelt field ("reviewer") is caught, not ignored.
// Checked per answer (so the fake cannot drift from GitHub's shape): every field the fake sends exists in
// the operation's response schema with the described type. `required` is not enforced on answers: the fake
// sends only the fields a client reads.
// Not checked: a 404 answer on an operation that does not list 404, formats (uri, date-time), headers other than Authorization, and GitHub's server-side
// rules beyond the few modelled below (branches exist, one open pull request per head and base, reviewers
// are collaborators and not the author, drafts supported).
import { readFileSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
}

interface Operation {
  operationId: string;
  summary: string;
  parameters: Parameter[];
  requestBody: { required: boolean; schema: Schema | null } | null;
  responses: Record<string, { schema: Schema | null }>;
}

interface Subset {
  source: string;
  paths: Record<string, Record<string, Operation>>;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  literal: number;
  op: Operation;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** operationId, or null for a route the description does not have. */
  operationId: string | null;
  body: unknown;
  status: number;
  /** Whether the answer came from failNext(). */
  injected: boolean;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string | null;
  draft: boolean;
  state: "open" | "closed";
  labels: string[];
  requested_reviewers: string[];
  requested_teams: string[];
  reviews: { user: string; state: string }[];
  comments: string[];
  user: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface FakeCache {
  id: number;
  key: string;
  ref: string;
  created_at: string;
  last_accessed_at: string;
  size_in_bytes: number;
}

export interface FakeComment {
  id: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

interface FakeRepo {
  owner: string;
  repo: string;
  branches: Set<string>;
  protectedBranches: Set<string>;
  caches: FakeCache[];
  /** Role per user (lower case): admin, maintain, write, triage, read. */
  roles: Map<string, string>;
  /** Comments per plain issue (pull requests keep theirs in FakePull). */
  issues: Map<number, FakeComment[]>;
  /** A bare repository on disk standing in for the repository's git storage: its branches count too. */
  gitDir?: string;
  collaborators: Set<string> | null;
  drafts: boolean;
  pulls: FakePull[];
}

export interface RepoSetup {
  /** Branches that exist; default ["main"]. */
  branches?: string[];
  /** A bare repository the code under test pushes to: a branch pushed there exists here too. */
  gitDir?: string;
  /** Users who can be asked for a review (lower case compared); default: anyone. */
  collaborators?: string[];
  /** Whether draft pull requests are available (not on free private repositories); default true. */
  drafts?: boolean;
  /** Branches with protection rules: GitHub refuses to delete them. */
  protectedBranches?: string[];
}

function hasBranch(repo: { branches: Set<string>; gitDir?: string }, branch: string): boolean {
  if (repo.branches.has(branch)) return true;
  if (!repo.gitDir) return false;
  return (
    spawnSync("git", ["--git-dir", repo.gitDir, "rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])
      .status === 0
  );
}

export const SUBSET_FILE = new URL("../fixtures/github-openapi-subset.json", import.meta.url);
// Shared by all fakes of a test file: compiling the pull-request schemas takes a while.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();
const DOCS = "https://docs.github.com/rest";

/** Returns a deep copy with additionalProperties: false on every object schema that lists properties. */
function closeSchema(schema: unknown, dropRequired: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closeSchema(s, dropRequired));
  if (!schema || typeof schema !== "object") return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (k === "required" && dropRequired) continue;
    if (k === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(v as Schema).map(([name, sub]) => [name, closeSchema(sub, dropRequired)]),
      );
    } else if (k === "oneOf" && dropRequired) {
      // Without `required`, object branches overlap; "matches one of them" is what is meant.
      out.anyOf = closeSchema(v, dropRequired);
    } else if (["items", "oneOf", "anyOf", "not", "additionalProperties"].includes(k)) {
      out[k] = closeSchema(v, dropRequired);
    } else out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function formatErrors(errors: ErrorObject[] | null | undefined, what: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${what}${e.instancePath}`;
    if (e.keyword === "additionalProperties") {
      return `${at}: unknown field '${String((e.params as { additionalProperty: string }).additionalProperty)}'`;
    }
    if (e.keyword === "enum") {
      return `${at} ${e.message}: ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}`;
    }
    return `${at} ${e.message ?? e.keyword}`;
  });
}

function user(login: string, id = 1000): Json {
  return {
    login,
    id,
    node_id: `U_${login}`,
    avatar_url: `https://avatars.example/${login}`,
    gravatar_id: "",
    url: `https://api.github.test/users/${login}`,
    html_url: `http://github.test/${login}`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
  };
}

export class FakeGitHub {
  /** Every request, in order. */
  readonly requests: LoggedRequest[] = [];
  /** Everything that did not match GitHub's description: requests, and answers of the fake itself. */
  readonly violations: string[] = [];
  /** "@octokit/openapi@x.y.z" the checks come from. */
  readonly source: string;
  url = "";

  private readonly server: Server;
  private readonly routes: Route[] = [];
  private readonly faults: { key: string; fault: Fault; left: number }[] = [];
  private readonly repos = new Map<string, FakeRepo>();
  private nextId = 1;

  /**
   * @param token the token requests must carry (`Authorization: token X` or `Bearer X`); others get 401.
   * @param login the token's user: author of the pull requests it creates.
   */
  constructor(
    readonly token = "test-token",
    readonly login = "agent-flow-bot",
  ) {
    const subset = JSON.parse(readFileSync(SUBSET_FILE, "utf8")) as Subset;
    this.source = subset.source;
    for (const [template, methods] of Object.entries(subset.paths)) {
      const names: string[] = [];
      const pattern = template
        .split("/")
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
          names.push(m[1] as string);
          return "([^/]+)";
        })
        .join("/");
      const literal = template.split("/").filter((s) => s && !s.startsWith("{")).length;
      for (const [method, op] of Object.entries(methods)) {
        this.routes.push({
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}$`),
          names,
          literal,
          op,
        });
      }
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.violations.push(`fake server crashed on ${req.method} ${req.url}: ${String(err)}`);
        if (!res.headersSent) this.send(res, 500, { message: "fake server error" });
      });
    });
  }

  static async start(token?: string, login?: string): Promise<FakeGitHub> {
    const fake = new FakeGitHub(token, login);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addRepo(owner: string, repo: string, setup: RepoSetup = {}): void {
    this.repos.set(`${owner}/${repo}`.toLowerCase(), {
      owner,
      repo,
      branches: new Set(setup.branches ?? ["main"]),
      gitDir: setup.gitDir,
      collaborators: setup.collaborators ? new Set(setup.collaborators.map((c) => c.toLowerCase())) : null,
      drafts: setup.drafts ?? true,
      pulls: [],
      protectedBranches: new Set(setup.protectedBranches ?? []),
      caches: [],
      roles: new Map(),
      issues: new Map(),
    });
  }

  /** An Actions cache entry; returns its id. */
  addCache(owner: string, repo: string, key: string, at: Date, size = 1000): number {
    const r = this.mustRepo(owner, repo);
    const id = this.nextId++;
    const t = at.toISOString();
    r.caches.push({
      id,
      key,
      ref: "refs/heads/main",
      created_at: t,
      last_accessed_at: t,
      size_in_bytes: size,
    });
    return id;
  }

  caches(owner: string, repo: string): FakeCache[] {
    return this.repoOf(owner, repo)?.caches ?? [];
  }

  branches(owner: string, repo: string): string[] {
    return [...(this.repoOf(owner, repo)?.branches ?? [])].sort();
  }

  /** The user's role on the repository, as GET .../collaborators/{username}/permission reports it. */
  setRole(owner: string, repo: string, login: string, role: string): void {
    this.mustRepo(owner, repo).roles.set(login.toLowerCase(), role);
  }

  /** A plain issue (not a pull request), with no comments yet. */
  addIssue(owner: string, repo: string, number: number): void {
    this.mustRepo(owner, repo).issues.set(number, []);
  }

  issueComments(owner: string, repo: string, number: number): FakeComment[] {
    return this.repoOf(owner, repo)?.issues.get(number) ?? [];
  }

  private mustRepo(owner: string, repo: string): FakeRepo {
    const r = this.repoOf(owner, repo);
    if (!r) throw new Error(`no repository ${owner}/${repo} in the fake`);
    return r;
  }

  addBranch(owner: string, repo: string, branch: string): void {
    this.repoOf(owner, repo)?.branches.add(branch);
  }

  /** The stored pull requests of a repository (live objects: tests may edit them to set up a state). */
  pulls(owner: string, repo: string): FakePull[] {
    return this.repoOf(owner, repo)?.pulls ?? [];
  }

  /** As when `login` submits a review: GitHub then drops them from requested_reviewers. */
  submitReview(owner: string, repo: string, number: number, login: string, state = "APPROVED"): void {
    const pull = this.pulls(owner, repo).find((p) => p.number === number);
    if (!pull) throw new Error(`no pull request #${number} in ${owner}/${repo}`);
    pull.reviews.push({ user: login, state });
    pull.requested_reviewers = pull.requested_reviewers.filter(
      (r) => r.toLowerCase() !== login.toLowerCase(),
    );
  }

  /**
   * Answers the next `times` requests to an operation with `fault` instead of handling them. `key` is an
   * operationId ("pulls/create") or "METHOD /template" ("POST /repos/{owner}/{repo}/pulls"). A request
   * that breaks the description is answered 400 and does not consume a fault.
   */
  failNext(key: string, fault: Fault, times = 1): void {
    if (!this.routes.some((r) => r.op.operationId === key || `${r.method} ${r.template}` === key)) {
      throw new Error(`failNext: '${key}' is not an operation of the description`);
    }
    this.faults.push({ key, fault, left: times });
  }

  /** Requests to one operation (operationId or "METHOD /template"). */
  requestsTo(key: string): LoggedRequest[] {
    return this.requests.filter((r) => {
      const route = this.routes.find((x) => x.op.operationId === r.operationId);
      return r.operationId === key || (route && `${route.method} ${route.template}` === key);
    });
  }

  // -------------------------------------------------------------------------------------------------------

  private repoOf(owner: string, repo: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${repo}`.toLowerCase());
  }

  private validator(key: string, schema: Schema, dropRequired: boolean): ValidateFunction {
    const cacheKey = `${this.source} ${key}`;
    let v = validators.get(cacheKey);
    if (!v) {
      v = ajv.compile(closeSchema(schema, dropRequired) as Schema);
      validators.set(cacheKey, v);
    }
    return v;
  }

  private checkValue(key: string, p: Parameter, raw: string): string[] {
    const type = p.schema.type;
    let value: unknown = raw;
    if (type === "integer" || type === "number") {
      value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    } else if (type === "boolean") {
      value = raw === "true" ? true : raw === "false" ? false : raw;
    }
    const v = this.validator(`${key} param ${p.in}:${p.name}`, p.schema, false);
    return v(value) ? [] : formatErrors(v.errors, `${p.in} parameter '${p.name}'=${JSON.stringify(raw)}`);
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-github-request-id": `FAKE:${this.nextId++}`,
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      ...headers,
    });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query,
      operationId: null,
      body: undefined,
      status: 0,
      injected: false,
      at,
    };
    this.requests.push(entry);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      this.send(res, status, body, headers);
    };
    const problems: string[] = [];
    const label = `${method} ${url.pathname}`;

    const candidates = this.routes
      .filter((r) => r.regex.test(url.pathname))
      .sort((a, b) => b.literal - a.literal);
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      const known = candidates.map((r) => r.method).join(", ");
      this.violations.push(
        `${label}: no such operation in ${this.source}${known ? ` (this path takes ${known})` : ""}`,
      );
      reply(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
      return;
    }
    const op = route.op;
    entry.operationId = op.operationId;
    const what = `${label} (${op.operationId})`;

    // Path and query parameters.
    const match = route.regex.exec(url.pathname) as RegExpExecArray;
    const path: Record<string, string> = {};
    route.names.forEach((name, i) => {
      path[name] = decodeURIComponent(match[i + 1] as string);
    });
    for (const p of op.parameters) {
      if (p.in === "path") problems.push(...this.checkValue(op.operationId, p, path[p.name] ?? ""));
      if (p.in === "query") {
        const value = url.searchParams.get(p.name);
        if (value === null) {
          if (p.required) problems.push(`query parameter '${p.name}' is required`);
        } else problems.push(...this.checkValue(op.operationId, p, value));
      }
    }
    for (const name of url.searchParams.keys()) {
      if (!op.parameters.some((p) => p.in === "query" && p.name === name)) {
        problems.push(`unknown query parameter '${name}'`);
      }
    }

    // Body.
    let body: unknown;
    if (raw.length > 0) {
      if (!/application\/json/.test(String(req.headers["content-type"] ?? ""))) {
        problems.push(`body sent as '${req.headers["content-type"] ?? "(no content-type)"}', not JSON`);
      }
      try {
        body = JSON.parse(raw);
      } catch {
        problems.push("body is not valid JSON");
      }
    }
    entry.body = body;
    if (!op.requestBody) {
      if (body !== undefined) problems.push("this operation takes no body");
    } else if (body === undefined) {
      if (op.requestBody.required) problems.push("a JSON body is required");
    } else if (op.requestBody.schema) {
      const v = this.validator(`${op.operationId} body`, op.requestBody.schema, false);
      if (!v(body)) problems.push(...formatErrors(v.errors, "body"));
    }

    if (problems.length > 0) {
      for (const p of problems) this.violations.push(`${what}: ${p}`);
      reply(400, {
        message: `Invalid request: ${problems.join("; ")}`,
        documentation_url: DOCS,
        status: "400",
      });
      return;
    }

    // Authentication, as GitHub: a wrong token is 401 on every route.
    const auth = String(req.headers.authorization ?? "");
    const presented = auth.replace(/^(token|bearer)\s+/i, "");
    if (!auth || presented !== this.token) {
      reply(401, {
        message: auth ? "Bad credentials" : "Requires authentication",
        documentation_url: DOCS,
        status: "401",
      });
      return;
    }

    // Scripted faults.
    const fault = this.faults.find(
      (f) => f.left > 0 && (f.key === op.operationId || f.key === `${method} ${route.template}`),
    );
    if (fault) {
      fault.left--;
      entry.injected = true;
      const status = fault.fault.status;
      reply(
        status,
        fault.fault.body ?? { message: STATUS_CODES[status] ?? "Error", documentation_url: DOCS },
        fault.fault.headers,
      );
      return;
    }

    const [status, answer] = this.operate(op.operationId, path, query, body);
    const schema = op.responses[String(status)]?.schema;
    if (schema === undefined && status !== 404) {
      // (GitHub answers 404 on every route for a repository the token cannot see; few operations list it.)
      this.violations.push(`fake answered ${status} to ${what}, a status the description does not list`);
    } else if (schema) {
      const v = this.validator(`${op.operationId} response ${status}`, schema, true);
      if (!v(answer))
        for (const p of formatErrors(v.errors, "answer")) this.violations.push(`fake ${what}: ${p}`);
    }
    reply(status, answer);
  }

  // -------------------------------------------------------------------------------------------------------
  // The operations

  private operate(
    id: string,
    path: Record<string, string>,
    query: Record<string, string>,
    body: unknown,
  ): [number, Json] {
    const repo = this.repoOf(path.owner ?? "", path.repo ?? "");
    const notFound: [number, Json] = [404, { message: "Not Found", documentation_url: DOCS, status: "404" }];
    if (!repo) return notFound;
    const b = (body ?? {}) as Record<string, unknown>;
    const number = Number(path.pull_number ?? path.issue_number);
    const pull = repo.pulls.find((p) => p.number === number);
    const invalid = (errors: Json[]): [number, Json] => [
      422,
      // GitHub adds "status": "422" these days; the description's validation-error does not list it.
      { message: "Validation Failed", errors, documentation_url: DOCS },
    ];
    const now = new Date().toISOString();

    switch (id) {
      case "pulls/list": {
        const state = query.state ?? "open";
        let list = repo.pulls.filter((p) => state === "all" || p.state === state);
        if (query.head !== undefined) {
          const [owner, branch] = query.head.includes(":")
            ? query.head.split(/:(.*)/s)
            : [undefined, query.head];
          // GitHub documents head as user:ref-name; a bare branch is not a filter it promises to apply.
          if (owner === undefined)
            this.violations.push(`pulls/list: head '${query.head}' is not user:ref-name`);
          else
            list = list.filter((p) => p.head === branch && owner.toLowerCase() === repo.owner.toLowerCase());
        }
        if (query.base !== undefined) list = list.filter((p) => p.base === query.base);
        const perPage = Math.min(Number(query.per_page ?? 30), 100);
        const page = Number(query.page ?? 1);
        list = [...list].sort((x, y) => y.number - x.number).slice((page - 1) * perPage, page * perPage);
        return [200, list.map((p) => this.pullJson(repo, p))];
      }
      case "pulls/get":
        return pull ? [200, this.pullJson(repo, pull)] : notFound;
      case "pulls/create": {
        const head = String(b.head);
        const headBranch = head.includes(":") ? head.slice(head.indexOf(":") + 1) : head;
        const base = String(b.base);
        if (typeof b.title !== "string" && b.issue === undefined) {
          return invalid([{ resource: "PullRequest", field: "title", code: "missing_field" }]);
        }
        if (!hasBranch(repo, base))
          return invalid([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        if (!hasBranch(repo, headBranch)) {
          return invalid([{ resource: "PullRequest", field: "head", code: "invalid" }]);
        }
        if (repo.pulls.some((p) => p.state === "open" && p.head === headBranch && p.base === base)) {
          return invalid([
            {
              resource: "PullRequest",
              code: "custom",
              message: `A pull request already exists for ${repo.owner}:${headBranch}.`,
            },
          ]);
        }
        if (b.draft === true && !repo.drafts) {
          return invalid([
            {
              resource: "PullRequest",
              code: "custom",
              message: "Draft pull requests are not supported in this repository.",
            },
          ]);
        }
        const n = repo.pulls.reduce((m, p) => Math.max(m, p.number), 0) + 1;
        const created: FakePull = {
          number: n,
          head: headBranch,
          base,
          title: String(b.title),
          body: typeof b.body === "string" ? b.body : null,
          draft: b.draft === true,
          state: "open",
          labels: [],
          requested_reviewers: [],
          requested_teams: [],
          reviews: [],
          comments: [],
          user: this.login,
          html_url: `http://github.test/${repo.owner}/${repo.repo}/pull/${n}`,
          created_at: now,
          updated_at: now,
          closed_at: null,
        };
        repo.pulls.push(created);
        return [201, this.pullJson(repo, created)];
      }
      case "pulls/update": {
        if (!pull) return notFound;
        if (typeof b.base === "string" && !hasBranch(repo, b.base)) {
          return invalid([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        }
        if (typeof b.title === "string") pull.title = b.title;
        if (typeof b.body === "string") pull.body = b.body;
        if (typeof b.base === "string") pull.base = b.base;
        if (b.state === "open" || b.state === "closed") {
          pull.state = b.state;
          pull.closed_at = b.state === "closed" ? now : null;
        }
        pull.updated_at = now;
        return [200, this.pullJson(repo, pull)];
      }
      case "pulls/list-reviews": {
        if (!pull) return notFound;
        return [
          200,
          pull.reviews.map((r, i) => ({
            id: i + 1,
            node_id: `PRR_${i + 1}`,
            user: user(r.user),
            body: "",
            state: r.state,
            html_url: `${pull.html_url}#pullrequestreview-${i + 1}`,
            pull_request_url: `${this.url}/repos/${repo.owner}/${repo.repo}/pulls/${pull.number}`,
            author_association: "COLLABORATOR",
          })),
        ];
      }
      case "pulls/request-reviewers": {
        if (!pull) return notFound;
        const users = (b.reviewers as string[] | undefined) ?? [];
        const teams = (b.team_reviewers as string[] | undefined) ?? [];
        if (users.some((u) => u.toLowerCase() === pull.user.toLowerCase())) {
          return [
            422,
            {
              message: "Review cannot be requested from pull request author.",
              documentation_url: DOCS,
            },
          ];
        }
        if (repo.collaborators && users.some((u) => !repo.collaborators?.has(u.toLowerCase()))) {
          return [
            422,
            {
              message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner}/${repo.repo} repository.`,
              documentation_url: DOCS,
            },
          ];
        }
        for (const u of users) {
          if (!pull.requested_reviewers.some((r) => r.toLowerCase() === u.toLowerCase()))
            pull.requested_reviewers.push(u);
        }
        for (const t of teams) {
          if (!pull.requested_teams.some((r) => r.toLowerCase() === t.toLowerCase()))
            pull.requested_teams.push(t);
        }
        return [201, this.pullJson(repo, pull)];
      }
      case "issues/add-labels": {
        if (!pull) return notFound;
        const wanted = ((b.labels as (string | { name: string })[] | undefined) ?? []).map((l) =>
          typeof l === "string" ? l : l.name,
        );
        for (const l of wanted) {
          if (!pull.labels.some((x) => x.toLowerCase() === l.toLowerCase())) pull.labels.push(l);
        }
        return [200, pull.labels.map((l) => this.labelJson(repo, l))];
      }
      case "issues/create-comment": {
        const issue = repo.issues.get(number);
        if (issue) {
          const c: FakeComment = {
            id: this.nextId++,
            body: String(b.body),
            user: this.login,
            created_at: now,
            updated_at: now,
          };
          issue.push(c);
          return [201, this.commentJson(repo, number, c)];
        }
        if (!pull) return notFound;
        pull.comments.push(String(b.body));
        const id = this.nextId++;
        return [
          201,
          {
            id,
            node_id: `IC_${id}`,
            url: `${this.url}/repos/${repo.owner}/${repo.repo}/issues/comments/${id}`,
            html_url: `${pull.html_url}#issuecomment-${id}`,
            issue_url: `${this.url}/repos/${repo.owner}/${repo.repo}/issues/${pull.number}`,
            body: String(b.body),
            user: user(this.login),
            created_at: now,
            updated_at: now,
            author_association: "NONE",
          },
        ];
      }
      case "issues/list-comments": {
        const issue = repo.issues.get(number);
        if (!issue) return notFound;
        return [200, this.page(issue, query).map((c) => this.commentJson(repo, number, c))];
      }
      case "issues/update-comment": {
        for (const [n, comments] of repo.issues) {
          const c = comments.find((x) => x.id === Number(path.comment_id));
          if (!c) continue;
          c.body = String(b.body);
          c.updated_at = now;
          return [200, this.commentJson(repo, n, c)];
        }
        return notFound;
      }
      case "repos/get-collaborator-permission-level": {
        const login = path.username ?? "";
        const role = repo.roles.get(login.toLowerCase()) ?? "none";
        // `permission` is the legacy level: maintain reads as write, triage as read.
        const permission =
          role === "admin"
            ? "admin"
            : role === "maintain" || role === "write"
              ? "write"
              : role === "none"
                ? "none"
                : "read";
        const u = user(login) as Record<string, Json>;
        const permissions = {
          pull: role !== "none",
          triage: ["triage", "write", "maintain", "admin"].includes(role),
          push: ["write", "maintain", "admin"].includes(role),
          maintain: ["maintain", "admin"].includes(role),
          admin: role === "admin",
        };
        return [200, { permission, role_name: role, user: { ...u, permissions, role_name: role } }];
      }
      case "repos/list-branches": {
        const names = [...repo.branches].sort();
        return [
          200,
          this.page(names, query).map((name) => ({
            name,
            commit: { sha: "0123456789abcdef0123456789abcdef01234567", url: `${this.url}/commits/${name}` },
            protected: repo.protectedBranches.has(name),
          })),
        ];
      }
      case "git/delete-ref": {
        const ref = path.ref ?? "";
        const name = ref.startsWith("heads/") ? ref.slice("heads/".length) : null;
        if (name === null || !repo.branches.has(name))
          return [422, { message: "Reference does not exist", documentation_url: DOCS }];
        if (repo.protectedBranches.has(name))
          return [422, { message: "Cannot delete a protected branch", documentation_url: DOCS }];
        repo.branches.delete(name);
        return [204, null];
      }
      case "actions/get-actions-cache-list": {
        let list = repo.caches;
        if (query.key !== undefined) list = list.filter((c) => c.key.startsWith(query.key as string));
        if (query.ref !== undefined) list = list.filter((c) => c.ref === query.ref);
        // GitHub's default order: last_accessed_at, newest first.
        const sorted = [...list].sort((x, y) => y.last_accessed_at.localeCompare(x.last_accessed_at));
        return [
          200,
          { total_count: list.length, actions_caches: this.page(sorted, query) as unknown as Json },
        ];
      }
      case "actions/delete-actions-cache-by-id": {
        const at = repo.caches.findIndex((c) => c.id === Number(path.cache_id));
        if (at < 0) return notFound;
        repo.caches.splice(at, 1);
        return [204, null];
      }
      default:
        this.violations.push(`fake server does not implement ${id}`);
        return [501, { message: `fake server does not implement ${id}`, documentation_url: DOCS }];
    }
  }

  /** One page of a list, as GitHub pages: per_page (default 30, at most 100) and page (from 1). */
  private page<T>(list: T[], query: Record<string, string>): T[] {
    const perPage = Math.min(Number(query.per_page ?? 30), 100);
    const page = Number(query.page ?? 1);
    return list.slice((page - 1) * perPage, page * perPage);
  }

  private commentJson(repo: FakeRepo, issue: number, c: FakeComment): Json {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${repo.owner}/${repo.repo}/issues/comments/${c.id}`,
      html_url: `http://github.test/${repo.owner}/${repo.repo}/issues/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${repo.owner}/${repo.repo}/issues/${issue}`,
      body: c.body,
      user: user(c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: "NONE",
    };
  }

  private labelJson(repo: FakeRepo, name: string): Json {
    return {
      id: [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7),
      node_id: `LA_${name}`,
      url: `${this.url}/repos/${repo.owner}/${repo.repo}/labels/${encodeURIComponent(name)}`,
      name,
      // "" rather than null: pull-request-simple describes a label's description as a non-null string.
      description: "",
      color: "ededed",
      default: false,
    };
  }

  private pullJson(repo: FakeRepo, p: FakePull): Json {
    const api = `${this.url}/repos/${repo.owner}/${repo.repo}`;
    const repoJson: Json = {
      id: 1,
      node_id: "R_1",
      name: repo.repo,
      full_name: `${repo.owner}/${repo.repo}`,
      private: false,
      owner: user(repo.owner, 1),
      html_url: `http://github.test/${repo.owner}/${repo.repo}`,
      url: api,
      default_branch: "main",
    };
    const side = (ref: string): Json => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha: "0123456789abcdef0123456789abcdef01234567",
      user: user(repo.owner, 1),
      repo: repoJson,
    });
    return {
      url: `${api}/pulls/${p.number}`,
      id: 100 + p.number,
      node_id: `PR_${p.number}`,
      html_url: p.html_url,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: user(p.user),
      body: p.body,
      labels: p.labels.map((l) => this.labelJson(repo, l)),
      created_at: p.created_at,
      updated_at: p.updated_at,
      closed_at: p.closed_at,
      merged_at: null,
      requested_reviewers: p.requested_reviewers.map((r) => user(r)),
      requested_teams: p.requested_teams.map((slug, i) => ({
        id: i + 1,
        node_id: `T_${slug}`,
        url: `${this.url}/teams/${slug}`,
        html_url: `http://github.test/orgs/${repo.owner}/teams/${slug}`,
        name: slug,
        slug,
        description: null,
        permission: "pull",
        members_url: `${this.url}/teams/${slug}/members{/member}`,
        repositories_url: `${this.url}/teams/${slug}/repos`,
        parent: null,
        type: "organization",
      })),
      head: side(p.head),
      base: side(p.base),
      author_association: "CONTRIBUTOR",
      draft: p.draft,
    };
  }
}
