import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry } from './registry.js';

/** The series the server exports on /metrics. One instance per server. */
export function createServerMetrics(pool: pg.Pool, sseClients: () => number) {
  const registry = new Registry();
  const startedAt = Date.now() / 1000;
  return {
    registry,
    requests: registry.add(new Counter('devlog_http_requests_total', 'HTTP requests by route, method and status.')),
    duration: registry.add(
      new Histogram('devlog_http_request_duration_seconds', 'HTTP request duration by route.', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    ),
    ingested: registry.add(new Counter('devlog_ingest_records_total', 'Ingested records by outcome (inserted, updated, duplicate, stale).')),
    rateLimited: registry.add(new Counter('devlog_rate_limited_total', 'Requests refused with 429.')),
    authFailures: registry.add(
      new Counter('devlog_auth_failures_total', 'Failed authentications by outcome: unauthorized (401), refused (429 before any lookup, address over its budget).'),
    ),
    tokenLookups: registry.add(new Counter('devlog_token_lookups_total', 'Bearer tokens looked up in the database.')),
    notifications: registry.add(new Counter('devlog_change_notifications_total', 'Change notifications received from PostgreSQL.')),
    sse: registry.add(new Gauge('devlog_stream_clients', 'Open /v1/stream connections.', () => [{ value: sseClients() }])),
    pool: registry.add(
      new Gauge('devlog_db_pool_connections', 'Database pool connections by state.', () => [
        { labels: { state: 'total' }, value: pool.totalCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ]),
    ),
    process: registry.add(
      new Gauge('devlog_process_resident_memory_bytes', 'Resident memory of this server process.', () => [{ value: process.memoryUsage().rss }]),
    ),
    start: registry.add(new Gauge('devlog_process_start_time_seconds', 'Start time of this server process (Unix seconds).', () => [{ value: startedAt }])),
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
