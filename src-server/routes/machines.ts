import { z } from 'zod';
import { MachineApprove } from '../../src-shared/sync-wire.js';
import { readJsonBody } from '../http/body.js';
import { fromZodError, HttpError, notFound, sendJson } from '../http/errors.js';
import { parseQuery, q } from '../http/query.js';
import type { Route } from '../http/router.js';
import { approveLogin } from '../queries/login.js';
import { listMachines, revokeMachine } from '../queries/machines.js';

/** `machine`: the asking machine's id, for a token not bound to one (an admin-made token). */
const ListQuery = z.strictObject({ machine: q.text(512).optional() });

/** GET /v1/machines: the caller's machines with their last sync and whether they were revoked. */
export const listMachinesRoute: Route = {
  method: 'GET',
  path: '/v1/machines',
  auth: true,
  async handler({ url, res, app, principal }) {
    const query = parseQuery(url, ListQuery);
    sendJson(res, 200, { machines: await listMachines(app.db.pool, principal.userId, principal.machineId ?? query.machine ?? null) });
  },
};

/**
 * POST /v1/machines/approve {code}: lets the machine showing `code` in as one of the caller's.
 * Every wrong code spends from the user's budget BEFORE the lookup, so guessing a stranger's code
 * (and so taking over their new machine) stops after a handful of tries.
 */
export const approveMachineRoute: Route = {
  method: 'POST',
  path: '/v1/machines/approve',
  auth: true,
  async handler({ req, res, app, principal }) {
    const parsed = MachineApprove.safeParse(await readJsonBody(req, 4096));
    if (!parsed.success) throw fromZodError(parsed.error, 'body');
    const key = String(principal.userId);
    const verdict = app.approveFailures.take(key);
    if (!verdict.ok) {
      app.metrics.rateLimited.inc();
      throw new HttpError('RATE_LIMITED', `too many wrong codes; retry in ${verdict.retryAfterSeconds} s`, undefined, { 'retry-after': String(verdict.retryAfterSeconds) });
    }
    const code = parsed.data.code.trim();
    const outcome = await approveLogin(app.db.pool, principal.userId, principal.machineId, code);
    if (outcome.kind === 'approved') {
      app.approveFailures.refund(key);
      return sendJson(res, 200, { user: principal.user, machine: outcome.machine });
    }
    const why = {
      unknown: `no sign-in is waiting for code ${code}: check the code \`devlog login\` shows on the new machine`,
      expired: `code ${code} expired (codes last 10 minutes): run \`devlog login\` on the new machine again`,
      used: `code ${code} was approved already`,
    }[outcome.kind];
    throw new HttpError('NOT_FOUND', why, 'code');
  },
};

/** POST /v1/machines/:id/revoke: the machine's tokens stop working at once, and it is told why. */
export const revokeMachineRoute: Route = {
  method: 'POST',
  path: '/v1/machines/:id/revoke',
  auth: true,
  async handler({ res, app, principal, params }) {
    const revoked = await revokeMachine(app.db.pool, principal.userId, params.id!, principal.machineId);
    if (!revoked) throw notFound(`you have no machine with id "${params.id}"`);
    sendJson(res, 200, revoked);
  },
};
