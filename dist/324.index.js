export const id = 324;
export const ids = [324,931];
export const modules = {

/***/ 5324:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanupSummary: () => (/* binding */ cleanupSummary),
  runCleanup: () => (/* binding */ runCleanup)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./build/bundle/js/lib/errors.js
var errors = __webpack_require__(1490);
// EXTERNAL MODULE: ./build/bundle/js/run/run-id.js
var run_id = __webpack_require__(9110);
;// CONCATENATED MODULE: ./build/bundle/js/run/retention.js


/** How many days finished runs are kept: the guide's AGENT_RUN_RETENTION, `--retention`, the `retention` input. */
const RETENTION_RULE = "a whole number of days, 0 or more (0 keeps only the latest and running runs)";
/** A century: anything longer is a typo (milliseconds for days?), not a wish. */
const MAX_RETENTION_DAYS = 36_500;
class RetentionError extends errors/* AgentFlowError */.o {
    constructor(message) {
        super(message, 2);
    }
}
/**
 * Reads a retention given as text by `source` ("--retention", "AGENT_RUN_RETENTION", "input retention").
 * Empty is refused rather than taken as "not given": `AGENT_RUN_RETENTION=` in a scheduled job would
 * otherwise silently fall back to another value for a command that deletes things.
 */
function parseRetention(text, source) {
    const t = text.trim();
    const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    if (t === "")
        throw new RetentionError(`${source} is empty; it must be ${RETENTION_RULE}`);
    if (!/^\d{1,6}$/.test(t) || Number(t) > MAX_RETENTION_DAYS)
        throw new RetentionError(`${source}=${JSON.stringify(shown)} is not a retention; it must be ${RETENTION_RULE}, at most ${MAX_RETENTION_DAYS}`);
    return Number(t);
}
/** The UTC time a run id was created at (its first 15 characters), or null for text that is not a run id. */
function runIdTime(runId) {
    if (!run_id/* RUN_ID_RE */.mT.test(runId))
        return null;
    const n = (a, b) => Number(runId.slice(a, b));
    const t = Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(9, 11), n(11, 13), n(13, 15));
    return Number.isNaN(t) ? null : t;
}
/** The instant before which a finished run is past the retention. */
const retentionCutoff = (days, now) => now - days * 86_400_000;

// EXTERNAL MODULE: ./build/bundle/js/github/errors.js
var github_errors = __webpack_require__(9994);
;// CONCATENATED MODULE: ./build/bundle/js/github/cleanup.js
// The GitHub side of cleanup (the action's `cleanup` command): the Actions caches and the run branches of
// runs past the retention. Every list is paginated; every call goes through the one Octokit client, so
// retries and rate limits are handled as for pull requests.
//
// A run's age on GitHub comes from its own records: the run id's date (its start) and the newest of its
// caches (the GitHub engine saves a state package after every transition, the last one when it
// finishes). So a run that is going, or was resumed lately, has a recent cache and is never past the
// retention, whatever its id says. The newest run is kept whatever its age, as `latest` is locally.


