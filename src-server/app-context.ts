import type { ResolvedOptions } from './config.js';
import type { Database } from './db/pool.js';
import type { LastUsedTracker } from './http/auth.js';
import type { AuthFailureGuard } from './http/auth-failures.js';
import type { RateLimiter } from './http/rate-limit.js';
import type { MachineSyncTracker } from './queries/machines.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import type { StreamHub } from './stream-hub.js';

/** What every handler may use: one per server, built in index.ts. */
export interface AppContext {
  db: Database;
  options: ResolvedOptions;
  limiter: RateLimiter;
  authFailures: AuthFailureGuard;
  lastUsed: LastUsedTracker;
  /** Per client address: sign-in requests and polls. */
  loginLimiter: RateLimiter;
  /** Per user: wrong codes in machine approvals. */
  approveFailures: RateLimiter;
  machineSync: MachineSyncTracker;
  metrics: ServerMetrics;
  hub: StreamHub;
  /** Set when the server is shutting down: streams end, new ones are refused. */
  closing: AbortSignal;
}
