import http from 'node:http';
import zlib from 'node:zlib';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  method?: string;
  token?: string;
  /** A value is sent as JSON; a Buffer or string as is. */
  body?: unknown;
  gzip?: boolean;
  headers?: Record<string, string>;
  /** Send the body chunked, without a Content-Length. */
  chunked?: boolean;
  /** The client's source address (any of 127.0.0.0/8 on Linux): to act as another client. */
  localAddress?: string;
}

/**
 * A plain HTTP request that never throws on a status. It resolves as soon as the response is
 * complete, even when the server answered early and cut the upload (413 on a huge body).
 */
export function request(baseUrl: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const url = new URL(path, baseUrl);
  let payload: Buffer | undefined;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) {
    payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    headers['content-type'] ??= 'application/json';
    if (opts.gzip) {
      payload = zlib.gzipSync(payload);
      headers['content-encoding'] = 'gzip';
    }
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.chunked) headers['transfer-encoding'] = 'chunked';
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? (payload ? 'POST' : 'GET'), headers, agent: false, localAddress: opts.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!req.writableFinished && (err as NodeJS.ErrnoException).code === 'EPIPE') return; // the response still arrives
      reject(err);
    });
    if (opts.chunked && payload) {
      for (let i = 0; i < payload.length; i += 16_384) req.write(payload.subarray(i, i + 16_384));
      req.end();
    } else req.end(payload);
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>;
  close(): void;
}

/** Connects to /v1/stream and collects its events. */
export function openStream(baseUrl: string, path: string, token: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, baseUrl), { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : undefined });
        }
        waiters.forEach((w) => w());
      });
      res.on('error', () => undefined);
      const ended = new Promise<void>((done) => res.once('close', () => done()));
      resolve({
        ended,
        status: res.statusCode ?? 0,
        events,
        waitFor(pred, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const found = events.find(pred);
              if (!found) return false;
              waiters.delete(check);
              clearTimeout(timer);
              ok(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
