export const id = 634;
export const ids = [634,931];
export const modules = {

/***/ 9634:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  issueGate: () => (/* binding */ issueGate),
  issueReport: () => (/* binding */ issueReport),
  workflowRunUrl: () => (/* binding */ workflowRunUrl)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./build/bundle/js/github/client.js + 1 modules
var client = __webpack_require__(6931);
// EXTERNAL MODULE: ./build/bundle/js/lib/untrusted-text.js
var untrusted_text = __webpack_require__(8339);
// EXTERNAL MODULE: ./build/bundle/js/github/errors.js
var errors = __webpack_require__(9994);
;// CONCATENATED MODULE: ./build/bundle/js/github/issue-gate.js
// The issue-label entry (examples/workflows/agent-issue.yml): who may start a run from an issue, what the
// run is given, and the one comment on the issue that says what happened.
//
// Who: the sender of the `issues.labeled` event must have write, maintain or admin on the repository,
// asked of the API (GET /repos/{owner}/{repo}/collaborators/{username}/permission); triage is not enough,
// and a failed check denies. What: the title, slugged, is the feature; the body is the request; both
// are strangers' text, stripped (src/lib/untrusted-text.ts) and handed on only as data (action outputs
// passed with `with:`), never spliced into a script. The comment: found again by a hidden marker among
// the bot's own comments, created once and then updated, so an issue carries one comment per entry.


const COMMENT_MARKER = "<!-- agent-flow:issue-run -->";
/** Roles that may start a run; `permission` (the legacy level) reads maintain as write. */
const ALLOWED_ROLES = new Set(["admin", "maintain", "write"]);
const ALLOWED_LEGACY = new Set(["admin", "write"]);
const PER_PAGE = 100;
/** A login as GitHub allows them (letters, digits, hyphens; `[bot]` for apps), anything else shown inert. */
const shownLogin = (login) => /^[A-Za-z0-9-]{1,39}(\[bot\])?$/.test(login) ? login : "(an unusual login)";
/** Whether `login` may start a run on `repo`, and the role GitHub reports. */
async function senderRole(client, repo, login) {
    const ctx = {
        operation: `read the permission of ${login} on ${repo.owner}/${repo.repo}`,
        permission: "metadata: read",
        ref: repo,
    };
    try {
        const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login }));
        const role = data.role_name || data.permission;
        const allowed = ALLOWED_ROLES.has(data.role_name) || (!data.role_name && ALLOWED_LEGACY.has(data.permission));
        return { allowed, role };
    }
    catch (err) {
        // A failed check denies: the run must never start on a guess.
        return { allowed: false, role: `unknown (${err instanceof Error ? err.message : String(err)})` };
    }
}
/** The entry's comment on the issue: the newest bot comment carrying the marker, or null. */
async function findMarkedComment(client, repo, issue) {
    const ctx = { operation: `list the comments of issue #${issue}`, permission: "issues: read", ref: repo };
    let found = null;
    for (let page = 1;; page++) {
        const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.issues.listComments({ ...repo, issue_number: issue, per_page: PER_PAGE, page }));
        for (const c of data) {
            // Someone else's comment quoting the marker is not ours to edit: only a bot's (the token's) counts.
            const bot = c.user?.type === "Bot" || c.user?.login.endsWith("[bot]") === true;
            if (c.body?.includes(COMMENT_MARKER) && bot)
                found = c;
        }
        if (data.length < PER_PAGE)
            break;
    }
    return found ? { id: found.id, url: found.html_url } : null;
}
/** Creates the entry's comment, or updates it when `id` (or the marker) finds it. */
async function upsertIssueComment(client, repo, issue, text, id) {
    const body = `${COMMENT_MARKER}\n${text}`;
    const update = async (commentId) => {
        const ctx = {
            operation: `update the comment on issue #${issue}`,
            permission: "issues: write",
            ref: repo,
        };
        const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.issues.updateComment({ ...repo, comment_id: commentId, body }));
        return { id: data.id, url: data.html_url };
    };
    if (id) {
        try {
            return await update(id);
        }
        catch (err) {
            // Someone deleted the comment while the run went on: the outcome still belongs on the issue.
            if (!(err instanceof errors/* GitHubApiError */.OS && err.status === 404))
                throw err;
        }
    }
    const existing = await findMarkedComment(client, repo, issue);
    if (existing)
        return update(existing.id);
    const ctx = { operation: `comment on issue #${issue}`, permission: "issues: write", ref: repo };
    const { data } = await (0,errors/* call */.T1)(client, ctx, () => client.rest.issues.createComment({ ...repo, issue_number: issue, body }));
    return { id: data.id, url: data.html_url };
}
/**
 * Decides on an `issues.labeled` event: checks the sender's permission, derives the feature and the
 * request, and comments on the issue (the run link, or why it was refused). Runs no shell and no agent.
 */
