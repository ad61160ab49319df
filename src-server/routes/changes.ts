import { z } from 'zod';
import { Cursor } from '../../src-shared/sync-wire.js';
import { requireTeam } from '../http/auth.js';
import { sendJson } from '../http/errors.js';
import { parseQuery, q } from '../http/query.js';
import type { Route } from '../http/router.js';
import { readChanges } from '../queries/changes.js';

const Query = z.strictObject({
  since: Cursor.optional(),
  limit: q.int(1, 1000).optional(),
  /** The caller's machine id: its own rows are not echoed back. */
  machine: q.text(512).optional(),
  /** Read the feed of what is shared with this team instead of the caller's own records. */
  team: q.text(64).optional(),
});

/** GET /v1/changes: the caller's records (or a team's shared ones) changed after a cursor. */
export const changesRoute: Route = {
  method: 'GET',
  path: '/v1/changes',
  auth: true,
  async handler({ url, res, app, principal }) {
    const query = parseQuery(url, Query);
    const scope = query.team === undefined ? { kind: 'user' as const, userId: principal.userId } : { kind: 'team' as const, teamId: requireTeam(principal, query.team).id };
    // A machine reading its own feed is syncing: `machines list` shows when it last did.
    if (query.machine !== undefined) app.machineSync.touch(app.db.pool, principal.userId, query.machine);
    const page = await readChanges(app.db.pool, scope, query.since ?? '0', query.limit ?? 500, query.machine);
    sendJson(res, 200, page);
  },
};
