import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './app-context.js';
import { resolveOptions, type ServerOptions } from './config.js';
import { ChangeListener } from './db/listener.js';
import { openDatabase, type DatabaseChoice } from './db/open.js';
import type { Database } from './db/pool.js';
import { LastUsedTracker } from './http/auth.js';
import { AuthFailureGuard } from './http/auth-failures.js';
import { createRequestHandler } from './http/handle.js';
import { RateLimiter } from './http/rate-limit.js';
import { Router } from './http/router.js';
import { MachineSyncTracker } from './queries/machines.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { ROUTES } from './routes/index.js';
import { StreamHub } from './stream-hub.js';

export type { ServerOptions } from './config.js';
export type { DatabaseChoice } from './db/open.js';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  /**
   * Stops accepting requests, ends streams, gives requests still running `shutdownGraceMs` to
   * finish (then cuts their connections), stops listening for changes. Leaves `db` open.
   */
  close(): Promise<void>;
}

/** Serves the API over an open, migrated database. Stateless: any number may share one database. */
export async function createServer(db: Database, options: ServerOptions = {}): Promise<RunningServer> {
  const opts = resolveOptions(options);
  const hub = new StreamHub();
  const closing = new AbortController();
  setMaxListeners(0, closing.signal); // every open stream listens for shutdown
  const app: AppContext = {
    db,
    options: opts,
    limiter: new RateLimiter(opts.rateLimit),
    authFailures: new AuthFailureGuard(opts.authFailures),
    lastUsed: new LastUsedTracker(),
    loginLimiter: new RateLimiter(opts.login),
    approveFailures: new RateLimiter(opts.approveFailures),
    machineSync: new MachineSyncTracker(),
    metrics: createServerMetrics(db.pool, () => hub.size),
    hub,
    closing: closing.signal,
  };
  const listener = new ChangeListener(
    db.clientConfig,
    (event) => {
      if (event.type === 'change') app.metrics.notifications.inc();
      hub.publish(event);
    },
    opts.log,
  );
  await listener.start();
  const sweep = setInterval(() => {
    app.limiter.sweep();
    app.authFailures.sweep();
    app.loginLimiter.sweep();
    app.approveFailures.sweep();
  }, 60_000);
  sweep.unref();

  const server = http.createServer(createRequestHandler(app, new Router(ROUTES)));
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(sweep);
    await listener.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    db,
    async close() {
      closing.abort(); // streams end; a request arriving on a kept-alive connection gets 503
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still running get a short grace, then their connections are cut: a stalled
      // upload must not hold the whole server (and its database) up.
      const timer = setTimeout(() => server.closeAllConnections(), opts.shutdownGraceMs);
      await Promise.all([closed, listener.close()]);
      clearTimeout(timer);
    },
  };
}

/** `devlog serve`: open (and migrate) the database, then serve; close() also closes the database. */
export async function startServer(choice: DatabaseChoice, options: ServerOptions = {}): Promise<RunningServer> {
  const db = await openDatabase(choice, resolveOptions(options).log);
  try {
    const server = await createServer(db, options);
    return {
      ...server,
      async close() {
        await server.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
