import crypto from 'node:crypto';
import http from 'node:http';

/** Requests straight at the headless server, with exactly the headers a test chooses. */
export interface ProbeOptions {
  port: number;
  path?: string;
  headers?: Record<string, string>;
}

export function httpGet({ port, path = '/', headers = {} }: ProbeOptions): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Attempts a WebSocket upgrade. Resolves with 101 when the server switched protocols, else
 * with the HTTP status it answered instead.
 */
export function wsUpgrade({ port, path = '/rpc', headers = {} }: ProbeOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`upgrade of ${path} timed out`)));
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 101);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
