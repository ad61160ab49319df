import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevlogEvents, DevlogMethods } from '../../src-shared/contract/index.js';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { ErrorCodes } from '../../src-shared/errors.js';
import { RpcClient } from '../../src-shared/rpc/client.js';
import { createInProcessPair } from '../../src-shared/rpc/transports/in-process.js';
import { writeClaudeSessions } from '../export/testing/local-sessions.js';
import { loadConfig } from '../config/load.js';
import { MemorySecretStore } from '../secrets/secret-store.js';
import { startEngine, type RunningEngine } from '../start-engine.js';

/**
 * The wizard's engine side over real RPC on a real engine that collected real Claude Code files:
 * which agents are here with their session counts, turning one off (config.json), the live
 * routing preview, and Test connection of a remote not saved yet (a loopback server, a folder).
 */
let dir: string;
let running: RunningEngine;
let client: RpcClient<DevlogMethods, DevlogEvents>;
let server: http.Server;
let serverUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-onboarding-'));
  const claude = path.join(dir, 'claude');
  writeClaudeSessions(claude, { '/home/ada/work/api': 3, '/home/ada/work/web': 2, '/home/ada/play': 1 });
  running = startEngine({
    home: path.join(dir, 'home'),
    mode: 'once',
    rootOverrides: new Map([
      ['claude-code', [claude]],
      ['codex', [path.join(dir, 'no-codex-here')]],
    ]),
    secrets: new MemorySecretStore(),
  });
  await running.historyDone;
  const [a, b] = createInProcessPair();
  running.rpc.connect(a);
  client = new RpcClient<DevlogMethods, DevlogEvents>(b);
  // A devlog server's /v1/me: one token is good.
  server = http.createServer((req, res) => {
    const ok = req.headers.authorization === 'Bearer dlg_right';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { user: 'ada' } : { error: { code: 'unauthorized', message: 'invalid token' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

/** A loopback port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

afterAll(async () => {
  client?.dispose();
  running?.stop();
  await new Promise((r) => server?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('onboarding RPC', () => {
  it('remembers in the store that the wizard was finished, keeping the first time', async () => {
    expect(await client.call('onboarding.state')).toEqual({ completedAt: null });
    const { completedAt } = await client.call('onboarding.complete');
    expect(Date.parse(completedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await client.call('onboarding.state')).toEqual({ completedAt });
    expect(await client.call('onboarding.complete')).toEqual({ completedAt });
  });

  it('lists every agent: found here or not, collected or not, with its sessions', async () => {
    const { sources } = await client.call('sources.detected');
    expect(sources.map((s) => s.agent)).toEqual([...AGENT_IDS]);
    expect(sources.find((s) => s.agent === 'claude-code')).toMatchObject({ detected: true, enabled: true, sessions: 6, roots: [path.join(dir, 'claude')] });
    expect(sources.find((s) => s.agent === 'codex')).toMatchObject({ detected: false, enabled: true, sessions: 0 });
  });

  it('turns an agent off and on again in config.json, and refuses an unknown agent naming the field', async () => {
    const off = await client.call('sources.setEnabled', { agent: 'codex', enabled: false });
    expect(off.sources.find((s) => s.agent === 'codex')?.enabled).toBe(false);
    expect(loadConfig(running.engine.paths.config).sources.codex?.enabled).toBe(false);
    await client.call('sources.setEnabled', { agent: 'codex', enabled: true });
    expect(loadConfig(running.engine.paths.config).sources.codex?.enabled).toBe(true);
    await expect(client.call('sources.setEnabled', { agent: 'vim' as never, enabled: true })).rejects.toMatchObject({ code: ErrorCodes.BadRequest, detail: 'agent' });
  });

  it('previews which workspaces and how many sessions routing rules would send', async () => {
    expect(await client.call('remotes.preview', {})).toMatchObject({ matchingSessions: 6 });
    expect(await client.call('remotes.preview', { include: ['/home/ada/work/**'], exclude: ['/home/ada/work/web'] })).toEqual({
      matchingSessions: 3,
      workspaces: [{ workspace: '/home/ada/work/api', sessions: 3 }],
    });
    expect((await client.call('remotes.preview', { agents: ['codex'] })).matchingSessions).toBe(0);
    await expect(client.call('remotes.preview', { include: [''] })).rejects.toMatchObject({ code: ErrorCodes.BadRequest, detail: 'include.0' });
  });

  it('tests a server remote before it is saved: who the token is, a refused one in words without a status code', async () => {
    expect(await client.call('remotes.check', { url: serverUrl, tokenValue: 'dlg_right' })).toEqual({ reachable: true, authenticatedAs: 'ada', problem: null });
    const wrong = await client.call('remotes.check', { url: serverUrl, tokenValue: 'dlg_wrong' });
    expect(wrong).toMatchObject({ reachable: true, authenticatedAs: null });
    expect(wrong.problem).toMatch(/^The server refused this token: it is wrong, expired or revoked\./);
    expect(wrong.problem).not.toMatch(/401/);
    const closed = await closedPort();
    const down = await client.call('remotes.check', { url: `http://127.0.0.1:${closed}`, tokenValue: 'dlg_right' });
    expect(down).toMatchObject({ reachable: false, problem: `cannot reach http://127.0.0.1:${closed}: connection refused` });
    // Nothing was saved by any of it.
    expect((await client.call('remotes.list')).remotes).toEqual([]);
  });

  it('tests a folder remote before it is saved: writable, or missing in words', async () => {
    const folder = path.join(dir, 'nas');
    fs.mkdirSync(folder);
    expect(await client.call('remotes.check', { url: pathToFileURL(folder).href, passphraseValue: 'correct horse' })).toEqual({ reachable: true, authenticatedAs: null, problem: null });
    const missing = await client.call('remotes.check', { url: pathToFileURL(path.join(dir, 'unmounted')).href });
    expect(missing.reachable).toBe(false);
    expect(missing.problem).toMatch(/unmounted/);
    await expect(client.call('remotes.check', { url: pathToFileURL(folder).href, tokenValue: 'x' })).rejects.toMatchObject({ code: ErrorCodes.BadRequest, detail: 'tokenValue' });
  });
});
