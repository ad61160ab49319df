/**
 * The one retry schedule of the code base: exponential from `baseMs`, doubling per failed
 * attempt, capped at `maxMs`, with optional jitter so many clients that failed together do not
 * come back together. Pure: `random` is injectable so tests pin it.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0 (exact) to 1: the delay is drawn from [delay * (1 - jitter), delay]. */
  jitter?: number;
  /** Jitter on both sides instead: [delay * (1 - jitter), delay * (1 + jitter)]. */
  around?: boolean;
  random?: () => number;
}

/** The default for talking to remotes: 1 s, 2 s, 4 s ... at most about 5 minutes, 50% jitter. */
export const REMOTE_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000, jitter: 0.5 };

/** A server's Retry-After is honoured, but a hostile or broken one cannot park us for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Delay before retry number `attempt + 1` (attempt 0: the first retry after the first failure). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs, jitter = 0, around = false, random = Math.random } = options;
  // 2 ** 60 is already far past any cap; bounding the exponent keeps the math finite.
  const exact = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 60));
  const j = Math.min(1, Math.max(0, jitter));
  return Math.round(exact * (around ? 1 - j + 2 * j * random() : 1 - j * random()));
}

/**
 * The delay after a failure: the server's Retry-After when it sent one (at most an hour),
 * otherwise the backoff for this attempt.
 */
export function retryDelay(attempt: number, options: BackoffOptions, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return backoffDelay(attempt, options);
}

/** Retry-After (delta-seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its weekday and month; anything else ("-5", "soon") is unreadable.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
