import { z } from 'zod';
import { requireTeam } from '../http/auth.js';
import { badRequest, notFound, sendJson } from '../http/errors.js';
import { parseQuery, q } from '../http/query.js';
import type { Route } from '../http/router.js';
import { AmbiguousSessionError, getSession, listSessions } from '../queries/sessions.js';

const isoTime = z.iso.datetime({ offset: true });

const ListQuery = z.strictObject({
  agent: q.text(64).optional(),
  workspace: q.text(4096).optional(),
  team: q.text(64).optional(),
  owner: q.text(64).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  includeHidden: q.bool().optional(),
  includeDeleted: q.bool().optional(),
  limit: q.int(1, 500).optional(),
  offset: q.int(0, 1_000_000).optional(),
});

/** GET /v1/sessions: the sessions the caller may see (own and shared with their teams), newest first. */
export const listSessionsRoute: Route = {
  method: 'GET',
  path: '/v1/sessions',
  auth: true,
  async handler({ url, res, app, principal }) {
    const query = parseQuery(url, ListQuery);
    const teamId = query.team === undefined ? undefined : requireTeam(principal, query.team).id;
    const sessions = await listSessions(app.db.pool, principal, {
      agent: query.agent,
      workspace: query.workspace,
      teamId,
      owner: query.owner,
      since: query.since,
      until: query.until,
      includeHidden: query.includeHidden ?? false,
      includeDeleted: query.includeDeleted ?? false,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
    sendJson(res, 200, { sessions });
  },
};

const DetailQuery = z.strictObject({
  owner: q.text(64).optional(),
  limit: q.int(1, 50_000).optional(),
});

/** GET /v1/sessions/:id?owner=: one session with its messages, tool calls and usage. 404 when not visible. */
export const sessionDetailRoute: Route = {
  method: 'GET',
  path: '/v1/sessions/:id',
  auth: true,
  async handler({ url, params, res, app, principal }) {
    const query = parseQuery(url, DetailQuery);
    const detail = await getSession(app.db.pool, principal, params.id!, query.owner, query.limit ?? 10_000).catch((err: unknown) => {
      if (err instanceof AmbiguousSessionError) throw badRequest(err.message, 'owner');
      throw err;
    });
    // 404, not 403: whether another tenant has a session with this id is not the caller's business.
    if (!detail) throw notFound(`no session "${params.id}" that you can see`);
    sendJson(res, 200, detail);
  },
};