const PER_PAGE = 100;
const CACHE_KEY_RE = /^agent-flow-(\d{8}-\d{6}-[0-9a-f]{8})-/;
/** A run branch ends with the run id (`feature/<feature>-<RUN_ID>`, the commit step's default). */
const BRANCH_RE = /(?:^|[-/_])(\d{8}-\d{6}-[0-9a-f]{8})$/;
/** Every page of a list, PER_PAGE at a time, until a short page. */
async function allPages(fetch) {
    const out = [];
    for (let page = 1;; page++) {
        const items = await fetch(page);
        out.push(...items);
        if (items.length < PER_PAGE)
            return out;
    }
}
async function listCaches(client, repo) {
    const ctx = {
        operation: `list the Actions caches of ${repo.owner}/${repo.repo}`,
        permission: "actions: read",
        ref: repo,
    };
    const raw = await allPages(async (page) => {
        const { data } = await (0,github_errors/* call */.T1)(client, ctx, () => client.rest.actions.getActionsCacheList({ ...repo, key: "agent-flow-", per_page: PER_PAGE, page }));
        return data.actions_caches;
    });
    const out = [];
    for (const c of raw) {
        const m = CACHE_KEY_RE.exec(c.key ?? "");
        if (!m || c.id === undefined)
            continue;
        const created = Date.parse(c.created_at ?? "");
        out.push({
            id: c.id,
            key: c.key,
            runId: m[1],
            created: Number.isNaN(created) ? 0 : created,
            bytes: c.size_in_bytes ?? 0,
        });
    }
    return out;
}
async function listRunBranches(client, repo) {
    const ctx = {
        operation: `list the branches of ${repo.owner}/${repo.repo}`,
        permission: "contents: read",
        ref: repo,
    };
    const all = await allPages(async (page) => {
        const { data } = await (0,github_errors/* call */.T1)(client, ctx, () => client.rest.repos.listBranches({ ...repo, per_page: PER_PAGE, page }));
        return data;
    });
    return all.flatMap((b) => {
        const m = BRANCH_RE.exec(b.name);
        return m && runIdTime(m[1]) !== null
            ? [{ name: b.name, runId: m[1], protected: b.protected }]
            : [];
    });
}
/** Head branches (of this repository) of the open pull requests. */
async function openPullHeads(client, repo) {
    const ctx = {
        operation: `list the open pull requests of ${repo.owner}/${repo.repo}`,
        permission: "pull-requests: read",
        ref: repo,
    };
    const pulls = await allPages(async (page) => {
        const { data } = await (0,github_errors/* call */.T1)(client, ctx, () => client.rest.pulls.list({ ...repo, state: "open", per_page: PER_PAGE, page }));
        return data;
    });
    const full = `${repo.owner}/${repo.repo}`.toLowerCase();
    return new Set(pulls.filter((p) => (p.head.repo?.full_name ?? full).toLowerCase() === full).map((p) => p.head.ref));
}
/** Deletes (or, on a dry run, lists) the caches and run branches of runs past the retention. */
async function cleanupGitHub(o) {
    const { client, repo } = o;
    const cutoff = retentionCutoff(o.retentionDays, o.now ?? Date.now());
    const report = {
        repository: `${repo.owner}/${repo.repo}`,
        retention_days: o.retentionDays,
        cutoff: new Date(cutoff).toISOString(),
        dry_run: o.dryRun,
        caches: [],
        branches: [],
        kept: [],
        bytes: 0,
    };
    const caches = await listCaches(client, repo);
    const branches = await listRunBranches(client, repo);
    // A run's last sign of life: its newest cache, else its id's date.
    const age = new Map();
    for (const b of branches)
        age.set(b.runId, runIdTime(b.runId) ?? 0);
    for (const c of caches)
        age.set(c.runId, Math.max(age.get(c.runId) ?? runIdTime(c.runId) ?? 0, c.created));
    let newest = null;
    for (const [id, t] of age)
        if (newest === null || t > (age.get(newest) ?? 0))
            newest = id;
    const past = (id) => id !== newest && (age.get(id) ?? Date.now()) < cutoff;
    if (newest !== null && (age.get(newest) ?? 0) < cutoff)
        report.kept.push({ run_id: newest, what: "run", reason: "the newest run is always kept" });
    const doomed = caches.filter((c) => past(c.runId));
    for (const c of doomed) {
        if (!o.dryRun) {
            const ctx = { operation: `delete the Actions cache ${c.key}`, permission: "actions: write", ref: repo };
            try {
                await (0,github_errors/* call */.T1)(client, ctx, () => client.rest.actions.deleteActionsCacheById({ ...repo, cache_id: c.id }));
            }
            catch (err) {
                if (!(err instanceof github_errors/* GitHubApiError */.OS && err.status === 404))
                    throw err; // gone meanwhile: fine
            }
        }
        report.caches.push({ id: c.id, key: c.key, run_id: c.runId, bytes: c.bytes });
        report.bytes += c.bytes;
    }
    const candidates = branches.filter((b) => past(b.runId));
    const open = candidates.length > 0 ? await openPullHeads(client, repo) : new Set();
    for (const b of candidates) {
        if (b.protected) {
            report.kept.push({ run_id: b.runId, what: `branch ${b.name}`, reason: "it is protected" });
            continue;
        }
        if (open.has(b.name)) {
            report.kept.push({ run_id: b.runId, what: `branch ${b.name}`, reason: "it has an open pull request" });
            continue;
        }
        if (!o.dryRun) {
            const ctx = { operation: `delete the branch ${b.name}`, permission: "contents: write", ref: repo };
            try {
                await (0,github_errors/* call */.T1)(client, ctx, () => client.rest.git.deleteRef({ ...repo, ref: `heads/${b.name}` }));
            }
            catch (err) {
                // "Reference does not exist": deleted meanwhile, which is what was wanted.
                if (!(err instanceof github_errors/* GitHubApiError */.OS && (err.status === 422 || err.status === 404)))
                    throw err;
            }
        }
        report.branches.push({ name: b.name, run_id: b.runId });
    }
    return report;
}

