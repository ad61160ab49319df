import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestOk, startFakeRemote } from '../src-worker/export/testing/fake-remote.js';
import { writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { startIsolatedEngine, type IsolatedEngine } from '../src-worker/testing/isolated-engine.js';

/** `devlog export` asks a running `devlog start` (real child process, real RPC), which does the export. */
describe('devlog export through the running engine', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('exports now, then shows the remote synced and the batch in the outbound log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-cli-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const remote = await startFakeRemote((req) => ingestOk(req));
    cleanup.push(() => remote.close());
    const ids = writeClaudeSessions(path.join(dir, 'roots', 'claude-code'), { '/home/ada/work/app': 3, '/home/ada/personal': 2 }, 5);
    const home = path.join(dir, 'devlog-home');
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ version: 1, remotes: [{ name: 'team', url: remote.url, include: ['/home/ada/work'], token: '${DEVLOG_TEST_CLI_TOKEN}' }] }),
    );
    const env = { DEVLOG_HOME: home, DEVLOG_TEST_CLI_TOKEN: 'cli-token' };
    process.env.DEVLOG_TEST_CLI_TOKEN = 'cli-token'; // the engine child inherits it
    const engine: IsolatedEngine = await startIsolatedEngine(dir);
    cleanup.push(() => engine.cli.stop());
    // Not auto: nothing leaves until asked.
    let status = JSON.parse((await runCli(['export', '--status', '--json'], env)).stdout);
    for (let i = 0; i < 400 && status.remotes[0].backlog < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = JSON.parse((await runCli(['export', '--status', '--json'], env)).stdout);
    }
    expect(status.remotes).toEqual([expect.objectContaining({ name: 'team', kind: 'server', state: 'pending', backlog: 3 })]);
    expect(remote.requests).toEqual([]);

    const now = await runCli(['export'], env);
    expect(now.code, now.stderr).toBe(0);
    expect(now.stdout).toMatch(/team\s+server\s+synced\s+0/);
    const sent = new Set(remote.requests.flatMap((r) => (r.batch?.records ?? []).filter((x) => x.kind === 'session').map((x) => x.id)));
    expect([...sent].sort()).toEqual(ids.slice(0, 3).sort());
    expect(remote.requests.every((r) => r.authorization === 'Bearer cli-token')).toBe(true);

    const log = JSON.parse((await runCli(['export', '--log', '--json', '--remote', 'team'], env)).stdout);
    expect(log.entries).toHaveLength(remote.requests.length);
    expect(log.entries[0]).toMatchObject({ remote: 'team', sessions: 3 });
    const text = await runCli(['export', '--log'], env);
    expect(text.stdout).toMatch(/WHEN\s+REMOTE\s+SESSIONS\s+RECORDS\s+BYTES\s+REDACTED/);
    const unknown = await runCli(['export', '--remote', 'nope'], env);
    expect(unknown).toMatchObject({ code: 2, stderr: 'devlog: no remote named "nope" (see devlog remote list)\n' });
  });

  it('shows a failing remote as offline with the error in words, and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-cli-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const remote = await startFakeRemote(() => ({ status: 503, headers: { 'retry-after': '120' }, body: '{"error":{"code":"UNAVAILABLE","message":"the database is restarting; retry later"}}' }));
    cleanup.push(() => remote.close());
    writeClaudeSessions(path.join(dir, 'roots', 'claude-code'), { '/home/ada/work/app': 2 }, 6);
    const home = path.join(dir, 'devlog-home');
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, remotes: [{ name: 'down', url: remote.url, token: '${DEVLOG_TEST_CLI_TOKEN}' }] }));
    const env = { DEVLOG_HOME: home, DEVLOG_TEST_CLI_TOKEN: 'cli-token' };
    process.env.DEVLOG_TEST_CLI_TOKEN = 'cli-token';
    const engine = await startIsolatedEngine(dir);
    cleanup.push(() => engine.cli.stop());
    // Until the history scan has the two sessions, an export finds nothing to send.
    let now = await runCli(['export'], env);
    for (let i = 0; i < 200 && remote.requests.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = await runCli(['export'], env);
    }
    expect(now.code).toBe(1);
    expect(now.stdout).toMatch(/down\s+server\s+offline\s+2/);
    const status = JSON.parse((await runCli(['export', '--status', '--json'], env)).stdout);
    expect(status.remotes[0]).toMatchObject({ name: 'down', state: 'offline', backlog: 2, lastError: expect.stringContaining('503 (the database is restarting; retry later)') });
    // `devlog status` shows the remote, its state and the error in words too.
    const text = (await runCli(['status'], env)).stdout;
    expect(text).toMatch(/^remotes\n {2}down\s+server offline, backlog 2, last success —/m);
    expect(text).toMatch(/^ {6}error: .*503 \(the database is restarting; retry later\)/m);
    // Not auto: a manual remote is not retried on its own, and nothing was logged as sent.
    expect(JSON.parse((await runCli(['export', '--log', '--json'], env)).stdout).entries).toEqual([]);
  });
});