async function gateIssue(client, payload, opts) {
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const issue = payload.issue.number;
    const title = (0,untrusted_text/* sanitiseUntrusted */.zO)(payload.issue.title ?? "", 1024).text.trim();
    const body = (0,untrusted_text/* sanitiseUntrusted */.zO)(payload.issue.body ?? "");
    const feature = (0,untrusted_text/* slugFeature */.cL)(payload.issue.title ?? "");
    const request = body.text.trim() === "" ? title : body.text;
    const base = { repo, issue, feature, request, removed: body.removed, comment: null };
    const deny = (reason) => ({ ...base, allowed: false, reason });
    if (payload.action !== "labeled")
        return deny(`the event is issues.${payload.action}, not issues.labeled`);
    // GitHub label names ignore case (as does `==` in the workflow's `if:`), so "Agent-Flow" is the label.
    if (opts.label !== "" && payload.label?.name.toLowerCase() !== opts.label.toLowerCase())
        return deny(`the label is not '${opts.label}'`);
    if (payload.issue.pull_request !== undefined)
        return deny("it is a pull request, not an issue");
    const who = shownLogin(payload.sender.login);
    const { allowed, role } = await senderRole(client, repo, payload.sender.login);
    const reason = allowed
        ? `\`${who}\` has ${role} permission`
        : `\`${who}\` has ${role} permission on ${repo.owner}/${repo.repo}; starting a run needs write, maintain or admin`;
    const text = allowed
        ? `agent-flow is working on this issue as feature \`${feature}\`: [workflow run](${opts.runUrl}). This comment is updated with the outcome.`
        : `agent-flow did not start a run: ${reason}. [Workflow run](${opts.runUrl}).`;
    const comment = await upsertIssueComment(client, repo, issue, text);
    return { ...base, allowed, reason, comment };
}
/** Updates the entry's comment with the run's outcome and pull request (the report job). */
async function reportIssueOutcome(client, o) {
    const outcome = /^[a-z]{1,20}$/.test(o.outcome) ? o.outcome : "unknown";
    const pr = /^https?:\/\/\S+$/.test(o.prUrl) ? ` Pull request: ${o.prUrl}` : "";
    const run = /^\d{8}-\d{6}-[0-9a-f]{8}$/.test(o.runId) ? ` (run \`${o.runId}\`)` : "";
    // A run that stopped with a saved state can go on: say how, with the two values the dispatch needs.
    const resumable = run !== "" &&
        /^\d{1,6}-[0-9a-f]{64}$/.test(o.resumeState ?? "") &&
        outcome !== "succeeded" &&
        outcome !== "refused";
    const goOn = resumable
        ? ` To go on from where it stopped, run the agent-feature workflow with the same feature, run-id \`${o.runId}\` and resume-state \`${o.resumeState}\`.`
        : "";
    const text = outcome === "succeeded"
        ? `agent-flow finished${run}: succeeded.${pr} [Workflow run](${o.runUrl}).`
        : outcome === "paused"
            ? `agent-flow paused${run}: the workflow's slots ran out before the run finished.${goOn} [Workflow run](${o.runUrl}).`
            : `agent-flow finished${run}: ${outcome}.${pr} See the [workflow run](${o.runUrl}) for why.${goOn}`;
    return upsertIssueComment(client, o.repo, o.issue, text, o.commentId);
}