// EXTERNAL MODULE: ./build/bundle/js/github/client.js + 1 modules
var github_client = __webpack_require__(6931);
;// CONCATENATED MODULE: ./build/bundle/js/action/cleanup.js
// The action's `cleanup` command (examples/workflows/agent-cleanup.yml): the GitHub side of cleanup, with
// the job token's permissions (actions: write for caches, contents: write for branches, pull-requests:
// read to see open pull requests). It reads no issue text and runs no agent.




/** The report as Markdown, for the job summary. */
function cleanupSummary(r) {
    const verb = r.dry_run ? "Would delete" : "Deleted";
    const mib = (r.bytes / 1048576).toFixed(1);
    const lines = [
        `## agent-flow cleanup${r.dry_run ? " (dry run)" : ""}: ${r.repository}`,
        "",
        `Retention ${r.retention_days} days: runs whose newest record is older than ${r.cutoff}.`,
        "",
        `${verb} ${r.caches.length} cache(s) (${mib} MiB) and ${r.branches.length} branch(es).`,
        "",
    ];
    if (r.caches.length > 0) {
        lines.push("| cache | run | bytes |", "| --- | --- | --- |");
        for (const c of r.caches)
            lines.push(`| \`${c.key}\` | ${c.run_id} | ${c.bytes} |`);
        lines.push("");
    }
    if (r.branches.length > 0) {
        lines.push("| branch | run |", "| --- | --- |");
        for (const b of r.branches)
            lines.push(`| \`${b.name}\` | ${b.run_id} |`);
        lines.push("");
    }
    for (const k of r.kept)
        lines.push(`- kept ${k.what} of ${k.run_id}: ${k.reason}`);
    return `${lines.join("\n")}\n`;
}
/**
 * Deletes the caches and run branches of runs past the retention (or, with dryRun, writes the plan to the
 * job summary and deletes nothing). Throws a message naming the input for a bad retention or repository.
 */
async function runCleanup(args) {
    const retentionDays = typeof args.retention === "number" ? args.retention : parseRetention(args.retention, "input retention");
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(args.repository.trim());
    if (!m)
        throw new Error(`repository '${args.repository}' must be owner/repo (as GITHUB_REPOSITORY is)`);
    const client = (0,github_client.createGitHubClient)({
        token: args.token,
        baseUrl: args.apiUrl,
        log: (msg) => core/* info */.pq(msg),
        spaceWrites: args.spaceWrites,
    });
    const report = await cleanupGitHub({
        client,
        repo: { owner: m[1], repo: m[2] },
        retentionDays,
        dryRun: args.dryRun,
    });
    const verb = args.dryRun ? "would delete" : "deleted";
    for (const c of report.caches)
        core/* info */.pq(`${verb} cache ${c.key} (${c.bytes} bytes)`);
    for (const b of report.branches)
        core/* info */.pq(`${verb} branch ${b.name}`);
    for (const k of report.kept)
        core/* info */.pq(`kept ${k.what} of ${k.run_id}: ${k.reason}`);
    core/* setOutput */.uH("cleanup", JSON.stringify(report));
    if (process.env.GITHUB_STEP_SUMMARY) {
        await core/* summary */.z
            .addRaw(cleanupSummary(report))
            .write()
            .catch((err) => core/* warning */.$e(`could not write the job summary: ${String(err)}`));
    }
    return report;
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


/***/ })

};
