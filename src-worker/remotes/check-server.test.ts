import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkServer } from './check-server.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.closeAllConnections();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('checkServer', () => {
  it('gives up on a server that never answers, and says so', async () => {
    const url = await serve(() => undefined);
    const result = await checkServer(url, 'tok', 'team', new AbortController().signal, 300);
    expect(result).toEqual({ reachable: false, authenticatedAs: null, problem: `no answer from ${url} within 0.3 s` });
  });

  it('does not read an endless answer: more than 64 KB is not a devlog server', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"user":"${'a'.repeat(200_000)}"}`);
    });
    const result = await checkServer(url, 'tok', 'team', new AbortController().signal);
    expect(result.authenticatedAs).toBeNull();
    expect(result.problem).toMatch(/not as a devlog server does/);
  });

  it('names what a server without a token wants, and other answers by status', async () => {
    let status = 401;
    const url = await serve((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"code":"X","message":"nope"}}'));
    expect((await checkServer(url, undefined, 'team', new AbortController().signal)).problem).toBe(
      'the server wants a token and this remote has none: add one with `devlog remote edit team --token-stdin`',
    );
    status = 503;
    expect(await checkServer(`${url}/base/`, 'tok', 'team', new AbortController().signal)).toEqual({ reachable: true, authenticatedAs: null, problem: 'the server answered 503: nope to GET /v1/me' });
  });
});
