export const id = 931;
export const ids = [931];
export const modules = {

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


/***/ })

};
