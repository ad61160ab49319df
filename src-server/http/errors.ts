import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { SyncErrorBody, SyncErrorCode } from '../../src-shared/sync-wire.js';

const STATUS_CODES: Record<SyncErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An error with a status and a message that is safe to show the client. */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = STATUS_CODES[code];
  }

  toBody(): SyncErrorBody {
    return { error: this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field } };
  }
}

export const badRequest = (message: string, field?: string) => new HttpError('BAD_REQUEST', message, field);
export const notFound = (message = 'not found') => new HttpError('NOT_FOUND', message);
export const forbidden = (message: string) => new HttpError('FORBIDDEN', message);

/** Renders a zod path the way a client writes it: records[3].tokens.input */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The first issue of a failed validation, as one 400 that names the field at fault. */
export function fromZodError(error: z.ZodError, where: 'body' | 'query'): HttpError {
  const issue = error.issues[0];
  if (!issue) return badRequest(`invalid ${where}`);
  let field = formatPath(issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    field = field === '' ? key : `${field}.${key}`;
    message = `unknown field`;
  }
  const extra = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const label = field === '' ? where : `${where === 'query' ? 'query parameter ' : ''}${field}`;
  return badRequest(`${label}: ${message}${extra}`, field === '' ? undefined : field);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.status, err.toBody(), err.headers);
}