;// CONCATENATED MODULE: ./build/bundle/js/action/issue-gate.js
// The action's `issue-gate` and `issue-report` commands (examples/workflows/agent-issue.yml). The gate
// reads the event from GITHUB_EVENT_PATH itself, so the issue's text never passes through an expression
// in the workflow file; it hands the sanitised feature and request on as step outputs, which the
// workflow passes to the reusable workflow with `with:` only.




/** This workflow run's page, from the runner's own variables (never from the event). */
function workflowRunUrl(env = process.env) {
    const server = env.GITHUB_SERVER_URL || "https://github.com";
    return `${server}/${env.GITHUB_REPOSITORY ?? ""}/actions/runs/${env.GITHUB_RUN_ID ?? ""}`;
}
function issue_gate_client(args) {
    return (0,client.createGitHubClient)({
        token: args.token,
        baseUrl: args.apiUrl,
        log: (msg) => core/* info */.pq(msg),
        spaceWrites: args.spaceWrites,
    });
}
/**
 * Outputs: `allowed` (true/false), `feature`, `request`, `issue-number`, `comment-id`, `reason`. A denied
 * event is not a failed step: the comment says why, and the workflow skips the run on `allowed`.
 */
async function issueGate(args) {
    const path = args.eventPath ?? process.env.GITHUB_EVENT_PATH;
    if (!path)
        throw new Error("GITHUB_EVENT_PATH is not set: issue-gate runs in a workflow started by an issues event");
    const payload = JSON.parse(await (0,promises_.readFile)(path, "utf8"));
    const decision = await gateIssue(issue_gate_client(args), payload, {
        label: args.label,
        runUrl: args.runUrl ?? workflowRunUrl(),
    });
    core/* setOutput */.uH("allowed", String(decision.allowed));
    core/* setOutput */.uH("feature", decision.allowed ? decision.feature : "");
    core/* setOutput */.uH("request", decision.allowed ? decision.request : "");
    core/* setOutput */.uH("issue-number", String(decision.issue));
    core/* setOutput */.uH("comment-id", decision.comment ? String(decision.comment.id) : "");
    core/* setOutput */.uH("reason", decision.reason);
    const { comments, hidden, truncatedBytes } = decision.removed;
    core/* info */.pq(`issue #${decision.issue}: ${decision.allowed ? "allowed" : "denied"} (${decision.reason}); ` +
        `removed ${comments} HTML comment(s), ${hidden} hidden character(s), ${truncatedBytes} byte(s) past the cap`);
    return decision;
}
/** Updates the issue's comment with the outcome and the pull request link. */
async function issueReport(args) {
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(args.repository.trim());
    if (!m)
        throw new Error(`repository '${args.repository}' must be owner/repo (as GITHUB_REPOSITORY is)`);
    const issue = Number(args.issue);
    if (!Number.isInteger(issue) || issue < 1)
        throw new Error(`issue '${args.issue}' must be an issue number`);
    const commentId = args.commentId && /^\d+$/.test(args.commentId) ? Number(args.commentId) : null;
    return reportIssueOutcome(issue_gate_client(args), {
        repo: { owner: m[1], repo: m[2] },
        issue,
        outcome: args.outcome,
        prUrl: args.prUrl,
        runId: args.runId,
        resumeState: args.resumeState,
        runUrl: args.runUrl ?? workflowRunUrl(),
        commentId,
    });
}


/***/ }),

/***/ 6931:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubClient: () => (/* binding */ createGitHubClient)
});

// UNUSED EXPORTS: DO_NOT_RETRY, MAX_RETRY_AFTER_S

// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 12 modules
var dist_src = __webpack_require__(4730);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-rest-endpoint-methods/dist-src/index.js + 3 modules
var plugin_rest_endpoint_methods_dist_src = __webpack_require__(9210);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./build/bundle/js/github/write-spacing.js
// Read by the run command at its start (a bad value is refused before anything runs) and by the client;
// apart from client.ts so that reading it loads no Octokit.
const WRITE_SPACING = "AGENT_FLOW_GITHUB_WRITE_SPACING";
/**
 * `AGENT_FLOW_GITHUB_WRITE_SPACING=off` turns the spacing of writes off for every client a process opens
 * without saying (the CLI's and the action's): for a local server (tests, a GitHub stand-in), where each
 * pull request would otherwise wait seconds for nothing. `on` or unset: spaced, as GitHub asks.
 */
function writeSpacing(env) {
    const v = env[WRITE_SPACING] ?? "";
    if (v === "" || v === "on")
        return true;
    if (v === "off")
        return false;
    throw new Error(`${WRITE_SPACING}='${v}' must be 'on' (the default: writes spaced as GitHub asks) or 'off'`);
}

;// CONCATENATED MODULE: ./build/bundle/js/github/client.js
// The one Octokit factory. The action and the CLI both reach GitHub's REST API through it, so it imports
// neither @actions/core nor @actions/github: logging is a callback.





/**
 * Statuses plugin-retry leaves alone: a retry cannot fix them. Rate limits (403/429 with Retry-After or an
 * exhausted quota) are the throttling plugin's, which waits as GitHub says; listing 429 here keeps the two
 * plugins from both retrying one request.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** The longest Retry-After (or rate-limit reset) worth waiting for inside a CI job. */
const MAX_RETRY_AFTER_S = 300;
const DEFAULT_API_URL = "https://api.github.com";
function retryAfterSeconds(value) {
    if (typeof value !== "string" || value.trim() === "")
        return null;
    const n = Number(value);
    if (Number.isFinite(n))
        return Math.max(0, n);
    const date = Date.parse(value);
    return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
/**
 * Registered before the retry plugin, so its error hook sees every failed attempt: logs the retry that
 * plugin-retry is about to make and, when the response carries Retry-After (a 503 does), sleeps the part
 * of it that the plugin's own back-off would not cover. plugin-retry alone ignores Retry-After.
 */
function retryNotice(octokit, options) {
    const settings = options.retryNotice;
    if (!settings)
        return {};
    octokit.hook.error("request", async (error, request) => {
        const status = typeof error.status === "number" ? error.status : 0;
        const retryCount = Number(request.request?.retryCount ?? 0);
        if (status >= 400 && !DO_NOT_RETRY.includes(status) && retryCount < settings.retries) {
            const planned = (retryCount + 1) ** 2 * settings.baseMs;
            const headers = error.response?.headers;
            const after = retryAfterSeconds(headers?.["retry-after"]);
            const extra = after === null ? 0 : Math.min(after, MAX_RETRY_AFTER_S) * 1000 - planned;
            const what = error.response ? `answered ${status}` : "could not be reached";
            settings.log(`GitHub ${what} for ${request.method} ${request.url}; retry ${retryCount + 1} of ${settings.retries} in ${Math.round((planned + Math.max(0, extra)) / 100) / 10} s`);
            if (extra > 0)
                await new Promise((resolve) => setTimeout(resolve, extra));
        }
        throw error;
    });
    return {};
}
const GitHubOctokit = dist_src/* Octokit */.E.plugin(plugin_rest_endpoint_methods_dist_src/* restEndpointMethods */._, retryNotice, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
// Stands in for a Bottleneck group when spaceWrites is false: runs each job at once. The throttling plugin
// only ever calls group.key(id).schedule(options, fn, ...args).
const immediateGroup = {
    key: () => ({
        schedule: (_options, fn, ...args) => Promise.resolve(fn(...args)),
    }),
};
function createGitHubClient(opts) {
    const token = (opts.token ?? "").trim();
    if (token === "") {
        throw new Error("no GitHub token: set AGENT_FLOW_GITHUB_TOKEN (or GITHUB_TOKEN, or GH_TOKEN) to a GITHUB_TOKEN, PAT or App token to reach the GitHub API");
    }
    if (/\s/.test(token)) {
        throw new Error("the GitHub token contains whitespace; check how it was read (a pasted line break?)");
    }
    const baseUrl = (opts.baseUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
    try {
        new URL(baseUrl);
    }
    catch {
        throw new Error(`the GitHub API URL '${baseUrl}' is not a URL (expected e.g. ${DEFAULT_API_URL})`);
    }
    const retries = opts.retries ?? 3;
    if (!Number.isInteger(retries) || retries < 0)
        throw new Error(`retries must be an integer >= 0, got ${retries}`);
    const log = opts.log ?? (() => { });
    const baseMs = opts.minRetryAfterMs ?? 1000;
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const where = `${options.method} ${options.url}`;
        if (retryCount < retries && retryAfter <= MAX_RETRY_AFTER_S) {
            log(`GitHub ${kind} hit by ${where}; retry ${retryCount + 1} of ${retries} in ${retryAfter} s`);
            return true;
        }
        log(retryAfter > MAX_RETRY_AFTER_S
            ? `GitHub ${kind} hit by ${where}; it lifts in ${retryAfter} s, longer than the ${MAX_RETRY_AFTER_S} s worth waiting`
            : `GitHub ${kind} hit by ${where}; giving up after ${retries} retries`);
        return false;
    };
    const throttle = {
        onRateLimit: onLimit("rate limit"),
        onSecondaryRateLimit: onLimit("secondary rate limit"),
        // Separate Bottleneck keys per client: the plugin's groups are module-global.
        id: `agent-flow-${Math.random().toString(36).slice(2)}`,
        ...((opts.spaceWrites ?? writeSpacing(process.env))
            ? {}
            : { write: immediateGroup, notifications: immediateGroup }),
    };
    const octokit = new GitHubOctokit({
        auth: token,
        baseUrl,
        userAgent: opts.userAgent ?? "agent-flow",
        log: { debug: () => { }, info: () => { }, warn: log, error: log },
        retry: { retries, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: baseMs },
        retryNotice: { retries, baseMs, log },
        throttle,
    });
    return Object.freeze({ rest: octokit.rest, request: octokit.request, baseUrl, retries, log });
}


/***/ }),

