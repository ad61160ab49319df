import { RateLimiter, type RateLimitOptions, type RateVerdict } from './rate-limit.js';

/** Tokens remembered as valid, so a client behind an attacker's address keeps working. */
const MAX_TRUSTED = 10_000;

/**
 * A per-address budget of failed authentications (missing, malformed, unknown or revoked
 * tokens). An address over its budget is refused (429) BEFORE any database lookup, so guessing
 * tokens costs the database nothing and gets nowhere; only a token this process has recently
 * seen valid is still looked up from there (a teammate behind the same NAT keeps working).
 * Every lookup spends from the budget up front and a success gives it back, so a burst of
 * concurrent guesses cannot all slip through while the first ones are still being looked up.
 */
export class AuthFailureGuard {
  private readonly failures: RateLimiter;
  /** Token digests that authenticated recently, oldest first (a Map keeps insertion order). */
  private readonly trusted = new Map<string, true>();

  constructor(options: RateLimitOptions, now: () => number = Date.now) {
    this.failures = new RateLimiter(options, now);
  }

  /**
   * May this address have its token looked up? When yes, call `failed` or `succeeded` with the
   * returned ticket once the lookup is done.
   */
  admit(address: string, tokenDigest: string | undefined): RateVerdict & { spent?: boolean } {
    const verdict = this.failures.take(address);
    if (verdict.ok) return { ok: true, spent: true };
    if (tokenDigest !== undefined && this.trusted.has(tokenDigest)) return { ok: true, spent: false };
    return verdict;
  }

  /** A failure: what admit spent stays spent; a trusted token that failed (revoked) spends now. */
  failed(address: string, spent: boolean, tokenDigest: string | undefined): void {
    if (!spent) this.failures.take(address);
    if (tokenDigest !== undefined) this.trusted.delete(tokenDigest);
  }

  /** The lookup itself failed (database down): it counts neither way. */
  undecided(address: string): void {
    this.failures.refund(address);
  }

  succeeded(address: string, spent: boolean, tokenDigest: string): void {
    if (spent) this.failures.refund(address);
    this.trusted.delete(tokenDigest);
    this.trusted.set(tokenDigest, true);
    if (this.trusted.size > MAX_TRUSTED) this.trusted.delete(this.trusted.keys().next().value!);
  }

  sweep(): void {
    this.failures.sweep();
  }
}
