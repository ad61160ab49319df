import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { parseRetryAfter } from '../../src-shared/backoff.js';
import { IngestResult, type IngestBatch } from '../../src-shared/sync-wire.js';
import { ExportError, type ExportSink } from './sink.js';

const gzip = promisify(zlib.gzip);

export interface ServerSinkOptions {
  /** The remote's base URL (`https://devlog.example.com`, a path prefix is kept). */
  url: string;
  /** The bearer token (from the SecretStore or an ${ENV} reference), asked for on every request. */
  token: () => Promise<string | undefined>;
  /** A remote that does not answer within this long is given up on for this attempt. */
  timeoutMs?: number;
}

export const DEFAULT_SERVER_TIMEOUT_MS = 60_000;

/** A devlog server remote: POST /v1/ingest, gzip, bearer token; only a valid IngestResult is an acknowledgement. */
export class ServerSink implements ExportSink {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ServerSinkOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  }

  async send(batch: IngestBatch, signal: AbortSignal): Promise<{ bytes: number }> {
    const body = await gzip(Buffer.from(JSON.stringify(batch)));
    const res = await this.request('/v1/ingest', signal, { method: 'POST', body, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    const answer = await this.readJson(res);
    const parsed = IngestResult.safeParse(answer);
    if (!parsed.success) throw new ExportError(`the server's answer is not an ingest result (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message})`, 'garbage');
    if (parsed.data.received !== batch.records.length) {
      throw new ExportError(`the server acknowledged ${parsed.data.received} of ${batch.records.length} records`, 'garbage');
    }
    return { bytes: body.length };
  }

  async check(signal: AbortSignal): Promise<{ authenticatedAs: string | null }> {
    const res = await this.request('/v1/me', signal, { method: 'GET' });
    const answer = (await this.readJson(res)) as { user?: unknown };
    if (typeof answer?.user !== 'string') throw new ExportError('the server did not say who the token belongs to', 'garbage');
    return { authenticatedAs: answer.user };
  }

  /** GET a JSON answer with the remote's token (the puller reads the changes feed with it); errors as ExportErrors. */
  async getJson(path: string, signal: AbortSignal): Promise<unknown> {
    return this.readJson(await this.request(path, signal, { method: 'GET' }));
  }

  private async request(path: string, signal: AbortSignal, init: { method: string; body?: Buffer; headers?: Record<string, string> }): Promise<Response> {
    const token = await this.options.token();
    if (!token) throw new ExportError('no token for this remote: set one with `devlog remote edit NAME --token-stdin` or --token-env', 'auth');
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method: init.method,
        ...(init.body ? { body: init.body } : {}),
        headers: { ...init.headers, authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.any([signal, timeout]),
        redirect: 'error',
      });
    } catch (err) {
      if (signal.aborted) throw new ExportError('export stopped', 'local');
      if (timeout.aborted) throw new ExportError(`the server did not answer within ${Math.round(this.timeoutMs / 1000)} s`, 'timeout');
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ExportError(`cannot reach ${this.base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 'offline');
    }
    if (res.ok) return res;
    const detail = await this.errorText(res);
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    if (res.status === 401 || res.status === 403) {
      throw new ExportError(`the server refused the token: ${res.status} ${detail}`, 'auth');
    }
    if (res.status === 429 || res.status >= 500) {
      throw new ExportError(`the server answered ${res.status} ${detail}`, 'offline', retryAfterMs);
    }
    throw new ExportError(`the server rejected the batch: ${res.status} ${detail}`, 'rejected', retryAfterMs);
  }

  /** The body as JSON, read within the same timeout (a server that stalls mid-body is a timeout). */
  private async readJson(res: Response): Promise<unknown> {
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new ExportError(`the server's answer broke off: ${(err as Error).message}`, 'timeout');
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ExportError(`the server's answer is not JSON: ${JSON.stringify(text.slice(0, 80))}`, 'garbage');
    }
  }

  private async errorText(res: Response): Promise<string> {
    const text = await res.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { error?: { message?: string; code?: string } };
      if (body?.error?.message) return `(${body.error.message})`;
    } catch {
      // not JSON: use the status text
    }
    return res.statusText ? `(${res.statusText.toLowerCase()})` : '';
  }
}
