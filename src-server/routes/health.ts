import type { AppContext } from '../app-context.js';
import { sendJson } from '../http/errors.js';
import type { Route } from '../http/router.js';

/** The last failure logged per server, so a load balancer polling a down database does not flood the log. */
const lastLogged = new WeakMap<AppContext, string>();

/**
 * Liveness and database reachability, for load balancers: 503 when the database does not answer.
 * The answer never carries the database's own error (it may name hosts, ports or users): that
 * goes to the server log only.
 */
export const healthRoute: Route = {
  method: 'GET',
  path: '/healthz',
  auth: false,
  async handler({ res, app }) {
    const unavailable = (retryAfterSeconds: number) =>
      sendJson(res, 503, { status: 'unavailable', database: 'unavailable' }, { 'retry-after': String(retryAfterSeconds) });
    const state = app.db.state?.();
    if (state && !state.up) return unavailable(state.retryAfterSeconds);
    try {
      await app.db.pool.query('SELECT 1');
      lastLogged.delete(app);
      sendJson(res, 200, { status: 'ok', database: 'ok' });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      if (lastLogged.get(app) !== detail) app.options.log(`health check: the database does not answer: ${detail}`);
      lastLogged.set(app, detail);
      unavailable(5);
    }
  },
};
