import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, REMOTE_BACKOFF, backoffDelay, parseRetryAfter, retryDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, exactly without jitter', () => {
    const o = { baseMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, o))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(10_000, o)).toBe(30_000);
  });

  it('draws jittered delays inside [delay * (1 - jitter), delay]', () => {
    const low = backoffDelay(3, { ...REMOTE_BACKOFF, random: () => 1 });
    const high = backoffDelay(3, { ...REMOTE_BACKOFF, random: () => 0 });
    expect(high).toBe(8_000);
    expect(low).toBe(4_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, REMOTE_BACKOFF);
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(8_000);
    }
  });

  it('can jitter on both sides of the delay', () => {
    const o = { baseMs: 1000, maxMs: 30_000, jitter: 0.2, around: true };
    expect(backoffDelay(0, { ...o, random: () => 0 })).toBe(800);
    expect(backoffDelay(0, { ...o, random: () => 0.5 })).toBe(1000);
    expect(backoffDelay(0, { ...o, random: () => 0.999999 })).toBe(1200);
  });

  it('caps remotes at about five minutes', () => {
    expect(backoffDelay(50, { ...REMOTE_BACKOFF, random: () => 0 })).toBe(300_000);
  });
});

describe('retryDelay and Retry-After', () => {
  it('honours the server over the backoff, at most an hour', () => {
    expect(retryDelay(0, REMOTE_BACKOFF, 7_000)).toBe(7_000);
    expect(retryDelay(0, REMOTE_BACKOFF, 10 * 24 * 3600_000)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelay(0, { baseMs: 100, maxMs: 100 })).toBe(100);
  });

  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
