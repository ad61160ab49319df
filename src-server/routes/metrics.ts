import type { Route } from '../http/router.js';

/** Prometheus text format. Unauthenticated like most exporters: bind to loopback or firewall it. */
export const metricsRoute: Route = {
  method: 'GET',
  path: '/metrics',
  auth: false,
  async handler({ res, app }) {
    const text = app.metrics.registry.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  },
};
