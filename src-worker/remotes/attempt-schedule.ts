import { retryDelay, type BackoffOptions } from '../../src-shared/backoff.js';
import type { ExportError } from '../export/sink.js';

/**
 * When a remote is tried next: the part the exporter and the puller share. A failure backs off
 * (Retry-After honoured), a refused token stops automatic attempts until the remote is edited
 * or tested, and an auto remote is also tried on its interval.
 */
export interface AttemptSchedule {
  failures: number;
  lastError: string | null;
  errorKind: ExportError['kind'] | null;
  /** A refused token (401/403): no automatic attempt until the remote is edited or tested. */
  stopped: boolean;
  nextAttemptAt: number | null;
  retryTimer?: ReturnType<typeof setTimeout>;
  intervalTimer?: ReturnType<typeof setInterval>;
}

/**
 * Notes a failed attempt and, unless the token was refused or `retry` is undefined (the remote
 * does not run automatically now), calls `retry` after the backoff delay.
 */
export function recordFailure(s: AttemptSchedule, err: ExportError, backoff: BackoffOptions, retry: (() => void) | undefined): void {
  s.lastError = err.message;
  s.errorKind = err.kind;
  if (err.kind === 'auth') {
    s.stopped = true;
    s.nextAttemptAt = null;
    return;
  }
  const delay = retryDelay(s.failures, backoff, err.retryAfterMs);
  s.failures++;
  if (!retry) return;
  s.nextAttemptAt = Date.now() + delay;
  s.retryTimer = setTimeout(() => {
    s.retryTimer = undefined;
    s.nextAttemptAt = null;
    retry();
  }, delay);
  s.retryTimer.unref?.();
}

/** Calls `tick` every `seconds` until cleared (an auto remote's interval); a running one is kept. */
export function startInterval(s: AttemptSchedule, seconds: number, tick: () => void): void {
  if (s.intervalTimer) return;
  s.intervalTimer = setInterval(tick, seconds * 1000);
  s.intervalTimer.unref?.();
}

/** An attempt starts now: a pending retry is not needed any more. */
export function cancelRetry(s: AttemptSchedule): void {
  if (s.retryTimer) clearTimeout(s.retryTimer);
  s.retryTimer = undefined;
  s.nextAttemptAt = null;
}

/** No timer left: no retry and no interval (the remote was paused, edited or removed). */
export function clearSchedule(s: AttemptSchedule): void {
  if (s.intervalTimer) clearInterval(s.intervalTimer);
  s.intervalTimer = undefined;
  cancelRetry(s);
}
