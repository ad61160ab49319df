import type { z } from 'zod';
import { DevlogError, ErrorCodes, type ErrorCode } from '../../src-shared/errors.js';
import {
  LoginPollResult,
  LoginStarted,
  MachineApproved,
  MachineRevoked,
  MachinesList,
  type LoginStart,
} from '../../src-shared/sync-wire.js';

/** A devlog server answers these in milliseconds; a minute is a server that is gone. */
const TIMEOUT_MS = 30_000;
/** Every answer here is small; more is not a devlog server. */
const MAX_BODY_BYTES = 1024 * 1024;

interface Call {
  baseUrl: string;
  path: string;
  method: 'GET' | 'POST';
  token?: string;
  body?: unknown;
  signal?: AbortSignal;
}

const STATUS_CODES: Record<number, ErrorCode> = { 400: ErrorCodes.BadRequest, 401: ErrorCodes.Unauthorized, 403: ErrorCodes.Unauthorized, 404: ErrorCodes.NotFound };

function endpoint(baseUrl: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

/** Why fetch failed, in words. */
function unreachable(err: unknown, origin: string): DevlogError {
  if (err instanceof Error && err.name === 'TimeoutError') return new DevlogError(ErrorCodes.Timeout, `no answer from ${origin} within ${TIMEOUT_MS / 1000} s`);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : cause?.code === 'ENOTFOUND' ? 'unknown host' : (cause?.code ?? cause?.message ?? (err as Error).message);
  return new DevlogError(ErrorCodes.Disconnected, `cannot reach ${origin}: ${why}`);
}

/**
 * One JSON call to a devlog server, its answer checked against the wire schema. Every failure
 * is a DevlogError in words: the server's own message when it sent one. Redirects are refused,
 * so a token goes only to the URL the user gave.
 */
async function call<S extends z.ZodType>(c: Call, schema: S): Promise<z.infer<S>> {
  const url = endpoint(c.baseUrl, c.path);
  const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(c.signal ? [c.signal] : [])];
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: c.method,
      headers: {
        accept: 'application/json',
        ...(c.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(c.token === undefined ? {} : { authorization: `Bearer ${c.token}` }),
      },
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      redirect: 'error',
      signal: AbortSignal.any(signals),
    });
    text = await res.text();
  } catch (err) {
    if (c.signal?.aborted) throw new DevlogError(ErrorCodes.Cancelled, 'stopped');
    throw unreachable(err, url.origin);
  }
  if (text.length > MAX_BODY_BYTES) throw new DevlogError(ErrorCodes.Internal, `${url.origin} answered ${c.method} ${url.pathname} with more than a devlog server sends: is this the right URL?`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const said = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
    const message = typeof said === 'string' ? said.slice(0, 300) : `${res.status} ${res.statusText}`.trim();
    const retry = res.headers.get('retry-after');
    if (res.status === 404 && typeof said !== 'string') {
      throw new DevlogError(ErrorCodes.NotFound, `${url.origin} has no ${url.pathname}: is it a devlog server (a recent one)?`);
    }
    throw new DevlogError(STATUS_CODES[res.status] ?? ErrorCodes.Internal, `the server said: ${message}${res.status === 429 && retry && !/retry in/.test(message) ? ` (retry in ${retry} s)` : ''}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new DevlogError(ErrorCodes.Internal, `${url.origin} answered ${c.method} ${url.pathname}, but not as a devlog server does: is this the right URL?`);
  }
  return parsed.data;
}

/** The calls `devlog login` and `devlog machines` make. */
export const machinesApi = {
  startLogin: (baseUrl: string, body: LoginStart, signal?: AbortSignal) => call({ baseUrl, path: '/v1/login', method: 'POST', body, signal }, LoginStarted),
  pollLogin: (baseUrl: string, pollSecret: string, signal?: AbortSignal) => call({ baseUrl, path: '/v1/login/poll', method: 'POST', body: { pollSecret }, signal }, LoginPollResult),
  /** `machineId`: this machine, marked `current` in the answer. */
  list: (baseUrl: string, token: string, machineId: string, signal?: AbortSignal) =>
    call({ baseUrl, path: `/v1/machines?machine=${encodeURIComponent(machineId)}`, method: 'GET', token, signal }, MachinesList),
  approve: (baseUrl: string, token: string, code: string, signal?: AbortSignal) =>
    call({ baseUrl, path: '/v1/machines/approve', method: 'POST', token, body: { code }, signal }, MachineApproved),
  revoke: (baseUrl: string, token: string, machineId: string, signal?: AbortSignal) =>
    call({ baseUrl, path: `/v1/machines/${encodeURIComponent(machineId)}/revoke`, method: 'POST', token, signal }, MachineRevoked),
};
