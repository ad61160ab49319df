import { backoffDelay } from '../../src-shared/backoff.js';

/**
 * When to restart a crashed worker and when to stop trying. Pure: the host feeds it exits and
 * time, so the policy is tested without Electron.
 */
export interface RestartPolicyOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this many crashes inside `windowMs`. */
  maxCrashes?: number;
  windowMs?: number;
  /** A worker that ran this long is healthy again: the delay starts over. */
  stableAfterMs?: number;
}

export type RestartDecision = { action: 'restart'; delayMs: number } | { action: 'give-up'; reason: string };

export class RestartPolicy {
  private crashes: number[] = [];
  private consecutive = 0;
  private readonly o: Required<RestartPolicyOptions>;

  constructor(options: RestartPolicyOptions = {}) {
    this.o = { baseDelayMs: 500, maxDelayMs: 30_000, maxCrashes: 5, windowMs: 120_000, stableAfterMs: 60_000, ...options };
  }

  /**
   * The worker exited. `permanent` marks failures a restart cannot fix (the data folder is
   * locked by another engine, the store is from a newer version).
   */
  onExit(now: number, startedAt: number, detail: { permanent: boolean; message: string }): RestartDecision {
    if (detail.permanent) return { action: 'give-up', reason: detail.message };
    // A worker that ran long enough was healthy: earlier crashes say nothing about this one.
    if (now - startedAt >= this.o.stableAfterMs) {
      this.consecutive = 0;
      this.crashes = [];
    }
    this.crashes = this.crashes.filter((t) => now - t < this.o.windowMs);
    this.crashes.push(now);
    if (this.crashes.length >= this.o.maxCrashes) {
      return {
        action: 'give-up',
        reason: `the worker crashed ${this.crashes.length} times in ${Math.round(this.o.windowMs / 1000)} s; last: ${detail.message}`,
      };
    }
    const delayMs = backoffDelay(this.consecutive, { baseMs: this.o.baseDelayMs, maxMs: this.o.maxDelayMs });
    this.consecutive++;
    return { action: 'restart', delayMs };
  }

  reset(): void {
    this.crashes = [];
    this.consecutive = 0;
  }
}
