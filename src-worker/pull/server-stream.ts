import { createParser } from 'eventsource-parser';
import { REMOTE_BACKOFF, backoffDelay, type BackoffOptions } from '../../src-shared/backoff.js';
import type { Disposable } from '../../src-shared/lifecycle.js';
import { ExportError } from '../export/sink.js';

export interface StreamOptions {
  /** The server's base URL. */
  url: string;
  token: () => Promise<string | undefined>;
  /** This machine: the server does not announce its own changes back to it. */
  machineId: string;
  backoff?: BackoffOptions;
}

/**
 * Follows a devlog server's event stream (GET /v1/stream, server-sent events) and calls
 * `changed` on every `change` (and on `ready` and `resync`: whatever happened while we were not
 * listening is then pulled from the cursor, so nothing is missed across a reconnect). A stream
 * that ends or fails reconnects with the shared backoff; a refused or revoked token stops it
 * and is reported through `failed`.
 */
export function watchServerStream(options: StreamOptions, changed: () => void, failed: (error: Error) => void, live: (on: boolean) => void = () => undefined): Disposable {
  const base = options.url.replace(/\/+$/, '');
  const backoff = options.backoff ?? REMOTE_BACKOFF;
  const stop = new AbortController();
  let attempt = 0;

  const connectOnce = async (): Promise<'retry' | 'stop'> => {
    const token = await options.token();
    if (!token) throw new ExportError('no token for this remote: set one with `devlog remote edit NAME --token-stdin` or --token-env', 'auth');
    const res = await fetch(`${base}/v1/stream?${new URLSearchParams({ machine: options.machineId })}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: stop.signal,
      redirect: 'error',
    });
    if (res.status === 401 || res.status === 403) throw new ExportError(`the server refused the token for its event stream: ${res.status}`, 'auth');
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return 'retry';
    }
    let revoked = false;
    const parser = createParser({
      onEvent: (event) => {
        if (event.event === 'ready') {
          attempt = 0; // connected: the next drop starts the backoff over
          live(true);
        }
        if (event.event === 'revoked') revoked = true;
        else if (event.event === 'ready' || event.event === 'change' || event.event === 'resync') changed();
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (revoked) throw new ExportError('the server revoked this token', 'auth');
    }
    return 'retry';
  };

  void (async () => {
    while (!stop.signal.aborted) {
      try {
        if ((await connectOnce()) === 'stop') return;
      } catch (err) {
        if (stop.signal.aborted) return;
        if (err instanceof ExportError && err.kind === 'auth') return failed(err);
        // Unreachable or cut off: try again after the backoff.
      }
      if (stop.signal.aborted) return;
      live(false);
      const delay = backoffDelay(attempt++, backoff);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref?.();
        stop.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  })();

  return { dispose: () => stop.abort() };
}
