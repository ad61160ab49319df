import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process.js';
import { startIsolatedEngine, type IsolatedEngine } from '../testing/isolated-engine.js';
import { httpGet, rawExchange, statusOf } from '../testing/raw-http.js';
import { useTempHome } from '../testing/temp-home.js';
import { tokenCookieName } from './guard.js';

// What another local user or a page on another 127.0.0.1 port can send to `devlog start`.
// Every case ends by checking the engine still answers: before these fixes each one killed it.
describe('devlog start against hostile local clients', () => {
  const tempDir = useTempHome('devlog-hostile-');
  let engine: IsolatedEngine;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-hostile-engine-'));
    engine = await startIsolatedEngine(dir);
  });
  afterAll(async () => {
    await engine?.cli.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const host = () => `127.0.0.1:${engine.port}`;
  const upgrade = (extra: string) =>
    `GET /rpc HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

  async function expectAlive(): Promise<void> {
    expect(engine.cli.child.exitCode, engine.cli.output()).toBeNull();
    const status = await httpGet(engine.port, '/api/status', { authorization: `Bearer ${engine.token}` });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ home: engine.home });
  }

  it('a malformed token cookie is refused with 401, over HTTP and on the WebSocket upgrade', async () => {
    for (const cookie of ['devlog_token=%', `${tokenCookieName(engine.token, engine.port)}=%E0%A4%A`, '=%;;=;a=%zz']) {
      expect(statusOf(await rawExchange(engine.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nCookie: ${cookie}\r\n\r\n`))).toBe(401);
      expect(statusOf(await rawExchange(engine.port, upgrade(`Cookie: ${cookie}\r\n`)))).toBe(401);
    }
    await expectAlive();
  });

  it('a malformed request target is a 400', async () => {
    for (const target of ['http://[', 'http://a:b:c/', '*', 'http://[::1/x']) {
      const answer = await rawExchange(engine.port, `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), target).toBe(400);
    }
    expect(statusOf(await rawExchange(engine.port, `GET http://[ HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`))).toBe(400);
    await expectAlive();
  });

  it('WebSocket upgrades reset by the client right after the request do not take the engine down', async () => {
    for (let i = 0; i < 30; i++) await rawExchange(engine.port, upgrade(''), { reset: true });
    for (let i = 0; i < 10; i++) await rawExchange(engine.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`, { reset: true });
    await expectAlive();
  });

  it('a malformed percent-encoded path is a 400, also with the token', async () => {
    const answer = await httpGet(engine.port, '/%E0%A4%A', { authorization: `Bearer ${engine.token}` });
    expect(answer.status).toBe(400);
    expect((await httpGet(engine.port, '/assets/%ff.js', { authorization: `Bearer ${engine.token}` })).status).toBe(400);
    await expectAlive();
  });

  it('the token cookie is named for this install and port, and a planted cookie does not lock the user out', async () => {
    const traded = await httpGet(engine.port, `/?token=${engine.token}`);
    expect(traded.status).toBe(302);
    const cookie = String(traded.headers['set-cookie']).split(';')[0]!;
    const name = tokenCookieName(engine.token, engine.port);
    expect(name).toMatch(new RegExp(`^devlog_[0-9a-f]{12}_${engine.port}$`));
    expect(cookie).toBe(`${name}=${engine.token}`);
    // Another local app's `devlog_token`, or a page that planted a wrong value under our name first.
    const planted = `devlog_token=other-app; ${name}=planted-by-another-page; ${cookie}`;
    expect((await httpGet(engine.port, '/api/status', { cookie: planted })).status).toBe(200);
    expect((await httpGet(engine.port, '/api/status', { cookie: `devlog_token=${engine.token}` })).status).toBe(401);
  });

  it('the token redirect stays on this origin', async () => {
    for (const [target, location] of [
      [`/x/..//evil.com?token=${engine.token}`, '/evil.com'],
      [`//evil.com/?token=${engine.token}`, '/evil.com/'],
      [`/\\evil.com?token=${engine.token}`, '/evil.com'],
      [`/sessions?a=1&token=${engine.token}`, '/sessions?a=1'],
    ] as const) {
      const answer = await rawExchange(engine.port, `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), target).toBe(302);
      expect(/\r\nlocation: ([^\r]*)/i.exec(answer)?.[1], target).toBe(location);
    }
    await expectAlive();
  });

  it('a loopback --host other than 127.0.0.1 is served under its own address, and status finds it', async () => {
    const other = await startIsolatedEngine(tempDir(), ['--host', '127.0.0.2'], '127.0.0.2');
    try {
      const answer = await rawExchange(other.port, `GET /?token=${other.token} HTTP/1.1\r\nHost: 127.0.0.2:${other.port}\r\nConnection: close\r\n\r\n`, { host: '127.0.0.2' });
      expect(statusOf(answer)).toBe(302);
      const status = await runCli(['status', '--json'], { DEVLOG_HOME: other.home });
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, home: other.home });
    } finally {
      await other.cli.stop();
    }
  });

  it('--host refuses anything but loopback, in one line, before anything starts', async () => {
    const home = path.join(tempDir(), 'home');
    for (const bad of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      const out = await runCli(['start', '--host', bad, '--port', '0'], { DEVLOG_HOME: home });
      expect(out.code, bad).toBe(2);
      expect(out.stderr.trim().split('\n'), bad).toEqual([`devlog: --host ${bad}: only a loopback address is allowed (127.0.0.1, ::1 or localhost)`]);
      expect(out.stdout).toBe('');
    }
    expect(fs.existsSync(home)).toBe(false);
  });
});
