import { RateLimiter, type RateLimitOptions, type RateVerdict } from './rate-limit.js';

/** Tokens remembered as valid, so a client behind an attacker's address keeps working. */
const MAX_TRUSTED = 10_000;

/**
 * A per-address budget of failed authentications (missing, malformed, unknown or revoked
 * tokens). An address over its budget is refused (429) BEFORE any database lookup, so guessing
 * tokens costs the database nothing and gets nowhere; only a token this process has recently
 * seen valid is still looked up from there (a teammate behind the same NAT keeps working).
 */
export class AuthFailureGuard {
  private readonly failures: RateLimiter;
  /** Token digests that authenticated recently, oldest first (a Map keeps insertion order). */
  private readonly trusted = new Map<string, true>();

  constructor(options: RateLimitOptions, now: () => number = Date.now) {
    this.failures = new RateLimiter(options, now);
  }

  /** May this address have its token looked up? */
  admit(address: string, tokenDigest: string | undefined): RateVerdict {
    const verdict = this.failures.peek(address);
    if (verdict.ok || (tokenDigest !== undefined && this.trusted.has(tokenDigest))) return { ok: true };
    return verdict;
  }

  failed(address: string): void {
    this.failures.take(address);
  }

  succeeded(tokenDigest: string): void {
    this.trusted.delete(tokenDigest);
    this.trusted.set(tokenDigest, true);
    if (this.trusted.size > MAX_TRUSTED) this.trusted.delete(this.trusted.keys().next().value!);
  }

  /** A token that stopped working (revoked) must not keep its way past the budget. */
  forget(tokenDigest: string): void {
    this.trusted.delete(tokenDigest);
  }

  sweep(): void {
    this.failures.sweep();
  }
}
