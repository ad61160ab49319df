import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../src-shared/sync-wire.js';
import { request } from '../src-server/testing/http-client.js';
import type { RemoteConfig } from '../src-worker/config/remote-schema.js';
import { startEngine, type RunningEngine } from '../src-worker/start-engine.js';
import { openReadableDb } from '../src-worker/store/database.js';
import { CLI, assertBuilt, runCli } from '../src-worker/testing/cli-process.js';
import { SyncServer } from './testing/sync-server.js';
import { createExportService } from '../src-worker/export/create.js';
import { ExportService } from '../src-worker/export/export-service.js';
import { readOutboundLog } from '../src-worker/export/export-store.js';
import { tokenFor } from '../src-worker/export/remote-token.js';
import { ServerSink } from '../src-worker/export/server-sink.js';
import { localContent, writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';

/**
 * The exporter against a real `devlog serve` (a child process) on a real PostgreSQL, over
 * loopback: routing decides who gets what, a late remote backfills, and a server that goes away
 * mid-export and comes back ends with exactly the local sessions and messages.
 */

let server: SyncServer;
let dir: string;
const userToken = (name: string) => server.userToken(name);

/** Every session and message id the server holds for a user, from its changes feed. */
async function serverContent(url: string, token: string): Promise<{ sessions: string[]; messages: string[] }> {
  const sessions: string[] = [];
  const messages: string[] = [];
  let since = '0';
  for (;;) {
    const res = await request(url, `/v1/changes?since=${since}&limit=1000`, { token });
    expect(res.status, res.text).toBe(200);
    const page = ChangesPage.parse(res.json);
    for (const c of page.changes) {
      if (c.kind === 'session') sessions.push(c.id);
      if (c.kind === 'message') messages.push(c.id);
    }
    since = page.cursor;
    if (!page.hasMore) break;
  }
  return { sessions: sessions.sort(), messages: messages.sort() };
}

function remote(name: string, url: string, over: Partial<RemoteConfig>): RemoteConfig {
  return { name, url, auto: true, intervalSeconds: 3600, include: [], exclude: [], agents: [], redact: false, pull: false, paused: false, ...over };
}

async function until(what: string, fn: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!fn()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function collected(home: string, workspaces: Record<string, number>, seed: number): Promise<RunningEngine> {
  const root = path.join(dir, `claude-${seed}`);
  writeClaudeSessions(root, workspaces, seed);
  const running = startEngine({ home, mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
  await running.historyDone;
  return running;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-server-'));
  server = await SyncServer.start();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('export to a real devlog server', () => {
  it('sends each remote exactly the sessions its rules match, and a remote added later backfills all matching ones', async () => {
    const running = await collected(path.join(dir, 'home-routing'), { '/home/ada/work/api': 5, '/home/ada/work/web': 4, '/home/ada/personal/blog': 3 }, 21);
    const tokens = { work: await userToken('work'), personal: await userToken('personal'), archive: await userToken('archive') };
    Object.assign(process.env, { DEVLOG_TEST_WORK: tokens.work, DEVLOG_TEST_PERSONAL: tokens.personal, DEVLOG_TEST_ARCHIVE: tokens.archive });
    try {
      const exporter = running.engine.register(createExportService(running.engine, {})).start();
      const url = server.url;
      running.engine.updateConfig((c) => ({
        ...c,
        remotes: [
          remote('team', url, { include: ['/home/ada/work'], exclude: ['/home/ada/work/web'], token: '${DEVLOG_TEST_WORK}' }),
          remote('private', url, { include: ['/home/ada/personal/**'], agents: ['claude-code'], token: '${DEVLOG_TEST_PERSONAL}' }),
        ],
      }));
      const synced = (name: string) => exporter.statuses().find((r) => r.name === name)?.state === 'synced';
      await until('both remotes synced', () => synced('team') && synced('private'));
      const db = running.engine.db;
      expect(await serverContent(url, tokens.work)).toEqual(localContent(db, '/home/ada/work/api'));
      expect(await serverContent(url, tokens.personal)).toEqual(localContent(db, '/home/ada/personal/blog'));
      expect(localContent(db, '/home/ada/work/api').sessions).toHaveLength(5);

      // Added after everything was collected (and the others exported): it starts at 0.
      running.engine.updateConfig((c) => ({ ...c, remotes: [...c.remotes, remote('archive', url, { token: '${DEVLOG_TEST_ARCHIVE}' })] }));
      await until('the late remote synced', () => synced('archive'));
      const all = localContent(db);
      expect(all.sessions).toHaveLength(12);
      expect(await serverContent(url, tokens.archive)).toEqual(all);
      const log = readOutboundLog(db);
      expect(new Set(log.map((e) => e.remote))).toEqual(new Set(['team', 'private', 'archive']));

      // What `remote test` asks: who the token is, and a refused token as an auth error.
      const signal = new AbortController().signal;
      expect(await new ServerSink({ url, token: async () => tokens.work }).check(signal)).toEqual({ authenticatedAs: 'work' });
      await expect(new ServerSink({ url, token: async () => 'not-a-token' }).check(signal)).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('401') });
      expect(log.filter((e) => e.remote === 'archive').reduce((a, e) => a + e.sessions, 0)).toBe(12);
    } finally {
      running.stop();
    }
  });

  it('ends with exactly the local sessions and messages after the server stopped mid-export and came back', async () => {
    const running = await collected(path.join(dir, 'home-restart'), { '/home/ada/work/big': 200 }, 22);
    const token = await userToken('restart');
    process.env.DEVLOG_TEST_RESTART = token;
    try {
      const exporter = running.engine.register(
        new ExportService(running.engine, {
          sinkFor: (r) => new ServerSink({ url: r.url, token: () => tokenFor(r, undefined), timeoutMs: 5_000 }),
          redact: undefined,
          backoff: { baseMs: 100, maxMs: 500, jitter: 0.5 },
          limits: { maxRecords: 40, maxBytes: 1024 * 1024 },
          debounceMs: 50,
        }),
      ).start();
      running.engine.updateConfig((c) => ({ ...c, remotes: [remote('team', server.url, { token: '${DEVLOG_TEST_RESTART}' })] }));
      const db = running.engine.db;
      await until('the first acknowledged batch', () => readOutboundLog(db, { remote: 'team' }).length >= 1, 60_000);
      await server.stop();
      const status = () => exporter.statuses().find((r) => r.name === 'team')!;
      await until('the exporter noticed', () => status().state === 'offline');
      expect(status().backlog).toBeGreaterThan(0);
      expect(status().lastError).toMatch(/cannot reach|did not answer|answered 5\d\d/);

      await server.resume();
      await until('synced after the restart', () => status().state === 'synced', 90_000);
      expect(await serverContent(server.url, token)).toEqual(localContent(db));
      expect(localContent(db).sessions).toHaveLength(200);
    } finally {
      running.stop();
    }
  });

  it('backfills a remote added after 1,200 sessions were collected, and ends with exactly the local sessions and messages after `devlog export` was killed with SIGKILL mid-export and run again', async () => {
    assertBuilt();
    const home = path.join(dir, 'home-kill');
    const running = await collected(home, { '/home/ada/work/a': 600, '/home/ada/work/b': 600 }, 23);
    running.stop();
    const token = await userToken('killed');
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ version: 1, remotes: [{ name: 'team', url: server.url, token: '${DEVLOG_TEST_KILL}', redact: false }] }),
    );
    const childEnv = { DEVLOG_HOME: home, DEVLOG_TEST_KILL: token };
    const child = spawn(process.execPath, [CLI, 'export'], { env: { ...process.env, ...childEnv }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const db = openReadableDb(path.join(home, 'devlog.db'));
    try {
      const logged = () => {
        try {
          return readOutboundLog(db, { remote: 'team' }).length;
        } catch {
          return 0; // the child is still migrating the store
        }
      };
      await until('the first acknowledged batch', () => logged() >= 1 || child.exitCode !== null, 120_000);
      child.kill('SIGKILL');
      await exited;
      const local = localContent(db);
      expect(local.sessions).toHaveLength(1200);
      // Killed mid-export: the server has part of it.
      expect((await serverContent(server.url, token)).sessions.length).toBeLessThan(local.sessions.length);

      const again = await runCli(['export'], childEnv);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/team\s+server\s+synced\s+0/);
      expect(await serverContent(server.url, token)).toEqual(local);
      const status = await runCli(['export', '--status', '--json'], childEnv);
      expect(JSON.parse(status.stdout).remotes).toEqual([expect.objectContaining({ name: 'team', state: 'synced', backlog: 0, lastError: null })]);
      const log = JSON.parse((await runCli(['export', '--log', '--json'], childEnv)).stdout);
      expect(log.entries.length).toBeGreaterThanOrEqual(2);
      expect(log.entries.every((e: { remote: string }) => e.remote === 'team')).toBe(true);
    } finally {
      db.close();
    }
  }, 240_000);
});
