import http from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli, startCli, type RunningCli } from '../testing/cli-process.js';
import { useTempHome } from '../testing/temp-home.js';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

function wsOutcome(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('devlog start (headless)', () => {
  const tempHome = useTempHome();

  async function start(): Promise<{ cli: RunningCli; port: number; token: string; home: string }> {
    const home = tempHome();
    const cli = startCli(['start', '--port', '0'], { DEVLOG_HOME: home });
    const m = await cli.waitFor(/Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/);
    return { cli, port: Number(m[1]), token: m[2]!, home };
  }

  it('serves status with the token and refuses requests without it or from a foreign host', async () => {
    const { cli, port, token, home } = await start();
    try {
      expect((await get(port, '/')).status).toBe(401);
      expect((await get(port, '/api/status')).status).toBe(401);
      expect((await get(port, '/?token=wrong-token-wrong-token-wrong-token')).status).toBe(401);
      expect((await get(port, `/?token=${token}`, { host: `evil.example:${port}` })).status).toBe(403);
      expect((await get(port, `/?token=${token}`, { origin: 'http://evil.example' })).status).toBe(403);

      // The token in the URL is traded for a cookie, and the app shell is served with a strict CSP.
      const withToken = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port, path: `/?token=${token}` }, resolve));
      expect(withToken.statusCode).toBe(302);
      const cookie = String(withToken.headers['set-cookie']).split(';')[0]!;
      expect(cookie).toMatch(new RegExp(`^devlog_[0-9a-f]{12}_${port}=`));
      const page = await get(port, '/', { cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');

      const status = await get(port, '/api/status', { authorization: `Bearer ${token}` });
      expect(status.status).toBe(200);
      expect(JSON.parse(status.body)).toMatchObject({ home, state: 'live', schemaVersion: expect.any(Number) });

      const rpc = `ws://127.0.0.1:${port}/rpc`;
      expect(await wsOutcome(rpc, {})).toBe(401);
      expect(await wsOutcome(rpc, { cookie, origin: 'http://evil.example' })).toBe(403);
      expect(await wsOutcome(rpc, { cookie, origin: `http://127.0.0.1:${port}` })).toBe('open');
    } finally {
      await cli.stop();
    }
  });

  it('refuses a second engine on the same DEVLOG_HOME with a clear message and a non-zero exit', async () => {
    const { cli, home } = await start();
    try {
      const second = await runCli(['start', '--port', '0'], { DEVLOG_HOME: home });
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/another devlog engine is already running on this data folder/);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await cli.stop();
    }
  });

  it('status reports the running engine', async () => {
    const { cli, home } = await start();
    try {
      const out = await runCli(['status', '--json'], { DEVLOG_HOME: home });
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ home, state: 'live' });
    } finally {
      await cli.stop();
    }
  });
});
