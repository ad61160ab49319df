import type { RateLimitOptions } from './http/rate-limit.js';

/** Everything `createServer` can be told; `resolveOptions` fills in the defaults. */
export interface ServerOptions {
  port?: number;
  host?: string;
  /** Largest request body, compressed and decompressed alike. */
  maxBodyBytes?: number;
  rateLimit?: Partial<RateLimitOptions>;
  /** How often /v1/stream sends a keep-alive comment and re-checks its token. */
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'rateLimit'>> & { rateLimit: RateLimitOptions };

export const DEFAULT_PORT = 7356;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perMinute: 1200, burst: 200 };

export function resolveOptions(opts: ServerOptions = {}): ResolvedOptions {
  return {
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? DEFAULT_HOST,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...opts.rateLimit },
    heartbeatMs: opts.heartbeatMs ?? 15_000,
    log: opts.log ?? ((line) => process.stderr.write(`devlog server: ${line}\n`)),
  };
}
