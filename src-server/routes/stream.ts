import { z } from 'zod';
import type { StreamChange } from '../../src-shared/sync-wire.js';
import type { ListenerEvent } from '../db/listener.js';
import { currentTeams } from '../http/auth.js';
import { HttpError } from '../http/errors.js';
import { parseQuery, q } from '../http/query.js';
import type { Route } from '../http/router.js';

const Query = z.strictObject({
  /** The caller's machine id: changes it sent itself are not announced back to it. */
  machine: q.text(512).optional(),
});

/** A slow reader is cut off rather than buffered without bound. */
const MAX_BUFFERED = 1024 * 1024;
/** Open streams per token and process: a few per machine is plenty; thousands is an attack. */
export const MAX_STREAMS_PER_TOKEN = 16;

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * GET /v1/stream: server-sent events. `ready` once, then `change` whenever a change visible to
 * the caller commits (through any server process on this database), `resync` when this server
 * may have missed notifications, `revoked` before closing when the token is revoked.
 */
export const streamRoute: Route = {
  method: 'GET',
  path: '/v1/stream',
  auth: true,
  async handler({ url, req, res, app, principal }) {
    const query = parseQuery(url, Query);
    const owner = String(principal.tokenId);
    if (app.hub.countFor(owner) >= MAX_STREAMS_PER_TOKEN) {
      throw new HttpError('RATE_LIMITED', `at most ${MAX_STREAMS_PER_TOKEN} open streams per token`, undefined, { 'retry-after': '30' });
    }
    // Team membership can change while the stream is open: it is re-read on every heartbeat and
    // at once when a membership notice for this user arrives (admin `team member add/remove`).
    let teamNames = new Map(principal.teams.map((t) => [t.id, t.name]));
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // tell nginx-style proxies not to buffer the stream
      connection: 'close', // one long response per connection: when it ends, so does the socket
    });
    req.socket.setNoDelay(true);
    const write = (chunk: string) => {
      if (res.writableLength > MAX_BUFFERED) res.destroy();
      else if (!res.writableEnded) res.write(chunk);
    };
    write(`retry: 3000\n\n` + sse('ready', { user: principal.user, teams: principal.teams.map((t) => t.name) }));

    /** Re-reads the token's teams; ends the stream when the token was revoked. */
    const recheck = async () => {
      const teams = await currentTeams(app.db.pool, principal.tokenId).catch(() => null); // database away: keep the last known list
      if (teams === undefined) {
        write(sse('revoked', {}));
        res.end();
      } else if (teams !== null) teamNames = new Map(teams.map((t) => [t.id, t.name]));
    };
    const deliver = (event: ListenerEvent) => {
      if (event.type === 'resync') return write(sse('resync', {}));
      if (event.type === 'membership') return;
      const n = event.notice;
      const own = n.userId === principal.userId;
      const teams = n.teamIds.filter((id) => teamNames.has(id)).map((id) => teamNames.get(id)!);
      if (!own && teams.length === 0) return; // not the caller's business
      if (own && query.machine !== undefined && n.machine === query.machine) return; // its own echo
      const data: StreamChange = { cursor: n.cursor, owner: n.owner, teams, machine: n.machine };
      write(sse('change', data));
    };
    // Events are handled strictly in arrival order, waiting for a re-read of the teams when one is
    // due: a change committed after a member's removal is never judged by the old list.
    let queue = Promise.resolve();
    const enqueue = (task: () => void | Promise<void>) => {
      queue = queue.then(task).catch(() => undefined);
    };
    const unsubscribe = app.hub.subscribe(owner, (event) => {
      // After a resync a membership notice may have been missed too: re-read before going on.
      if ((event.type === 'membership' && event.userId === principal.userId) || event.type === 'resync') enqueue(recheck);
      enqueue(() => deliver(event));
    });
    const heartbeat = setInterval(() => {
      write(': ping\n\n');
      enqueue(recheck);
    }, app.options.heartbeatMs);
    const stop = () => res.end();
    app.closing.addEventListener('abort', stop);
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      app.closing.removeEventListener('abort', stop);
    });
  },
};
