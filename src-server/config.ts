import type { RateLimitOptions } from './http/rate-limit.js';

/** Everything `createServer` can be told; `resolveOptions` fills in the defaults. */
export interface ServerOptions {
  port?: number;
  host?: string;
  /** Largest request body, compressed and decompressed alike. */
  maxBodyBytes?: number;
  rateLimit?: Partial<RateLimitOptions>;
  /** Failed authentications allowed per client address (missing, wrong or revoked tokens). */
  authFailures?: Partial<RateLimitOptions>;
  /** How often /v1/stream sends a keep-alive comment and re-checks its token. */
  heartbeatMs?: number;
  /** On close, how long requests still running may take before their connections are cut. */
  shutdownGraceMs?: number;
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'rateLimit' | 'authFailures'>> & { rateLimit: RateLimitOptions; authFailures: RateLimitOptions };

export const DEFAULT_PORT = 7356;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perMinute: 1200, burst: 200 };
/** 30 failures at once, then one every 2 s: plenty for a mistyped token, useless for guessing. */
export const DEFAULT_AUTH_FAILURES: RateLimitOptions = { perMinute: 30, burst: 30 };

export function resolveOptions(opts: ServerOptions = {}): ResolvedOptions {
  return {
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? DEFAULT_HOST,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...opts.rateLimit },
    authFailures: { ...DEFAULT_AUTH_FAILURES, ...opts.authFailures },
    heartbeatMs: opts.heartbeatMs ?? 15_000,
    shutdownGraceMs: opts.shutdownGraceMs ?? 2_000,
    log: opts.log ?? ((line) => process.stderr.write(`devlog server: ${line}\n`)),
  };
}
