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
  /** Sign-in requests and polls (POST /v1/login, /v1/login/poll) allowed per client address. */
  login?: Partial<RateLimitOptions>;
  /** Wrong codes a user may try in POST /v1/machines/approve (guessing another's code is hopeless). */
  approveFailures?: Partial<RateLimitOptions>;
  /** How often /v1/stream sends a keep-alive comment and re-checks its token. */
  heartbeatMs?: number;
  /** On close, how long requests still running may take before their connections are cut. */
  shutdownGraceMs?: number;
  log?: (line: string) => void;
}

type LimitKeys = 'rateLimit' | 'authFailures' | 'login' | 'approveFailures';
export type ResolvedOptions = Required<Omit<ServerOptions, LimitKeys>> & Record<LimitKeys, RateLimitOptions>;

export const DEFAULT_PORT = 7356;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perMinute: 1200, burst: 200 };
/** 30 failures at once, then one every 2 s: plenty for a mistyped token, useless for guessing. */
export const DEFAULT_AUTH_FAILURES: RateLimitOptions = { perMinute: 30, burst: 30 };

/** A client polls every 2 s (30 a minute); starting sign-ins over and over gets nowhere. */
export const DEFAULT_LOGIN_LIMIT: RateLimitOptions = { perMinute: 60, burst: 30 };
/** 10 wrong codes at once, then one every 10 s: a 40-bit code cannot be guessed in its 10 minutes. */
export const DEFAULT_APPROVE_FAILURES: RateLimitOptions = { perMinute: 6, burst: 10 };

export function resolveOptions(opts: ServerOptions = {}): ResolvedOptions {
  return {
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? DEFAULT_HOST,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...opts.rateLimit },
    authFailures: { ...DEFAULT_AUTH_FAILURES, ...opts.authFailures },
    login: { ...DEFAULT_LOGIN_LIMIT, ...opts.login },
    approveFailures: { ...DEFAULT_APPROVE_FAILURES, ...opts.approveFailures },
    heartbeatMs: opts.heartbeatMs ?? 15_000,
    shutdownGraceMs: opts.shutdownGraceMs ?? 2_000,
    log: opts.log ?? ((line) => process.stderr.write(`devlog server: ${line}\n`)),
  };
}