/***/ 9994:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   T1: () => (/* binding */ call),
/* harmony export */   Vu: () => (/* binding */ toGitHubApiError),
/* harmony export */   gN: () => (/* binding */ allMessages)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1490);
// GitHub's failures as GitHubApiError, whose message says what to fix: the permission to grant, the
// setting to enable, the branch to push, when a rate limit resets.

class GitHubApiError extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AgentFlowError */ .o {
    name = "GitHubApiError";
    /** GitHub's HTTP status; 0 when GitHub could not be reached or the request was refused before sending. */
    status;
    /** What was being done, e.g. "create the pull request feature/x -> main in o/r". */
    operation;
    constructor(message, status, operation, options) {
        super(message, 1, undefined, options);
        this.status = status;
        this.operation = operation;
    }
}
function isHttpError(err) {
    return err instanceof Error && typeof err.status === "number";
}
function githubMessage(err) {
    const data = err.response?.data;
    return typeof data?.message === "string" ? data.message : err.message;
}
function githubErrors(err) {
    const data = err.response?.data;
    return Array.isArray(data?.errors) ? data.errors : [];
}
/** The 422 text GitHub gives, flattened: the top message and each errors[] entry. */
function allMessages(err) {
    if (!isHttpError(err))
        return err instanceof Error ? err.message : String(err);
    const items = githubErrors(err).map((e) => typeof e === "string"
        ? e
        : typeof e === "object" && e
            ? String(e.message ?? "")
            : "");
    return [err.message, githubMessage(err), ...items].join("\n");
}
function describe422(entry, ctx) {
    if (typeof entry === "string")
        return entry;
    const e = (entry ?? {});
    const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
    const m = e.message ?? "";
    if (/No commits between/i.test(m))
        return `${m}: nothing to propose; push the commits to '${ctx.head}' first`;
    if (/Review cannot be requested from pull request author/i.test(m)) {
        return `${m.replace(/\.$/, "")}: remove the author from the reviewers`;
    }
    if (/only be requested from collaborators/i.test(m)) {
        return `${m.replace(/\.$/, "")}: give them read access to ${where}, or drop them from the reviewers`;
    }
    if (/Could not resolve to a node/i.test(m)) {
        return `${m.replace(/\.$/, "")}: a team reviewer does not exist, or the token cannot read the organization's teams (GITHUB_TOKEN cannot; use a PAT or App token with members: read)`;
    }
    if (/is too long/i.test(m))
        return `${m} (shorten it)`;
    if (m)
        return m;
    if (e.field === "base" && e.code === "invalid") {
        return `base branch '${ctx.base ?? String(e.value ?? "")}' does not exist in ${where}; push it or choose another base`;
    }
    if (e.field === "head" && e.code === "invalid") {
        return `head branch '${ctx.head ?? String(e.value ?? "")}' does not exist in ${where}; was it pushed?`;
    }
    if (e.code === "missing_field")
        return `${e.resource ?? "request"}.${e.field ?? "?"} is missing`;
    if (e.code === "already_exists")
        return `${e.resource ?? "resource"}.${e.field ?? "?"} already exists`;
    return `${e.resource ?? "request"}${e.field ? `.${e.field}` : ""}: ${e.code ?? "invalid"}`;
}
function resetTime(headers) {
    const reset = Number(headers?.["x-ratelimit-reset"]);
    return Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : "";
}
/** Turns anything a REST call threw into a GitHubApiError whose message says what to fix. */
function toGitHubApiError(err, ctx, client) {
    if (err instanceof GitHubApiError)
        return err;
    const cannot = `cannot ${ctx.operation}`;
    const where = `${ctx.ref.owner}/${ctx.ref.repo}`;
    if (!isHttpError(err)) {
        const msg = err instanceof Error ? err.message : String(err);
        return new GitHubApiError(`${cannot}: ${msg}`, 0, ctx.operation, { cause: err });
    }
    const status = err.status;
    const said = githubMessage(err);
    const headers = err.response?.headers;
    const retries = client ? ` after ${client.retries} retries` : "";
    let fix;
    if (!err.response) {
        fix = `GitHub could not be reached${client ? ` at ${client.baseUrl}` : ""}${retries} (${said}); check the network, a proxy, or GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3)`;
        return new GitHubApiError(`${cannot}: ${fix}`, 0, ctx.operation, { cause: err });
    }
    const rateLimited = (status === 403 || status === 429) &&
        (String(headers?.["x-ratelimit-remaining"]) === "0" ||
            /rate limit/i.test(said) ||
            headers?.["retry-after"] !== undefined);
    if (status === 401) {
        fix = `GitHub rejected the token (401 ${said}): it is expired, revoked or mistyped; set AGENT_FLOW_GITHUB_TOKEN (or GITHUB_TOKEN, or GH_TOKEN) to a valid token (GITHUB_TOKEN, PAT or App token)`;
    }
    else if (status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
        fix =
            "Actions is not permitted to create pull requests in this repository: enable 'Allow GitHub Actions to create and approve pull requests' in Settings -> Actions -> General (or use a PAT/App token)";
    }
    else if (rateLimited) {
        const secondary = /secondary/i.test(said) ? "secondary " : "";
        fix = `GitHub's ${secondary}rate limit stopped it${resetTime(headers)}; run again later, or use a token with its own quota (a PAT or App token)`;
    }
    else if (status === 403 && /SAML|single sign-on/i.test(said)) {
        fix = `the token is not authorized for the organization's SAML single sign-on (${said}); authorize it for SSO in the token's settings`;
    }
    else if (status === 403) {
        fix = `the token lacks permission: ${ctx.permission} (GitHub said: ${said}); grant it in the workflow's permissions: block, or use a PAT/App token that has it`;
    }
    else if (status === 404) {
        // GitHub answers 404, not 403, to a token that may not see the repository: name what this call needs.
        fix = `not found: ${where} (or what the call names in it) does not exist, or the token cannot see it; this call needs ${ctx.permission} on ${where}`;
    }
    else if (status === 422) {
        const listed = githubErrors(err);
        const entries = (listed.length > 0 ? listed : [{ message: said }]).map((e) => describe422(e, ctx));
        fix = `GitHub refused it: ${entries.join("; ")}`;
    }
    else if (status >= 500) {
        fix = `GitHub answered ${status} (a server error)${retries}: ${said}; try again later (https://www.githubstatus.com)`;
    }
    else {
        fix = `GitHub answered ${status}: ${said}`;
    }
    return new GitHubApiError(`${cannot}: ${fix}`, status, ctx.operation, { cause: err });
}
async function call(client, ctx, fn) {
    try {
        return await fn();
    }
    catch (err) {
        throw toGitHubApiError(err, ctx, client);
    }
}


