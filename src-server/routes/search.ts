import { z } from 'zod';
import { RECORD_KINDS } from '../../src-shared/sync-wire.js';
import { requireTeam } from '../http/auth.js';
import { sendJson } from '../http/errors.js';
import { parseQuery, q } from '../http/query.js';
import type { Route } from '../http/router.js';
import { search } from '../queries/search.js';

const Query = z.strictObject({
  q: q.text(1000),
  kind: z.enum(RECORD_KINDS).optional(),
  team: q.text(64).optional(),
  limit: q.int(1, 200).optional(),
});

/** GET /v1/search?q=: full-text search over messages, tool calls and session titles the caller may see. */
export const searchRoute: Route = {
  method: 'GET',
  path: '/v1/search',
  auth: true,
  async handler({ url, res, app, principal }) {
    const query = parseQuery(url, Query);
    const teamId = query.team === undefined ? undefined : requireTeam(principal, query.team).id;
    const hits = await search(app.db.pool, principal, { q: query.q, kind: query.kind, teamId, limit: query.limit ?? 50 });
    sendJson(res, 200, { hits });
  },
};
