import { AgentFlowError } from "../lib/errors.js";

/** Retries with exponential back-off and full jitter, for agents' attempts. */
export interface RetryPolicy {
  /** Retries after the first attempt: 0 means one attempt only. */
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Growth of the delay ceiling per retry (default 2). */
  factor?: number;
}

/**
 * Delay before retry n (1-based): full jitter, uniform between minDelayMs and a ceiling of
 * minDelayMs * factor^n capped at maxDelayMs. `random` returns [0, 1).
 */
export function backoffDelay(policy: RetryPolicy, n: number, random: () => number = Math.random): number {
  const min = Math.max(0, policy.minDelayMs);
  const max = Math.max(min, policy.maxDelayMs);
  const ceiling = Math.min(max, min * (policy.factor ?? 2) ** n);
  return Math.round(min + random() * (ceiling - min));
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Run `attempt` until it reports ok, at most retries + 1 times, sleeping backoffDelay() between
 * attempts. The first attempt always runs (give it the same signal so it can return at once); an abort
 * stops before the next attempt or during a delay, returning the last value. onRetry(n, delay, value) is
 * called after failed attempt n, before its delay. Exceptions thrown by `attempt` propagate.
 */
export async function runWithRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<{ ok: boolean; value: T }>,
  opts?: {
    signal?: AbortSignal;
    onRetry?: (n: number, delayMs: number, value: T) => unknown;
    /** Source of jitter in [0, 1), for tests; default Math.random. */
    random?: () => number;
  },
): Promise<{ ok: boolean; value: T; attempts: number }> {
  const maxAttempts = Math.max(0, Math.floor(policy.retries)) + 1;
  let n = 1;
  for (;;) {
    const { ok, value } = await attempt(n);
    if (ok || n >= maxAttempts || opts?.signal?.aborted) return { ok, value, attempts: n };
    const delayMs = backoffDelay(policy, n, opts?.random);
    await opts?.onRetry?.(n, delayMs, value);
    await abortableSleep(delayMs, opts?.signal);
    if (opts?.signal?.aborted) return { ok, value, attempts: n };
    n++;
  }
}

export const RETRY_DELAY_VAR = "AGENT_FLOW_RETRY_DELAY_MS";

/**
 * $AGENT_FLOW_RETRY_DELAY_MS: the first back-off between an agent's attempts, in ms (then doubling, with
 * jitter, up to 4 times it); undefined when unset (the engines' default: 1 s up to 30 s). For quick local
 * iterations and the test suite; read by `agent-flow run` and by the action's legs alike.
 */
export function retryDelayFromEnv(env: NodeJS.ProcessEnv): { min: number; max: number } | undefined {
  const v = env[RETRY_DELAY_VAR];
  if (v === undefined || v === "") return undefined;
  if (!/^\d{1,7}$/.test(v) || Number(v) > 600_000)
    throw new AgentFlowError(
      `${RETRY_DELAY_VAR}='${v}' must be a whole number of milliseconds from 0 to 600000`,
    );
  return { min: Number(v), max: Number(v) * 4 };
}
