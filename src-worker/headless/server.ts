import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { DevlogEvents, DevlogMethods } from '../../src-shared/contract/index.js';
import type { RpcServer } from '../../src-shared/rpc/server.js';
import { fromWebSocket } from '../../src-shared/rpc/transports/websocket.js';
import { checkRequest, tokenCookieName, urlHost } from './guard.js';
import { parseRequestTarget, sameOriginLocation } from './request-target.js';
import { findRendererDir, serveStatic } from './static-files.js';

export interface HeadlessServerOptions {
  rpc: RpcServer<DevlogMethods, DevlogEvents>;
  token: string;
  port: number;
  host?: string;
  rendererDir?: string;
  /** Answers GET /api/status for scripts and health checks. */
  status: () => unknown;
}

export interface HeadlessServer {
  url: string;
  /** The URL with the token, to print once for the user. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Path of the RPC WebSocket; the renderer connects to it with its cookie. */
export const RPC_PATH = '/rpc';

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' } as const;

/**
 * The headless UI: the built renderer over HTTP and the engine's RPC over a WebSocket, on
 * loopback only, behind the per-install token with Host and Origin checks.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = options.host ?? '127.0.0.1';
  const rendererDir = options.rendererDir ?? findRendererDir();
  let port = options.port;

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = parseRequestTarget(req.url);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('devlog: malformed request target\n');
      return;
    }
    const verdict = checkRequest(req, url, port, options.token, host);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`devlog: ${verdict.reason}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (verdict.viaQuery) {
      // Trade the token in the address bar for an HttpOnly cookie, then drop it from the URL.
      url.searchParams.delete('token');
      res.writeHead(302, {
        'set-cookie': `${tokenCookieName(options.token, port)}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: sameOriginLocation(url),
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (url.pathname === '/api/status') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(options.status()));
      return;
    }
    serveStatic(res, rendererDir, url.pathname);
  };

  const server = http.createServer((req, res) => {
    // Whatever a request holds, it costs that request a 500, never the engine.
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`devlog: ${(err as Error).message}\n`);
    }
  });
  // A client may reset its connection at any moment; that must never be an unhandled error.
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()));

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error handler from an upgraded socket: without this, a client that
    // resets right after its request crashes the process with ECONNRESET.
    socket.on('error', () => socket.destroy());
    const url = parseRequestTarget(req.url);
    const verdict = !url ? ({ ok: false, status: 400 } as const) : url.pathname === RPC_PATH ? checkRequest(req, url, port, options.token, host) : ({ ok: false, status: 403 } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${STATUS_TEXT[verdict.status]}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = options.rpc.connect(fromWebSocket(ws));
      ws.on('close', () => connection.dispose());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}/`;

  return {
    url,
    openUrl: `${url}?token=${options.token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
