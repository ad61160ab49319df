import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { LoginPoll, LoginStart } from '../../src-shared/sync-wire.js';
import type { AppContext } from '../app-context.js';
import { readJsonBody } from '../http/body.js';
import { fromZodError, HttpError, notFound, sendJson } from '../http/errors.js';
import { clientAddress } from '../http/handle.js';
import type { Route } from '../http/router.js';
import { pollLogin, startLogin } from '../queries/login.js';

/** These endpoints take no token, so their bodies are tiny and their rate is per address. */
const LOGIN_BODY_BYTES = 4096;

function limitAddress(app: AppContext, req: IncomingMessage): void {
  const verdict = app.loginLimiter.take(clientAddress(req));
  if (verdict.ok) return;
  app.metrics.rateLimited.inc();
  throw new HttpError('RATE_LIMITED', `too many sign-in requests from your address; retry in ${verdict.retryAfterSeconds} s`, undefined, {
    'retry-after': String(verdict.retryAfterSeconds),
  });
}

async function readBody<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(req, LOGIN_BODY_BYTES));
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}

/** POST /v1/login (no token): a new machine asks to join; it shows the code and keeps the poll secret. */
export const loginStartRoute: Route = {
  method: 'POST',
  path: '/v1/login',
  auth: false,
  async handler({ req, res, app }) {
    limitAddress(app, req);
    sendJson(res, 200, await startLogin(app.db.pool, await readBody(req, LoginStart)));
  },
};

/** POST /v1/login/poll (no token): pending, expired, or approved with the machine's token (once). */
export const loginPollRoute: Route = {
  method: 'POST',
  path: '/v1/login/poll',
  auth: false,
  async handler({ req, res, app }) {
    limitAddress(app, req);
    const { pollSecret } = await readBody(req, LoginPoll);
    const result = await pollLogin(app.db.pool, pollSecret);
    if (!result) throw notFound('no sign-in is waiting for this poll secret: its token was collected already, or it never existed');
    sendJson(res, 200, result);
  },
};
