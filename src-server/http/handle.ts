import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../app-context.js';
import { hashToken } from '../admin/token-hash.js';
import { authenticate, bearerToken, type Principal } from './auth.js';
import { HttpError, badRequest, notFound, sendError } from './errors.js';
import type { Router } from './router.js';

/** PostgreSQL error classes that mean "the client's data", not "the server is broken". */
function fromDatabaseError(err: { code?: string; message: string }): HttpError | undefined {
  const code = err.code ?? '';
  if (code.startsWith('22')) return badRequest(`a value was refused by the database: ${err.message}`);
  if (code === '54000') return badRequest(`a record is too large to store or index: ${err.message}`);
  // Connection classes, shutdown, and node-postgres's own connect/terminate errors (no code).
  const lostConnection = /^(timeout exceeded when trying to connect|Connection terminated)|is not currently accepting connections/.test(err.message);
  const refused = code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '53300'; // 53300: too many connections
  if (code.startsWith('08') || code.startsWith('57P') || refused || lostConnection) {
    return new HttpError('UNAVAILABLE', 'the database is unavailable; retry later', undefined, { 'retry-after': '5' });
  }
  return undefined;
}

function toHttpError(err: unknown, app: AppContext, req: IncomingMessage): HttpError {
  if (err instanceof HttpError) return err;
  const fromDb = typeof err === 'object' && err !== null && 'message' in err ? fromDatabaseError(err as { code?: string; message: string }) : undefined;
  if (fromDb) return fromDb;
  app.options.log(`internal error on ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new HttpError('INTERNAL', 'internal server error');
}

/** Who asked: the peer address (a reverse proxy in front makes every client one address; see docs). */
export const clientAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** The token, looked up only while the caller's address is within its failed-authentication budget. */
async function authenticateWithinBudget(app: AppContext, req: IncomingMessage): Promise<Principal> {
  const address = clientAddress(req);
  let token: string | undefined;
  let failure: unknown;
  try {
    token = bearerToken(req);
  } catch (err) {
    failure = err;
  }
  const digest = token === undefined ? undefined : hashToken(token).toString('base64');
  const admitted = app.authFailures.admit(address, digest);
  if (!admitted.ok) {
    app.metrics.authFailures.inc({ outcome: 'refused' });
    app.metrics.rateLimited.inc();
    throw new HttpError('RATE_LIMITED', `too many failed authentications from your address; retry in ${admitted.retryAfterSeconds} s`, undefined, {
      'retry-after': String(admitted.retryAfterSeconds),
    });
  }
  try {
    if (token === undefined) throw failure;
    app.metrics.tokenLookups.inc();
    const principal = await authenticate(app.db.pool, token);
    app.authFailures.succeeded(address, admitted.spent === true, digest!);
    return principal;
  } catch (err) {
    if (err instanceof HttpError && err.code === 'UNAUTHORIZED') {
      app.authFailures.failed(address, admitted.spent === true, digest);
      app.metrics.authFailures.inc({ outcome: 'unauthorized' });
    } else if (admitted.spent) app.authFailures.undecided(address); // the database failed, not the caller: no failure
    throw err;
  }
}

async function authorize(app: AppContext, req: IncomingMessage): Promise<Principal> {
  const principal = await authenticateWithinBudget(app, req);
  const verdict = app.limiter.take(String(principal.tokenId));
  if (!verdict.ok) {
    app.metrics.rateLimited.inc();
    throw new HttpError('RATE_LIMITED', `too many requests for this token; retry in ${verdict.retryAfterSeconds} s`, undefined, {
      'retry-after': String(verdict.retryAfterSeconds),
    });
  }
  app.lastUsed.touch(app.db.pool, principal.tokenId);
  return principal;
}

/** The one path every request takes: route, authenticate, rate-limit, handle, map errors, count. */
export function createRequestHandler(app: AppContext, router: Router) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    let route = 'unmatched';
    const run = async () => {
      if (app.closing.aborted) throw new HttpError('UNAVAILABLE', 'the server is shutting down', undefined, { connection: 'close' });
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://server.invalid');
      } catch {
        throw badRequest('invalid request URL');
      }
      const match = router.match(req.method ?? '', url.pathname);
      if (match.kind === 'none') throw notFound(`no such endpoint: ${url.pathname}`);
      if (match.kind === 'wrong-method') {
        throw new HttpError('METHOD_NOT_ALLOWED', `use ${match.allow.join(' or ')} for ${url.pathname}`, undefined, { allow: match.allow.join(', ') });
      }
      route = match.route.path;
      // The embedded database is restarting: say when to come back instead of waiting on it.
      const db = match.route.auth ? app.db.state?.() : undefined;
      if (db && !db.up) {
        throw new HttpError('UNAVAILABLE', 'the database is restarting; retry later', undefined, { 'retry-after': String(db.retryAfterSeconds) });
      }
      const principal = match.route.auth ? await authorize(app, req) : (undefined as unknown as Principal);
      await match.route.handler({ req, res, url, params: match.params, app, principal });
    };
    run()
      .catch((err: unknown) => sendError(res, toHttpError(err, app, req)))
      .finally(() => {
        const labels = { route, method: req.method ?? '', status: String(res.statusCode) };
        app.metrics.requests.inc(labels);
        app.metrics.duration.observe({ route }, (performance.now() - started) / 1000);
      });
  };
}
