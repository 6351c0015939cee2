// The one Octokit factory. The action and the CLI both reach GitHub's REST API through it, so it imports
// neither @actions/core nor @actions/github: logging is a callback.
import { Octokit, type OctokitOptions } from "@octokit/core";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { writeSpacing } from "./write-spacing.js";

export interface GitHubClientOptions {
  /** A GITHUB_TOKEN, PAT or App installation token. Kept inside Octokit's auth hook, never logged. */
  token: string;
  /** REST root; default $GITHUB_API_URL, else https://api.github.com (GHES: https://HOST/api/v3). */
  baseUrl?: string;
  /** Prepended to Octokit's own user agent; default "agent-flow". */
  userAgent?: string;
  /** Retries of a server error (5xx, network) and of a rate-limited request; default 3. */
  retries?: number;
  /** Retry notices and Octokit warnings; default: silent. */
  log?: (msg: string) => void;
  /**
   * The wait before the first retry of a server error, growing 1x, 4x, 9x; default 1000 ms. Tests shorten
   * it. A Retry-After sent by GitHub (rate limits, 503) is always honoured in full, whatever this says.
   */
  minRetryAfterMs?: number;
  /**
   * GitHub asks integrations to space writes (1 s apart, 3 s for ones that notify people); the throttling
   * plugin does so by default. `false` turns the spacing off: for tests against a local server. Unset:
   * as $AGENT_FLOW_GITHUB_WRITE_SPACING says (writeSpacing), on by default.
   */
  spaceWrites?: boolean;
}

/**
 * Statuses plugin-retry leaves alone: a retry cannot fix them. Rate limits (403/429 with Retry-After or an
 * exhausted quota) are the throttling plugin's, which waits as GitHub says; listing 429 here keeps the two
 * plugins from both retrying one request.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** The longest Retry-After (or rate-limit reset) worth waiting for inside a CI job. */
export const MAX_RETRY_AFTER_S = 300;
const DEFAULT_API_URL = "https://api.github.com";

type RetryNoticeOptions = { retryNotice?: { retries: number; baseMs: number; log: (msg: string) => void } };

function retryAfterSeconds(value: unknown): number | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * Registered before the retry plugin, so its error hook sees every failed attempt: logs the retry that
 * plugin-retry is about to make and, when the response carries Retry-After (a 503 does), sleeps the part
 * of it that the plugin's own back-off would not cover. plugin-retry alone ignores Retry-After.
 */
function retryNotice(octokit: Octokit, options: OctokitOptions): Record<string, never> {
  const settings = (options as RetryNoticeOptions).retryNotice;
  if (!settings) return {};
  octokit.hook.error("request", async (error, request) => {
    const status =
      typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 0;
    const retryCount = Number((request.request as { retryCount?: number } | undefined)?.retryCount ?? 0);
    if (status >= 400 && !DO_NOT_RETRY.includes(status) && retryCount < settings.retries) {
      const planned = (retryCount + 1) ** 2 * settings.baseMs;
      const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
      const after = retryAfterSeconds(headers?.["retry-after"]);
      const extra = after === null ? 0 : Math.min(after, MAX_RETRY_AFTER_S) * 1000 - planned;
      const what = (error as { response?: unknown }).response ? `answered ${status}` : "could not be reached";
      settings.log(
        `GitHub ${what} for ${request.method} ${request.url}; retry ${retryCount + 1} of ${settings.retries} in ${Math.round((planned + Math.max(0, extra)) / 100) / 10} s`,
      );
      if (extra > 0) await new Promise((resolve) => setTimeout(resolve, extra));
    }
    throw error;
  });
  return {};
}

const GitHubOctokit = Octokit.plugin(restEndpointMethods, retryNotice, retry, throttling);
type GitHubOctokitInstance = InstanceType<typeof GitHubOctokit>;

/**
 * What callers get: the REST methods and the raw request function. The Octokit instance itself stays
 * private, so `auth()` (which would hand back the token) is out of reach.
 */
export interface GitHubClient {
  readonly rest: GitHubOctokitInstance["rest"];
  readonly request: GitHubOctokitInstance["request"];
  readonly baseUrl: string;
  readonly retries: number;
  readonly log: (msg: string) => void;
}

// Stands in for a Bottleneck group when spaceWrites is false: runs each job at once. The throttling plugin
// only ever calls group.key(id).schedule(options, fn, ...args).
const immediateGroup = {
  key: () => ({
    schedule: (_options: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(fn(...args)),
  }),
} as unknown as NonNullable<ThrottlingOptions["write"]>;

export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const token = (opts.token ?? "").trim();
  if (token === "") {
    throw new Error(
      "no GitHub token: set AGENT_FLOW_GITHUB_TOKEN (or GITHUB_TOKEN, or GH_TOKEN) to a GITHUB_TOKEN, PAT or App token to reach the GitHub API",
    );
  }
  if (/\s/.test(token)) {
    throw new Error("the GitHub token contains whitespace; check how it was read (a pasted line break?)");
  }
  const baseUrl = (opts.baseUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    throw new Error(`the GitHub API URL '${baseUrl}' is not a URL (expected e.g. ${DEFAULT_API_URL})`);
  }
  const retries = opts.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0)
    throw new Error(`retries must be an integer >= 0, got ${retries}`);
  const log = opts.log ?? (() => {});
  const baseMs = opts.minRetryAfterMs ?? 1000;

  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const where = `${options.method} ${options.url}`;
      if (retryCount < retries && retryAfter <= MAX_RETRY_AFTER_S) {
        log(`GitHub ${kind} hit by ${where}; retry ${retryCount + 1} of ${retries} in ${retryAfter} s`);
        return true;
      }
      log(
        retryAfter > MAX_RETRY_AFTER_S
          ? `GitHub ${kind} hit by ${where}; it lifts in ${retryAfter} s, longer than the ${MAX_RETRY_AFTER_S} s worth waiting`
          : `GitHub ${kind} hit by ${where}; giving up after ${retries} retries`,
      );
      return false;
    };

  const throttle: ThrottlingOptions = {
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
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { retries, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: baseMs },
    retryNotice: { retries, baseMs, log },
    throttle,
  } as ConstructorParameters<typeof GitHubOctokit>[0] & RetryNoticeOptions);

  return Object.freeze({ rest: octokit.rest, request: octokit.request, baseUrl, retries, log });
}
