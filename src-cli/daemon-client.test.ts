import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

// A daemon.json pointing at a port that accepts connections but never answers: a hung engine.
describe('devlog status with an engine that does not answer', () => {
  const tempHome = useTempHome('devlog-daemon-');
  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  function homeFor(port: number): string {
    const home = tempHome();
    fs.writeFileSync(path.join(home, 'daemon.json'), JSON.stringify({ pid: 424242, port, url: `http://127.0.0.1:${port}/`, startedAt: new Date().toISOString() }));
    fs.writeFileSync(path.join(home, 'headless-token'), 'x'.repeat(43) + '\n');
    return home;
  }

  async function listen(server: net.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  async function expectNotAnswering(port: number): Promise<void> {
    const out = await runCli(['status'], { DEVLOG_HOME: homeFor(port) });
    expect(out.stderr).toBe(`devlog: engine not answering (pid 424242, port ${port}); showing what the store holds\n`);
    expect(out.stdout).toContain(`engine   not answering (pid 424242, port ${port})`);
    expect(out.code).toBe(1);
  }

  it('one that accepts the connection and never answers the upgrade', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    servers.push({ close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
    await expectNotAnswering(await listen(server));
  });

  it('one that opens the WebSocket and never answers the call', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((resolve) => wss.once('listening', resolve));
    await expectNotAnswering((wss.address() as net.AddressInfo).port);
  });
});