/***/ }),

/***/ 8339:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pe: () => (/* binding */ REQUEST_MAX_BYTES),
/* harmony export */   cL: () => (/* binding */ slugFeature),
/* harmony export */   zO: () => (/* binding */ sanitiseUntrusted)
/* harmony export */ });
/**
 * Text that strangers wrote (an issue title or body, a dispatch input) before it reaches an agent or a
 * record: HTML comments hide instructions from the person reviewing the issue, and invisible or
 * bidirectional characters make the text read differently from what the agent receives.
 */
/** Default cap for a request body, in UTF-8 bytes. */
const REQUEST_MAX_BYTES = 64 * 1024;
/** Ranges of code points removed: zero-width and invisible format characters, bidi embeddings,
 * overrides and isolates, variation selectors, the BOM, soft hyphen, Unicode tags, and C0/C1 controls
 * other than tab and newline. */
const HIDDEN_RANGES = [
    [0x00, 0x08],
    [0x0b, 0x1f],
    [0x7f, 0x9f],
    [0xad, 0xad],
    [0x34f, 0x34f],
    [0x61c, 0x61c],
    [0x115f, 0x1160],
    [0x17b4, 0x17b5],
    [0x180b, 0x180f],
    [0x200b, 0x200f],
    [0x202a, 0x202e],
    [0x2060, 0x206f],
    [0x3164, 0x3164],
    [0xfe00, 0xfe0f],
    [0xfeff, 0xfeff],
    [0xffa0, 0xffa0],
    [0xfff0, 0xfffb],
    [0xe0000, 0xe0fff],
];
const hex = (cp) => `\\u{${cp.toString(16)}}`;
/** One character class of every range: a single regex pass, so a 10 MB body takes milliseconds, not seconds. */
const HIDDEN_RE = new RegExp(`[${HIDDEN_RANGES.map(([lo, hi]) => `${hex(lo)}-${hex(hi)}`).join("")}]`, "gu");
/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function capBytes(text, maxBytes) {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= maxBytes)
        return { text, cut: 0 };
    let end = maxBytes;
    const buf = Buffer.from(text, "utf8");
    // Step back to a character boundary (a UTF-8 continuation byte is 10xxxxxx).
    while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80)
        end--;
    return { text: buf.subarray(0, end).toString("utf8"), cut: bytes - end };
}
function sanitiseUntrusted(input, maxBytes = REQUEST_MAX_BYTES) {
    let comments = 0;
    // An unclosed comment hides everything after it on GitHub too.
    let text = input.replace(/<!--[\s\S]*?(?:-->|$)/g, () => {
        comments++;
        return "";
    });
    let hidden = 0;
    text = text.replace(/\r\n?/g, "\n").replace(HIDDEN_RE, () => {
        hidden++;
        return "";
    });
    const capped = capBytes(text, maxBytes);
    return { text: capped.text, removed: { comments, hidden, truncatedBytes: capped.cut } };
}
/** A feature name from an issue title: lower-case ASCII words joined by `-`, at most 48 characters. */
function slugFeature(title) {
    const slug = sanitiseUntrusted(title, 1024)
        .text.normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 48)
        .replace(/-+$/g, "");
    return slug || "feature";
}


/***/ })

};
