import { sendJson } from '../http/errors.js';
import type { Route } from '../http/router.js';

/** Liveness and database reachability, for load balancers: 503 when the database does not answer. */
export const healthRoute: Route = {
  method: 'GET',
  path: '/healthz',
  auth: false,
  async handler({ res, app }) {
    try {
      await app.db.pool.query('SELECT 1');
      sendJson(res, 200, { status: 'ok', database: 'ok' });
    } catch (err) {
      sendJson(res, 503, { status: 'unavailable', database: (err as Error).message });
    }
  },
};
