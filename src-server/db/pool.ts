import pg from 'pg';
import type { DatabaseState } from './supervisor.js';

/** All of devlog's tables live in this schema, so a shared DATABASE_URL never collides with an app's tables. */
export const SCHEMA = 'devlog';

/** A connected database: a pool for queries and the config to open the one LISTEN connection. */
export interface Database {
  pool: pg.Pool;
  clientConfig: pg.ClientConfig;
  /** Where the data is, for logs and `serve`'s banner (never the password). */
  description: string;
  /** Set when this process runs the database itself and knows it is down (restarting). */
  state?(): DatabaseState;
  close(): Promise<void>;
}

/**
 * Ends a pool without waiting on a query that will not finish soon: after `graceMs` the database
 * is stopped (or left) anyway, which ends such queries with an error.
 */
export async function endPool(pool: pg.Pool, graceMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([pool.end().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
}

export function createPool(clientConfig: pg.ClientConfig, max = 10): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // Set per connection rather than via startup options, which poolers such as PgBouncer refuse.
    onConnect: async (client) => {
      await client.query(`SET search_path TO ${SCHEMA}`);
    },
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (err) => {
    // While ending, connections close on their own schedule; a server stopping under them is expected.
    if (!pool.ending) process.stderr.write(`devlog server: idle database connection lost: ${err.message}
`);
  });
  return pool;
}

/** Describes a connection string without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/** DATABASE_URL mode: a real PostgreSQL server somewhere. */
export function openUrlDatabase(url: string): Database {
  const clientConfig: pg.ClientConfig = { connectionString: url };
  const pool = createPool(clientConfig);
  return { pool, clientConfig, description: `PostgreSQL at ${redactUrl(url)}`, close: () => endPool(pool) };
}

/** Runs `fn` in one transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
